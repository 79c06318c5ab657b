/**
 * The scale benchmark (issues 7 and 17): how long the build takes and how much memory it needs as
 * the archive grows, stage by stage, and against its peers on the same articles: Hugo (a minimal
 * site, and one that writes the same kinds of files as ours) and the idiomatic Eleventy + Pagefind
 * project.
 *
 *   npm run bench -- --counts 1000,10000,100000 [--out /tmp/bench] [--runs 1]
 *                    [--peers hugo,hugo-full,eleventy|none] [--peers-up-to 10000] [--shape real|light]
 *                    [--skip-browser] [--reuse] [--json FILE] [--query 营商环境]
 *
 * For each count it generates a seeded corpus (tools/generate-corpus.ts, seed 1) in
 * <out>/<count>/, then runs the production build (src/cli/build.ts) on it as a child process, twice:
 * with SKIP_SEARCH=1 (everything but the search index, into <out>/<count>/_pages/) and complete
 * (into <out>/<count>/_site/; each run writes a folder of its own, see benchCorpus). Each build is measured from outside: wall time and the peak resident
 * memory of the whole process tree (tools/lib/measure.ts), plus the seconds of each stage the
 * build reports (BUILD_REPORT; whatever stages it has, in the order they ran — a stage may run
 * inside another, so stage times need not add up to the total). It then counts the output (files,
 * bytes, HTML pages), the search index (_site/pagefind/), and what Chromium downloads for a first
 * query typed on /search/ (as tools/bench-search.ts does; skip with --skip-browser).
 *
 * Corpus shape (--shape): `real` (default) is the generator's realistic default — seed-article
 * lengths (≈ 10 KB of Markdown an article), about 1.6 distinct reporters and correspondents per
 * article, count / 5 tags (at most 2,000); the same options always give the same
 * files. `light` is the corpus of the README's figures
 * before issue 17: light articles, a fifth of the count in tags and in reporters, at least 40 and
 * 60, at most 2,000 each (tools/lib/measure.ts `corpusShape`).
 *
 * Peers (--peers, default all three, for counts up to --peers-up-to, default 10,000: at 100,000 Hugo
 * needed 14.8 GB and the Eleventy peer more than this machine has):
 * - `eleventy`: tools/peer-eleventy/, the same site the way an Eleventy user builds it (per-file
 *   Nunjucks templates, Eleventy's pagination for every index, then the Pagefind CLI). Its project
 *   (the templates, node_modules linked, the articles hard-linked; see tools/lib/peers.ts) is made
 *   before timing starts; Eleventy and Pagefind are measured one after the other, and the table
 *   gives both stages, their sum and the larger peak. It runs last in each round.
 * - `hugo` and `hugo-full`: as below.
 * The table ends with the ratios the project's targets are stated in: ours without search / Hugo
 * (target < 1) and ours complete / Eleventy + Pagefind (target ≤ 0.5); and ours without search /
 * the Hugo site that writes the same kinds of files, in files, pages and wall time.
 *
 * --runs N repeats every build N times (interleaved: ours without search, the Hugo sites, ours
 * complete, Eleventy + Pagefind) and reports medians; every run's figures are in the JSON. Outputs
 * are deleted before each run (not timed), so no build pays for removing the previous one, and
 * each build starts once the disk has written back the one before (`sync`, not timed). --reuse
 * keeps a corpus generated earlier with the same shape. The table goes to stdout, every figure to
 * --json (default <out>/bench.json).
 * Figures are only comparable between runs on a quiet machine: each run's load average is recorded.
 *
 * Hugo: install it with `apt-get install -y hugo` (Debian 12 has 0.111.3; or any release
 * from https://github.com/gohugoio/hugo/releases on PATH). The minimal site in tools/hugo/ has
 * taxonomies for the articles' tags, place (places), source (newspapers) and authors (reporters),
 * 20 entries per list page, and layouts for the article, list, taxonomy and term pages. Hugo
 * refuses a front-matter `url:` holding a full address (our articles' link to the original), and
 * no Hugo setting changes that, so Hugo reads a copy of content/ (hard links; only the articles with
 * `url:` are rewritten, to `original_url:`; registries left out) made before timing starts:
 *   hugo --source tools/hugo --contentDir <out>/<count>/_hugo-content --destination <out>/<count>/_hugo
 * It runs right after our build without search, measured the same way; the table compares the two
 * (files and pages written and the time ratio, ours / Hugo). Hugo writes no date archive (year,
 * month, day) pages beyond the year sections, nor a city's or the province's page, no citation
 * files, open data or feeds but the archive's, so it writes fewer files.
 *
 * `hugo-full` (tools/hugo-full/) builds the same articles into the same kinds of files as ours, as a
 * Hugo user would: the minimal site is its theme and its configuration is read first
 * (`--config ../hugo/hugo.toml,hugo.toml`), so only what differs is there. Custom output formats
 * write each article's citation.bib, .ris and .json, the Atom and JSON feeds (the archive's, each
 * place's and each tag's, through a `cascade`) and /data/ (articles.json, .csv, the
 * registries read as Hugo data through HUGO_DATADIR, the page describing them); taxonomies give the
 * places (a city's page lists its counties'), months, days and printed issues; year sections and
 * `aliases` give the years and the old /archive/ paths; lists show ledes, articles their related
 * articles, 20 to a page with the minimal site's pager. Its copy of content/ adds the fields Hugo
 * cannot derive (hugoFullContent in tools/lib/peers.ts), so every article there is a copy.
 * It runs right after the minimal site. Hugo keeps the whole site in memory (about 1 GB at
 * 10,000 articles for the minimal one): give it room at 100,000. A failed Hugo build is reported
 * and the benchmark goes on.
 *
 * Outputs stay in <out>/<count>/ for inspection (roughly 10 GB at 100,000 articles with Hugo).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CORPUS_SHAPES, generateCorpus, type CorpusShape } from "./generate-corpus.ts";
import { parseOptions, wholeNumber } from "../src/cli/args.ts";
import { corpusShape, folderStats, measure, median, runBuild, searchDownloads, type BuildRun, type FolderStats, type Measured, type QueryDownload } from "./lib/measure.ts";
import { hugoContent, hugoFullContent, peerProject, runPeer } from "./lib/peers.ts";

const toolsDir = fileURLToPath(new URL(".", import.meta.url));
const USAGE =
  "usage: npm run bench -- --counts 1000,10000 [--out /tmp/bench] [--runs 1] [--peers hugo,hugo-full,eleventy|none] [--peers-up-to 10000] [--shape real|light] [--skip-browser] [--reuse] [--json FILE] [--query 营商环境]";
const PEERS = ["hugo", "hugo-full", "eleventy"] as const;
type Peer = (typeof PEERS)[number];

/**
 * The Hugo sites, each with its configuration files (a later one overrides an earlier one), the
 * copy of content/ it reads, whether it reads our registries as its data, and where its figures
 * go in the JSON. Each writes into <out>/<count>/_<peer>/ from <out>/<count>/_<peer>-content/.
 */
