import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/**
 * YAML with line numbers for every key and item. The core schema has no timestamp type, so
 * `2021-02-30` stays the text the editor typed instead of rolling over to March.
 */
export interface YamlSource {
  readonly data: unknown;
  /** `field`: the key a repeated-key error is about. */
  readonly errors: readonly { line: number | undefined; message: string; field?: string | undefined }[];
  /** Line (1-based, in the text given) of the key or item at `path`; the nearest parent when absent. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** yaml reports an unclosed quote where the document ends; the editor needs the line where it opened. */
function unclosedQuoteLine(text: string, message: string): number | undefined {
  const quote = /closing (["'])/.exec(message)?.[1];
  if (!quote) return undefined;
  const lines = text.split("\n");
  const index = lines.findIndex((line) => (line.replaceAll(`\\${quote}`, "").split(quote).length - 1) % 2 === 1);
  return index === -1 ? undefined : index + 1;
}

export function parseYaml(text: string): YamlSource {
  return parseSimpleYaml(text) ?? parseFullYaml(text);
}

/** The two parsers apart, for tests: the fast path (undefined when it gives up) and `yaml` itself. */
export const yamlParsers = {
  simple: (text: string): YamlSource | undefined => parseSimpleYaml(text),
  full: (text: string): YamlSource => parseFullYaml(text),
};

function parseFullYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: "core", uniqueKeys: true, prettyErrors: true, strict: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const errors: { line: number | undefined; message: string; field?: string | undefined }[] = [...doc.errors, ...doc.warnings].map((e) => {
    const line = (e.code === "MISSING_CHAR" && unclosedQuoteLine(text, e.message)) || e.linePos?.[0]?.line;
    if (e.code === "DUPLICATE_KEY") {
      const field = line === undefined ? undefined : /^\s*(?:-\s+)?([^:#\s][^:#]*?)\s*:/.exec(text.split("\n")[line - 1] ?? "")?.[1];
      return { line, field, message: "this field is written twice; keep one" };
    }
    return { line, message: (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "") };
  });
  let data: unknown = undefined;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 50 });
    } catch (error) {
      errors.push({ line: undefined, message: (error as Error).message });
    }
  }

  function lineOf(path: readonly (string | number)[]): number | undefined {
    let node: Node | null | undefined = doc.contents as Node | null;
    let line = lineAt(node?.range?.[0]);
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (!pair) return line;
        line = lineAt((pair.key as Node).range?.[0]) ?? line;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof key === "number") {
        const item = node.items[key] as Node | undefined;
        if (!item) return line;
        line = lineAt(item.range?.[0]) ?? line;
        node = item;
      } else {
        return line;
      }
    }
    return line;
  }

  return { data, errors, lineOf };
}

/*
 * The fast path. Parsing with `yaml` and its line counter costs ~0.2 ms per article, most of a
 * check of 10,000 articles. Front matter is nearly always a flat mapping of one-line fields:
 *
 *   title: 作风一变事业兴          plain scalars
 *   tags: [作风建设, 民生实事]      flow sequences of plain scalars on one line
 *   county:                      block sequences of plain scalars, one item a line
 *     - 乐陵市
 *
 * parseSimpleYaml reads exactly that subset, conservatively (no quotes, comments, tabs, CR,
 * anchors, tags, numbers other than decimal integers, continuation lines …), and gives up
 * (undefined) on anything else, which then goes to `yaml` itself. On the subset it returns what
 * `yaml` returns: the same data, no errors, the same lines (tests/content-fast-paths.test.ts compares them).
 */

interface SimpleItem {
  readonly value: unknown;
  readonly line: number;
}
interface SimpleField {
  readonly key: string;
  readonly line: number;
  /** Items of a sequence value (their lines), or undefined for a scalar. */
  readonly items: readonly SimpleItem[] | undefined;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]{0,63}):(?: +(.*))?$/;
