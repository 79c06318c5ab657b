import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { outputPathFor } from "../core/urls.ts";
import type { SitePage } from "../render/pages.ts";
import { PAGE_LIST, PageStore } from "./page-store.ts";
import { PageWriter } from "./page-writer.ts";

const page = (route: string, kind: SitePage["kind"], text = `${kind} ${route}`): SitePage => ({ route, kind, render: () => text, key: () => text });

async function inTemp<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "page-writer-"));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("the page writer", () => {
  it("writes the pages given beside the others on a thread of its own, and each page of both lists once", { timeout: 60_000 }, () =>
    inTemp(async (dir) => {
      // More pages beside than the thread takes at once: most are written between the others, the rest after them.
      const pages = Array.from({ length: 300 }, (_, i) => page(`/articles/${i}/`, "articles"));
      const beside = Array.from({ length: 1200 }, (_, i) => page(`/articles/${i % 300}/cite.${["ris", "bib", "json", "txt"][Math.floor(i / 300)]}`, "citations"));
      const out = path.join(dir, "site");
      const written = await new PageWriter().write(pages, out, "", undefined, beside);
      assert.deepEqual(written, { pages: 1500, rendered: 1500, written: 1500, bytes: written.bytes });
      for (const p of [...pages, ...beside]) assert.equal(await readFile(path.join(out, outputPathFor(p.route)), "utf8"), p.render());
    }));

  it("keeps the pages written beside in its store, and renders none of them again when nothing changed", { timeout: 60_000 }, () =>
    inTemp(async (dir) => {
      const pages = [page("/", "other"), page("/articles/a/", "articles")];
      const beside = [page("/articles/a/cite.ris", "citations"), page("/articles/a/cite.bib", "citations")];
      const cache = path.join(dir, "cache");
      const first = PageStore.empty(cache, "salt");
      await new PageWriter({ store: first }).write(pages, path.join(dir, "one"), "", undefined, beside);
      await first.save();
      const again = PageStore.read(cache, "salt", await readFile(path.join(cache, PAGE_LIST)));
      const written = await new PageWriter({ store: again }).write(pages, path.join(dir, "two"), "", undefined, beside);
      assert.deepEqual({ rendered: written.rendered, pages: written.pages }, { rendered: 0, pages: 4 });
      for (const p of [...pages, ...beside]) assert.equal(await readFile(path.join(dir, "two", outputPathFor(p.route)), "utf8"), p.render());
    }));

  it("fails when a page beside the others cannot be written, naming the file", { timeout: 60_000 }, () =>
    inTemp(async (dir) => {
      // A file where the page's folder would go.
      await writeFile(path.join(dir, "blocked"), "");
      await assert.rejects(new PageWriter().write([page("/", "other")], dir, "", undefined, [page("/blocked/cite.ris", "citations")]), /writing the site failed: .*blocked/);
    }));

  it("refuses a page to write beside the others that comes in pieces, naming it", { timeout: 60_000 }, () =>
    inTemp(async (dir) => {
      const streamed: SitePage = { ...page("/data/articles.jsonl", "data"), chunks: () => ["a\n"] };
      await assert.rejects(new PageWriter().write([page("/", "other")], dir, "", undefined, [streamed]), /\/data\/articles\.jsonl: a page written beside the others is written whole/);
    }));
});