const HUGO_PEERS = {
  hugo: { title: "Hugo", site: "hugo", config: "hugo.toml", content: hugoContent, registries: false, key: "hugo", failedKey: "hugoFailed" },
  "hugo-full": {
    title: "Hugo, the same kinds of files",
    site: "hugo-full",
    config: "../hugo/hugo.toml,hugo.toml",
    content: hugoFullContent,
    registries: true,
    key: "hugoFull",
    failedKey: "hugoFullFailed",
  },
} as const;
type HugoPeer = keyof typeof HUGO_PEERS;
const isHugoPeer = (peer: Peer): peer is HugoPeer => peer in HUGO_PEERS;

interface Options {
  counts: number[];
  out: string;
  runs: number;
  peers: Peer[];
  peersUpTo: number;
  shape: CorpusShape;
  browser: boolean;
  reuse: boolean;
  json: string;
  query: string;
}

/** One measured build: what the JSON keeps of it. */
interface Run {
  seconds: number;
  peakBytes: number;
  stages: Record<string, number>;
  /** The build's own total (from its start in-process to its report); the stages are parts of it. */
  reportedSeconds?: number;
  /** 1-minute load average just before the run (other work on the machine skews the figures). */
  loadBefore: number;
}

interface Build {
  runs: Run[];
  /** Medians over the runs. */
  seconds: number;
  peakBytes: number;
  stages: Record<string, number>;
  output: FolderStats;
}

type HugoBuild = Build & { ratio: { seconds: number; pages: number; files: number } };

