/** Character classes and small text rules for Chinese newspaper text, shared by the importers. */

/** Han ideographs (basic, extension A, compatibility). */
export const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
/** CJK and full-width punctuation, curly quotes, dashes and ellipsis as used in Chinese text. */
export const CJK_PUNCT = "\\u3000-\\u303f\\uff00-\\uffef\\u2018-\\u201f\\u2014\\u2026\\u00b7\\u25a0\\u25a1";

const cjkChar = new RegExp(`[${HAN}${CJK_PUNCT}]`);
export const isCjk = (ch: string | undefined): boolean => ch !== undefined && cjkChar.test(ch);

/** Marks that end a sentence or a paragraph (a paragraph may end inside a quotation: 。” ). */
export const TERMINAL = /[。！？!?…；;”’」』"')）]$/;

/**
 * Removes spaces that OCR leaves where a printed line ended inside a paragraph ("局部散 发",
 * "1 月5日", "完成了 430个"): Chinese text has no spaces between words, so a space next to a Han
 * character or Chinese punctuation is never part of the wording. Spaces between Latin words and
 * numbers ("EOD 2021") are kept, and so is the ideographic space (U+3000) after a dateline.
 */
export function removeOcrSpaces(text: string): string {
  const c = `[${HAN}${CJK_PUNCT}]`;
  // Also after ASCII punctuation that follows Chinese text ("联系, 9次" — OCR's half-width comma).
  return text.replace(new RegExp(`(?<=${c}|${c}[,;:!?])[ \\t\\u00a0]+|[ \\t\\u00a0]+(?=${c})`, "g"), "");
}

/** Every `2021年10月22日` / `10月22日` in the text, distinct, in order of appearance. */
export function datesMentioned(text: string, limit = 10): string[] {
  const found = (text.match(/(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日/g) ?? []).map((d) => d.replace(/\s+/g, ""));
  return [...new Set(found)].slice(0, limit);
}

/** `「text」` shortened for a comment line. */
export function quote(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `「${flat.length > max ? `${flat.slice(0, max)}…` : flat}」`;
}

/**
 * Markdown would turn a paragraph that starts with "1. " or "- " into a list, or with "#" into a
 * heading; the printed text meant neither, so such starts are escaped.
 */
export function escapeMarkdownStart(paragraph: string): string {
  return paragraph
    .replace(/^(\d+)\.(\s)/, "$1\\.$2")
    .replace(/^([-+*])(\s)/, "\\$1$2")
    .replace(/^(#{1,6})(\s)/, "\\$1$2")
    .replace(/^(:{3})/, "\\$1");
}
