/**
 * The build cache's benchmark (issue 17, "republishing in seconds"): on an archive, a clean build
 * that fills the cache, then republications — one article added, one article edited, the
 * stylesheet changed, articles added until the search index's newest block is full, and one more,
 * which starts a new block — each timed as a whole command, with the pages it rendered, the files it
 * wrote (output files that are not hard links to the previous build's), peak memory, and the
 * processor time of the build's processes (less changed than the wall time by a busy machine).
 *
 *   npx tsx tools/bench-cache.ts --corpus /tmp/corpus-100k [--work /tmp/bench-cache]
 *                                [--skip-search] [--no-git] [--json FILE]
 *
 * (a corpus made by `npx tsx tools/generate-corpus.ts --count 100000 --out /tmp/corpus-100k`).
 * The corpus is not changed: its content/ is copied into <work>/project as hard links, and an
 * article is edited by writing a new file over its name (a new inode). The builds run a copy of
 * this checkout's generator (<work>/generator: src/, package files, node_modules linked), whose
 * stylesheet the last step changes. --skip-search builds without the search index (SKIP_SEARCH=1).
 * The project is a git repository, each change committed before its build, as a CI runner checks
 * out the commit it builds (the build cache then knows committed articles without reading them);
 * --no-git builds a folder that is not a repository (every article file is read).
 * Each run's 1-minute load average is recorded: figures from a busy machine are not comparable.
 * Last, each build's stages as its report gives them (BUILD_REPORT).
 */
import { spawnSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SITE_URL } from "../src/core/urls.ts";
import { parseOptions } from "../src/cli/args.ts";
import { measure } from "./lib/measure.ts";
import type { PartsJson } from "../src/search/pagefind/layout.ts";

const USAGE = "usage: npx tsx tools/bench-cache.ts --corpus <archive project> [--work /tmp/bench-cache] [--skip-search] [--no-git] [--json FILE]";
const repo = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(import.meta.resolve("tsx"));