interface CorpusResult {
  count: number;
  shape: CorpusShape;
  /** Bytes of Markdown (the article files). */
  bytes: number;
  tags: number;
  /** Distinct reporters (each has a page). */
  authors: number;
  /** Distinct reporters and correspondents. */
  names: number;
  skipSearch: Build;
  /** Absent when our complete build failed (completeFailed says how). */
  complete?: Build & { searchIndex: FolderStats; firstQuery?: QueryDownload };
  /** Why our complete build failed (e.g. out of memory at 100,000 articles before issue 17), if it did. */
  completeFailed?: string;
  /** The minimal Hugo site (tools/hugo/); ratio = ours without search / this. */
  hugo?: HugoBuild;
  /** Why Hugo's build failed (e.g. out of memory), if it did: its figures are then left out. */
  hugoFailed?: string;
  /** The Hugo site that writes the same kinds of files as ours (tools/hugo-full/). */
  hugoFull?: HugoBuild;
  hugoFullFailed?: string;
  /** Idiomatic Eleventy + Pagefind; ratio = ours complete / this. */
  eleventy?: Build & { searchIndex: FolderStats; ratio: { seconds: number; pages: number; peakBytes: number } };
  eleventyFailed?: string;
}

function parseCommandLine(argv: string[]): Options | "help" {
  const values = parseOptions(argv, {
    counts: { type: "string" },
    out: { type: "string" },
    runs: { type: "string" },
    peers: { type: "string" },
    "peers-up-to": { type: "string" },
    shape: { type: "string" },
    // Before issue 17 Hugo was opt-in with --hugo; it now runs by default (see --peers).
    hugo: { type: "boolean" },
    "skip-browser": { type: "boolean" },
    reuse: { type: "boolean" },
    json: { type: "string" },
    query: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  const counts = (values.counts ?? "1000,10000").split(",").map((c) => wholeNumber("counts", c.replaceAll("_", ""), 1));
  const out = path.resolve(values.out ?? "/tmp/bench");
  const peerList = (values.peers ?? PEERS.join(",")).split(",").filter((p) => p && p !== "none");
  for (const p of peerList) if (!(PEERS as readonly string[]).includes(p)) throw new Error(`--peers takes ${PEERS.join(", ")} or none, got ${p}`);
  const shape = values.shape ?? "real";
  if (!(CORPUS_SHAPES as readonly string[]).includes(shape)) throw new Error(`--shape takes ${CORPUS_SHAPES.join(" or ")}, got ${shape}`);
  return {
    counts,
    out,
    runs: wholeNumber("runs", values.runs ?? "1", 1),
    peers: [...new Set([...(peerList as Peer[]), ...(values.hugo ? (["hugo"] as const) : [])])],
    peersUpTo: wholeNumber("peers-up-to", (values["peers-up-to"] ?? "10000").replaceAll("_", ""), 0),
    shape: shape as CorpusShape,
    browser: !values["skip-browser"],
    reuse: values.reuse ?? false,
    json: path.resolve(values.json ?? path.join(out, "bench.json")),
    query: values.query ?? "营商环境",
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

function summarize(runs: Run[], output: FolderStats): Build {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.stages)))];
  const stages = Object.fromEntries(names.map((n) => [n, median(runs.map((r) => r.stages[n] ?? 0))]));
  return { runs, seconds: median(runs.map((r) => r.seconds)), peakBytes: median(runs.map((r) => r.peakBytes)), stages, output };
}

