/**
 * Markdown paragraphs from OCR lines. OCR output separates paragraphs (and column fragments) with
 * blank lines; within a block, a line break is where the printed line ended. Only breaks that are
 * certainly inside a paragraph are joined — a wrong join runs two articles' columns together,
 * which is worse for the editor than a break left in place:
 *
 * - lines of one block (no blank line between) are joined, unless the next line is indented
 *   (the printed paragraph start);
 * - across one blank line, only when the first part cannot end a paragraph: it ends with a comma
 *   or enumeration comma, or leaves a “quotation” open that the next part closes ("通过“三" /
 *   "减一优”精简…"). A fragment ending mid-word with nothing else to go on ("进行了述责" /
 *   "述责述廉是…") may be a column cut, and stays for the editor.
 *
 * Spaces OCR leaves at line ends inside Chinese text are removed; a dateline keeps the
 * ideographic space the papers print after it (本报齐河讯 + U+3000 + 岁末年初).
 */
import { CJK_PUNCT, HAN, TERMINAL, escapeMarkdownStart, isCjk, removeOcrSpaces } from "./cjk.ts";

export interface SourceLine {
  /** Index of the line in the source text (0-based), to tell which lines were adjacent. */
  readonly no: number;
  readonly text: string;
  /** Blank lines just before this one in the source. */
  readonly blankBefore: number;
  /** Markdown heading level the OCR gave the line (## 小标题), 0 for text. */
  readonly level: number;
  /** The line started with indentation (two spaces or an ideographic space). */
  readonly indent: boolean;
  /** Kept exactly as printed, on its own (a photo credit: its spaces separate names). */
  readonly verbatim?: boolean;
}

const OPENERS = new RegExp(`^[${HAN}0-9A-Za-z“‘《（(]`);

function continues(previous: string, next: string, blankLines: number): boolean {
  if (blankLines === 0) return true;
  if (blankLines > 1 || TERMINAL.test(previous) || !OPENERS.test(next)) return false;
  if (/[，、,]$/.test(previous)) return true;
  const open = (previous.match(/“/g) ?? []).length - (previous.match(/”/g) ?? []).length;
  const firstQuote = /[“”]/.exec(next)?.[0];
  return open > 0 && firstQuote === "”";
}

/** Joins two pieces of one paragraph: no space in Chinese, one between Latin words. */
function glue(a: string, b: string): string {
  const last = a.at(-1);
  const first = b[0];
  return isCjk(last) || isCjk(first) ? a + b : `${a} ${b}`;
}

const DATELINE_START = new RegExp(`^(本报[^\\s，。,${CJK_PUNCT}]{1,8}?讯)[\\s\\u3000]*`);

function cleanParagraph(text: string): string {
  const dateline = DATELINE_START.exec(text);
  let body = removeOcrSpaces(dateline ? text.slice(dateline[0].length) : text);
  if (dateline) body = `${dateline[1]}\u3000${body}`;
  return escapeMarkdownStart(body);
}

export function ocrParagraphs(lines: readonly SourceLine[]): string {
  // verbatim: a heading or photo credit, never joined or respaced.
  const paragraphs: { text: string; verbatim: boolean; last: SourceLine }[] = [];
  for (const line of lines) {
    const text = line.text.trim();
    if (!text) continue;
    const previous = paragraphs.at(-1);
    const adjacent = previous !== undefined && previous.last.no === line.no - line.blankBefore - 1;
    if (line.level > 0) {
      paragraphs.push({ text: `${"#".repeat(Math.max(2, line.level))} ${text}`, verbatim: true, last: line });
    } else if (line.verbatim) {
      paragraphs.push({ text: escapeMarkdownStart(text), verbatim: true, last: line });
    } else if (previous && !previous.verbatim && adjacent && !(line.indent && line.blankBefore === 0) && continues(previous.text, text, line.blankBefore)) {
      previous.text = glue(previous.text, text);
      previous.last = line;
    } else {
      paragraphs.push({ text, verbatim: false, last: line });
    }
  }
  return paragraphs.map((p) => (p.verbatim ? p.text : cleanParagraph(p.text))).join("\n\n");
}
