import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { calendarDate } from "../core/dates.ts";
import { articleValidator, type ArticleResult } from "./article.ts";
import { createArchiveLoader, loadArchive, type FileToValidate, type LoadOptions, type LoadResult, type ValidationCache } from "./load.ts";
import type { Registries } from "./registry.ts";
import { articleText, fixtureProject, validFields } from "../../tests/support/project.ts";

const LONG = "乐陵市坚持以实干论英雄、以实干促发展，持续完善崇尚实干、加油鼓劲的正向激励体系。“关键少数”率先垂范，干在一线，每周六周日或节假日，市主要领导率队下沉调研。";
const today = calendarDate(2022, 6, 1);

/** A result as plain data: Maps as entry lists, places and sources by name (registries are compared once). */
function plain(result: LoadResult): unknown {
  const archive = result.archive;
  return {
    problems: result.problems,
    archive: archive && {
      site: archive.site,
      places: [...archive.places.keys()],
      sources: [...archive.sources.keys()],
      tagSlugs: [...archive.tagSlugs],
      authorSlugs: [...archive.authorSlugs],
      articles: archive.articles.map((a) => ({ ...a, places: a.places.map((p) => p.name), source: a.source.name })),
    },
  };
}

/** Loads incrementally and afresh, and asserts the two agree exactly; returns the incremental result. */
async function agree(loader: ReturnType<typeof createArchiveLoader>, options: LoadOptions, label: string): Promise<LoadResult> {
  const incremental = await loader.load();
  const fresh = await loadArchive(options);
  assert.deepStrictEqual(plain(incremental), plain(fresh), label);
  return incremental;
}

