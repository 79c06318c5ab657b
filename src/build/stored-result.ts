/**
 * One validation result as the build cache keeps it, a line of records.jsonl after the file's name
 * and digest (cache.ts), and as the validation thread hands it over (validation-thread.ts): JSON
 * that `revivedResult` turns back into the record the gate made, its registry entries the main
 * thread's own objects and its body, the tail of its file, read from there when asked for.
 */
import type { Article, ArticleResult } from "../content/article.ts";
import { bodyInFile, bodyShape, type BodyShape } from "../content/body.ts";
import { articleFingerprint, rememberFingerprint } from "../content/fingerprint.ts";
import type { ContentProblem } from "../content/problems.ts";
import type { Registries } from "../content/registry.ts";
import { articleLead, rememberLead } from "../render/markdown.ts";

/** One kept validation result, as records.jsonl holds it (after the file name and the bytes' digest). */
export interface StoredResult {
  /** The record, its body left out (`b` describes it). */
  readonly a: unknown;
  readonly p: unknown;
  /** Body warnings (null: not computed). */
  readonly w: unknown;
  /** The body, the tail of the file's text (line breaks made "\n"): its length, bytes and digest; null without a record. */
  readonly b: BodyShape | null;
  /** The record's fingerprint (src/content/fingerprint.ts), or "". */
  readonly f: string;
  /** The record's lead (src/render/markdown.ts), or null. */
  readonly l: string | null;
}

/**
 * `result` as JSON (a StoredResult), the record's body left out: it is always the tail of its
 * file's text (splitFrontMatter), read from there again when asked for. `bodyWarnings`: the
 * article's, if worked out.
 */
export function storedResult(result: ArticleResult, bodyWarnings: readonly ContentProblem[] | null): string {
  const article = result.article;
  const stored: StoredResult = {
    a: article ? withoutBody(article) : null,
    p: result.problems,
    w: (article && bodyWarnings) ?? null,
    b: article ? bodyShape(article) : null,
    f: article ? articleFingerprint(article) : "",
    l: article ? articleLead(article) : null,
  };
  return JSON.stringify(stored, keepUndefined);
}

/**
 * The result `stored` holds for `file`, with the body warnings it holds (null: none kept). Throws
 * when it is not one (a damaged line, a registry entry that is gone): the caller validates again.
 */
export function revivedResult(file: string, stored: StoredResult, registries: Registries, rootDir: string): { result: ArticleResult; bodyWarnings: ContentProblem[] | null } {
  const problems = revive(stored.p, registries, false) as ContentProblem[];
  if (!Array.isArray(problems)) throw new Error("not a stored result");
  if (stored.a === null) return { result: { article: undefined, problems }, bodyWarnings: null };
  if (!stored.a || typeof stored.a !== "object") throw new Error("not a stored result");
  const record: Record<string, unknown> = {};
  const fields = stored.a as Record<string, unknown>;
  // for…in, not Object.entries: no array per field of every record.
  for (const key in fields) record[key] = revive(fields[key], registries, true);
  const shape = stored.b;
  // The body is read from the record's file: it must be the file it was kept for.
  if (record["file"] !== file) throw new Error("not a stored result");
  if (!Number.isSafeInteger(shape?.length) || !Number.isSafeInteger(shape?.bytes) || typeof shape?.digest !== "string") throw new Error("not a stored result");
  record["body"] = "";
  const article = Object.freeze(bodyInFile(record as { body: string; file: string }, rootDir, shape as BodyShape)) as unknown as Article;
  if (stored.f) rememberFingerprint(article, stored.f);
  if (typeof stored.l === "string") rememberLead(article, stored.l);
  const bodyWarnings = stored.w === null ? null : (revive(stored.w, registries, false) as ContentProblem[]);
  return { result: { article, problems }, bodyWarnings };
}

function withoutBody(article: Article): unknown {
  // Not through the body's getter: a body let go (src/content/body.ts) is not read again for this.
  return Object.fromEntries(Object.keys(article).map((key) => [key, key === "body" ? { $: "body" } : article[key as keyof Article]]));
}

/**
 * JSON of a record that JSON.parse and `revive` turn back into an equal one: places and
 * newspapers by name (the registries' own objects come back), undefined fields kept (a record
 * has every field of the schema, set or not).
 */
function keepUndefined(this: unknown, _key: string, value: unknown): unknown {
  if (value === undefined) return { $: "undefined" };
  if (value && typeof value === "object" && !Array.isArray(value) && "slug" in value && "name" in value) {
    if ("ancestors" in value) return { $: "place", name: (value as { name: string }).name };
    if ("kind" in value) return { $: "source", name: (value as { name: string }).name };
  }
  return value;
}

function revive(value: unknown, registries: Registries, freeze: boolean): unknown {
  if (Array.isArray(value)) {
    // In place: the array is JSON.parse's, nobody else's.
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], registries, freeze);
    return freeze ? Object.freeze(value) : value;
  }
  if (!value || typeof value !== "object") return value;
  const marked = value as { $?: unknown; name?: unknown };
  if (marked.$ === "undefined") return undefined;
  if (marked.$ === "place" || marked.$ === "source") {
    const found = marked.$ === "place" ? registries.places.get(String(marked.name)) : registries.sources.get(String(marked.name));
    if (!found) throw new Error(`unknown ${marked.$}`);
    return found;
  }
  if (marked.$ === "body") return undefined;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = revive((value as Record<string, unknown>)[key], registries, freeze);
  return freeze ? Object.freeze(out) : out;
}
