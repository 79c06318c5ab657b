import { parseYaml, type YamlSource } from "./yaml.ts";

interface ArticleSource {
  readonly frontMatter: YamlSource;
  /** The Markdown body, exactly as written. */
  readonly body: string;
  /** File line on which the body starts. */
  readonly bodyLine: number;
}

export type SplitResult = { ok: true; source: ArticleSource } | { ok: false; line: number; message: string };

const CLOSE = "\n---";

/** A file's text with its line breaks as the gate reads them: CRLF and a lone CR made "\n". */
export const normalizeLineBreaks = (text: string): string => (text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);

/**
 * Splits a Markdown file into YAML front matter and body. The language is checked first:
 * anything but YAML (`---js` front matter, which gray-matter would eval()) is refused, so content
 * can never run code in the build. The split itself is gray-matter's (4.0.3), which this module
 * used to call, kept exactly: the block ends at the first "\n---", the body starts after that
 * line's break, and a block of only `#` comments and whitespace is an empty mapping. The body is
 * always the tail of the text (line breaks made "\n"): the build cache keeps only its length and
 * digest, and reads it there again (content/body.ts).
 */
export function splitFrontMatter(file: string): SplitResult {
  // Line breaks as YAML and Markdown read them: CRLF and a lone CR are one break, so a Windows
  // file's fields do not end in "\r" and line numbers agree with the editor's.
  const text = normalizeLineBreaks(file);
  const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
  if (!/^---\s*$/.test(firstLine)) {
    const language = /^---\s*(\S+)/.exec(firstLine)?.[1];
    return language
      ? { ok: false, line: 1, message: `front matter must be YAML (found "---${language}"); code in front matter is never run` }
      : { ok: false, line: 1, message: 'no front matter: the file must start with a line "---", then YAML fields, then "---"' };
  }
  // From here `text` starts with "---" followed by nothing but whitespace up to the first line break.
  const rest = text.slice(3);
  let closeIndex = rest.indexOf(CLOSE);
  if (closeIndex === -1) closeIndex = rest.length;
  const block = rest.slice(0, closeIndex);
  let body = "";
  if (closeIndex !== rest.length) {
    body = rest.slice(closeIndex + CLOSE.length);
    if (body[0] === "\n") body = body.slice(1);
  }
  if (!/\n---[ \t]*(\n|$)/.test(text.slice(firstLine.length))) {
    return { ok: false, line: 1, message: 'front matter is not closed: add a line "---" after the last field' };
  }
  // A block of only comments and whitespace is never parsed: an empty mapping is then the data.
  // The block starts with the rest of the "---" line, so its line numbers are file line numbers.
  const frontMatter = block.replace(/^\s*#[^\n]+/gm, "").trim() === "" ? parseYaml("") : parseYaml(block);
  const bodyLine = countLines(text, text.length - body.length);
  return { ok: true, source: { frontMatter, body, bodyLine } };
}

/** Lines in text.slice(0, end): one more than the line breaks before `end`. */
function countLines(text: string, end: number): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}
