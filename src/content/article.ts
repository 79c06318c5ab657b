import { slugify } from "../core/slugs.ts";
import { findUnsafeCharacter } from "../core/text.ts";
import { holdBody } from "./body.ts";
import { decodeUtf8, notUtf8Problem, type Bytes } from "./decode.ts";
import { splitFrontMatter } from "./frontmatter.ts";
import { bodyProblems } from "./markdown.ts";
import { describeValue, isEmptyValue, quote, type ContentProblem } from "./problems.ts";
import type { Registries } from "./registry.ts";
import { FILL_IN, fieldDocs, frontMatterSchema, mentionsFillIn, renameFormerFields, toFieldRecord, type FieldDoc, type FieldRecord } from "./schema.ts";
import { closest } from "./suggest.ts";

/**
 * A validated, immutable article. Everything after the content gate works on these, never on raw
 * front matter. Its fields are the schema's (schema.ts FIELDS, under their record names:
 * `date_note` → `dateNote`, `place` → `places`), plus where it came from and its body.
 */
export type Article = Omit<FieldRecord, "slug"> & {
  /** Path of the source file relative to the project root: `content/2021/2021-10-22-leling.md`. */
  readonly file: string;
  /** The slug field, or one made from the title. */
  readonly slug: string;
  /** File line where the body starts (for messages about the body). */
  readonly bodyLine: number;
  /** The Markdown body as written (line breaks as "\n"); the last field (content/body.ts). */
  readonly body: string;
};

export type ArticleResult = { article: Article | undefined; problems: ContentProblem[] };

