import { escapeUnsafe } from "../core/text.ts";

/**
 * A problem found in content, one line each: `file:line:column field: problem "value"`:
 * `content/2021/leling.md:5:9 place: unknown place "乐陵" — did you mean 乐陵市?`
 */
export interface ContentProblem {
  readonly severity: "error" | "warning";
  /** Path relative to the project root, with forward slashes. */
  readonly file: string;
  readonly line?: number | undefined;
  /** 1-based, where known (the YAML library's position of the value). */
  readonly column?: number | undefined;
  readonly field?: string | undefined;
  readonly message: string;
}

/** The one line an editor reads, in the terminal and the preview's banner; control and bidirectional characters escaped. */
export function formatProblem(problem: ContentProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}${problem.column ? `:${problem.column}` : ""}` : problem.file;
  const field = problem.field ? ` ${cut(problem.field)}:` : "";
  return escapeUnsafe(`${where}${field} ${problem.message}`);
}

/** Values in messages are cut to this many characters. */
const VALUE_LENGTH = 200;

function cut(text: string): string {
  const chars = [...text];
  return chars.length > VALUE_LENGTH ? `${chars.slice(0, VALUE_LENGTH).join("")}…` : text;
}

/** A text value as a message quotes it: `"乐陵"`, cut to VALUE_LENGTH characters, unsafe characters escaped (`\u{202E}`). */
export function quote(value: string): string {
  return `"${escapeUnsafe(cut(value).replace(/["\\]/g, "\\$&"))}"`;
}

export function sortProblems(problems: readonly ContentProblem[]): ContentProblem[] {
  return [...problems].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
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

/** A value an editor left empty: nothing after the colon, blank text, an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

/** Describes a raw value for a message: `"乐陵"`, `number 5`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) {
    // The item that is not text says what is wrong with the list ([1, 2]: numbers, not names).
    const odd = value.find((item) => typeof item !== "string");
    return odd === undefined ? "a list" : `a list holding ${describeValue(odd)}`;
  }
  return "a mapping (key: value pairs)";
}
