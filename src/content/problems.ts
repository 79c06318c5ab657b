/**
 * A problem found in content, reported Astro-style:
 * `content/2021/leling.md:5 county: unknown place "乐陵" — did you mean 乐陵市?`
 */
export interface ContentProblem {
  readonly severity: "error" | "warning";
  /** Path relative to the project root, with forward slashes. */
  readonly file: string;
  readonly line?: number | undefined;
  readonly field?: string | undefined;
  readonly message: string;
}

export function formatProblem(problem: ContentProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  const field = problem.field ? ` ${problem.field}:` : "";
  return `${where}${field} ${problem.message}`;
}

export function sortProblems(problems: readonly ContentProblem[]): ContentProblem[] {
  return [...problems].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)),
  );
}

export function summarize(problems: readonly ContentProblem[]): string {
  const errors = problems.filter((p) => p.severity === "error");
  const files = new Set(errors.map((p) => p.file)).size;
  return `${errors.length} ${errors.length === 1 ? "error" : "errors"} in ${files} ${files === 1 ? "file" : "files"}`;
}

/** Thrown when content cannot be published; carries every problem found, not just the first. */
export class ContentError extends Error {
  constructor(readonly problems: readonly ContentProblem[]) {
    const errors = sortProblems(problems.filter((p) => p.severity === "error"));
    super(`${errors.map(formatProblem).join("\n")}\n${summarize(errors)}; nothing was published.`);
    this.name = "ContentError";
  }
}

/** Describes a raw value for a message: `"乐陵"`, `number 5`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return "a list";
  return "a mapping (key: value pairs)";
}
