/**
 * Search benchmark: what the search index costs to build, what a reader's browser downloads for
 * a first query, and how long the archive's most frequent 1–4-character queries take to show
 * their first results.
 *
 *   npx tsx tools/bench-search.ts --count 10000 [--baseline] [--out /tmp/bench-search]
 *       generates an archive, builds it with and without the search index, then measures queries
 *       (--baseline also runs plain Pagefind, its own Chinese segmentation, over the same pages);
 *   npx tsx tools/bench-search.ts --corpus /tmp/corpus-100k --out /tmp/site-100k [--reuse] [--search-only]
 *       builds an existing archive (its content/ and registries; e.g. one made by
 *       `npx tsx tools/generate-corpus.ts --count 100000 --out /tmp/corpus-100k`) once into --out (with --reuse,
 *       an earlier build there is measured again), then measures queries. --search-only writes
 *       only what the search page needs (the page, its stylesheet and script, the index), as the
 *       build writes them, in a fraction of a complete build's time.
 *
 * Queries are measured in Chromium on a local static server: the first query's bytes count from
 * opening /search/ until its first results are shown (index files, page, stylesheet, script);
 * then, with the index loaded, each query is typed and timed until its first results are shown
 * (`data-state=done`), and 更多结果 is timed once. The frequent queries are the characters, bigrams,
 * trigrams and four-character strings found in the most articles of a sample of the archive.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateCorpus } from "./generate-corpus.ts";
import { launchChromium } from "./lib/browser.ts";
import { corpusShape, folderStats, kb, mb, measure, runBuild } from "./lib/measure.ts";
import { serveStatic } from "./lib/server.ts";
import { loadArchiveOrThrow } from "../src/content/load.ts";
import { DEFAULT_SITE_URL, links, routes } from "../src/core/urls.ts";
import { buildIndexes } from "../src/site/indexes.ts";
import { relatedArticles } from "../src/site/related.ts";
import { searchPage } from "../src/render/templates/search.ts";
import { faviconSvg } from "../src/render/favicon.ts";
import { bundleSearchClient, writeSiteSearch } from "../src/search/bundle/site-search.ts";

const repo = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    corpus: { type: "string" },
    out: { type: "string" },
    reuse: { type: "boolean", default: false },
    "search-only": { type: "boolean", default: false },
    baseline: { type: "boolean", default: false },
    queries: { type: "string" },
    sample: { type: "string", default: "3000" },
  },
});
const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");

let project: string;
let site: string;
if (values.corpus) {
  project = path.resolve(values.corpus);
  site = path.resolve(values.out ?? `/tmp/bench-search-${path.basename(project)}`);
  if (values.reuse && existsSync(path.join(site, "pagefind", "pagefind-entry.json"))) {
    // measured again as it is
  } else if (values["search-only"]) {
    console.log(`writing the search page and index of ${project} into ${site} … (load ${load()})`);
    const started = performance.now();
    const archive = await loadArchiveOrThrow({ rootDir: project });
    const siteLinks = links(undefined, DEFAULT_SITE_URL);
    await mkdir(path.join(site, "search"), { recursive: true });
    await mkdir(path.join(site, "assets"), { recursive: true });
    await writeFile(path.join(site, "search", "index.html"), searchPage({ archive, indexes: buildIndexes(archive), related: relatedArticles([]), links: siteLinks, route: routes.search() }));
    await copyFile(path.join(repo, "src", "render", "templates", "site.css"), path.join(site, "assets", "site.css"));
    await writeFile(path.join(site, "assets", "favicon.svg"), faviconSvg);
    await bundleSearchClient(path.join(site, "assets", "search.js"));
    const loaded = performance.now();
    const result = await writeSiteSearch(archive, siteLinks, path.join(site, "pagefind"));
    console.log(`loaded and validated in ${((loaded - started) / 1000).toFixed(1)} s; search index written in ${result.seconds.toFixed(1)} s (${result.parts} parts, ${result.chunks} chunks, ${result.words} words)`);
  } else {
    console.log(`building ${project} into ${site} … (load ${load()})`);
    const full = await runBuild(project, { OUTPUT_DIR: site });
    if (full.status !== 0) throw new Error(full.stderr);
    console.log(`complete build: ${full.seconds.toFixed(1)} s, peak ${mb(full.peakBytes)} (whole process tree), search stage ${(full.stages["search"] ?? 0).toFixed(1)} s`);
  }
} else {
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) {
    console.error("--count must be a whole number of articles");
    process.exit(2);
  }
  project = path.resolve(values.out ?? `/tmp/bench-search-${count}`);
  site = path.join(project, "_site");
  console.log(`generating ${count} articles into ${project} …`);
  await rm(project, { recursive: true, force: true });
  await generateCorpus({ count, outDir: project, seed: 1, ...corpusShape(count) });
  const pagesOnly = await runBuild(project, { SKIP_SEARCH: "1", OUTPUT_DIR: path.join(project, "_pages") });
  if (pagesOnly.status !== 0) throw new Error(pagesOnly.stderr);
  const full = await runBuild(project);
  if (full.status !== 0) throw new Error(full.stderr);
  console.log(`build without search index : ${pagesOnly.seconds.toFixed(1)} s, peak ${mb(pagesOnly.peakBytes)}`);
  console.log(`build with search index    : ${full.seconds.toFixed(1)} s, peak ${mb(full.peakBytes)} (whole process tree)`);
  console.log(`search index               : ~${(full.seconds - pagesOnly.seconds).toFixed(1)} s`);
}

const index = path.join(site, "pagefind");
const stats = await folderStats(index);
const parts = JSON.parse(await readFile(path.join(index, "parts.json"), "utf8")) as { parts: string[]; block: number; pages: number };
const facetsBytes = (await stat(path.join(index, "facets.json"))).size;
console.log(`\n${parts.pages} articles (Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z, load ${load()})`);
console.log(`search index: ${stats.files} files, ${mb(stats.bytes)}; ${parts.parts.length + 1} parts, ${parts.block} articles per index page; facets.json ${kb(facetsBytes)} (before gzip)`);

const queries = values.queries ? values.queries.split(",") : ["营商环境", ...(await frequentQueries(path.join(project, "content"), Number(values.sample)))];
console.log(`queries: ${queries.join(" ")}\n`);
for (const row of await measureQueries(site, queries)) console.log(row);

if (values.baseline && !values.corpus) {
  const binary = path.join(repo, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended");
  if (!existsSync(binary)) throw new Error(`no Pagefind binary at ${binary}`);
  const pages = path.join(project, "_pages");
  await rm(path.join(pages, "pagefind"), { recursive: true, force: true });
  const plain = await measure(binary, ["--site", pages], { cwd: project });
  console.log(`plain Pagefind (zh-CN segmentation) on the same pages: ${plain.seconds.toFixed(1)} s, peak ${mb(plain.peakBytes)}${plain.status === 0 ? "" : ` — failed (exit ${plain.status})`}, ${mb((await folderStats(path.join(pages, "pagefind"))).bytes)} on disk`);
}

/**
 * The strings of 1, 2, 3 and 4 Chinese characters found in the most articles of a sample (every
 * n-th article file, `sample` in all): three of each length for 1 and 2, two for 3 and 4.
 */
