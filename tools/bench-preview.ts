/**
 * The live preview's edit benchmark: with `npm start` running on an archive, how long after an
 * editor saves an article do the reader's pages show the change — the article's own page and
 * every listing page that shows it (home, its tags, its places, its day)?
 *
 *   npx tsx tools/bench-preview.ts --dir /tmp/corpus-10000 [--edits 3] [--port 8091]
 *
 * It starts `npm start` (src/cli/serve.ts) in --dir, waits for the first build, then edits the
 * newest article's title --edits times, polling the served pages until all of them show the new
 * title, and restores the file at the end. Times run from the file write to the last page updated.
 */
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadArchive } from "../src/content/load.ts";
import { formatProblem } from "../src/content/problems.ts";
import { routes } from "../src/core/urls.ts";
import { slugify } from "../src/core/slugs.ts";
import { parseOptions, UsageError, wholeNumber } from "../src/cli/args.ts";
import { median } from "./lib/measure.ts";

const USAGE = "usage: npx tsx tools/bench-preview.ts --dir <archive project> [--edits 3] [--port 8091]";
/** A mistake on the command line: one line naming it, the usage, exit status 2. */
function refuse(message: string): never {
  console.error(`bench-preview: ${message}\n${USAGE}`);
  process.exit(2);
}
function commandLine(): { dir: string; edits: number; port: string } {
  try {
    const values = parseOptions(process.argv.slice(2), { dir: { type: "string" }, edits: { type: "string" }, port: { type: "string" } });
    const port = values.port ?? "8091";
    if (wholeNumber("port", port, 1) > 65535) throw new UsageError(`--port must be at most 65535, got ${JSON.stringify(port)}`);
    if (!values.dir) throw new UsageError("--dir is required");
    return { dir: values.dir, edits: wholeNumber("edits", values.edits ?? "3", 1), port };
  } catch (error) {
    return refuse((error as Error).message);
  }
}
const { dir: dirOption, edits, port } = commandLine();
const dir = path.resolve(dirOption);
if (!existsSync(path.join(dir, "content"))) refuse(`--dir ${JSON.stringify(dirOption)} holds no content/ folder (an archive project, e.g. from tools/generate-corpus.ts)`);
const base = `http://localhost:${port}`;
const repo = fileURLToPath(new URL("..", import.meta.url));

const { archive, problems } = await loadArchive({ rootDir: dir, includeDrafts: true });
const article = archive?.articles[0];
if (!archive || !article) {
  const first = problems.find((p) => p.severity === "error");
  refuse(`--dir ${JSON.stringify(dirOption)} has no valid articles${first ? ` (${formatProblem(first)})` : ""}`);
}
const pages = [
  routes.article(article),
  routes.home(),
  ...article.tags.map((t) => routes.tag(archive.tagSlugs.get(t) ?? slugify(t))),
  ...article.places.map((p) => routes.place(p.slug)),
  routes.day(article.date),
];
const file = path.join(dir, article.file);
const original = await readFile(file, "utf8");

const started = performance.now();
const server = spawn(process.execPath, ["--import", fileURLToPath(import.meta.resolve("tsx")), path.join(repo, "src/cli/serve.ts")], {
  cwd: dir,
  env: { ...process.env, PORT: port },
  stdio: ["ignore", "pipe", "pipe"],
});
// However this script ends (Ctrl+C, a closed pipe, an error), the article and the server are put back.
process.on("exit", () => {
  writeFileSync(file, original);
  server.kill("SIGTERM");
});
for (const signal of ["SIGINT", "SIGTERM", "SIGPIPE"] as const) process.on(signal, () => process.exit(130));
process.stdout.on("error", () => process.exit(1));
let log = "";
const stamp = () => `[${((performance.now() - started) / 1000).toFixed(2)} s] `;
server.stdout.on("data", (d: Buffer) => (log += stamp() + d.toString()));
server.stderr.on("data", (d: Buffer) => (log += stamp() + d.toString()));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function shows(route: string, text: string): Promise<boolean> {
  try {
    const response = await fetch(base + route);
    return response.ok && (await response.text()).includes(text);
  } catch {
    return false;
  }
}
async function waitFor(text: string, limitMs: number): Promise<number> {
  const from = performance.now();
  const pending = new Set(pages);
  while (pending.size) {
    if (performance.now() - from > limitMs) throw new Error(`pages not updated after ${limitMs} ms: ${[...pending].join(", ")}\n${log.slice(-2000)}`);
    for (const route of [...pending]) if (await shows(route, text)) pending.delete(route);
    if (pending.size) await sleep(20);
  }
  return (performance.now() - from) / 1000;
}

try {
  const first = await waitFor(article.title, 600_000);
  console.log(`${archive.articles.length} articles: first preview build served after ${((performance.now() - started) / 1000).toFixed(1)} s (${first.toFixed(1)} s of polling)`);
  // Edits before the file watcher has scanned the folder go unnoticed: wait for the search index
  // (built in the background after the first build), then a little longer.
  while (!(await fetch(`${base}/pagefind/pagefind-entry.json`).then((r) => r.ok).catch(() => false))) await sleep(200);
  console.log(`search index served after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await sleep(3000);
  const times: number[] = [];
  for (let n = 1; n <= edits; n++) {
    const title = `${article.title}（修订${n}）`;
    // Title lines are `title: …` in front matter; the generator writes them unquoted or quoted.
    const edited = original.replace(/^title: .*$/m, `title: "${title}"`);
    if (edited === original) throw new Error(`no title line in ${file}`);
    const at = performance.now();
    console.log(`${stamp()}writing edit ${n}`);
    await writeFile(file, edited);
    await waitFor(title, 60_000);
    times.push((performance.now() - at) / 1000);
    console.log(`edit ${n}: the article and its ${pages.length - 1} listing pages updated in ${times.at(-1)?.toFixed(2)} s`);
    await sleep(1000);
  }
  console.log(`median ${median(times).toFixed(2)} s, worst ${Math.max(...times).toFixed(2)} s`);
  const rebuilds = log.match(/\[preview\].*/g) ?? [];
  console.log(rebuilds.slice(-edits).join("\n"));
  if (process.env["BENCH_VERBOSE"]) console.log(log);
} finally {
  process.exit();
}