function checked<T extends Measured>(what: string, run: T): T {
  if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status}) after ${seconds(run.seconds)} at a peak of ${size(run.peakBytes)}:\n${(run.stderr || run.stdout).trim().split("\n").slice(-30).join("\n")}`);
  return run;
}

const round3 = (s: number) => Math.round(s * 1000) / 1000;

/** A failure's first line (what failed, after how long, at what peak) and the last lines of its output. */
const lastLines = (message: string) => {
  const lines = message.trim().split("\n");
  return [lines[0], ...lines.slice(1).slice(-3)].join(" | ");
};

const asRun = (m: Measured & Partial<Pick<BuildRun, "stages" | "reportedSeconds">>, loadBefore: number): Run => ({
  seconds: Math.round(m.seconds * 1000) / 1000,
  peakBytes: m.peakBytes,
  stages: m.stages ?? {},
  ...(m.reportedSeconds === undefined ? {} : { reportedSeconds: Math.round(m.reportedSeconds * 1000) / 1000 }),
  loadBefore,
});

/** Hugo's version line, or undefined when `hugo` is not on PATH. */
export function hugoVersion(): string | undefined {
  const result = spawnSync("hugo", ["version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

interface Generated {
  bytes: number;
  tags: number;
  reporters: number;
  names: number;
}

/** The corpus of `count` articles in `dir` (generated, or reused with --reuse); returns what it holds. */
async function generate(dir: string, count: number, shape: CorpusShape, reuse: boolean): Promise<Generated> {
  const options = { count, seed: 1, shape, ...(shape === "light" ? corpusShape(count) : {}) };
  const stamp = path.join(dir, "bench-corpus.json");
  if (reuse && existsSync(stamp)) {
    const saved = JSON.parse(await readFile(stamp, "utf8")) as { options?: unknown; result?: Generated };
    if (JSON.stringify(saved.options) === JSON.stringify(options) && saved.result) {
      console.log(`· ${count} articles: reusing the corpus in ${dir}`);
      return saved.result;
    }
  }
  const started = performance.now();
  const { bytes, tags, reporters, names } = await generateCorpus({ ...options, outDir: dir });
  const result = { bytes, tags, reporters, names };
  await writeFile(stamp, JSON.stringify({ options, result }));
  console.log(
    `· ${count} articles: generated in ${dir} (${size(bytes)}, ${whole(tags)} tags, ${whole(reporters)} reporters, ${whole(names)} reporters and correspondents) in ${seconds((performance.now() - started) / 1000)}`,
  );
  return result;
}

async function benchCorpus(options: Options, count: number, hugo: boolean): Promise<CorpusResult> {
  const dir = path.join(options.out, String(count));
  const generated = await generate(dir, count, options.shape, options.reuse);
  const withPeers = count <= options.peersUpTo;
  const hugoPeers = hugo && withPeers ? options.peers.filter(isHugoPeer) : [];
  const eleventy = withPeers && options.peers.includes("eleventy");
  const pagesDir = path.join(dir, "_pages");
  const siteDir = path.join(dir, "_site");
  const hugoDir = (peer: HugoPeer) => path.join(dir, `_${peer}`);
  const hugoContentDir = (peer: HugoPeer) => path.join(dir, `_${peer}-content`);
  const peerDir = path.join(dir, "_peer");
  const peerProjectDir = path.join(dir, "_peer-project");
  for (const peer of hugoPeers) {
    const { files, rewritten } = await HUGO_PEERS[peer].content(path.join(dir, "content"), hugoContentDir(peer));
    console.log(`· ${count} articles: content for ${HUGO_PEERS[peer].title} in ${hugoContentDir(peer)} (${rewritten} of ${files} files rewritten, see tools/lib/peers.ts)`);
  }
  if (eleventy) {
    const { rewritten } = await peerProject(path.join(dir, "content"), peerProjectDir);
    console.log(`· ${count} articles: the Eleventy + Pagefind project in ${peerProjectDir} (${rewritten} with page: renamed print_page:)`);
  }

  const runs = { skipSearch: [] as Run[], complete: [] as Run[], eleventy: [] as Run[] };
  const hugoRuns: Record<HugoPeer, Run[]> = { hugo: [], "hugo-full": [] };
  const hugoFailed: Partial<Record<HugoPeer, string>> = {};
  let eleventyFailed: string | undefined;
  let completeFailed: string | undefined;
  // Every run writes into a folder of its own, and no output is deleted while builds are timed:
  // deleting tens of thousands of files here (ext4 with discard) slows the file system down for
  // the next build by up to 2x, whichever tool that build is. Leftovers go first, then the disk settles.
  const runDir = (base: string, i: number) => `${base}-run${i + 1}`;
  const leftovers = (await readdir(dir)).filter((f) => /^_(pages|site|hugo|hugo-full|peer)(-run\d+)?$/.test(f));
  for (const f of leftovers) await rm(path.join(dir, f), { recursive: true, force: true });
  spawnSync("sync");
  await new Promise((r) => setTimeout(r, leftovers.length ? 10_000 : 0));
  const step = async <T extends Measured>(label: string, list: Run[], go: () => Promise<T>) => {
    // The last build's files written back first (not timed): a build on a fresh runner does not
    // pay for another's, and the first of two builds here would slow the second down.
    spawnSync("sync");
    const loadBefore = os.loadavg()[0] as number;
    const run = checked(label, await go());
    list.push(asRun(run, loadBefore));
    console.log(`· ${count} articles: ${label}${options.runs > 1 ? ` (run ${list.length}/${options.runs})` : ""}: ${seconds(run.seconds)}, peak ${size(run.peakBytes)}`);
  };
  for (let i = 0; i < options.runs; i++) {
    await step("our build without search index", runs.skipSearch, () => runBuild(dir, { SKIP_SEARCH: "1", OUTPUT_DIR: runDir(pagesDir, i) }));
    for (const peer of hugoPeers) {
      if (hugoFailed[peer]) continue;
      const { title, site, config, registries } = HUGO_PEERS[peer];
      const args = ["--source", path.join(toolsDir, site), "--config", config, "--contentDir", hugoContentDir(peer), "--destination", runDir(hugoDir(peer), i)];
      // Hugo failing (out of memory, say) is a finding, not a reason to lose our builds' figures.
      await step(title, hugoRuns[peer], () =>
        measure("hugo", [...args, "--cacheDir", path.join(dir, "_hugo-cache"), "--noBuildLock", "--quiet"], {
          cwd: dir,
          env: { ...process.env, HUGO_RESOURCEDIR: path.join(dir, "_hugo-resources"), ...(registries ? { HUGO_DATADIR: path.join(dir, "content", "_data") } : {}) },
        }),
      ).catch((error: unknown) => {
        hugoFailed[peer] = (error as Error).message;
        console.error(`· ${count} articles: ${hugoFailed[peer]}`);
      });
    }
    if (!completeFailed) {
      // Failing (out of memory, say) is a finding too: the figures measured so far are kept.
      await step("our complete build", runs.complete, () => runBuild(dir, { OUTPUT_DIR: runDir(siteDir, i) })).catch((error: unknown) => {
        completeFailed = (error as Error).message;
        console.error(`· ${count} articles: ${completeFailed}`);
      });
    }
    if (eleventy && !eleventyFailed) {
      spawnSync("sync");
      const loadBefore = os.loadavg()[0] as number;
      const peer = await runPeer(peerProjectDir, runDir(peerDir, i));
      const failed = peer.eleventy.status !== 0 ? ["Eleventy", peer.eleventy] : peer.pagefind?.status !== 0 ? ["Pagefind", peer.pagefind] : undefined;
      if (failed) {
        const [what, run] = failed as [string, Measured];
        eleventyFailed = `${what} failed (exit ${run.status}): ${(run.stderr || run.stdout).trim().split("\n").slice(-5).join(" | ")}`;
        console.error(`· ${count} articles: ${eleventyFailed}`);
      } else {
        const pagefind = peer.pagefind as Measured;
        runs.eleventy.push({
          seconds: Math.round((peer.eleventy.seconds + pagefind.seconds) * 1000) / 1000,
          peakBytes: Math.max(peer.eleventy.peakBytes, pagefind.peakBytes),
          stages: { eleventy: round3(peer.eleventy.seconds), pagefind: round3(pagefind.seconds) },
          loadBefore,
        });
        console.log(
          `· ${count} articles: Eleventy + Pagefind${options.runs > 1 ? ` (run ${runs.eleventy.length}/${options.runs})` : ""}: ${seconds(peer.eleventy.seconds)} + ${seconds(pagefind.seconds)}, peak ${size(Math.max(peer.eleventy.peakBytes, pagefind.peakBytes))}`,
        );
      }
    }
  }
  // The last run's output stays for the figures below (and for a look); earlier runs' go now.
  const last = options.runs - 1;
  const outputs = [pagesDir, siteDir, ...hugoPeers.map(hugoDir), peerDir];
  for (let i = 0; i < last; i++) for (const base of outputs) await rm(runDir(base, i), { recursive: true, force: true });
  for (const base of outputs) await rename(runDir(base, last), base).catch(() => undefined);

  const skipSearch = summarize(runs.skipSearch, await folderStats(pagesDir));
  const complete = runs.complete.length
    ? { ...summarize(runs.complete, await folderStats(siteDir)), searchIndex: await folderStats(path.join(siteDir, "pagefind")) }
    : undefined;
  const result: CorpusResult = { count, shape: options.shape, bytes: generated.bytes, tags: generated.tags, authors: generated.reporters, names: generated.names, skipSearch, complete };
  if (completeFailed) result.completeFailed = lastLines(completeFailed);
  if (options.browser && result.complete) {
    // A browser failure costs only this figure, not the builds measured before it.
    try {
      const [first] = await searchDownloads(siteDir, [options.query]);
      if (first) result.complete.firstQuery = first;
      console.log(`· ${count} articles: first query ${options.query}: ${size(first?.searchBytes ?? 0)} of search files`);
    } catch (error) {
      console.error(`· ${count} articles: first query not measured: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  for (const peer of hugoPeers) {
    const { key, failedKey } = HUGO_PEERS[peer];
    const failed = hugoFailed[peer];
    if (failed) {
      result[failedKey] = lastLines(failed);
      continue;
    }
    const built = summarize(hugoRuns[peer], await folderStats(hugoDir(peer)));
    const ratio = { seconds: skipSearch.seconds / built.seconds, pages: skipSearch.output.pages / built.output.pages, files: skipSearch.output.files / built.output.files };
    result[key] = { ...built, ratio };
  }
  if (eleventyFailed) result.eleventyFailed = eleventyFailed;
  else if (eleventy && complete) {
    const built = summarize(runs.eleventy, await folderStats(peerDir));
    result.eleventy = {
      ...built,
      searchIndex: await folderStats(path.join(peerDir, "pagefind")),
      ratio: { seconds: complete.seconds / built.seconds, pages: complete.output.pages / built.output.pages, peakBytes: complete.peakBytes / built.peakBytes },
    };
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Printing

const seconds = (s: number) => `${s < 1 ? s.toFixed(2) : s.toFixed(1)} s`;
const size = (bytes: number) => (bytes >= 10 * 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(0)} MB` : bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`);
const whole = (n: number) => n.toLocaleString("en-US");

