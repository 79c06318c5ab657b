import assert from "node:assert/strict";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { createArchiveLoader, loadArchive, type Archive } from "../../src/content/load.ts";
import { siteContext, sitePages } from "../../src/render/pages.ts";
import { links } from "../../src/core/urls.ts";
import { PageStore } from "../../src/output/page-store.ts";
import { PageWriter, type WrittenPages } from "../../src/output/page-writer.ts";
import { listFiles, tempDir } from "../support/project.ts";

/** Writes the site into `out`, in place over what `store` (if any) wrote there last; returns the counts and the new store. */
async function write(archive: Archive, out: string, last?: PageStore): Promise<WrittenPages & { store: PageStore }> {
  const store = PageStore.inPlace(out, last);
  const written = await new PageWriter({ store }).write(sitePages(siteContext(archive, links())), out, "same settings");
  await store.save();
  return { ...written, store };
}

/** Files that differ between two folders (missing on either side, or different bytes). */
async function differences(a: string, b: string): Promise<string[]> {
  const [left, right] = [await listFiles(a), await listFiles(b)];
  const diff = [...left.filter((f) => !right.includes(f)).map((f) => `only in preview: ${f}`), ...right.filter((f) => !left.includes(f)).map((f) => `only in fresh build: ${f}`)];
  for (const file of left.filter((f) => right.includes(f))) {
    if ((await readFile(path.join(a, file), "latin1")) !== (await readFile(path.join(b, file), "latin1"))) diff.push(`differs: ${file}`);
  }
  return diff;
}

describe("the preview's incremental rebuild", () => {
  let dir = "";
  let preview = "";
  const loader = () => createArchiveLoader({ rootDir: dir, includeDrafts: true });
  let load: ReturnType<typeof loader>;
  let store: PageStore;
  const files: string[] = [];

  before(async () => {
    dir = await tempDir("archive-incremental-");
    await generateCorpus({ count: 120, outDir: dir, seed: 11, tags: 8, authors: 12, shape: "light" });
    preview = path.join(dir, "_preview");
    load = loader();
    const first = await write((await load.load()).archive as Archive, preview);
    assert.equal(first.rendered, first.pages);
    store = first.store;
    for (const year of await readdir(path.join(dir, "content"))) {
      if (/^\d{4}$/.test(year)) files.push(...(await readdir(path.join(dir, "content", year))).map((f) => path.join(dir, "content", year, f)));
    }
    files.sort();
  });

  /** Applies an edit, rebuilds the preview and builds the same content from scratch elsewhere. */
  async function editAndCompare(edit: () => Promise<void>): Promise<WrittenPages> {
    await edit();
    const incremental = await write((await load.load()).archive as Archive, preview, store);
    store = incremental.store;
    const fresh = path.join(dir, `_fresh-${Date.now()}`);
    await new PageWriter().write(sitePages(siteContext((await loadArchive({ rootDir: dir, includeDrafts: true })).archive as Archive, links())), fresh, "same settings");
    assert.deepEqual(await differences(preview, fresh), []);
    await rm(fresh, { recursive: true });
    return incremental;
  }
  const rewrite = async (file: string, change: (text: string) => string) => {
    const text = await readFile(file, "utf8");
    const changed = change(text);
    assert.notEqual(changed, text, `edit changed nothing in ${file}`);
    await writeFile(file, changed);
  };

  it("renders nothing again when nothing changed", async () => {
    const result = await editAndCompare(async () => {});
    assert.equal(result.written, 0);
    assert.ok(result.rendered < result.pages / 10, `${result.rendered} of ${result.pages} pages rendered`);
  });

  it("gives the same site as a fresh build after a title is edited, rendering only a part of it", async () => {
    const result = await editAndCompare(() => rewrite(files[40] as string, (t) => t.replace(/^title: .*$/m, "title: 改过的标题：作风建设再出发")));
    assert.ok(result.rendered < result.pages / 2, `${result.rendered} of ${result.pages} pages rendered`);
    assert.ok(result.written > 3);
  });

  it("gives the same site as a fresh build after tags, a place or a date change", async () => {
    await editAndCompare(() => rewrite(files[10] as string, (t) => t.replace(/^tags: .*$/m, "tags: [全新标签, 作风建设]")));
    await editAndCompare(() => rewrite(files[20] as string, (t) => t.replace(/^place: .*$/m, "place: 陵城区")));
    await editAndCompare(() => rewrite(files[30] as string, (t) => t.replace(/^date: .*$/m, "date: 2019-01-02")));
  });

  it("gives the same site as a fresh build after an article is added or deleted", async () => {
    const copy = path.join(path.dirname(files[50] as string), "added.md");
    await editAndCompare(async () => {
      const text = await readFile(files[50] as string, "utf8");
      await writeFile(copy, text.replace(/^title: .*$/m, "title: 新增的一篇报道").replace(/^slug: .*\n/m, ""));
    });
    await editAndCompare(() => rm(files[60] as string));
    await editAndCompare(() => rm(copy));
  });
});
