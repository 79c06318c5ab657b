import { statSync } from "node:fs";
import path from "node:path";
import type { ParseArgsConfig } from "node:util";
import { parseOptions, UsageError } from "./args.ts";
import { isInside } from "../core/folders.ts";
import { formatProblem, sortProblems, summarize, type ContentProblem } from "../content/problems.ts";
import { loadRegistries, type Registries } from "../content/registry.ts";

/** Prints content problems the same way for every command: errors, then warnings, then a count. */
export function reportProblems(problems: readonly ContentProblem[], out: NodeJS.WritableStream = process.stderr): void {
  const sorted = sortProblems(problems);
  for (const p of sorted.filter((p) => p.severity === "error")) out.write(`${formatProblem(p)}\n`);
  for (const p of sorted.filter((p) => p.severity === "warning")) out.write(`warning: ${formatProblem(p)}\n`);
  if (problems.some((p) => p.severity === "error")) out.write(`${summarize(problems)}\n`);
}

/** The registries in `dataDir`; when they are broken, their problems are printed and the command exits 1. */
export async function registriesOrExit(dataDir: string, rootDir: string): Promise<Registries> {
  const problems: ContentProblem[] = [];
  const registries = await loadRegistries(dataDir, rootDir, problems);
  if (registries) return registries;
  for (const p of problems) console.error(formatProblem(p));
  process.exit(1);
}

/** The port a setting names (0: any free one), undefined when it is unset or empty; anything else ends the command (exit 2). */
export function portSetting(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  console.error(`${name} must be a port number (0 to 65535), got ${JSON.stringify(env[name])}`);
  process.exit(2);
}

/** Running under CI (CI set, as CI services do, and not to "false" or "0"): nobody can answer, nothing may be assumed. */
export function underCI(): boolean {
  const ci = process.env["CI"];
  return Boolean(ci) && !/^(false|0)$/i.test(ci ?? "");
}

export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(2)} s`;
}

/** A command's options; a mistake prints its message and the usage, and exits 2. */
export function commandOptions<T extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], options: T, usage: string) {
  try {
    return parseOptions(argv, options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nusage: ${usage}`);
    process.exit(2);
  }
}

/**
 * `--content DIR`: the articles' folder (and its `_data/` registries), relative to the project,
 * `content` by default. Every command that reads or writes articles takes it: build, start,
 * check and new.
 */
export const CONTENT_OPTION = { content: { type: "string" } } as const;
const DEFAULT_CONTENT_DIR = "content";

/**
 * The `--content` value as the folder relative to the project (`rootDir`) that every part of the
 * build joins to it. A folder outside the project, or one that is not there, is a usage error
 * (exit 2): records, messages and the build cache name files relative to the project.
 */
export function contentFolder(value: string | undefined, usage: string, rootDir = process.cwd()): string {
  return projectFolder("content", "the articles' folder", value, usage, rootDir) ?? DEFAULT_CONTENT_DIR;
}

/** `--<option> DIR` relative to the project, checked as contentFolder says; undefined when not given. */
function projectFolder(option: string, what: string, value: string | undefined, usage: string, rootDir: string): string | undefined {
  if (value === undefined) return undefined;
  const folder = path.resolve(rootDir, value);
  const refusal =
    folder !== path.resolve(rootDir) && !isInside(folder, rootDir)
      ? `${what} must be inside the project (${rootDir})`
      : !statSync(folder, { throwIfNoEntry: false })?.isDirectory()
        ? "no such folder"
        : undefined;
  if (refusal) {
    console.error(`--${option} ${JSON.stringify(value)}: ${refusal}\nusage: ${usage}`);
    process.exit(2);
  }
  return path.relative(rootDir, folder) || ".";
}

/**
 * What the build and the preview read: `--content DIR` (articles), `--pages DIR` (hand-written
 * pages), and the deployment from the environment (PATH_PREFIX, SITE_URL, SKIP_SEARCH=1).
 */
export function projectOptions(argv: readonly string[], command: string) {
  const usage = `npm run ${command === "serve" ? "start" : command} -- [--content DIR] [--pages DIR]`;
  const values = commandOptions(argv, { ...CONTENT_OPTION, pages: { type: "string" } }, usage);
  const env = process.env;
  return {
    contentDir: contentFolder(values.content, usage),
    // Without --pages a project need not have the folder (eleventy.ts); one named must be there.
    pagesDir: projectFolder("pages", "the hand-written pages' folder", values.pages, usage, process.cwd()) ?? "pages",
    pathPrefix: env["PATH_PREFIX"],
    siteUrl: env["SITE_URL"],
    search: env["SKIP_SEARCH"] !== "1",
  };
}
