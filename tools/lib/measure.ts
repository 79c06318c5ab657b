/**
 * Measuring builds for the benchmarks (tools/bench.ts, tools/bench-search.ts): wall time and
 * the peak memory of a whole process tree, the project build with its per-stage report, output
 * sizes, and what a browser downloads for a search.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SITE_URL } from "../../src/core/urls.ts";
import { serveStatic } from "./server.ts";

export interface Measured {
  readonly seconds: number;
  /** Highest sum of resident memory over the process and all its descendants (Linux /proc). */
  readonly peakBytes: number;
  /**
   * Processor seconds (user and system) of the process and its descendants: the work done, which a
   * busy shared machine changes less than the wall time.
   */
  readonly cpuSeconds: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function processTree(): Promise<Map<number, { parent: number; rss: number }>> {
  const tree = new Map<number, { parent: number; rss: number }>();
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, "utf8");
      // Fields after the command name (which may contain spaces) start after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const parent = Number(fields[1]);
      const rssPages = Number(fields[21]);
      tree.set(Number(name), { parent, rss: rssPages * 4096 });
    } catch {
      // The process ended while we looked.
    }
  }
  return tree;
}

async function treeRss(root: number): Promise<number> {
  const tree = await processTree();
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    total += tree.get(pid)?.rss ?? 0;
    for (const [child, info] of tree) if (info.parent === pid) stack.push(child);
  }
  return total;
}

/**
 * Processor seconds of this process's children that have ended and been waited for (Linux: the
 * cutime and cstime of /proc/self/stat, which hold each child's own children's once it waited for them).
 */
async function childrenCpuSeconds(): Promise<number> {
  const stat = await readFile("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of proc(5), counted from the state (field 3) here; in clock ticks of 1/100 s.
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** Runs a command and measures wall time, processor time and the peak memory of its whole process tree. */
export async function measure(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  const started = performance.now();
  const cpuBefore = await childrenCpuSeconds();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  let peak = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      if (child.pid) peak = Math.max(peak, await treeRss(child.pid));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  running = false;
  await sampler;
  const seconds = (performance.now() - started) / 1000;
  return { seconds, cpuSeconds: (await childrenCpuSeconds()) - cpuBefore, peakBytes: peak, status, stdout, stderr };
}

/** The median of some figures (the mean of the middle two for an even number of them). */
export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

// ---------------------------------------------------------------------------------------------
// Shared by the benchmarks (tools/bench.ts, tools/bench-search.ts)

const repoDir = fileURLToPath(new URL("../..", import.meta.url));
const tsxLoader = fileURLToPath(import.meta.resolve("tsx"));

/**
 * Tags and reporters of a generated corpus of `count` articles: a fifth of the count each, at
 * least 40 tags and 60 reporters (the generator's defaults), at most 2,000 each — the shape of the
 * README's 10,000-article figures (`--tags 2000 --authors 2000`), kept for larger corpora so a
 * tag's or reporter's list grows with the archive as it would in a real one.
 */
export function corpusShape(count: number): { tags: number; authors: number } {
  const fifth = Math.round(count / 5);
  return { tags: Math.min(2000, Math.max(40, fifth)), authors: Math.min(2000, Math.max(60, fifth)) };
}

export interface BuildRun extends Measured {
  /** Seconds per stage as src/cli/build.ts reported them (BUILD_REPORT), in the order they ran. */
  readonly stages: Record<string, number>;
  /** Seconds from the build's start to its report, in-process (the wall time adds starting Node). */
  readonly reportedSeconds?: number;
}

/**
 * Runs the project's production build in `projectDir` as `npm run build` does (src/cli/build-supervisor.ts,
 * which runs src/cli/build.ts with the build's heap setting), measured with `measure`, and reads
 * its per-stage report.
 */
export async function runBuild(projectDir: string, env: Record<string, string> = {}): Promise<BuildRun> {
  const dir = await mkdtemp(path.join(tmpdir(), "build-report-"));
  const report = path.join(dir, "report.json");
  // Every run starts from an empty build cache of its own, as a first build does: a cache left by
  // the previous run would let this one link pages instead of rendering them.
  const cache = await mkdtemp(path.join(projectDir, ".bench-cache-"));
  try {
    const run = await measure(process.execPath, ["--import", tsxLoader, path.join(repoDir, "src", "cli", "build-supervisor.ts")], {
      cwd: projectDir,
      // A benchmark builds a corpus for this machine: the local origin on purpose, so the build
      // neither warns nor (under CI) refuses for want of SITE_URL.
      env: { SITE_URL: DEFAULT_SITE_URL, ...process.env, BUILD_CACHE: cache, ...env, BUILD_REPORT: report },
    });
    if (run.status !== 0) return { ...run, stages: {} };
    const reported = JSON.parse(await readFile(report, "utf8")) as { stages?: Record<string, number>; total?: number };
    return { ...run, stages: reported.stages ?? {}, ...(typeof reported.total === "number" ? { reportedSeconds: reported.total } : {}) };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  }
}

export interface FolderStats {
  readonly files: number;
  readonly bytes: number;
  /** HTML pages, not counting redirect stubs (a page that only holds a meta refresh). */
  readonly pages: number;
}

/** Files, bytes and HTML pages under `dir` (0 for a folder that does not exist). */
export async function folderStats(dir: string): Promise<FolderStats> {
  let files = 0;
  let bytes = 0;
  let pages = 0;
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return [];
      throw e;
    });
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
        continue;
      }
      const { size } = await stat(full);
      files++;
      bytes += size;
      if (entry.name.endsWith(".html") && !(size < 1024 && /http-equiv=["']?refresh/i.test(await readFile(full, "utf8")))) pages++;
    }
  };
  await walk(dir);
  return { files, bytes, pages };
}

export interface QueryDownload {
  readonly query: string;
  /** Everything the server sent: for the first query, from opening /search/ (page, stylesheet …). */
  readonly bytes: number;
  /** Only the search files: pagefind/ and assets/search.js. */
  readonly searchBytes: number;
  /** From typing the query to the results shown. */
  readonly ms: number;
}

/**
 * What a reader's browser downloads for searches on a built site: opens /search/ in Chromium
 * (CHROMIUM_PATH or /usr/bin/chromium) and types each query in turn. The first query's bytes count
 * from the page's own load on; later queries' from the previous results on. Bytes are as a static
 * host sends them (gzip for text; Pagefind's files are compressed already).
 */
export async function searchDownloads(siteDir: string, queries: readonly string[]): Promise<QueryDownload[]> {
  const { launchChromium } = await import("./browser.ts");
  const browser = await launchChromium();
  const server = await serveStatic(siteDir);
  try {
    const page = await (await browser.newContext()).newPage();
    const perQuery: QueryDownload[] = [];
    const SEARCH_FILES = /\/pagefind\/|\/assets\/search\.js$/;
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
    return perQuery;
  } finally {
    await browser.close();
    await server.close();
  }
}