function options() {
  try {
    const values = parseOptions(process.argv.slice(2), { corpus: { type: "string" }, work: { type: "string" }, "skip-search": { type: "boolean" }, "no-git": { type: "boolean" }, json: { type: "string" } });
    if (!values.corpus) throw new Error("--corpus is required");
    const corpus = path.resolve(values.corpus);
    if (!existsSync(path.join(corpus, "content"))) throw new Error(`--corpus ${JSON.stringify(values.corpus)} holds no content/ folder`);
    const work = path.resolve(values.work ?? path.join(os.tmpdir(), "bench-cache"));
    return { corpus, work, skipSearch: values["skip-search"] === true, useGit: values["no-git"] !== true, json: values.json ?? path.join(work, "bench-cache.json") };
  } catch (error) {
    console.error(`bench-cache: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** Output files by inode ("find", not Node: hundreds of thousands of files). */
function inodes(dir: string): Map<string, string> {
  const found = spawnSync("find", [dir, "-type", "f", "-printf", "%i %P\\n"], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (found.status !== 0) throw new Error(`find ${dir} failed: ${found.stderr}`);
  const files = new Map<string, string>();
  for (const line of found.stdout.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) files.set(line.slice(space + 1), line.slice(0, space));
  }
  return files;
}

/** content/ of the corpus as hard links (no bytes copied); the registries are copied. */
async function linkTree(from: string, to: string): Promise<void> {
  spawnSync("cp", ["-al", from, to], { stdio: "inherit" });
  if (!existsSync(to)) throw new Error(`could not link ${from} to ${to}`);
}

interface Step {
  readonly step: string;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakBytes: number;
  readonly pages: number;
  readonly rendered: number;
  readonly filesWritten: number;
  readonly files: number;
  /** Lines of the open data's article files read back from the last build's (0 when they were not made again). */
  readonly linesCopied: number;
  /** Articles the search index stage indexed (0 when the index was kept whole). */
  readonly searchIndexed: number;
  /** Article files the build read (the others were known unchanged). */
  readonly articlesRead: number;
  /** Whether the build ended with the heap's growth held tight (src/build/heap.ts) or left to V8. */
  readonly heapTight: boolean;
  readonly stages: Record<string, number>;
  readonly loadBefore: number;
}

const { corpus, work, skipSearch, useGit, json } = options();
await rm(work, { recursive: true, force: true });
await mkdir(work, { recursive: true });
const project = path.join(work, "project");
await mkdir(project);
await linkTree(path.join(corpus, "content"), path.join(project, "content"));
const generator = path.join(work, "generator");
for (const item of ["src", "package.json", "package-lock.json", "tsconfig.json"]) await cp(path.join(repo, item), path.join(generator, item), { recursive: true });
await symlink(path.join(repo, "node_modules"), path.join(generator, "node_modules"));

function git(...args: string[]): void {
  // No automatic gc: it would go on packing 100,000 files in the background of the timed builds.
  const run = spawnSync("git", ["-c", "user.name=bench-cache", "-c", "user.email=bench-cache@example.org", "-c", "gc.auto=0", ...args], { cwd: project, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${run.stderr}`);
}

/** Commits the project's content as it is (not timed), as the commit a CI runner would build. */
function commit(message: string): void {
  if (!useGit) return;
  git("add", "-A");
  git("commit", "-q", "--no-verify", "-m", message);
}

if (useGit) {
  git("init", "-q");
  await writeFile(path.join(project, ".gitignore"), ".cache/\n_site/\n");
  commit("the corpus");
}

const steps: Step[] = [];
let previous = new Map<string, string>();

async function build(step: string): Promise<void> {
  const report = path.join(work, "report.json");
  const loadBefore = os.loadavg()[0] ?? 0;
  const run = await measure(process.execPath, ["--import", tsx, path.join(generator, "src", "cli", "build-supervisor.ts")], {
    cwd: project,
    env: { ...process.env, SITE_URL: DEFAULT_SITE_URL, BUILD_REPORT: report, BUILD_CACHE: ".cache", OUTPUT_DIR: "_site", ...(skipSearch ? { SKIP_SEARCH: "1" } : {}) },
  });
  if (run.status !== 0) throw new Error(`${step}: the build failed:\n${run.stderr.slice(-3000)}`);
  const reported = JSON.parse(await readFile(report, "utf8")) as { pages: number; rendered: number; linesCopied?: number; searchIndexed?: number; articlesRead?: number; heapTight?: number; stages: Record<string, number> };
  const now = inodes(path.join(project, "_site"));
  let written = 0;
  for (const [file, inode] of now) if (previous.get(file) !== inode) written++;
  previous = now;
  const result = { step, seconds: run.seconds, cpuSeconds: run.cpuSeconds, peakBytes: run.peakBytes, pages: reported.pages, rendered: reported.rendered, filesWritten: written, files: now.size, linesCopied: reported.linesCopied ?? 0, searchIndexed: reported.searchIndexed ?? 0, articlesRead: reported.articlesRead ?? 0, heapTight: reported.heapTight === 1, stages: reported.stages, loadBefore };
  steps.push(result);
  console.log(`${step}: ${result.seconds.toFixed(1)} s (processor ${result.cpuSeconds.toFixed(1)} s), ${result.rendered} of ${result.pages} pages rendered, ${written} of ${now.size} files written, ${result.linesCopied} open-data lines copied, ${result.searchIndexed} articles indexed, ${result.articlesRead} article files read, heap ${result.heapTight ? "tight" : "left to V8"}, peak ${(run.peakBytes / 2 ** 30).toFixed(2)} GB (load before ${loadBefore.toFixed(2)})`);
}

/** Replaces a file by a new one (a new inode): the corpus's file, linked into the project, is not touched. */
async function replace(file: string, text: string): Promise<void> {
  await writeFile(`${file}.new`, text);
  await rename(`${file}.new`, file);
}

await build("clean build, filling the cache");

const articles = (await readdir(path.join(project, "content"), { recursive: true })).filter((f) => f.endsWith(".md")).sort();
const newest = path.join(project, "content", articles.at(-1) as string);
const newestText = await readFile(newest, "utf8");
let addedCount = 0;
/** Adds a copy of the newest article under another title and slug (old paths dropped: they would clash). */
async function addArticle(): Promise<void> {
  const slug = `bench-cache-added${addedCount ? `-${addedCount}` : ""}`;
  const added = newestText
    .replace(/^aliases:.*\n(?:[ \t]+-.*\n)*/m, "")
    .replace(/^title: .*$/m, `title: 新增的第${addedCount + 1}篇报道`)
    .replace(/^slug: .*$/m, `slug: ${slug}`);
  await writeFile(path.join(path.dirname(newest), `${slug}.md`), added.includes(`slug: ${slug}`) ? added : added.replace(/^---\n/, `---\nslug: ${slug}\n`));
  addedCount++;
}

await addArticle();
commit("one article added");
await build("one article added");

const middle = path.join(project, "content", articles[Math.floor(articles.length / 2)] as string);
await replace(middle, (await readFile(middle, "utf8")).replace(/^title: (.*)$/m, "title: $1（修订）"));
commit("one article edited");
await build("one article edited");

const css = path.join(generator, "src", "render", "templates", "site.css");
await replace(css, `${await readFile(css, "utf8")}\n.bench-cache { color: inherit; }\n`);
await build("stylesheet changed");

if (!skipSearch) {
  // The search index's newest block filled, then one more article: it starts a new block
  // (search/pagefind/layout.ts, blockNumbering). Its empty slots as the last build wrote them:
  // counting files would count drafts, and the block size is the build's setting.
  const { offset: blockOffset } = JSON.parse(await readFile(path.join(project, "_site", "pagefind", "parts.json"), "utf8")) as PartsJson;
  for (let i = 0; i < blockOffset; i++) await addArticle();
  if (blockOffset > 0) {
    commit("the newest search block filled");
    await build(`${blockOffset} articles added, filling the newest search block`);
  }
  await addArticle();
  commit("one article added, starting a new search block");
  await build("one article added, starting a new search block");
}

await writeFile(json, `${JSON.stringify({ corpus, articles: articles.length, skipSearch, git: useGit, node: process.version, steps }, null, 2)}\n`);
console.log(`\n| step | wall | processor | pages rendered | files written | peak memory | load before |\n|---|---|---|---|---|---|---|`);
for (const s of steps) console.log(`| ${s.step} | ${s.seconds.toFixed(1)} s | ${s.cpuSeconds.toFixed(1)} s | ${s.rendered} of ${s.pages} | ${s.filesWritten} of ${s.files} | ${(s.peakBytes / 2 ** 30).toFixed(2)} GB | ${s.loadBefore.toFixed(2)} |`);
// Each build's stages as it reported them (a stage on a thread of its own overlaps the others).
const stageNames = [...new Set(steps.flatMap((s) => Object.keys(s.stages)))];
console.log(`\n| step | ${stageNames.join(" | ")} |\n|---|${stageNames.map(() => "---|").join("")}`);
for (const s of steps) console.log(`| ${s.step} | ${stageNames.map((name) => (name in s.stages ? `${(s.stages[name] as number).toFixed(1)} s` : "—")).join(" | ")} |`);
console.log(`\nfigures: ${json}; outputs in ${work} (delete when done)`);
