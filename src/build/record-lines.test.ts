import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { Article } from "../content/article.ts";
import { PAGE_LIST, PageStore } from "../output/page-store.ts";
import { DATA_FILES, volumeRoute } from "../render/data.ts";
import { KeptLines, LINE_LIST } from "./record-lines.ts";

const article = (slug: string) => ({ slug, title: `标题 ${slug}` }) as unknown as Article;
// Articles whose slug starts with "long" have lines of about 30 KB: a few of them make a file of megabytes.
const lineOf = (a: Article) => JSON.stringify({ slug: a.slug, text: `正文 ${a.slug}`.repeat(a.slug.startsWith("long") ? 2_000 : 1) });
const decoded = (bytes: Uint8Array | undefined) => bytes && new TextDecoder().decode(bytes);

/**
 * A build that writes each of `files` (a route and its articles) with its lines listed, and takes
 * over the routes in `carried` from the last build unchanged, as the page writer does for a file
 * whose key is the same; returns the cache's list hash and the lines given back, file by file.
 */
async function buildFiles(dir: string, files: [string, Article[]][], listHash: string | null, context = "settings", carried: string[] = []): Promise<{ hash: string | null; reused: (string | undefined)[][]; damaged: boolean }> {
  const list = await readFile(path.join(dir, PAGE_LIST)).catch(() => undefined);
  const store = list === undefined ? PageStore.empty(dir, "salt") : PageStore.read(dir, "salt", list);
  const lines = KeptLines.open(dir, listHash, context, store);
  for (const route of carried) assert.ok(store.reuse(route, store.keyOf(route)), `${route} carried over`);
  const reused = files.map(([, articles]) => articles.map((a) => decoded(lines.get(a))));
  // Listed side by side, a line of each file in turn: each file's list is its own.
  const adders = files.map(([route]) => lines.begin(route));
  for (let i = 0; i < Math.max(...files.map(([, articles]) => articles.length)); i++) {
    files.forEach(([, articles], f) => {
      const a = articles[i];
      if (a) adders[f]?.(a, Buffer.byteLength(lineOf(a)));
    });
  }
  for (const [route, articles] of files) {
    const text = route === DATA_FILES.json ? `[\n${articles.map(lineOf).join(",\n")}\n]\n` : articles.map((a) => `${lineOf(a)}\n`).join("");
    const hash = PageStore.hashOf(text);
    const stored = store.keep(route, store.keyOf(route), hash, Buffer.byteLength(text), []) as string;
    await mkdir(path.dirname(stored), { recursive: true });
    await writeFile(stored, text);
  }
  await store.save();
  return { hash: await lines.save(dir, store), reused, damaged: lines.damaged };
}

/** A build that writes `articles` as the one file at `route`. */
async function build(dir: string, route: string, articles: Article[], listHash: string | null, context = "settings"): Promise<{ hash: string | null; reused: (string | undefined)[]; damaged: boolean }> {
  const built = await buildFiles(dir, [[route, articles]], listHash, context);
  return { ...built, reused: built.reused[0] ?? [] };
}

