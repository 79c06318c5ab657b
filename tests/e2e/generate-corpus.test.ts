import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { CorpusOptionsError, generateCorpus } from "../../tools/generate-corpus.ts";
import type { Article } from "../../src/content/article.ts";
import type { Archive } from "../../src/content/load.ts";
import { loadArchive } from "../../src/content/load.ts";
import { listFiles, repoDir, runScriptWith, tempDir, type RunResult } from "../support/project.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

const corpusDir = () => tempDir("corpus-test-");

/** Runs the generator as a command, as a developer would. */
const runGenerator = (args: string[]): Promise<RunResult> => runScriptWith("generate-corpus", repoDir, args);

const articleFiles = async (dir: string) => (await listFiles(path.join(dir, "content"))).filter((f) => !f.startsWith("_data/"));

async function sameTree(a: string, b: string): Promise<boolean> {
  const files = await listFiles(a);
  if (JSON.stringify(files) !== JSON.stringify(await listFiles(b))) return false;
  for (const file of files) {
    // latin1 maps each byte to one character, so equal strings mean equal bytes.
    if ((await readFile(path.join(a, file), "latin1")) !== (await readFile(path.join(b, file), "latin1"))) return false;
  }
  return true;
}

describe("the corpus generator's light shape (the earlier corpus)", { timeout: TEST_TIMEOUT_MS }, () => {
  let dir = "";
  let archive: Archive | undefined;
  before(async () => {
    dir = await corpusDir();
    const result = await generateCorpus({ count: 300, outDir: dir, seed: 1, shape: "light" });
    assert.equal(result.files, 300);
    assert.ok(result.bytes > 300 * 1000, `only ${result.bytes} bytes`);
    const loaded = await loadArchive({ rootDir: dir });
    assert.deepEqual(loaded.problems, []);
    archive = loaded.archive;
  });

  it("writes the real registries and 300 article files named content/<year>/<date>-<n>.md", async () => {
    assert.deepEqual(await listFiles(path.join(dir, "content", "_data")), ["places.yaml", "site.yaml", "sources.yaml"]);
    for (const name of ["places.yaml", "site.yaml", "sources.yaml"]) {
      assert.equal(await readFile(path.join(dir, "content", "_data", name), "latin1"), await readFile(path.join(repoDir, "content", "_data", name), "latin1"));
    }
    const files = await articleFiles(dir);
    assert.equal(files.length, 300);
    for (const file of files) assert.match(file, /^(\d{4})\/\1-\d\d-\d\d-\d+\.md$/);
    assert.equal(new Set(files.map((f) => /-(\d+)\.md$/.exec(f)?.[1])).size, 300);
  });

  it("makes an archive that loads with no problems: 300 articles, 40 tags, at most 60 reporters, every source", () => {
    assert.ok(archive);
    assert.equal(archive.articles.length, 300);
    assert.equal(archive.tagSlugs.size, 40);
    assert.ok(archive.authorSlugs.size <= 60 && archive.authorSlugs.size >= 30, `${archive.authorSlugs.size} reporters`);
    assert.deepEqual(new Set(archive.articles.map((a) => a.source.name)), new Set(archive.sources.keys()));
    const places = new Set(archive.articles.flatMap((a) => a.places.map((p) => p.name)));
    assert.ok(places.size >= 10, `only ${places.size} places`);
    for (const a of archive.articles) {
      assert.ok(a.date.year >= 2019 && a.date.year <= 2022, `${a.file} is dated ${a.date.iso}`);
      assert.ok(a.places.length >= 1 && a.places.length <= 2, a.file);
      assert.ok(a.tags.length >= 2 && a.tags.length <= 5, a.file);
      assert.ok(a.authors.length >= 1 && a.authors.length <= 2, a.file);
    }
    assert.deepEqual(new Set(archive.articles.map((a) => a.date.year)), new Set([2019, 2020, 2021, 2022]));
  });

  it("writes headlines of 10–24 characters, never two alike on one day, and a slug a-<n> from each file's number", () => {
    assert.ok(archive);
    const seen = new Set<string>();
    for (const a of archive.articles) {
      assert.ok(a.title.length >= 10 && a.title.length <= 24, `${a.file}: ${a.title}`);
      assert.ok(!seen.has(`${a.date.iso} ${a.title}`), `${a.file}: ${a.title} twice on ${a.date.iso}`);
      seen.add(`${a.date.iso} ${a.title}`);
      assert.equal(a.slug, `a-${/-(\d+)\.md$/.exec(a.file)?.[1]}`);
    }
  });

  it("writes bodies of Chinese sentences from the seed articles, with some headings, photo captions and optional fields", () => {
    assert.ok(archive);
    const bodies = archive.articles.map((a) => a.body);
    assert.ok(bodies.every((b) => /[。！？]/.test(b) && !b.includes("〔原文缺损〕")));
    assert.ok(bodies.some((b) => /^## \S/m.test(b)));
    assert.ok(bodies.some((b) => /^::: photo\n.+\n:::$/m.test(b)));
    const share = (pred: (a: Article) => boolean) => archive?.articles.filter(pred).length ?? 0;
    assert.ok(share((a) => a.subtitle !== undefined) > 40 && share((a) => a.subtitle !== undefined) < 150);
    assert.ok(share((a) => a.page !== undefined) > 120 && share((a) => a.page !== undefined) < 240);
    assert.ok(share((a) => a.correspondents.length > 0) > 0 && share((a) => a.editor !== undefined) > 0);
  });

  it("writes byte-identical files for the same options, and different files for another seed", async () => {
    const again = await corpusDir();
    await generateCorpus({ count: 300, outDir: again, seed: 1, shape: "light" });
    assert.ok(await sameTree(path.join(dir, "content"), path.join(again, "content")), "same seed, different output");
    const other = await corpusDir();
    await generateCorpus({ count: 300, outDir: other, seed: 2, shape: "light" });
    assert.ok(!(await sameTree(path.join(dir, "content"), path.join(other, "content"))), "another seed gave the same output");
  });

  it("honours the tag, reporter and year options", async () => {
    const custom = await corpusDir();
    await generateCorpus({ count: 120, outDir: custom, seed: 3, tags: 75, authors: 8, startYear: 2020, years: 2, shape: "light" });
    const { archive: small, problems } = await loadArchive({ rootDir: custom });
    assert.deepEqual(problems, []);
    assert.ok(small);
    assert.equal(small.tagSlugs.size, 75);
    assert.ok(small.authorSlugs.size <= 8);
    assert.deepEqual(new Set(small.articles.map((a) => a.date.year)), new Set([2020, 2021]));
  });

  it("replaces a corpus it made before, and refuses a content folder it did not make", async () => {
    const reused = await corpusDir();
    await generateCorpus({ count: 50, outDir: reused });
    await generateCorpus({ count: 20, outDir: reused });
    assert.equal((await articleFiles(reused)).length, 20);

    const foreign = await corpusDir();
    await mkdir(path.join(foreign, "content", "2021"), { recursive: true });
    await writeFile(path.join(foreign, "content", "2021", "mine.md"), "keep me\n");
    await assert.rejects(generateCorpus({ count: 5, outDir: foreign }), CorpusOptionsError);
    assert.equal(await readFile(path.join(foreign, "content", "2021", "mine.md"), "utf8"), "keep me\n");
  });

  it("refuses to write into this checkout or its content folder", async () => {
    await assert.rejects(generateCorpus({ count: 5, outDir: repoDir }), /refusing to write into this checkout/);
    const inside = path.join(repoDir, "content", "corpus-test-never");
    await assert.rejects(generateCorpus({ count: 5, outDir: inside }), /refusing to write into this checkout/);
    assert.equal(existsSync(inside), false);
  });
});

describe("the corpus generator's default shape, like a real archive", { timeout: TEST_TIMEOUT_MS }, () => {
  const count = 2000;
  let dir = "";
  let archive: Archive | undefined;
  let warnings: string[] = [];
  let sizes: number[] = [];
  let result: Awaited<ReturnType<typeof generateCorpus>>;
  before(async () => {
    dir = await corpusDir();
    result = await generateCorpus({ count, outDir: dir, seed: 1 });
    const loaded = await loadArchive({ rootDir: dir });
    assert.deepEqual(loaded.problems.filter((p) => p.severity !== "warning"), []);
    warnings = loaded.problems.map((p) => `${p.field}: ${p.message}`);
    archive = loaded.archive;
    const files = await articleFiles(dir);
    sizes = (await Promise.all(files.map(async (f) => (await readFile(path.join(dir, "content", f))).length))).sort((a, b) => a - b);
  });

  it("writes articles of about 10 KB of Markdown on average, short and long ones as among the seed articles", () => {
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    const median = sizes[Math.floor(sizes.length / 2)] as number;
    assert.ok(mean > 8000 && mean < 12_000, `mean ${mean} bytes`);
    assert.equal(result.bytes, sizes.reduce((a, b) => a + b, 0));
    // The seed bodies run from 1.6 to 12.3 KB: a few long features, many short reports.
    assert.ok((sizes[0] as number) < median / 2 && (sizes.at(-1) as number) > median * 2.5, `${sizes[0]} … ${median} … ${sizes.at(-1)}`);
  });

  it("names about 1.6 distinct reporters and correspondents per article, and a few prolific reporters", () => {
    assert.ok(archive);
    const names = new Set(archive.articles.flatMap((a) => [...a.authors, ...a.correspondents]));
    assert.equal(result.names, names.size);
    assert.ok(names.size > count * 1.4 && names.size < count * 1.8, `${names.size} names`);
    assert.equal(result.reporters, archive.authorSlugs.size);
    const perReporter = new Map<string, number>();
    for (const a of archive.articles) for (const name of a.authors) perReporter.set(name, (perReporter.get(name) ?? 0) + 1);
    assert.ok(Math.max(...perReporter.values()) >= 10, "no reporter signs many articles");
    const counts = [...perReporter.values()].sort((x, y) => x - y);
    assert.ok((counts[Math.floor(counts.length / 2)] as number) <= 3, "most reporters should sign only a few articles");
    assert.ok(archive.articles.some((a) => a.authors.length === 3) && archive.articles.some((a) => a.correspondents.length === 3));
  });

  it("uses count / 5 tags, and lets a few articles share a title, which check reports as warnings", () => {
    assert.ok(archive);
    assert.equal(archive.tagSlugs.size, count / 5);
    assert.equal(result.tags, count / 5);
    const shared = warnings.filter((w) => w.startsWith("title: the same title as"));
    assert.ok(shared.length >= 1 && shared.length <= count / 100, `${shared.length} shared titles`);
    assert.equal(warnings.length, shared.length, warnings.join("\n"));
  });

  it("writes byte-identical files for the same options, and the light shape on request", async () => {
    const again = await corpusDir();
    await generateCorpus({ count, outDir: again, seed: 1 });
    assert.ok(await sameTree(path.join(dir, "content"), path.join(again, "content")), "same options, different output");
    const light = await corpusDir();
    const lighter = await generateCorpus({ count: 50, outDir: light, seed: 1, shape: "light" });
    const real = await corpusDir();
    const heavier = await generateCorpus({ count: 50, outDir: real, seed: 1 });
    assert.ok(lighter.bytes < heavier.bytes, `${lighter.bytes} vs ${heavier.bytes}`);
    await assert.rejects(generateCorpus({ count: 5, outDir: await corpusDir(), shape: "heavy" as "real" }), /shape must be one of real, light/);
  });
});

describe("the generate-corpus command", { timeout: TEST_TIMEOUT_MS }, () => {
  it("writes the articles and says how many, how large and how long it took", async () => {
    const dir = await corpusDir();
    const result = await runGenerator(["--count", "40", "--out", dir, "--seed", "9", "--tags", "12", "--authors", "5"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^wrote 40 articles \(\d+\.\d MB; 12 tags, \d+ reporters, \d+ reporters and correspondents\) to .+content in \d+\.\d\d s\n$/);
    assert.equal((await articleFiles(dir)).length, 40);
    const { archive } = await loadArchive({ rootDir: dir });
    assert.equal(archive?.tagSlugs.size, 12);
  });

  it("refuses a count that is not a number, an unknown flag and a missing --out with exit status 2", async () => {
    const dir = await corpusDir();
    const bad = await runGenerator(["--count", "abc", "--out", dir]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--count must be a whole number, got "abc"/);
    assert.match(bad.stderr, /usage: /);
    assert.equal(existsSync(path.join(dir, "content")), false);
    assert.equal((await runGenerator(["--count", "5", "--out", dir, "--colour", "red"])).status, 2);
    assert.equal((await runGenerator(["--count", "5"])).status, 2);
    assert.equal((await runGenerator(["--count", "5", "--out", path.join(repoDir, "content")])).status, 2);
  });
});
