import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import { updatePagefindIndex, type KeptIndex } from "../../src/search/pagefind/update.ts";
import { blockNumbering, fragmentStart, recordFragment } from "../../src/search/pagefind/layout.ts";
import { IndexBuilder, writePagefindIndex, type PagefindWriteResult, type PagefindWriterOptions } from "../../src/search/pagefind/writer.ts";
import type { SearchRecord } from "../../src/search/bundle/records.ts";
import { UpdateThread } from "../../src/search/bundle/update-thread.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";
import { mulberry32 } from "../../tools/lib/random.ts";
import { listFiles, tempDir } from "../support/project.ts";

/**
 * pagefind/update.ts must give, byte for byte, the bundle writer.ts writes for the same records.
 * Small blocks, parts and pieces make a few hundred records exercise every path: a word in
 * pieces, a chunk cut in another place, a word new to the index, a word gone from it, a part
 * boundary moved.
 */
const OPTIONS: PagefindWriterOptions = { blockSize: 4, headBlocks: 2, chunksPerPart: 6, pieceBytes: 300, numberFragments: true };

// A fixed pseudo-random text: a few characters frequent (pieces), many rare (many words).
function text(seed: number, length: number): string {
  const common = "乐陵市作风建设会议";
  const random = mulberry32(seed);
  let out = "";
  for (let i = 0; i < length; i++) {
    const x = Math.floor(random() * 3000);
    out += x % 3 === 0 ? common[x % common.length] : String.fromCodePoint(0x4e00 + (x % 1500));
    if (x % 29 === 0) out += "。\n";
  }
  return out;
}

function record(n: number, body = text(n, 120)): SearchRecord {
  const fields = [{ label: "报纸", text: "测试日报" }, { label: "记者", text: `记者${String.fromCodePoint(0x4e00 + n)}` }];
  return {
    url: `/a/${n}/`,
    title: `第${n}篇${text(n + 7, 6).replace(/\s/g, "")}`,
    fields,
    text: body,
    meta: { title: `第${n}篇`, date: "2020年1月1日", source: "测试日报", places: "乐陵市", fields: fields.map((f) => f.label).join("\n") },
    filters: { place: ["乐陵市"], source: ["测试日报"], tag: [], year: ["2020"] },
  };
}

const RECORDS = Array.from({ length: 150 }, (_, n) => record(n));

/** Every file of a bundle, by path, with the SHA-1 of its bytes. */
async function bundle(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    out.set(file, createHash("sha1").update(await readFile(path.join(dir, file), "latin1")).digest("hex"));
  }
  return out;
}

/** The kept index as the build cache hands it over: its files with their sizes and contents' digests. */
async function kept(dir: string, result: PagefindWriteResult): Promise<KeptIndex> {
  const files = new Map<string, { size: number; contents?: string }>();
  for (const file of await listFiles(dir)) {
    const bytes = await readFile(path.join(dir, file));
    files.set(file, { size: bytes.length, contents: result.files.get(file)?.contents });
  }
  assert.ok(result.state, "the writer leaves its state");
  return { dir, state: result.state, files };
}

const reuse = new Map();
/** The site's blockOffset and firstPage: the blocks end with the last record. */
const offsetFor = (count: number) => blockNumbering(count, OPTIONS.blockSize as number).blockOffset;
const optionsForCount = (count: number): PagefindWriterOptions => ({ ...OPTIONS, reuse, ...blockNumbering(count, OPTIONS.blockSize as number) });
const optionsFor = optionsForCount;

/** Writes `earlier` (RECORDS), then updates that bundle to `after` (a kept record by its page, or a new one), and compares the result with a clean bundle of the same records. */
async function compare(after: readonly (number | SearchRecord)[], extra: PagefindWriterOptions = {}, earlier = RECORDS): Promise<PagefindWriteResult & { sameNames: number }> {
  const optionsFor = (count: number) => ({ ...optionsForCount(count), ...extra });
  const before = await tempDir("pagefind-update-before-");
  const first = await writePagefindIndex(earlier, before, optionsFor(earlier.length));
  const updatedDir = await tempDir("pagefind-update-after-");
  const updated = await updatePagefindIndex(await kept(before, first), after, updatedDir, optionsFor(after.length));
  assert.ok(updated, "the index was updated");
  const cleanDir = await tempDir("pagefind-update-clean-");
  const clean = await writePagefindIndex(
    after.map((r) => (typeof r === "number" ? (earlier[r] as SearchRecord) : r)),
    cleanDir,
    optionsFor(after.length),
  );
  const [a, b] = [await bundle(updatedDir), await bundle(cleanDir)];
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), "the same files");
  for (const [file, digest] of b) assert.equal(a.get(file), digest, `${file} is the clean bundle's`);
  assert.deepEqual(updated.state, clean.state, "the state the next update starts from");
  assert.equal(updated.words, clean.words);
  assert.ok(first.chunks > 2 * (OPTIONS.chunksPerPart as number), `${first.chunks} chunks in ${first.parts} parts`);
  const earlierFiles = new Set(await listFiles(before));
  return { ...updated, sameNames: [...a.keys()].filter((file) => file.startsWith("fragment/") && earlierFiles.has(file)).length };
}

