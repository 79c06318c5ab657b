import { existsSync, readFileSync, rmSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SITE_URL } from "../../src/core/urls.ts";
import { PROCESS_TIMEOUT_MS, run } from "./process.ts";

export const repoDir = fileURLToPath(new URL("../..", import.meta.url));
const tsxLoader = fileURLToPath(import.meta.resolve("tsx"));

const projects: string[] = [];
// Each test file runs in a process of its own: its throwaway projects go when it ends.
process.once("exit", () => {
  for (const dir of projects) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A process the file started may still be writing there: left to the system's temp cleanup.
    }
  }
});

/** A new empty folder in the system's temp folder, deleted when the test file ends. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  projects.push(dir);
  return dir;
}

/** A throwaway archive project: the real registries plus the articles given (path → file text), deleted when the test file ends. */
export async function fixtureProject(articles: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await tempDir("archive-test-");
  await cp(path.join(repoDir, "content", "_data"), path.join(dir, "content", "_data"), { recursive: true });
  for (const [file, text] of Object.entries(articles)) {
    const full = path.join(dir, "content", file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  return dir;
}

/** The npm scripts that run one file with tsx (`"build": "tsx src/cli/build-supervisor.ts"`): that file, as npm runs it. */
const npmScripts = new Map(
  Object.entries((JSON.parse(readFileSync(path.join(repoDir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts).flatMap(([name, line]) => {
    const file = /^tsx (\S+\.ts)$/.exec(line)?.[1];
    return file ? [[name, path.join(repoDir, file)] as const] : [];
  }),
);

/** A command's file: the one its npm script runs, else the editors' commands in src/cli/ and the benchmark and corpus tools in tools/. */
export function scriptPath(name: string): string {
  const script = npmScripts.get(name);
  if (script) return script;
  const tool = path.join(repoDir, "tools", `${name}.ts`);
  return existsSync(tool) ? tool : path.join(repoDir, "src", "cli", `${name}.ts`);
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment variables that change what a build writes: a developer's shell must not change the tests. */
const DEPLOYMENT_VARIABLES = ["SITE_URL", "PATH_PREFIX", "OUTPUT_DIR", "BUILD_REPORT", "BUILD_CACHE", "SKIP_SEARCH", "ARCHIVE_DRAFTS"];

/**
 * The environment a script runs in: this process's, without deployment settings, with SITE_URL
 * set to the local default on purpose (so a build under CI=true does not refuse it) and no build
 * cache (BUILD_CACHE=off), then `env`;
 * a variable given as undefined is removed.
 */
export function scriptEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !DEPLOYMENT_VARIABLES.includes(name));
  // No build cache unless a test asks for one: a test's build must not read or replace the project's .cache/.
  const merged = { ...Object.fromEntries(inherited), SITE_URL: DEFAULT_SITE_URL, BUILD_CACHE: "off", ...env };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The command line that runs one of the project's commands (see scriptPath) as npm would. */
export function scriptCommand(name: string, args: readonly string[] = []): [string, string[]] {
  return [process.execPath, ["--import", tsxLoader, scriptPath(name), ...args]];
}

/** Runs one of the project's commands (see scriptPath) as a process in `cwd`, as npm would. */
export function runScript(name: string, cwd: string, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return runScriptWith(name, cwd, [], env);
}

/**
 * Runs a script with command-line arguments, with no standard input (as under CI). Past the
 * deadline its process group is killed and the test fails with what it printed.
 */
export async function runScriptWith(name: string, cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}, timeoutMs = PROCESS_TIMEOUT_MS): Promise<RunResult> {
  const [command, commandArgs] = scriptCommand(name, args);
  const { status, stdout, stderr } = await run(command, commandArgs, { cwd, env: scriptEnv(env), timeoutMs });
  return { status, stdout, stderr };
}

/** An article file with the given front-matter fields (YAML lines) and body. */
export function articleText(fields: Record<string, string>, body = "正文。\n"): string {
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join("\n")}\n---\n${body}`;
}

/** Front matter of a valid article; override or remove (undefined) fields per test. */
export function validFields(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const base: Record<string, string | undefined> = {
    title: "作风一变事业兴",
    date: "2021-10-22",
    source: "齐鲁晚报",
    page: "B02-B03",
    place: "乐陵市",
    tags: "[作风建设, 民生实事]",
    authors: "[马志勇]",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Every file under `dir`, as sorted relative paths with forward slashes. */
export async function listFiles(dir: string, base = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full, base)));
    else files.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return files.sort();
}