/** Builds the validator once per registry set; `validate` then turns one file's bytes into an Article. */
export function articleValidator(registries: Registries) {
  const schema = frontMatterSchema(registries);
  const docs = new Map<string, FieldDoc>(fieldDocs().map((d) => [d.name, d]));
  const fieldNames = [...docs.keys()];

  return function validate(file: string, bytes: Bytes): ArticleResult {
    const problems: ContentProblem[] = [];
    const error = (message: string, field?: string, line?: number, column?: number) => problems.push({ severity: "error", file, field, line, column, message });

    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      const { line, message } = notUtf8Problem(bytes, decoded);
      error(message, undefined, line);
      return { article: undefined, problems };
    }
    // decodeUtf8 has dropped a byte-order mark.
    const split = splitFrontMatter(decoded.text);
    if (!split.ok) {
      error(split.message, undefined, split.line);
      return { article: undefined, problems };
    }
    const { frontMatter, body, bodyLine } = split.source;
    const unsafe = findUnsafeCharacter(body, true);
    if (unsafe) {
      const before = body.slice(0, unsafe.index);
      const lineStart = before.lastIndexOf("\n") + 1;
      error(`the text contains ${unsafe.description} — remove it`, undefined, bodyLine + before.split("\n").length - 1, [...before.slice(lineStart)].length + 1);
    }
    for (const p of bodyProblems(body)) error(p.message, undefined, bodyLine + p.line);
    // Front matter text starts right after the opening "---", so its line numbers are file line numbers.
    for (const e of frontMatter.errors) error(e.syntax ? `YAML: ${e.message} — check the quoting and indentation` : `YAML: ${e.message}`, e.field, e.line, e.column);
    if (frontMatter.errors.length) return { article: undefined, problems };

    const written = frontMatter.data ?? {};
    if (typeof written !== "object" || Array.isArray(written)) {
      error(`front matter must be "field: value" lines, got ${describeValue(written)}`, undefined, 2);
      return { article: undefined, problems };
    }
    // A field under its old name (`county` for `place`) is read as the field, with a warning;
    // messages name the field as written, at its line.
    const { fields: raw, renamed, both } = renameFormerFields(written as Record<string, unknown>);
    const asWritten = new Map(renamed.map((f) => [f.name, f.former]));
    const lineOf = (path: readonly (string | number)[]) => frontMatter.lineOf([asWritten.get(String(path[0])) ?? path[0] ?? "", ...path.slice(1)]);
    for (const { former, name } of renamed) {
      const value = raw[name];
      const shown = typeof value === "string" ? quote(value) : Array.isArray(value) ? quote(`[${value.map(String).join(", ")}]`) : describeValue(value);
      problems.push({ severity: "warning", file, field: former, line: lineOf([name]), message: `${shown} — ${former} is the old name of ${name}: rename the field to ${name}` });
    }
    for (const { former, name } of both) error(`is the old name of ${name}, which is also given — keep ${name} only`, former, frontMatter.lineOf([former]));
    // Fields import could not determine: one clear message each, instead of a confusing type error.
    // The other fields are still checked, so the editor sees everything left to do at once.
    const unfilled = new Set(Object.keys(raw).filter((key) => mentionsFillIn(raw[key])));
    for (const key of unfilled) {
      const doc = docs.get(key);
      error(`not filled in yet (${FILL_IN}, left by npm run import or new) — ${doc ? `expected ${doc.expects}, e.g. ${doc.example}` : "fill it in"}`, asWritten.get(key) ?? key, lineOf([key]));
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success || unfilled.size || both.length) {
      for (const issue of parsed.error?.issues ?? []) {
        const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        if (unfilled.has(String(path[0]))) continue;
        if (issue.code === "unrecognized_keys") {
          for (const key of issue.keys) {
            const guess = closest(key, fieldNames);
            // The old name of a field also given under its name is reported above.
            if (!both.some((f) => f.former === key)) error(`unknown field ${quote(key)} — ${guess ? `did you mean ${guess}?` : `fields are: ${fieldNames.join(", ")}`}`, key, frontMatter.lineOf([key]));
          }
          continue;
        }
        const name = String(path[0] ?? "");
        const doc = docs.get(name);
        const value = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], raw);
        const label = asWritten.get(name) ?? name;
        const item = path.length > 1 ? `item ${Number(path[1]) + 1} ` : "";
        const writtenPath = [label, ...path.slice(1)];
        const line = value === undefined ? undefined : frontMatter.lineOf(writtenPath);
        // The value's column, when it stands on the line named (a list's items have their own lines).
        const at = line === undefined ? undefined : frontMatter.positionOf(writtenPath);
        const column = at !== undefined && at.line === line ? at.column : undefined;
        const expectation = doc ? `expected ${doc.expects}, e.g. ${doc.example}` : "";
        if (issue.code === "custom") error(issue.message, label, line, column);
        else if (value === undefined && path.length === 1) error(`missing — ${expectation}`, label, line, column);
        else if (isEmptyValue(value)) {
          error(`${item ? `${item}is ` : ""}empty — ${expectation}`, label, line, column);
        } else error(`${item}${expectation}; got ${describeValue(value)}`, label, line, column);
      }
      return { article: undefined, problems };
    }

    const fm = parsed.data;
    for (const [field, value] of Object.entries(written)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item !== "string") continue;
        if (item !== item.trim()) problems.push({ severity: "warning", file, field, line: frontMatter.lineOf([field]), message: `${quote(item)} has spaces at its start or end` });
        else if (field === "tags" && item.normalize("NFKC") !== item) {
          problems.push({ severity: "warning", file, field, line: frontMatter.lineOf([field]), message: `tag ${quote(item)} has full-width letters or digits; write ${quote(item.normalize("NFKC"))}` });
        }
      }
    }
    const slug = fm.slug ?? slugify(fm.title);
    if (!slug) error(`cannot make a URL from the title ${quote(fm.title)} — add a slug field`, "slug");
    if (problems.some((p) => p.severity === "error")) return { article: undefined, problems };

    const article: Article = holdBody({ ...toFieldRecord(fm), file, slug, bodyLine, body });
    return { article: Object.freeze(article), problems };
  };
}