async function frequentQueries(contentDir: string, sample: number): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith("_")) await walk(path.join(dir, entry.name));
      else if (entry.name.endsWith(".md")) files.push(path.join(dir, entry.name));
    }
  };
  await walk(contentDir);
  files.sort();
  const step = Math.max(1, Math.floor(files.length / sample));
  const counts = [1, 2, 3, 4].map(() => new Map<string, number>());
  for (let i = 0; i < files.length; i += step) {
    const text = await readFile(files[i] as string, "utf8");
    const seen = [1, 2, 3, 4].map(() => new Set<string>());
    for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
      const chars = [...run];
      for (let n = 1; n <= 4; n++) for (let k = 0; k + n <= chars.length; k++) seen[n - 1]?.add(chars.slice(k, k + n).join(""));
    }
    seen.forEach((set, n) => {
      const map = counts[n] as Map<string, number>;
      for (const s of set) map.set(s, (map.get(s) ?? 0) + 1);
    });
  }
  const top = (map: Map<string, number>, k: number) => [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map(([s]) => s);
  return [...top(counts[0] as Map<string, number>, 3), ...top(counts[1] as Map<string, number>, 3), ...top(counts[2] as Map<string, number>, 2), ...top(counts[3] as Map<string, number>, 2)];
}

/** What a download is made of, by kind of file: "index chunks 120 KB (3); …". */
function downloadKinds(files: readonly { path: string; bytes: number }[]): string {
  const kinds: [string, RegExp][] = [
    ["page", /\/search\/$/],
    ["stylesheet, script, icon", /\/assets\//],
    ["parts.json", /parts\.json$/],
    ["pagefind-entry.json", /pagefind-entry\.json$/],
    ["meta files", /\.pf_meta$/],
    ["index chunks", /\.pf_index$/],
    ["fragments", /\.pf_fragment$/],
    ["facets.json", /facets\.json$/],
  ];
  const out = kinds.map(([name, pattern]) => {
    const matching = files.filter((f) => pattern.test(f.path));
    return matching.length ? `${name} ${kb(matching.reduce((sum, f) => sum + f.bytes, 0))} (${matching.length})` : "";
  });
  const other = files.filter((f) => !kinds.some(([, pattern]) => pattern.test(f.path)));
  if (other.length) out.push(`other ${kb(other.reduce((sum, f) => sum + f.bytes, 0))} (${other.length})`);
  return out.filter(Boolean).join("; ");
}

/** Opens /search/ in Chromium and types each query; returns one printed line per query. */
async function measureQueries(siteDir: string, list: readonly string[]): Promise<string[]> {
  const browser = await launchChromium();
  const server = await serveStatic(siteDir);
  const rows: string[] = [];
  try {
    const page = await (await browser.newContext()).newPage();
    const SEARCH_FILES = /\/pagefind\/|\/assets\/search\.js$/;
    const t0 = performance.now();
    await page.goto(`${server.url}search/`);
    await page.waitForSelector("[data-search][data-state=done]", { timeout: 600_000 });
    const loadMs = performance.now() - t0;
    for (const [i, query] of list.entries()) {
      if (i > 0) server.resetBytes();
      await page.evaluate(() => document.querySelector("[data-search]")?.setAttribute("data-state", "changing"));
      const t1 = performance.now();
      await page.locator("#search-q").fill(query);
      await page.waitForSelector("[data-search][data-state=done]", { timeout: 600_000 });
      const ms = performance.now() - t1;
      const status = (await page.locator("[data-search-status]").textContent()) ?? "";
      const found = /找到 (\d+) 篇/.exec(status)?.[1] ?? "0";
      await page.waitForTimeout(200); // let the last responses finish
      const bytes = i === 0 ? `${kb(server.bytesSent())} from opening /search/ (${kb(server.bytesSent(SEARCH_FILES))} of search files; page ready in ${loadMs.toFixed(0)} ms): ${downloadKinds(server.sentFiles())}` : `${kb(server.bytesSent(SEARCH_FILES))} more`;
      // The next page of results (更多结果), when there is one.
      let more = "";
      if (await page.locator("[data-search-more]").isVisible()) {
        const before = await page.locator(".search-hit").count();
        const t2 = performance.now();
        await page.locator("[data-search-more]").click();
        await page.waitForFunction((n) => document.querySelectorAll(".search-hit").length > n, before, { timeout: 600_000 });
        more = `; 更多结果 ${(performance.now() - t2).toFixed(0)} ms`;
      }
      rows.push(`${i === 0 ? "first query" : "then      "} ${query.padEnd(4, "　")} ${found.padStart(7)} articles: first results ${ms.toFixed(0).padStart(5)} ms after typing${more}; ${bytes}`);
    }
    return rows;
  } finally {
    await browser.close();
    await server.close();
  }
}
