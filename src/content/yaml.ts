import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/**
 * YAML with line numbers for every key and item. The core schema has no timestamp type, so
 * `2021-02-30` stays the text the editor typed instead of rolling over to March.
 */
export interface YamlSource {
  readonly data: unknown;
  readonly errors: readonly { line: number | undefined; message: string }[];
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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: "core", uniqueKeys: true, prettyErrors: true, strict: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const errors = [...doc.errors, ...doc.warnings].map((e) => ({
    line: (e.code === "MISSING_CHAR" && unclosedQuoteLine(text, e.message)) || e.linePos?.[0]?.line,
    message: e.code === "DUPLICATE_KEY" ? "this field is written twice; keep one" : (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, ""),
  }));
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
