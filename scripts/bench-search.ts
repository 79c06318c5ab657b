/**
 * Search benchmark: builds a generated archive with and without the search index and reports
 * what the index costs (seconds, peak memory of the whole process tree — Pagefind's indexer runs
 * as a child process), its size, and the bytes a browser downloads for a first and a later query.
 * With --baseline it also runs plain Pagefind (its own Chinese segmentation) over the same pages.
 *
 *   npx tsx scripts/bench-search.ts --count 10000 [--baseline] [--out /tmp/bench-search]
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { generateCorpus } from "./generate-corpus.ts";
import { kb, mb, measure } from "./lib/measure.ts";
import { serveStatic } from "../tests/support/server.ts";
import { listFiles } from "../tests/support/project.ts";
import { stat } from "node:fs/promises";

const repo = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: { count: { type: "string", default: "10000" }, out: { type: "string" }, baseline: { type: "boolean", default: false }, queries: { type: "string", default: "营商环境,乐陵市,作风,市" } },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) {
  console.error("--count must be a whole number of articles");
  process.exit(2);
}
const out = path.resolve(values.out ?? `/tmp/bench-search-${count}`);
const tsx = fileURLToPath(import.meta.resolve("tsx"));
const build = (env: Record<string, string>) =>
  measure(process.execPath, ["--import", tsx, path.join(repo, "scripts", "build.ts")], { cwd: out, env: { ...process.env, ...env } });

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const f of await listFiles(dir)) total += (await stat(path.join(dir, f))).size;
  return total;
}

console.log(`generating ${count} articles into ${out} …`);
await rm(out, { recursive: true, force: true });
await generateCorpus({ count, outDir: out, seed: 1, tags: Math.max(40, Math.round(count / 5)), authors: Math.max(60, Math.round(count / 5)) });

const pagesOnly = await build({ SKIP_SEARCH: "1", OUTPUT_DIR: path.join(out, "_pages") });
if (pagesOnly.status !== 0) throw new Error(pagesOnly.stderr);
const full = await build({});
if (full.status !== 0) throw new Error(full.stderr);
const indexBytes = await folderBytes(path.join(out, "_site", "pagefind"));

// What a reader's browser downloads: from opening /search/ to the first results, then a second query.
const server = await serveStatic(path.join(out, "_site"));
const browser = await chromium.launch({ executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
const page = await (await browser.newContext()).newPage();
const queries = (values.queries ?? "营商环境,乐陵市,作风,市").split(",");
const perQuery: { query: string; bytes: number; searchBytes: number; ms: number }[] = [];
const SEARCH_FILES = /\/pagefind\/|\/assets\/search\.js$/;
// Bytes as the server sends them (gzip for text, as static hosts do), from the search page's own load on.
await page.goto(`${server.url}search/`);
await page.waitForSelector("[data-search][data-state=done]");
for (const query of queries) {
  if (perQuery.length > 0) server.resetBytes();
  const t0 = performance.now();
  await page.evaluate(() => document.querySelector("[data-search]")?.setAttribute("data-state", "changing"));
  await page.locator("#search-q").fill(query);
  await page.waitForSelector("[data-search][data-state=done]");
  const ms = performance.now() - t0;
  await page.waitForTimeout(200); // let the last responses finish
  perQuery.push({ query, bytes: server.bytesSent(), searchBytes: server.bytesSent(SEARCH_FILES), ms });
}
await browser.close();
await server.close();

console.log(`\n${count} articles (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
console.log(`build without search index : ${pagesOnly.seconds.toFixed(1)} s, peak ${mb(pagesOnly.peakBytes)}`);
console.log(`build with search index    : ${full.seconds.toFixed(1)} s, peak ${mb(full.peakBytes)} (whole process tree)`);
console.log(`search index               : ~${(full.seconds - pagesOnly.seconds).toFixed(1)} s, ${mb(indexBytes)} on disk`);
perQuery.forEach((q, i) =>
  console.log(
    `${i === 0 ? "first query " : "later query "} ${q.query.padEnd(6, "　")} : ${kb(q.searchBytes)} of search files (pagefind/, search.js)` +
      (i === 0 ? `, ${kb(q.bytes)} with the page and stylesheet` : "") +
      `; ${q.ms.toFixed(0)} ms from typing to results`,
  ),
);

if (values.baseline) {
  const binary = path.join(repo, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended");
  if (!existsSync(binary)) throw new Error(`no Pagefind binary at ${binary}`);
  await rm(path.join(out, "_pages", "pagefind"), { recursive: true, force: true });
  const plain = await measure(binary, ["--site", path.join(out, "_pages")], { cwd: out });
  console.log(`plain Pagefind (zh-CN segmentation) on the same pages: ${plain.seconds.toFixed(1)} s, peak ${mb(plain.peakBytes)}${plain.status === 0 ? "" : ` — failed (exit ${plain.status})`}, ${mb(await folderBytes(path.join(out, "_pages", "pagefind")).catch(() => 0))} on disk`);
}