/** RECORDS, by their pages, with `changes` in place. */
const edited = (changes: Map<number, SearchRecord>) => RECORDS.map((_, i) => changes.get(i) ?? i);

describe("updating a search index in place of writing it again", { timeout: TEST_TIMEOUT_MS }, () => {
  it("gives the clean bundle when an article's text changes", async () => {
    const updated = await compare(edited(new Map([[37, record(37, `${text(37, 60)}新出现的词语${text(999, 90)}`)]])));
    assert.ok((updated.reused ?? 0) > RECORDS.length, `${updated.reused} files linked from the earlier index`);
    // Only the edited article's block gets a new key, and its fragments new names.
    assert.equal(updated.sameNames, RECORDS.length - (OPTIONS.blockSize as number), "fragments that kept their names");
  });

  it("gives the clean bundle when articles in several blocks lose their text or gain much more", async () => {
    await compare(
      edited(
        new Map([
          [0, record(0, "")],
          [5, record(5, text(5, 2000))],
          [149, record(149, "乐陵市乐陵市乐陵市")],
        ]),
      ),
    );
  });

  it("gives the clean bundle when a frequent word's pieces change", async () => {
    await compare(edited(new Map(Array.from({ length: 4 }, (_, i) => [60 + i, record(60 + i, "乐陵".repeat(200))] as const))));
  });

  it("gives the clean bundle when an article is added before the first, every page number moving by one", async () => {
    const updated = await compare([record(500), ...RECORDS.map((_, i) => i)]);
    assert.ok((updated.reused ?? 0) > RECORDS.length, `${updated.reused} files linked from the earlier index`);
    // The blocks end with the oldest article: only the first block changes.
    assert.equal(updated.sameNames, RECORDS.length - (OPTIONS.blockSize as number - offsetFor(RECORDS.length)), "fragments that kept their names");
  });

  it("gives the clean bundle when an article is added among the newest, and moves no other to another slot", async () => {
    // The first block holds pages 0–1, the second 2–5: the new article goes in at page 3, page 2
    // moves to the first block.
    const after = [0, 1, 2, record(600), ...RECORDS.map((_, i) => i).slice(3)];
    const hashed = await compare(after);
    const wordsOf = (r: SearchRecord) => [...IndexBuilder.block("unknown", { ...OPTIONS, headBlocks: 0 }, [r]).entries.keys()];
    const touched = new Set([...wordsOf(record(600)), ...wordsOf(RECORDS[2] as SearchRecord)]);
    assert.equal(hashed.changed, touched.size, "only the words of the article added and of the one moved to the first block change their entries");
    // In order, pages 0–2 would also move one slot each, and the words of all three change theirs.
    const inOrder = await compare(after, { headBlocks: 0 });
    assert.ok((inOrder.changed ?? 0) > touched.size, `${inOrder.changed} words changed with the blocks in order`);
  });

  it("gives the clean bundle when the first article is removed and another edited", async () => {
    await compare(RECORDS.map((_, i) => (i === 80 ? record(80, "改写") : i)).slice(1));
  });

  it("gives the clean bundle after random edits, additions at the front and removals", async () => {
    const rounds = Number(process.env["UPDATE_ROUNDS"] ?? 6);
    for (let seed = 1; seed <= rounds; seed++) {
      const random = mulberry32(seed);
      const next = (n: number) => Math.floor(random() * n);
      const after: (number | SearchRecord)[] = RECORDS.map((_, i) => i);
      for (let k = next(3); k > 0; k--) after.splice(next(after.length), 1, record(1000 + seed * 10 + k, next(2) ? text(seed * 31 + k, next(400)) : "乐陵市作风".repeat(next(60))));
      const front = next(3);
      if (front === 1) after.unshift(record(2000 + seed));
      if (front === 2) after.shift();
      await compare(after);
    }
  });

  it("gives the clean bundle when articles added start a new first block, and every other block keeps its page number", async () => {
    // 150 records: 38 blocks, the first holding 2; three more start a 39th block before it.
    const after = [record(501), record(502), record(503), ...RECORDS.map((_, i) => i)];
    assert.equal(blockNumbering(after.length, OPTIONS.blockSize as number).firstPage, blockNumbering(RECORDS.length, OPTIONS.blockSize as number).firstPage - 1);
    const updated = await compare(after);
    // The new block, the one that was first (now two records more), and the one that left the
    // blocks placed by hash (headBlocks: 2) change; the others keep their keys and slots.
    assert.equal(updated.sameNames, RECORDS.length - 2 - (OPTIONS.blockSize as number), "fragments that kept their names");
  });

  it("gives the clean bundle when the first block's only article is removed, and the block with it", async () => {
    // 153 records: 39 blocks, the first holding one; without it, 38, numbered from page 2.
    const earlier = [record(501), record(502), record(503), ...RECORDS];
    assert.deepEqual([blockNumbering(153, 4).firstPage, blockNumbering(152, 4).firstPage], [1, 2]);
    const updated = await compare(earlier.map((_, i) => i).slice(1), {}, earlier);
    // The block that became second joins those placed by hash; every other keeps its fragments.
    assert.equal(updated.sameNames, earlier.length - 1 - (OPTIONS.blockSize as number), "fragments that kept their names");
  });

  it("declines when the blocks' page numbers would move: nothing is written", async () => {
    // 160 records fill 40 blocks, numbered from 0; one more makes 41, numbered to end at 44.
    const earlier = Array.from({ length: 160 }, (_, n) => record(n));
    assert.deepEqual([blockNumbering(160, 4).firstPage, blockNumbering(161, 4).firstPage], [0, 3]);
    const dir = await tempDir("pagefind-update-more-");
    const first = await writePagefindIndex(earlier, dir, optionsFor(earlier.length));
    const out = await tempDir("pagefind-update-more-out-");
    const after = [record(501), ...earlier.map((_, i) => i)];
    assert.equal(await updatePagefindIndex(await kept(dir, first), after, out, optionsFor(after.length)), undefined);
    assert.deepEqual(await listFiles(out), []);
  });

  it("reads back the fragments of the records it indexes again, and so declines a kept index without them", async () => {
    const dir = await tempDir("pagefind-update-missing-");
    const first = await writePagefindIndex(RECORDS, dir, optionsFor(RECORDS.length));
    const index = await kept(dir, first);
    const files = new Map(index.files);
    const fragment10 = recordFragment({ fragment: fragmentStart("unknown"), blocks: index.state.blocks, block: OPTIONS.blockSize as number, offset: offsetFor(RECORDS.length), head: index.state.head }, 10);
    assert.ok(files.delete(fragment10), fragment10);
    const out = await tempDir("pagefind-update-missing-out-");
    assert.equal(await updatePagefindIndex({ ...index, files }, edited(new Map([[9, record(9, "改")]])), out, optionsFor(RECORDS.length)), undefined);
    assert.deepEqual(await listFiles(out), []);
    const zipped = new Uint8Array(await readFile(path.join(dir, fragment10)));
    const fragment = JSON.parse(gunzipSync(zipped).subarray(12).toString()) as { content: string };
    assert.ok(fragment.content.startsWith(RECORDS[10]?.title as string));
  });
});

