import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { articleText, fixtureProject, repoDir, validFields } from "../../tests/support/project.ts";
import { hasFastProperties, haveSameShape } from "../../tests/support/shapes.ts";
import { articleValidator, type ArticleResult } from "../content/article.ts";
import { findArticleFiles, loadArchive } from "../content/load.ts";
import { articleFingerprint } from "../content/fingerprint.ts";
import { readRegistryFiles, registriesFrom } from "../content/registry.ts";
import { articleBodyWarnings } from "../content/warnings.ts";
import { articleLead } from "../render/markdown.ts";
import { BuildCache } from "./cache.ts";

describe("records kept in the build cache", () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("come back equal to the validated ones: same fields, same registry objects, frozen, of the same shape, same fingerprints and problems", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "archive-cache-unit-"));
    dirs.push(dir);
    const warnings: string[] = [];
    const open = () => BuildCache.open({ dir, rootDir: repoDir, contentDir: "content", warn: (line) => warnings.push(line) });
    const first = (await open()) as BuildCache;
    const fresh = await loadArchive({ rootDir: repoDir, cache: first });
    for (const article of fresh.archive?.articles ?? []) articleFingerprint(article);
    await first.save();

    const second = (await open()) as BuildCache;
    const kept = await loadArchive({ rootDir: repoDir, cache: second });
    assert.deepEqual(warnings, []);
    const [a, b] = [fresh.archive?.articles ?? [], kept.archive?.articles ?? []];
    assert.ok(a.length > 0);
    assert.equal(b.length, a.length);
    a.forEach((article, i) => {
      const back = b[i];
      assert.ok(back && back !== article, "a new record");
      assert.deepEqual(Object.keys(back), Object.keys(article), `${article.file}: the same fields, in order`);
      assert.deepEqual(back, article, article.file);
      assert.ok(Object.isFrozen(back) && Object.isFrozen(back.tags) && Object.isFrozen(back.date));
      assert.ok(hasFastProperties(back) && haveSameShape(back, article), `${article.file}: the shape of a validated record`);
      back.places.forEach((place, k) => assert.equal(place, kept.archive?.places.get(article.places[k]?.name ?? ""), "the registry's own place"));
      assert.equal(back.source, kept.archive?.sources.get(article.source.name));
      assert.equal(articleFingerprint(back), articleFingerprint(article));
    });
    assert.deepEqual(kept.problems, fresh.problems);
  });
});

describe("validation on a thread beside the loader", () => {
  it("gives the records, problems, body warnings, fingerprints and leads the main thread gives, and the same list for the next build", async () => {
    const articles: Record<string, string> = {};
    for (let i = 0; i < 12; i++) articles[`2021/2021-10-${String(10 + i).padStart(2, "0")}-a${i}.md`] = articleText(validFields({ title: `作风建设第${i}篇`, date: `2021-10-${10 + i}` }), `第${i}篇的正文。\n\n![](tu.png)\n`);
    articles["2021/2021-11-01-crlf.md"] = articleText(validFields({ title: "换行" }), "第一段。\n\n第二段。\n").replaceAll("\n", "\r\n");
    articles["2021/2021-11-02-broken.md"] = articleText(validFields({ date: "2021-13-01", place: "不存在县" }));
    const rootDir = await fixtureProject(articles);
    const dataDir = path.join(rootDir, "content", "_data");
    const registryFiles = await readRegistryFiles(dataDir);
    const registries = registriesFrom(registryFiles, dataDir, rootDir, []);
    assert.ok(registries);
    const files = (await findArticleFiles(path.join(rootDir, "content"))).map((absolute) => ({ absolute, file: path.relative(rootDir, absolute) }));
    const dirs = [await mkdtemp(path.join(tmpdir(), "archive-cache-beside-")), await mkdtemp(path.join(tmpdir(), "archive-cache-here-"))];
    after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
    const [beside, here] = (await Promise.all(dirs.map((dir) => BuildCache.open({ dir, rootDir, contentDir: "content", warn: assert.fail })))) as [BuildCache, BuildCache];

    // The main thread has taken the first three files, and validates them once the thread is done:
    // the list the cache writes is in the files' order all the same.
    const FIRST = 3;
    const next = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(next, 0, FIRST);
    const onThread: ArticleResult[] = [];
    await beside.validateBeside(files, registries, { dataDir, registryFiles }, next, (index, result) => (onThread[index] = result));
    assert.equal(onThread.filter(Boolean).length, files.length - FIRST);
    const validate = articleValidator(registries);
    const validated = (cache: BuildCache) => async ({ file, absolute }: { file: string; absolute: string }) => {
      const bytes = await readFile(absolute);
      return cache.result(file, bytes, registries, () => validate(file, bytes));
    };
    for (const [i, result] of (await Promise.all(files.slice(0, FIRST).map(validated(beside)))).entries()) onThread[i] = result;
    const onMain = await Promise.all(files.map(validated(here)));
    onMain.forEach((expected, i) => {
      if (i < FIRST) return;
      const got = onThread[i] as ArticleResult;
      assert.deepEqual(got.problems, expected.problems, `${files[i]?.file}: problems`);
      const [a, b] = [got.article, expected.article];
      if (!b) return assert.equal(a, undefined, `${files[i]?.file}: no record`);
      assert.ok(a && Object.isFrozen(a) && haveSameShape(a, b), `${b.file}: a frozen record of the validated shape`);
      assert.deepEqual(a, b, b.file);
      assert.equal(a.source, registries.sources.get(b.source.name), "the registry's own newspaper");
      assert.equal(articleFingerprint(a), articleFingerprint(b));
      assert.equal(articleLead(a), articleLead(b));
      assert.deepEqual(beside.bodyWarnings(a, () => assert.fail(`${b.file}: body warnings kept from the thread`)), articleBodyWarnings(b));
      here.bodyWarnings(b, articleBodyWarnings);
    });
    assert.ok(onMain.some((r) => !r.article) && onMain.some((r) => r.article && articleBodyWarnings(r.article).length), "a file with errors, and one with body warnings");

    await Promise.all([beside.save(), here.save()]);
    const [listBeside, listHere] = await Promise.all(dirs.map((dir) => readFile(path.join(dir, "records.jsonl"), "utf8")));
    assert.equal(listBeside, listHere);
  });
});