const ITEM_LINE = /^( *)- +(.*)$/;
const BLANK = /^ *$/;
/** Characters a plain scalar may not start with, or is not simple with. */
const NOT_FIRST = new Set("-?:,[]{}#&*!|>'\"%@`");
/** Characters outside the simple subset: controls (tab, CR …), "#", NEL, line separators, BOM and up (but full-width forms). */
function hasUnsafeChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x23 /* # */ || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c >= 0xfeff) {
      // Everything from U+FEFF up is refused except the full-width forms Chinese text uses (U+FF01–U+FFEF).
      if (c >= 0xff01 && c <= 0xffef) continue;
      return true;
    }
  }
  return false;
}
/** Plain scalars yaml's core schema reads as numbers other than decimal integers: not simple. */
const OTHER_NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const NOT_SIMPLE = Symbol("not simple");

/** A one-line plain scalar (already without trailing spaces) in block context, resolved by the core schema. */
function plainScalar(text: string, inFlow: boolean): unknown {
  if (text === "" || NOT_FIRST.has(text[0] as string) || hasUnsafeChar(text)) return NOT_SIMPLE;
  // ": " ends a key, a trailing ":" too; in a flow sequence, keep out of ":", brackets and quotes entirely.
  if (inFlow ? /[:[\]{}'"]/.test(text) : text.includes(": ") || text.endsWith(":")) return NOT_SIMPLE;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === "t" || text[0] === "T";
  if (INT.test(text)) return parseInt(text, 10);
  if (OTHER_NUMBER.test(text)) return NOT_SIMPLE;
  return text;
}

function parseSimpleYaml(text: string): YamlSource | undefined {
  const lines = text.split("\n");
  const fields: SimpleField[] = [];
  const data: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (BLANK.test(line)) continue;
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[1] as string;
    // Keys the core schema would not read as strings (null, true …), and repeated keys (an error).
    if (seen.has(key) || NULL.test(key) || BOOL.test(key)) return undefined;
    seen.add(key);
    const keyLine = i + 1;
    const rest = (match[2] ?? "").replace(/ +$/, "");
    let value: unknown;
    let items: SimpleItem[] | undefined;
    if (rest.startsWith("[")) {
      if (rest.indexOf("]") !== rest.length - 1) return undefined;
      const inner = rest.slice(1, -1);
      items = [];
      if (!BLANK.test(inner)) {
        for (const part of inner.split(",")) {
          const item = plainScalar(part.replace(/^ +| +$/g, ""), true);
          if (item === NOT_SIMPLE) return undefined;
          items.push({ value: item, line: keyLine });
        }
      }
      value = items.map((item) => item.value);
    } else if (rest === "") {
      // A block sequence of one-line items at one indentation, or nothing (null).
      let indent: number | undefined;
      while (i + 1 < lines.length) {
        const next = lines[i + 1] as string;
        if (!BLANK.test(next)) {
          const item = ITEM_LINE.exec(next);
          if (!item) {
            if (next[0] === " ") return undefined;
            break;
          }
          if (indent === undefined) indent = (item[1] as string).length;
          else if ((item[1] as string).length !== indent) return undefined;
          const itemValue = plainScalar((item[2] as string).replace(/ +$/, ""), false);
          if (itemValue === NOT_SIMPLE) return undefined;
          (items ??= []).push({ value: itemValue, line: i + 2 });
        }
        i++;
      }
      value = items ? items.map((item) => item.value) : null;
    } else {
      value = plainScalar(rest, false);
      if (value === NOT_SIMPLE) return undefined;
    }
    fields.push({ key, line: keyLine, items });
    // As yaml's toJS does: an inherited name ("constructor", "__proto__") becomes an own property.
    if (key in data) Object.defineProperty(data, key, { value, writable: true, enumerable: true, configurable: true });
    else data[key] = value;
  }
  if (fields.length === 0) return undefined;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const mapLine = (fields[0] as SimpleField).line;

  function lineOf(path: readonly (string | number)[]): number | undefined {
    if (path.length === 0) return mapLine;
    const field = byKey.get(path[0] as string);
    if (!field || typeof path[0] !== "string") return mapLine;
    if (path.length === 1 || !field.items || typeof path[1] !== "number") return field.line;
    const item = field.items[path[1]];
    return item ? item.line : field.line;
  }
  return { data, errors: [], lineOf };
}
