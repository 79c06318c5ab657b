import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, before, beforeEach, describe, it } from "node:test";
import { listFiles, repoDir, tempDir } from "../../../tests/support/project.ts";
import { loadArchiveOrThrow, type Archive } from "../../content/load.ts";
import { ContentError } from "../../content/problems.ts";
import { links } from "../../core/urls.ts";
import { markdownToText } from "../../render/markdown.ts";
import { TextThread } from "../../render/text-thread.ts";
import { writePagefindIndex } from "../pagefind/writer.ts";
import { finishSearchRecord, pendingSearchRecord, type PendingSearchRecord, type SearchRecord } from "./records.ts";
import { pumping, SearchThread, textsOnThread } from "./search-thread.ts";
import { writeSiteSearch, type SearchSplit } from "./site-search.ts";

// Blocks of 4 and small parts: the seed archive's 12 articles make several of each.
const split: SearchSplit = { blockSize: 4, chunksPerPart: 3, pieceBytes: 256 };
/** The site's writer options, for a thread given records directly. */
const options = { numberFragments: true, ...split };

async function files(dir: string): Promise<Map<string, Buffer>> {
  const names = await listFiles(dir);
  return new Map(await Promise.all(names.sort().map(async (name) => [name, await readFile(path.join(dir, name))] as const)));
}

/** A record whose body is in a file that no longer holds it. */
async function recordOfChangedFile(): Promise<PendingSearchRecord> {
  const dir = await tempDir("search-thread-");
  await mkdir(path.join(dir, "content", "2020"), { recursive: true });
  await writeFile(path.join(dir, "content", "2020", "changed.md"), "---\ntitle: 改过\n---\n另一段正文。\n");
  const meta = { title: "改过", date: "2020年1月1日", source: "德州日报", places: "乐陵市", fields: "" };
  const body = { root: dir, shown: "content/2020/changed.md", length: 4, bytes: 12, digest: "not the body's" };
  return { url: "/a/", title: "改过", fields: [], body, note: undefined, meta, filters: { place: [], source: [], tag: [], year: ["2020"] } };
}

describe("the search index written on a thread of its own", () => {
  let archive: Archive;
  before(async () => {
    archive = await loadArchiveOrThrow({ rootDir: repoDir });
  });

  it("is byte for byte the index the main thread writes, with the same state for the build cache, however the records are batched", async () => {
    const here = await tempDir("search-here-");
    const inPlace = await writeSiteSearch(archive, links(), here, { split, reuse: new Map() });
    // Two records a message, one message ahead: the thread waits for the main thread's batches.
    for (const thread of [new SearchThread({ batch: 2, window: 1 }), new SearchThread()]) {
      const there = await tempDir("search-there-");
      assert.equal(thread.seconds, undefined, "a thread that has not run has no time");
      const threaded = await writeSiteSearch(archive, links(), there, { split, reuse: new Map(), thread });
      assert.ok((thread.seconds ?? 0) > 0, "the thread's time, once it has written the index");
      assert.deepEqual(await files(there), await files(here));
      assert.ok(inPlace.state);
      assert.deepEqual(threaded.state, inPlace.state);
      assert.deepEqual([...threaded.files].sort(), [...inPlace.files].sort());
      assert.equal(threaded.indexed, archive.articles.length);
    }
  });

  /** The seed archive's records, and their index written on this thread. */
  const writtenHere = async () => {
    const records = archive.articles.map((article) => pendingSearchRecord(article, links()));
    const here = await tempDir("search-here-");
    await writePagefindIndex(records.map(finishSearchRecord), here, options);
    return { records, here };
  };

  it("following the page walk, takes each record's text from its page, not from the body", async () => {
    const { records, here } = await writtenHere();
    // A body read would fail: the file no longer holds it.
    const unreadable = (await recordOfChangedFile()).body;
    const thread = new SearchThread({ batch: 2, window: 8, followsPages: true });
    const there = await tempDir("search-walk-there-");
    const writing = thread.write(
      records.map((record) => ({ ...record, body: unreadable })),
      there,
      options,
    );
    // Every page rendered before the walk reaches the next: no batch waits for one.
    for (const [i, article] of archive.articles.entries()) thread.hand(i, markdownToText(article.body));
    for (let i = 0; i < archive.articles.length; i++) {
      thread.pageWalked(true);
      thread.pump();
    }
    thread.walkEnded();
    await writing;
    assert.deepEqual(await files(there), await files(here));
  });

  it("with a prelude, is sent batches before the walk reaches the article pages, and follows the walk once it has", async () => {
    const { records, here } = await writtenHere();
    const texts = archive.articles.map((article) => markdownToText(article.body));
    // Two records a message of the prelude, two messages ahead: four records are sent as the write begins.
    const thread = new SearchThread({ batch: 1, window: 2, followsPages: true, prelude: 2 });
    const there = await tempDir("search-prelude-there-");
    const unreadable = (await recordOfChangedFile()).body;
    // The first four records' texts are the thread's to make; the others' bodies cannot be read.
    const writing = thread.write(
      records.map((record, i) => (i < 4 ? record : { ...record, body: unreadable })),
      there,
      options,
    );
    for (const [i, text] of texts.entries()) thread.hand(i, text);
    assert.equal(thread.held, archive.articles.length - 4, "the texts of the records not yet sent");
    // The walk's other pages, then its articles: none is sent a record its page has not passed.
    thread.pageWalked(false);
    thread.pump();
    for (let i = 0; i < archive.articles.length; i++) {
      thread.pageWalked(true);
      thread.pump();
    }
    thread.walkEnded();
    await writing;
    assert.deepEqual(await files(there), await files(here));
  });

  it("following a page walk that does not come, indexes every record all the same, making their texts", { timeout: 60_000 }, async () => {
    const { records, here } = await writtenHere();
    const there = await tempDir("search-nowalk-there-");
    // The thread waits for each batch, so each is sent without the walk.
    await new SearchThread({ batch: 2, window: 1, followsPages: true }).write(records, there, options);
    assert.deepEqual(await files(there), await files(here));
  });

  it("following a walk further ahead than the texts it holds, makes the others' texts itself", async () => {
    const { records, here } = await writtenHere();
    // One record a message, one message ahead, two texts held at most.
    const thread = new SearchThread({ batch: 1, window: 1, held: 2, followsPages: true });
    const there = await tempDir("search-ahead-there-");
    const writing = thread.write(records, there, options);
    let most = 0;
    for (const [i, article] of archive.articles.entries()) {
      thread.pump();
      thread.hand(i, markdownToText(article.body));
      most = Math.max(most, thread.held);
      thread.pageWalked(true);
    }
    thread.walkEnded();
    await writing;
    assert.ok(most <= 2, `${most} texts held`);
    assert.deepEqual(await files(there), await files(here));
  });

  it("fails as the main thread would when an article's file changed while the site was built, naming the file", async () => {
    const thread = new SearchThread();
    await assert.rejects(thread.write([await recordOfChangedFile()], await tempDir("search-failed-"), options), (error: unknown) => {
      assert.ok(error instanceof ContentError, String(error));
      assert.match(error.message, /content\/2020\/changed\.md.*changed while the site was being built — build again/);
      return true;
    });
  });

  it("once it has failed, stops the page walk that pumps it at its next page, with the same error", async () => {
    const thread = new SearchThread({ batch: 1, window: 1 });
    const before = thread.failure;
    assert.equal(before, undefined, "no failure before a write");
    await assert.rejects(thread.write([await recordOfChangedFile()], await tempDir("search-stops-"), options), ContentError);
    let walked = 0;
    assert.throws(() => {
      for (const page of pumping(["/a/", "/b/"], () => thread.pump())) walked += page.length;
    }, /changed while the site was being built/);
    assert.equal(walked, 0, "no page after the failure");
    assert.ok(thread.failure instanceof ContentError);
  });

  it("fails the write, rather than the process, when the main thread cannot make a record it would send", async () => {
    const thread = new SearchThread({ batch: 1, window: 1 });
    const record = await recordOfChangedFile();
    const failing = (function* () {
      yield { ...record, body: "正文。" };
      throw new Error("this record cannot be made");
    })();
    await assert.rejects(thread.write(failing, await tempDir("search-unmade-"), options), /this record cannot be made/);
  });

  it("ends when cancelled, and the write it was doing fails saying so", async () => {
    const thread = new SearchThread({ batch: 1, window: 1 });
    const record = await recordOfChangedFile();
    // Records that never end: only cancelling stops the write.
    const endless = (function* () {
      for (;;) yield { ...record, body: "正文。" };
    })();
    const writing = assert.rejects(thread.write(endless, await tempDir("search-cancelled-"), options), /the search index was cancelled/);
    await thread.cancel();
    await writing;
  });
});