type Row = [string, ...string[]] | string;

function table(rows: Row[], columns: number): string {
  const cells = rows.filter((r): r is [string, ...string[]] => typeof r !== "string");
  const labelWidth = Math.max(...cells.map((r) => r[0].length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...cells.map((r) => (r[i + 1] ?? "").length)));
  return rows
    .map((r) => (typeof r === "string" ? r : `${r[0].padEnd(labelWidth)}  ${r.slice(1).map((c, i) => c.padStart(widths[i] as number)).join("   ")}`))
    .join("\n");
}

function buildRows(results: readonly CorpusResult[], pick: (r: CorpusResult) => Build | undefined): Row[] {
  const of = (f: (b: Build, r: CorpusResult) => string) => results.map((r) => {
    const b = pick(r);
    return b ? f(b, r) : "—";
  });
  const stageNames = [...new Set(results.flatMap((r) => Object.keys(pick(r)?.stages ?? {})))];
  return [
    ["  wall time", ...of((b) => seconds(b.seconds))],
    ...stageNames.map((name): Row => [`    ${name}`, ...of((b) => (name in b.stages ? seconds(b.stages[name] as number) : "—"))]),
    ["  peak memory (process tree)", ...of((b) => size(b.peakBytes))],
    ["  output", ...of((b) => `${whole(b.output.files)} files, ${size(b.output.bytes)}`)],
    ["    per article", ...of((b, r) => `${(b.output.files / r.count).toFixed(2)} files, ${size(b.output.bytes / r.count)}`)],
    ["  pages written (HTML)", ...of((b) => whole(b.output.pages))],
    ["  load average before (1 min)", ...of((b) => b.runs.map((run) => run.loadBefore.toFixed(2)).join(", "))],
  ];
}

