/**
 * `npm run build` runs the build (build.ts) in a child process and watches it. V8's out-of-memory
 * death is fatal and cannot be caught inside the process that runs out: the child would die with
 * a page of GC traces and no word of where it was or what to do. This parent, which loads nothing
 * but Node's own modules (its memory is Node's start-up, a few tens of MB), learns from the child
 * which stage it is in (`reportStage`, called by the build's Metrics) and, if the child dies of
 * memory, prints one line naming the stage and the setting that helps, removes the child's
 * half-written folder and exits non-zero: the published folder stays as the last good build left it.
 *
 * Everything else passes through unchanged: the child's stdout is ours, its stderr is relayed line
 * by line (only V8's out-of-memory report is held back), its exit status is ours, and Ctrl-C or
 * a termination reaches it.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";

/** What the build child tells its parent. */
export type BuildReport = { stage: string } | { output: string; heapLimit: number } | { tmpDir: string };

/** The child's side: tells the supervising parent, if there is one, where it is (a parent gone is no error). */
export function reportToSupervisor(report: BuildReport): void {
  if (process.connected) process.send?.(report, undefined, {}, () => undefined);
}

/** The child's side, first: the folder it publishes (for messages) and its heap limit. */
export function reportStart(output: string): void {
  reportToSupervisor({ output, heapLimit: getHeapStatistics().heap_size_limit });
}

/**
 * The child's side, for a thread of the build whose heap ran out: Node ends such a thread, not the
 * process, so the build ends itself as V8 would have (V8's words, then an abort), and the
 * supervising parent prints its one line naming `stage`.
 */
export async function endOutOfMemory(stage: string): Promise<never> {
  if (process.connected) await new Promise<void>((resolve) => process.send?.({ stage } satisfies BuildReport, undefined, {}, () => resolve()));
  process.stderr.write(`\n${V8_REPORT}\nFATAL ERROR: JS heap out of memory (a thread of the build, while ${STAGES[stage] ?? stage})\n`, () => process.abort());
  return new Promise<never>(() => undefined);
}

/** How the one line names each stage (Metrics' stage names: src/build/plugin.ts, src/render/pages.ts PageKind). */
const STAGES: Record<string, string> = {
  load: "loading and validating the articles",
  site: "building the site model (indexes, related articles)",
  articles: "writing the article pages",
  citations: "writing the citation files",
  feeds: "writing the feeds",
  indexes: "writing the index pages",
  data: "writing the open data files in /data/",
  redirects: "writing the redirects",
  other: "writing the home, search and 404 pages",
  sitemap: "writing the sitemap",
  admin: "writing /admin/",
  search: "building the search index",
  checks: "checking the links",
  cache: "saving the build cache",
};

/** The start of V8's report when the heap is exhausted, and the words that say it was memory. */
const V8_REPORT = "<--- Last few GCs --->";
const OUT_OF_MEMORY = /heap out of memory|Allocation failed|Reached heap limit/;

const MB = 1024 * 1024;

/**
 * The one line for a child that ran out of memory: the stage, the limit it ran into and a larger
 * one to try (twice the limit, in whole GB), warning when that is more than this machine has.
 */
export function outOfMemoryLine(stage: string | undefined, heapLimit: number | undefined, output: string, machineBytes = totalmem()): string {
  const where = stage ? `while ${STAGES[stage] ?? stage}` : "before its first stage";
  const limit = heapLimit ? ` (Node's heap limit here is ${Math.round(heapLimit / MB).toLocaleString("en")} MB)` : "";
  const more = Math.max(4096, Math.ceil(((heapLimit ?? 2048 * MB) * 2) / (1024 * MB)) * 1024);
  const room = more * MB > machineBytes * 0.9 ? `, on a machine with more than this one's ${Math.round(machineBytes / (1024 * MB))} GB` : "";
  return `build ran out of memory ${where}${limit}: give Node more with NODE_OPTIONS=--max-old-space-size=${more}${room}; ${output}/ was not changed`;
}

/**
 * The build's heap settings, before this process's own flags, which may override them. Most of
 * what a build allocates lives for one page or one record: a larger young generation lets more of
 * it die there between scavenges (`tools/bench-cache.ts` measures it). How far the old generation
 * grows is set by the build as it goes (src/build/heap.ts).
 */
export const HEAP_SETTINGS = ["--max-semi-space-size=32"];

/** Runs `entry` (the build) with this process's Node flags and arguments; resolves to the exit status to end with. */
export async function superviseBuild(entry: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...HEAP_SETTINGS, ...process.execArgv, entry, ...args], { stdio: ["inherit", "inherit", "pipe", "ipc"] });
  let stage: string | undefined;
  let output = "_site";
  let heapLimit: number | undefined;
  let tmpDir: string | undefined;
  child.on("message", (report: BuildReport) => {
    if ("stage" in report) stage = report.stage;
    else if ("tmpDir" in report) tmpDir = report.tmpDir;
    else ({ output, heapLimit } = report);
  });

  // Relayed line by line; from V8's report on, held back, to be shown only if it was not memory.
  let partial = "";
  let held: string | undefined;
  const stderr = child.stderr as NodeJS.ReadableStream;
  stderr.setEncoding("utf8");
  stderr.on("data", (chunk: string) => {
    if (held !== undefined) {
      held += chunk;
      return;
    }
    const text = partial + chunk;
    const cut = text.lastIndexOf("\n") + 1;
    partial = text.slice(cut);
    const lines = text.slice(0, cut);
    const report = lines.indexOf(V8_REPORT) >= 0 ? lines.indexOf(V8_REPORT) : partial.indexOf(V8_REPORT) >= 0 ? cut + partial.indexOf(V8_REPORT) : -1;
    if (report < 0) {
      process.stderr.write(lines);
      return;
    }
    // V8's report opens with a blank line: it is held back with the report.
    const before = text.slice(0, report);
    const lineStart = before.lastIndexOf("\n") + 1;
    process.stderr.write(before.slice(0, lineStart).replace(/(^|\n)\n+$/, "$1"));
    held = text.slice(lineStart);
    partial = "";
  });

  // Ctrl-C reaches the child from the terminal itself; a signal sent to this process alone is passed on.
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, forward(signal));

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("close", (c, s) => resolve([c, s])));
  const rest = (held ?? "") + partial;
  // A build that ends by itself has cleaned up; one killed has not.
  if (signal && tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  if (signal && OUT_OF_MEMORY.test(rest)) {
    process.stderr.write(`${outOfMemoryLine(stage, heapLimit, output)}\n`);
    return 1;
  }
  process.stderr.write(rest);
  if (signal === "SIGKILL") process.stderr.write(`build was killed (SIGKILL) while ${stage ? (STAGES[stage] ?? stage) : "starting"}: if the machine ran out of memory, see the README (Performance); ${output}/ was not changed\n`);
  else if (signal) process.stderr.write(`build stopped by ${signal}; ${output}/ was not changed\n`);
  return code ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await superviseBuild(fileURLToPath(new URL("./build.ts", import.meta.url)), process.argv.slice(2));
}