describe("createArchiveLoader", () => {
  it("gives what a fresh load gives after edits, additions, removals and registry changes", async () => {
    const dir = await fixtureProject({
      "2021/a.md": articleText(validFields(), `${LONG}\n`),
      "2021/b.md": articleText(validFields({ title: "第二篇", tags: "[作风建设, 营商环境]" }), `${LONG}\n\n第二段。\n\n${LONG}\n`),
      "2021/c.md": articleText(validFields({ title: "第三篇", place: "乐陵" }), `${LONG}\n`),
      "2022/d.md": articleText(validFields({ title: "第四篇", date: "2022-01-07", authors: "[张伟]", draft: "true" }), "短。\n"),
    });
    const file = (name: string) => path.join(dir, "content", name);
    for (const lenient of [false, true]) {
      const options: LoadOptions = { rootDir: dir, includeDrafts: true, lenient, today };
      const loader = createArchiveLoader(options);
      const first = await agree(loader, options, "first load");
      assert.ok(first.problems.some((p) => p.file === "content/2021/c.md" && p.severity === "error"));

      // Nothing changed: the same records.
      const again = await agree(loader, options, "unchanged");
      if (lenient) assert.equal(again.archive?.articles[0], first.archive?.articles[0]);

      // Fix the broken article; break another; a warning appears (a repeated title).
      await writeFile(file("2021/c.md"), articleText(validFields({ title: "第三篇" }), `${LONG}\n`));
      await writeFile(file("2021/b.md"), articleText(validFields({ title: "第二篇", date: "2021-02-30" }), `${LONG}\n`));
      await agree(loader, options, "edited");

      // A new article at the same URL as another, and one with a tag spelled two ways.
      await writeFile(file("2021/e.md"), articleText(validFields({ title: "第三篇" }), `${LONG}\n`));
      await writeFile(file("2022/f.md"), articleText(validFields({ title: "第五篇", tags: "[作风建設]" }), `${LONG}\n`));
      await agree(loader, options, "added");

      // Removing them clears their problems.
      await rm(file("2021/e.md"));
      await rm(file("2022/f.md"));
      await agree(loader, options, "removed");

      // An edit that keeps the size: seen by its modification time.
      const before = await readFile(file("2021/a.md"), "utf8");
      const edited = before.replace("作风一变事业兴", "作风一变事业旺");
      assert.equal(Buffer.byteLength(edited), Buffer.byteLength(before));
      await writeFile(file("2021/a.md"), edited);
      const { mtime } = await stat(file("2021/a.md"));
      await utimes(file("2021/a.md"), mtime, new Date(mtime.getTime() + 5000));
      const sameSize = await agree(loader, options, "same-size edit");
      assert.ok(sameSize.problems.length + (sameSize.archive?.articles.length ?? 0) > 0);
      if (lenient) assert.ok(sameSize.archive?.articles.some((a) => a.title === "作风一变事业旺"));

      // A registry change revalidates every article: 乐陵市 is gone, then back.
      const placesFile = path.join(dir, "content", "_data", "places.yaml");
      const places = await readFile(placesFile, "utf8");
      await writeFile(placesFile, places.replace("        - { name: 乐陵市, slug: leling-shi }\n", ""));
      const noLeling = await agree(loader, options, "registry edited");
      assert.ok(noLeling.problems.some((p) => p.message.startsWith('unknown place "乐陵市"')));
      await writeFile(placesFile, places);
      await agree(loader, options, "registry restored");

      // A broken registry, then a missing one: no archive, same problems as a fresh load.
      await writeFile(placesFile, "- name: [\n");
      await agree(loader, options, "registry broken");
      await rm(placesFile);
      await agree(loader, options, "registry missing");
      await writeFile(placesFile, places);
      await agree(loader, options, "registry back");

      // Restore the articles for the next round.
      await writeFile(file("2021/a.md"), before);
      await writeFile(file("2021/b.md"), articleText(validFields({ title: "第二篇", tags: "[作风建设, 营商环境]" }), `${LONG}\n\n第二段。\n\n${LONG}\n`));
      await writeFile(file("2021/c.md"), articleText(validFields({ title: "第三篇", place: "乐陵" }), `${LONG}\n`));
    }
  });

  it("keeps the records of unchanged articles and re-reads only changed ones", async () => {
    const dir = await fixtureProject({
      "a.md": articleText(validFields(), `${LONG}\n`),
      "b.md": articleText(validFields({ title: "第二篇" }), `${LONG}\n`),
    });
    const options: LoadOptions = { rootDir: dir, today };
    const loader = createArchiveLoader(options);
    const first = await loader.load();
    const byTitle = (r: LoadResult, title: string) => r.archive?.articles.find((a) => a.title === title);
    await writeFile(path.join(dir, "content", "b.md"), articleText(validFields({ title: "第二篇（修订）" }), `${LONG}\n`));
    const second = await loader.load();
    assert.ok(byTitle(first, "作风一变事业兴"));
    assert.equal(byTitle(second, "作风一变事业兴"), byTitle(first, "作风一变事业兴"), "an unchanged article is not re-read");
    assert.ok(byTitle(second, "第二篇（修订）"));
    assert.equal(byTitle(second, "第二篇"), undefined);
  });

  it("runs one load at a time when called concurrently", async () => {
    const dir = await fixtureProject({ "a.md": articleText(validFields(), `${LONG}\n`) });
    const options: LoadOptions = { rootDir: dir, today };
    const loader = createArchiveLoader(options);
    const [x, y] = await Promise.all([loader.load(), loader.load()]);
    assert.deepStrictEqual(plain(x), plain(y));
    assert.deepStrictEqual(plain(x), plain(await loadArchive(options)));
  });
});

