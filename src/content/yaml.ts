import jsYaml from "js-yaml";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/**
 * YAML with positions for every key and item. The core schema has no timestamp type, so
 * `2021-02-30` stays the text the editor typed instead of rolling over to March.
 *
 * Two libraries, each for what it does best (tools/bench-content-gate.ts prints the cost per
 * front-matter block of each). js-yaml reads the data: quicker than `yaml`, whose parse alone
 * would cost most of `npm run check`. `yaml` explains: the line and column of a key or item
 * when a message needs one (parsed lazily, so valid files never pay for it), and its clearer
 * errors when js-yaml refuses a file. A text with an anchor (`&`) is read by `yaml` alone, which
 * bounds how many aliases it expands (js-yaml does not).
 */
interface YamlError {
  readonly line: number | undefined;
  readonly column?: number | undefined;
  readonly message: string;
  /** The key a repeated-key error is about. */
  readonly field?: string | undefined;
  /** A syntax error: quoting or indentation is the likely cause. */
  readonly syntax?: boolean;
}

interface Position {
  readonly line: number;
  readonly column: number;
}

export interface YamlSource {
  readonly data: unknown;
  readonly errors: readonly YamlError[];
  /** Line (1-based, in the text given) of the key or item at `path`; the nearest parent when absent. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** Line and column (1-based) of the value at `path`, when it is there. */
  positionOf(path: readonly (string | number)[]): Position | undefined;
}

/** Aliases expanded past this many are refused (a "billion laughs" document). */
const MAX_ALIAS_COUNT = 50;

export function parseYaml(text: string): YamlSource {
  if (text.includes("&")) return parseFullYaml(text);
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }) ?? null;
  } catch (error) {
    const full = parseFullYaml(text);
    if (full.errors.length) return full;
    // Refused by js-yaml alone: its own message and position.
    const { reason, mark } = error as jsYaml.YAMLException;
    return { ...full, data: undefined, errors: [{ line: mark.line + 1, column: mark.column + 1, message: reason, syntax: true }] };
  }
  let full: YamlSource | undefined;
  const positions = () => (full ??= parseFullYaml(text));
  return { data, errors: [], lineOf: (path) => positions().lineOf(path), positionOf: (path) => positions().positionOf(path) };
}

/** Whether a value holds itself, through an alias (`&a [*a]`), however deep. */
function holdsItself(value: unknown, within = new Set<object>()): boolean {
  if (!value || typeof value !== "object") return false;
  if (within.has(value)) return true;
  within.add(value);
  const holds = Object.values(value).some((child) => holdsItself(child, within));
  within.delete(value);
  return holds;
}

/** `yaml` alone, for the benchmark. */
export const parseWithYamlOnly = (text: string): YamlSource => parseFullYaml(text);

/** yaml reports an unclosed quote where the document ends; the editor needs the line where it opened. */
function unclosedQuoteLine(text: string, message: string): number | undefined {
  const quote = /closing (["'])/.exec(message)?.[1];
  if (!quote) return undefined;
  const lines = text.split("\n");
  const index = lines.findIndex((line) => (line.replaceAll(`\\${quote}`, "").split(quote).length - 1) % 2 === 1);
  return index === -1 ? undefined : index + 1;
}

function parseFullYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: "core", uniqueKeys: true, prettyErrors: true, strict: true });
  const positionAt = (offset: number | undefined): Position | undefined => (offset === undefined ? undefined : {
    line: lineCounter.linePos(offset).line,
    column: lineCounter.linePos(offset).col,
  });
  const errors: YamlError[] = [...doc.errors, ...doc.warnings].map((e) => {
    const quoteLine = e.code === "MISSING_CHAR" ? unclosedQuoteLine(text, e.message) : undefined;
    const line = quoteLine ?? e.linePos?.[0]?.line;
    const column = quoteLine === undefined ? e.linePos?.[0]?.col : undefined;
    if (e.code === "DUPLICATE_KEY") {
      const field = line === undefined ? undefined : /^\s*(?:-\s+)?([^:#\s][^:#]*?)\s*:/.exec(text.split("\n")[line - 1] ?? "")?.[1];
      return { line, column, field, message: "this field is written twice; keep one" };
    }
    return { line, column, syntax: true, message: (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "") };
  });
  let data: unknown = undefined;
  if (errors.length === 0) {
    // Problems of aliases are named at the first alias's line.
    const alias = /(^|[\s[{,:-])\*[^\s,\]}]/m.exec(text);
    const line = alias ? text.slice(0, alias.index).split("\n").length : undefined;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // The only error toJS throws on a document without errors: too many aliases.
      const excessive = /alias count/i.test((error as Error).message);
      errors.push({ line, field: undefined, message: excessive ? `more than ${MAX_ALIAS_COUNT} aliases (*name) expanded — write the values out` : (error as Error).message });
    }
    // An alias inside the value it names makes a value without end, which nothing could read.
    if (holdsItself(data)) {
      data = undefined;
      errors.push({ line, field: undefined, message: "an alias (*name) inside the value it names — write the values out" });
    }
  }

  function nodeAt(path: readonly (string | number)[]): { node: Node | null | undefined; key: Node | undefined } {
    let node: Node | null | undefined = doc.contents as Node | null;
    let key: Node | undefined = node ?? undefined;
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === step);
        if (!pair) return { node: undefined, key };
        key = (pair.key as Node) ?? key;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof step === "number") {
        const item = node.items[step] as Node | undefined;
        if (!item) return { node: undefined, key };
        key = item;
        node = item;
      } else {
        return { node: undefined, key };
      }
    }
    return { node, key };
  }

  return {
    data,
    errors,
    lineOf: (path) => positionAt(nodeAt(path).key?.range?.[0])?.line,
    positionOf: (path) => positionAt(nodeAt(path).node?.range?.[0]),
  };
}
