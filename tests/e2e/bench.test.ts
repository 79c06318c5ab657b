/**
 * The scale benchmark's pieces work end to end on a tiny corpus: generation, both builds with their
 * stage reports, output counts, the search download, both Hugo sites (when Hugo is installed), the
 * idiomatic Eleventy + Pagefind peer and the JSON. No timing is asserted — figures depend on the machine.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { hugoVersion } from "../../tools/bench.ts";
import { corpusShape } from "../../tools/lib/measure.ts";
import { CHROMIUM } from "../../tools/lib/browser.ts";
import { repoDir, runScriptWith, tempDir } from "../support/project.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

const hasHugo = hugoVersion() !== undefined;
const hasChromium = existsSync(CHROMIUM);

interface Build {
  seconds: number;
  peakBytes: number;
  stages: Record<string, number>;
  output: { files: number; bytes: number; pages: number };
  runs: unknown[];
}
interface BenchJson {
  corpora: {
    count: number;
    skipSearch: Build;
    complete: Build & { searchIndex: { files: number; bytes: number }; firstQuery?: { searchBytes: number } };
    hugo?: Build & { ratio: { pages: number; seconds: number } };
    hugoFull?: Build & { ratio: { files: number; pages: number; seconds: number } };
    eleventy?: Build & { searchIndex: { files: number }; ratio: { pages: number; seconds: number; peakBytes: number } };
    shape: string;
    names: number;
  }[];
}

describe("npm run bench", { timeout: TEST_TIMEOUT_MS }, () => {
  let out: string;
  let stdout: string;
  let json: BenchJson;

  before(async () => {
    out = await tempDir("bench-test-");
    const args = ["--counts", "30", "--out", out, "--peers", hasHugo ? "hugo,hugo-full,eleventy" : "eleventy", ...(hasChromium ? [] : ["--skip-browser"])];
    const result = await runScriptWith("bench", repoDir, args);
    assert.equal(result.status, 0, result.stderr);
    stdout = result.stdout;
    json = JSON.parse(await readFile(path.join(out, "bench.json"), "utf8")) as BenchJson;
  });

  it("measures both builds with the stages the build reports", () => {
    const [corpus] = json.corpora;
    assert.ok(corpus);
    assert.equal(corpus.count, 30);
    for (const build of [corpus.skipSearch, corpus.complete]) {
      assert.equal(build.runs.length, 1);
      assert.ok(build.seconds > 0 && build.peakBytes > 0);
      assert.ok(Object.keys(build.stages).length > 0);
      for (const [name, s] of Object.entries(build.stages)) assert.ok(s >= 0, name);
      // Every article has a page, and the index pages come on top.
      assert.ok(build.output.pages > 30, `${build.output.pages} pages`);
    }
    assert.equal(corpus.skipSearch.output.pages, corpus.complete.output.pages);
    assert.ok(corpus.complete.searchIndex.files > 0 && corpus.complete.searchIndex.bytes > 0);
    assert.ok(existsSync(path.join(out, "30", "_site", "pagefind")));
    assert.ok(!existsSync(path.join(out, "30", "_pages", "pagefind")));
  });

  it("prints a table with every stage", () => {
    const [corpus] = json.corpora;
    assert.match(stdout, /articles\s+30/);
    for (const stage of Object.keys(corpus?.complete.stages ?? {})) assert.match(stdout, new RegExp(`^\\s+${stage}\\s`, "m"));
    assert.match(stdout, /pages written \(HTML\)/);
  });

  it("measures what a browser downloads for a first query", { skip: !hasChromium && "no Chromium" }, () => {
    assert.ok((json.corpora[0]?.complete.firstQuery?.searchBytes ?? 0) > 0);
  });

  it("builds the same articles with Hugo and compares pages", { skip: !hasHugo && "hugo is not on PATH" }, async () => {
    const hugo = json.corpora[0]?.hugo;
    assert.ok(hugo);
    assert.ok(hugo.output.pages > 30, `${hugo.output.pages} Hugo pages`);
    assert.ok(hugo.ratio.pages > 0 && hugo.ratio.seconds > 0);
    // The article body is rendered, and the registries in content/_data/ are not published.
    assert.match(await anArticle(path.join(out, "30", "_hugo")), /<p>[^<]{20,}/);
    assert.ok(!existsSync(path.join(out, "30", "_hugo", "_data")));
    assert.match(stdout, /ours without search index \/ Hugo/);
  });

  it("builds the same articles with Hugo into the same kinds of files as ours", { skip: !hasHugo && "hugo is not on PATH" }, async () => {
    const [corpus] = json.corpora;
    const full = corpus?.hugoFull;
    assert.ok(full && corpus?.hugo);
    assert.ok(full.output.files > corpus.hugo.output.files, `${full.output.files} files against the minimal site's ${corpus.hugo.output.files}`);
    assert.ok(full.ratio.files > 0 && full.ratio.pages > 0 && full.ratio.seconds > 0);
    const site = path.join(out, "30", "_hugo-full");
    // Each article's three citation files beside its page.
    const year = (await readdir(site)).find((y) => /^\d{4}$/.test(y)) as string;
    const article = path.join(site, year, (await readdir(path.join(site, year))).find((a) => a.startsWith("a-")) as string);
    const title = /<h1>([^<]+)<\/h1>/.exec(await readFile(path.join(article, "index.html"), "utf8"))?.[1] as string;
    assert.match(await readFile(path.join(article, "citation.bib"), "utf8"), /^@article\{/);
    assert.match(await readFile(path.join(article, "citation.ris"), "utf8"), new RegExp(`^TI  - ${title}$`, "m"));
    assert.equal((JSON.parse(await readFile(path.join(article, "citation.json"), "utf8")) as { title: string }[])[0]?.title, title);
    // The open data: every article with its text, and the registries.
    const records = JSON.parse(await readFile(path.join(site, "data", "articles.json"), "utf8")) as { text: string }[];
    assert.equal(records.length, 30);
    assert.ok(records.every((r) => r.text.length > 20));
    assert.ok(!existsSync(path.join(site, "data", "articles.jsonl")));
    assert.equal((await readFile(path.join(site, "data", "articles.csv"), "utf8")).trim().split("\r\n").length, 31);
    assert.ok((JSON.parse(await readFile(path.join(site, "data", "newspapers.json"), "utf8")) as unknown[]).length > 0);
    // Feeds for the archive, each place and each tag, not for reporters; date, issue and old-path pages.
    for (const feed of ["feed.xml", "feed.json"]) {
      assert.ok(existsSync(path.join(site, feed)), feed);
      assert.ok((await filesNamed(path.join(site, "places"), feed)) > 0 && (await filesNamed(path.join(site, "tags"), feed)) > 0, feed);
      assert.equal(await filesNamed(path.join(site, "authors"), feed), 0, feed);
    }
    for (const taxonomy of ["months", "days", "issues"]) assert.ok((await readdir(path.join(site, taxonomy))).length > 1, taxonomy);
    assert.match(await readFile(path.join(site, "archive", year, "index.html"), "utf8"), new RegExp(`http-equiv="refresh" content="0; url=[^"]*/${year}/"`));
    assert.match(stdout, /ours without search index \/ Hugo, the same kinds of files/);
  });

  it("builds the same articles the idiomatic Eleventy way, indexes them with Pagefind and gives the ratio", async () => {
    const [corpus] = json.corpora;
    const peer = corpus?.eleventy;
    assert.ok(peer);
    assert.deepEqual(Object.keys(peer.stages), ["eleventy", "pagefind"]);
    assert.ok(peer.output.pages > 30, `${peer.output.pages} Eleventy pages`);
    assert.ok(peer.searchIndex.files > 0);
    assert.ok(peer.ratio.seconds > 0 && peer.ratio.pages > 0 && peer.ratio.peakBytes > 0);
    // An article page with its rendered body inside Pagefind's indexed region, and a paginated tag.
    const site = path.join(out, "30", "_peer");
    const year = (await readdir(path.join(site, "articles"))).find((y) => /^\d{4}$/.test(y)) as string;
    const article = (await readdir(path.join(site, "articles", year)))[0] as string;
    assert.match(await readFile(path.join(site, "articles", year, article, "index.html"), "utf8"), /<article data-pagefind-body>[\s\S]*<p>[^<]{20,}/);
    assert.ok(existsSync(path.join(site, "tags", "index.html")) && existsSync(path.join(site, "archive", "index.html")));
    assert.match(stdout, /ours complete \/ Eleventy \+ Pagefind/);
    assert.match(stdout, /per article/);
    assert.equal(corpus?.shape, "real");
    assert.ok((corpus?.names ?? 0) > 30);
  });

  it("shapes corpora like the README's figures", () => {
    assert.deepEqual(corpusShape(10_000), { tags: 2000, authors: 2000 });
    assert.deepEqual(corpusShape(100_000), { tags: 2000, authors: 2000 });
    assert.deepEqual(corpusShape(1000), { tags: 200, authors: 200 });
    assert.deepEqual(corpusShape(30), { tags: 40, authors: 60 });
  });
});

/** How many files named `name` are in `dir` and its folders. */
async function filesNamed(dir: string, name: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name === name).length;
}

/** One article page of Hugo's output (/<year>/a-<n>/). */
async function anArticle(site: string): Promise<string> {
  for (const year of await readdir(site)) {
    if (!/^\d{4}$/.test(year)) continue;
    for (const slug of await readdir(path.join(site, year))) {
      if (slug.startsWith("a-")) return readFile(path.join(site, year, slug, "index.html"), "utf8");
    }
  }
  return "";
}
