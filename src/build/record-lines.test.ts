import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import type { Article } from "../content/article.ts";
import { PAGE_LIST, PageStore } from "../output/page-store.ts";
import { DATA_FILES } from "../render/data.ts";
import { KeptLines } from "./record-lines.ts";

const article = (slug: string) => ({ slug, title: `标题 ${slug}` }) as unknown as Article;
// Articles whose slug starts with "long" have lines of about 30 KB: a few of them make a file of megabytes.
const lineOf = (a: Article) => JSON.stringify({ slug: a.slug, text: `正文 ${a.slug}`.repeat(a.slug.startsWith("long") ? 2_000 : 1) });
const decoded = (bytes: Uint8Array | undefined) => bytes && new TextDecoder().decode(bytes);

/** A build that writes `articles` as the file at `route`, with its lines listed; returns the cache's list hash. */
async function build(dir: string, route: string, articles: Article[], listHash: string | null, context = "settings"): Promise<{ hash: string | null; reused: (string | undefined)[]; damaged: boolean }> {
  const list = await readFile(path.join(dir, PAGE_LIST)).catch(() => undefined);
  const store = list === undefined ? PageStore.empty(dir, "salt") : PageStore.read(dir, "salt", list);
  const lines = KeptLines.open(dir, listHash, context, store);
  const reused = articles.map((a) => decoded(lines.get(a)));
  lines.begin();
  for (const a of articles) lines.add(a, Buffer.byteLength(lineOf(a)));
  const text = route === DATA_FILES.json ? `[\n${articles.map(lineOf).join(",\n")}\n]\n` : articles.map((a) => `${lineOf(a)}\n`).join("");
  const hash = PageStore.hashOf(text);
  const stored = store.keep(route, "key", hash, Buffer.byteLength(text), []) as string;
  await mkdir(path.dirname(stored), { recursive: true });
  await writeFile(stored, text);
  await store.save();
  return { hash: await lines.save(dir, store), reused, damaged: lines.damaged };
}

describe("the open data's lines kept between builds", () => {
  for (const route of [DATA_FILES.json, DATA_FILES.jsonl]) {
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

  it("gives back lines from any place of a file of several megabytes, in the order they are asked for", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "record-lines-"));
    try {
      const articles = Array.from({ length: 120 }, (_, i) => article(`long-${i}`));
      const first = await build(dir, DATA_FILES.jsonl, articles, null);
      // Newest first, as the last build wrote them; then the other way round, then every third.
      const same = await build(dir, DATA_FILES.jsonl, articles, first.hash);
      assert.deepEqual(same.reused, articles.map(lineOf));
      const reversed = [...articles].reverse();
      const back = await build(dir, DATA_FILES.jsonl, reversed, same.hash);
      assert.deepEqual(back.reused, reversed.map(lineOf));
      const some = articles.filter((_, i) => i % 3 === 0);
      const third = await build(dir, DATA_FILES.jsonl, some, back.hash);
      assert.deepEqual(third.reused, some.map(lineOf));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("takes no line from a stored file that is not the one listed (cut short, or replaced)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "record-lines-"));
    try {
      const [a, b] = ["a", "b"].map(article) as [Article, Article];
      const first = await build(dir, DATA_FILES.jsonl, [a, b], null);
      const text = [a, b].map((x) => `${lineOf(x)}\n`).join("");
      const stored = path.join(dir, "files", PageStore.hashOf(text).slice(0, 2), PageStore.hashOf(text).slice(2));
      await writeFile(stored, text.slice(0, -1));
      assert.deepEqual((await build(dir, DATA_FILES.jsonl, [a, b], first.hash)).reused, [undefined, undefined]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
