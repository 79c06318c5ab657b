/**
 * Search benchmark: builds a generated archive with and without the search index and reports
 * what the index costs (seconds, peak memory of the whole process tree — Pagefind's indexer runs
 * as a child process), its size, and the bytes a browser downloads for a first and a later query.
 * With --baseline it also runs plain Pagefind (its own Chinese segmentation) over the same pages.
 *
 *   npx tsx tools/bench-search.ts --count 10000 [--baseline] [--out /tmp/bench-search]
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateCorpus } from "./generate-corpus.ts";
import { corpusShape, folderStats, kb, mb, measure, runBuild, searchDownloads } from "./lib/measure.ts";

const repo = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: { count: { type: "string", default: "10000" }, out: { type: "string" }, baseline: { type: "boolean", default: false }, queries: { type: "string" } },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) {
  console.error("--count must be a whole number of articles");
  process.exit(2);
}
const out = path.resolve(values.out ?? `/tmp/bench-search-${count}`);
const folderBytes = async (dir: string) => (await folderStats(dir)).bytes;

console.log(`generating ${count} articles into ${out} …`);
await rm(out, { recursive: true, force: true });
await generateCorpus({ count, outDir: out, seed: 1, shape: "light", ...corpusShape(count) });

const pagesOnly = await runBuild(out, { SKIP_SEARCH: "1", OUTPUT_DIR: path.join(out, "_pages") });
if (pagesOnly.status !== 0) throw new Error(pagesOnly.stderr);
const full = await runBuild(out);
if (full.status !== 0) throw new Error(full.stderr);
const indexBytes = await folderBytes(path.join(out, "_site", "pagefind"));

// What a reader's browser downloads: from opening /search/ to the first results, then later queries.
const perQuery = await searchDownloads(path.join(out, "_site"), (values.queries ?? "营商环境,乐陵市,作风,市").split(","));

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