describe("the open data's lines kept between builds", () => {
  for (const route of [DATA_FILES.json, volumeRoute("2021-10")]) {
    it(`gives back each unchanged article's line of ${route} as the last build wrote it, and nothing for others`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "record-lines-"));
      try {
        const [a, b, c] = ["a", "b", "c"].map(article) as [Article, Article, Article];
        const first = await build(dir, route, [a, b], null);
        assert.deepEqual(first.reused, [undefined, undefined]);
        // c is new, b edited: only a's line comes back, wherever it now is.
        const edited = { ...b, title: "改过" } as Article;
        const second = await build(dir, route, [c, edited, a], first.hash);
        assert.deepEqual(second.reused, [undefined, undefined, lineOf(a)]);
        const third = await build(dir, route, [a, c], second.hash);
        assert.deepEqual(third.reused, [lineOf(a), lineOf(c)]);
        // In other settings (another site URL, other registries), no line is taken.
        const other = await build(dir, route, [a, c], third.hash, "other settings");
        assert.deepEqual(other.reused, [undefined, undefined]);
        assert.equal(other.damaged, false);
        // Nor from a list the manifest does not vouch for: that is damage, which the cache reports.
        const unvouched = await build(dir, route, [a, c], "0".repeat(40), "other settings");
        assert.deepEqual(unvouched.reused, [undefined, undefined]);
        assert.equal(unvouched.damaged, true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it("takes a list an earlier version left, of another shape, as not this build's rather than as damage", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "record-lines-"));
    try {
      const a = article("a");
      // One list for articles.json, as versions before the monthly volumes wrote it.
      const text = JSON.stringify({ context: "an earlier version", hash: "0".repeat(40), keys: ["k"], lengths: [10] });
      await writeFile(path.join(dir, LINE_LIST), text);
      const upgraded = await build(dir, DATA_FILES.json, [a], PageStore.hashOf(text));
      assert.deepEqual(upgraded, { hash: upgraded.hash, reused: [undefined], damaged: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("gives back lines from any place of a file of several megabytes, in the order they are asked for", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "record-lines-"));
    try {
      const articles = Array.from({ length: 120 }, (_, i) => article(`long-${i}`));
      const first = await build(dir, volumeRoute("2021-10"), articles, null);
      // Newest first, as the last build wrote them; then the other way round, then every third.
      const same = await build(dir, volumeRoute("2021-10"), articles, first.hash);
      assert.deepEqual(same.reused, articles.map(lineOf));
      const reversed = [...articles].reverse();
      const back = await build(dir, volumeRoute("2021-10"), reversed, same.hash);
      assert.deepEqual(back.reused, reversed.map(lineOf));
      const some = articles.filter((_, i) => i % 3 === 0);
      const third = await build(dir, volumeRoute("2021-10"), some, back.hash);
      assert.deepEqual(third.reused, some.map(lineOf));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("takes no line from a stored file that is not the one listed (cut short, or replaced)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "record-lines-"));
    try {
      const [a, b] = ["a", "b"].map(article) as [Article, Article];
      const first = await build(dir, volumeRoute("2021-10"), [a, b], null);
      const text = [a, b].map((x) => `${lineOf(x)}\n`).join("");
      const stored = path.join(dir, "files", PageStore.hashOf(text).slice(0, 2), PageStore.hashOf(text).slice(2));
      await writeFile(stored, text.slice(0, -1));
      assert.deepEqual((await build(dir, volumeRoute("2021-10"), [a, b], first.hash)).reused, [undefined, undefined]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps the lines of a month's volume that this build did not write while the store keeps the file, and gives them back later", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "record-lines-"));
    try {
      const [a, b, c, d] = ["a", "b", "c", "d"].map(article) as [Article, Article, Article, Article];
      const [october, november] = [volumeRoute("2021-10"), volumeRoute("2021-11")];
      const first = await buildFiles(dir, [[november, [c, d]], [october, [a, b]]], null);
      // November edited: only its file is written; October's is taken over without being read.
      const edited = { ...d, title: "改过" } as Article;
      const second = await buildFiles(dir, [[november, [c, edited]]], first.hash, "settings", [october]);
      assert.deepEqual(second.reused, [[lineOf(c), undefined]]);
      // October's lines are still listed a build later.
      const third = await buildFiles(dir, [[october, [b, a]]], second.hash, "settings", [november]);
      assert.deepEqual(third.reused, [[lineOf(b), lineOf(a)]]);
      // A month whose file the store no longer keeps (not carried, not written) is no longer listed.
      const fourth = await buildFiles(dir, [[october, [a]]], third.hash);
      const fifth = await buildFiles(dir, [[november, [c, edited]]], fourth.hash);
      assert.deepEqual(fifth.reused, [[undefined, undefined]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
