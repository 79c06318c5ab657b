import { parseOptions, UsageError } from "./args.ts";
import { formatProblem, sortProblems, summarize, type ContentProblem } from "../content/problems.ts";

/** Prints content problems the same way for every command: errors, then warnings, then a count. */
export function reportProblems(problems: readonly ContentProblem[], out: NodeJS.WritableStream = process.stderr): void {
  const sorted = sortProblems(problems);
  for (const p of sorted.filter((p) => p.severity === "error")) out.write(`${formatProblem(p)}\n`);
  for (const p of sorted.filter((p) => p.severity === "warning")) out.write(`warning: ${formatProblem(p)}\n`);
  if (problems.some((p) => p.severity === "error")) out.write(`${summarize(problems)}\n`);
}

/** Running under CI (CI set, as CI services do, and not to "false" or "0"): nobody can answer, nothing may be assumed. */
export function underCI(): boolean {
  const ci = process.env["CI"];
  return Boolean(ci) && !/^(false|0)$/i.test(ci ?? "");
}

export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(2)} s`;
}

/**
 * What the build and the preview read: `--content DIR` (articles), `--pages DIR` (hand-written
 * pages), and the deployment from the environment (PATH_PREFIX, SITE_URL, SKIP_SEARCH=1).
 */
export function projectOptions(argv: readonly string[], command: string) {
  try {
    const values = parseOptions(argv, { content: { type: "string" }, pages: { type: "string" } });
    const env = process.env;
    return { contentDir: values.content ?? "content", pagesDir: values.pages ?? "pages", pathPrefix: env["PATH_PREFIX"], siteUrl: env["SITE_URL"], search: env["SKIP_SEARCH"] !== "1" };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nusage: npm run ${command === "serve" ? "start" : command} -- [--content DIR] [--pages DIR]`);
    process.exit(2);
  }
}