describe("loadArchive over files it does not read as articles", () => {
  it("warns, naming each file and why: a name not ending in .md, a symbolic link; skips _ and . names quietly", async () => {
    const dir = await fixtureProject({
      "2021/a.md": articleText(validFields(), `${LONG}\n`),
      "2021/b.MD": articleText(validFields({ title: "二" }), `${LONG}\n`),
      "2021/c.markdown": articleText(validFields({ title: "三" }), `${LONG}\n`),
      "2021/photo.jpg": "not an article",
      "_notes/d.md": "not an article",
      "2021/.e.md": "not an article",
    });
    await symlink(path.join(dir, "content", "2021", "a.md"), path.join(dir, "content", "2021", "f.md"));
    await symlink(path.join(dir, "content", "2021"), path.join(dir, "content", "2022"));
    const { archive, problems } = await loadArchive({ rootDir: dir, includeDrafts: true, today });
    assert.deepEqual(archive?.articles.map((a) => a.file), ["content/2021/a.md"]);
    assert.deepEqual(
      problems.map((p) => `${p.severity} ${p.file}: ${p.message}`),
      [
        "warning content/2021/b.MD: not read as an article: an article's file name ends in .md (lower case)",
        "warning content/2021/c.markdown: not read as an article: an article's file name ends in .md (lower case)",
        "warning content/2021/f.md: not read as an article: a symbolic link (articles and their folders must be in the content folder itself)",
        "warning content/2022: not read as an article: a symbolic link (articles and their folders must be in the content folder itself)",
      ],
    );
  });
});

/**
 * A cache that keeps nothing and validates beside the loader as a thread would: it takes `takes`
 * files (Atomics.add on `next`, as the loader does) before the loader takes any, gives back
 * `gives` of them, and then succeeds, or fails when it gave back fewer than it took.
 */
function besideCache(takes: number, gives: number): ValidationCache & { taken: string[] } {
  const taken: string[] = [];
  return {
    keeps: false,
    taken,
    kept: () => undefined,
    result: (_file, _bytes, _registries, validate) => validate(),
    bodyWarnings: (article, compute) => compute(article),
    validateBeside(files: readonly FileToValidate[], registries: Registries, _from, next: Int32Array, put: (index: number, result: ArticleResult) => void) {
      const validate = articleValidator(registries);
      const took: number[] = [];
      while (took.length < takes) took.push(Atomics.add(next, 0, 1));
      for (const index of took.slice(0, gives)) {
        const { file, absolute } = files[index] as FileToValidate;
        taken.push(file);
        put(index, validate(file, readFileSync(absolute)));
      }
      return gives < takes ? Promise.reject(new Error("the thread stopped")) : Promise.resolve();
    },
  };
}

describe("loadArchive with a cache that validates files beside it", () => {
  const articles = async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 9; i++) files[`2021/2021-10-0${i}-a.md`] = articleText(validFields({ title: `第${i}篇`, date: `2021-10-0${i}` }), `${LONG}\n`);
    files["2021/2021-10-05-b.md"] = articleText(validFields({ title: "第5篇", date: "2021-10-05" }), `${LONG}\n`);
    files["2021/2021-11-01-broken.md"] = articleText(validFields({ place: "不存在县" }));
    return fixtureProject(files);
  };

  it("gives the archive and problems of a load on one thread, the files taken beside in their places", async () => {
    const rootDir = await articles();
    const cache = besideCache(4, 4);
    const options = { rootDir, today, lenient: true };
    const beside = await loadArchive({ ...options, cache, validatedBesideFrom: 1 });
    assert.deepStrictEqual(plain(beside), plain(await loadArchive(options)));
    assert.deepEqual(cache.taken, ["content/2021/2021-10-01-a.md", "content/2021/2021-10-02-a.md", "content/2021/2021-10-03-a.md", "content/2021/2021-10-04-a.md"]);
    assert.equal(beside.readBeside, 4);
    assert.equal(beside.read, 11);
    assert.ok(beside.problems.some((p) => p.file === "content/2021/2021-11-01-broken.md" && p.severity === "error"));
  });

  it("validates itself the files taken beside and not given back when that side fails", async () => {
    const rootDir = await articles();
    const options = { rootDir, today, lenient: true };
    const beside = await loadArchive({ ...options, cache: besideCache(5, 2), validatedBesideFrom: 1 });
    assert.deepStrictEqual(plain(beside), plain(await loadArchive(options)));
    assert.equal(beside.readBeside, 2);
  });

  it("takes no file beside below the count it is given", async () => {
    const rootDir = await articles();
    const cache = besideCache(4, 4);
    const loaded = await loadArchive({ rootDir, today, lenient: true, cache, validatedBesideFrom: 12 });
    assert.deepEqual(cache.taken, []);
    assert.equal(loaded.readBeside, 0);
  });
});