describe("records whose texts are made on a thread of their own", () => {
  let archive: Archive;
  before(async () => {
    archive = await loadArchiveOrThrow({ rootDir: repoDir });
  });

  const all = async (records: AsyncIterable<SearchRecord>) => {
    const out: SearchRecord[] = [];
    for await (const record of records) out.push(record);
    return out;
  };
  // Each test's thread, ended after it.
  let thread: TextThread;
  beforeEach(() => {
    thread = new TextThread();
  });
  afterEach(() => thread.close());

  it("are the records the main thread makes, in their order, however they are batched", async () => {
    const pending = () => archive.articles.map((article) => pendingSearchRecord(article, links()));
    const here = pending().map(finishSearchRecord);
    for (const batching of [{ batch: 2, window: 1 }, { batch: 5, window: 3 }, {}]) assert.deepEqual(await all(textsOnThread(pending(), thread, batching)), here, JSON.stringify(batching));
  });

  it("give the index byte for byte that the main thread writes", async () => {
    const here = await tempDir("search-texts-here-");
    const there = await tempDir("search-texts-there-");
    const inPlace = await writeSiteSearch(archive, links(), here, { split, reuse: new Map() });
    const withThread = await writeSiteSearch(archive, links(), there, { split, reuse: new Map(), texts: thread });
    assert.deepEqual(await files(there), await files(here));
    assert.deepEqual(withThread.state, inPlace.state);
  });

  it("fail as the main thread would when an article's file changed while the site was built, naming the file", async () => {
    const record = await recordOfChangedFile();
    await assert.rejects(all(textsOnThread([{ ...record, body: "正文。" }, record], thread, { batch: 1, window: 2 })), (error: unknown) => {
      assert.ok(error instanceof ContentError, String(error));
      assert.match(error.message, /content\/2020\/changed\.md.*changed while the site was being built — build again/);
      return true;
    });
  });

  it("fail with the error of a record the main thread cannot make", async () => {
    const record = await recordOfChangedFile();
    const failing = (function* () {
      yield { ...record, body: "正文。" };
      throw new Error("this record cannot be made");
    })();
    await assert.rejects(all(textsOnThread(failing, thread, { batch: 1, window: 1 })), /this record cannot be made/);
  });
});