describe("updating a search index on a thread of its own", { timeout: TEST_TIMEOUT_MS }, () => {
  it("writes byte for byte what the update on the main thread writes, with the same result", async () => {
    const before = await tempDir("update-thread-before-");
    const index = await kept(before, await writePagefindIndex(RECORDS, before, optionsFor(RECORDS.length)));
    const after = [record(700), ...RECORDS.map((_, i) => (i === 40 ? record(40, "改写的正文") : i))];
    const [here, there] = [await tempDir("update-thread-here-"), await tempDir("update-thread-there-")];
    const onMain = await updatePagefindIndex(index, after, here, optionsFor(after.length));
    const thread = new UpdateThread();
    const onThread = await thread.update(index, after, there, optionsFor(after.length));
    assert.ok(onMain && onThread, "both updated the index");
    assert.deepEqual(await bundle(there), await bundle(here));
    assert.deepEqual(onThread.state, onMain.state);
    assert.deepEqual([...onThread.files].sort(), [...onMain.files].sort());
    assert.equal(onThread.changed, onMain.changed);
    assert.equal(thread.failure, undefined);
  });

  it("declines where the main thread's update declines, writing nothing", async () => {
    const earlier = Array.from({ length: 160 }, (_, n) => record(n));
    const dir = await tempDir("update-thread-more-");
    const index = await kept(dir, await writePagefindIndex(earlier, dir, optionsFor(earlier.length)));
    const out = await tempDir("update-thread-more-out-");
    const after = [record(501), ...earlier.map((_, i) => i)];
    assert.equal(await new UpdateThread().update(index, after, out, optionsFor(after.length)), undefined);
    assert.deepEqual(await listFiles(out), []);
  });

  it("fails with the error the update met, which the thread keeps as its failure", async () => {
    const before = await tempDir("update-thread-fails-");
    const index = await kept(before, await writePagefindIndex(RECORDS, before, optionsFor(RECORDS.length)));
    // The output folder would be inside a file.
    const out = path.join(before, "pagefind-entry.json", "out");
    const thread = new UpdateThread();
    await assert.rejects(thread.update(index, edited(new Map([[3, record(3, "改")]])), out, optionsFor(RECORDS.length)), /ENOTDIR|not a directory/);
    assert.match(String(thread.failure), /ENOTDIR|not a directory/);
  });
});