function report(results: readonly CorpusResult[], runs: number, hugo: string | undefined, query: string): string {
  const col = (f: (r: CorpusResult) => string) => results.map(f);
  // A stage that ran inside another (as search ran inside pages) makes the stages add up to more than the build.
  const overlap = results.some((r) =>
    [r.skipSearch, r.complete].some((b) => b?.runs.some((run) => Object.values(run.stages).reduce((a, s) => a + s, 0) > (run.reportedSeconds ?? run.seconds) + 0.01)),
  );
  const rows: Row[] = [
    ["articles", ...col((r) => whole(r.count))],
    ["corpus (generate-corpus --shape)", ...col((r) => `${r.shape}, ${size(r.bytes)} Markdown`)],
    ["tags / reporters", ...col((r) => `${whole(r.tags)} / ${whole(r.authors)}`)],
    ["reporters and correspondents", ...col((r) => whole(r.names))],
    "without search index (SKIP_SEARCH=1)",
    ...buildRows(results, (r) => r.skipSearch),
    "complete build",
    ...buildRows(results, (r) => r.complete),
    ["  search index (_site/pagefind/)", ...col((r) => (r.complete ? `${whole(r.complete.searchIndex.files)} files, ${size(r.complete.searchIndex.bytes)}` : "—"))],
    [`  first query ${query}: search files`, ...col((r) => (r.complete?.firstQuery ? size(r.complete.firstQuery.searchBytes) : "—"))],
    ["    with the page and stylesheet", ...col((r) => (r.complete?.firstQuery ? size(r.complete.firstQuery.bytes) : "—"))],
  ];
  if (results.some((r) => r.completeFailed)) rows.push(["  failed", ...col((r) => r.completeFailed ?? "")]);
  for (const { title, site, key, failedKey } of Object.values(HUGO_PEERS)) {
    if (!hugo || !results.some((r) => r[key] || r[failedKey])) continue;
    const ratio = (f: (ratio: HugoBuild["ratio"]) => number) => col((r) => (r[key] ? `${f(r[key].ratio).toFixed(2)}×` : "—"));
    rows.push(`${title} (${hugo.match(/v[\d.]+/)?.[0] ?? ""}, tools/${site})`, ...buildRows(results, (r) => r[key]));
    if (results.some((r) => r[failedKey])) rows.push(["  failed", ...col((r) => (r[failedKey] ? "yes (see the log)" : ""))]);
    rows.push([`ours without search index / ${title}`, ...col(() => "")]);
    rows.push(["  files written", ...ratio((r) => r.files)]);
    rows.push(["  pages written", ...ratio((r) => r.pages)]);
    // The project's target is stated against the minimal site.
    rows.push([key === "hugo" ? "  wall time (target < 1×)" : "  wall time", ...ratio((r) => r.seconds)]);
  }
  if (results.some((r) => r.eleventy || r.eleventyFailed)) {
    rows.push("idiomatic Eleventy + Pagefind (tools/peer-eleventy)", ...buildRows(results, (r) => r.eleventy));
    rows.push(["  search index (pagefind/)", ...col((r) => (r.eleventy ? `${whole(r.eleventy.searchIndex.files)} files, ${size(r.eleventy.searchIndex.bytes)}` : "—"))]);
    if (results.some((r) => r.eleventyFailed)) rows.push(["  failed", ...col((r) => (r.eleventyFailed ? "yes (see the log)" : ""))]);
    rows.push(["ours complete / Eleventy + Pagefind", ...col(() => "")]);
    rows.push(["  pages written", ...col((r) => (r.eleventy ? `${r.eleventy.ratio.pages.toFixed(2)}×` : "—"))]);
    rows.push(["  peak memory", ...col((r) => (r.eleventy ? `${r.eleventy.ratio.peakBytes.toFixed(2)}×` : "—"))]);
    rows.push(["  wall time (target ≤ 0.50×)", ...col((r) => (r.eleventy ? `${r.eleventy.ratio.seconds.toFixed(2)}×` : "—"))]);
  }
  const head = `${runs > 1 ? `medians of ${runs} runs; ` : ""}Node ${process.version}, ${os.cpus().length} CPUs, ${size(os.totalmem())} memory, ${new Date().toISOString().slice(0, 10)}, load average now ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;
  const notes = `\nWall time is the whole command, starting Node included; stages are as the build reports them${overlap ? ", and overlap (a stage ran inside another)" : ""}.`;
  return `${head}\n${table(rows, results.length)}${notes}`;
}

// ---------------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<number> {
  let options: Options | "help";
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const wantsHugo = options.peers.some(isHugoPeer) && options.counts.some((c) => c <= options.peersUpTo);
  const hugo = wantsHugo ? hugoVersion() : undefined;
  if (wantsHugo && !hugo) console.error("bench: hugo is not on PATH (apt-get install -y hugo); skipping the Hugo builds");

  const results: CorpusResult[] = [];
  const started = new Date().toISOString();
  const save = async () => {
    const json = { date: started, node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryBytes: os.totalmem(), hugo, options, corpora: results };
    await mkdir(path.dirname(options.json), { recursive: true });
    await writeFile(options.json, `${JSON.stringify(json, null, 2)}\n`);
  };
  for (const count of options.counts) {
    results.push(await benchCorpus(options, count, hugo !== undefined));
    await save(); // after each corpus, so a long run's figures survive a later failure
  }

  console.log(`\n${report(results, options.runs, hugo, options.query)}`);
  console.log(`\nall figures: ${options.json}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
