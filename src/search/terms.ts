/**
 * How text reaches the search index, shared by the indexer (Node) and the search page (browser).
 *
 * Chinese has no spaces, and dictionary segmentation makes substring search miss (乐陵市 inside
 * 德州市乐陵市代表团). So, like Lucene's CJK analyzer, every run of Chinese characters is indexed as
 * overlapping bigrams, plus its last character on its own (so a one-character query, matched as a
 * prefix, finds a character at the end of a run too). Latin letters and digits are indexed as
 * lowercase words. Queries are split the same way, so a search for 乐陵市 becomes 乐陵 陵市.
 */

const CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ebef}";
const CJK_RUN = new RegExp(`^[${CJK}]+$`, "u");
// A run of Chinese characters, or a run of other letters and digits (which stops at a Chinese character).
const TOKEN = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}])+`, "gu");

/** Full-width letters and digits to ASCII, compatibility forms folded, Latin lowercased. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function runTerms(run: string, out: string[]): void {
  const chars = [...run];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + (chars[i + 1] as string));
  out.push(chars[chars.length - 1] as string);
}

/** The index terms of a text, in order: 德州市乐陵 → 德州 州市 市乐 乐陵 陵. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(TOKEN)) {
    const token = match[0];
    if (CJK_RUN.test(token)) runTerms(token, out);
    else out.push(token);
  }
  return out;
}

/**
 * The search terms of a query: each space-separated part becomes its bigrams (a single Chinese
 * character stays as it is and matches as a prefix). Every term must match (AND).
 */
export function queryTerms(query: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(query).matchAll(TOKEN)) {
    const token = match[0];
    if (!CJK_RUN.test(token)) out.push(token);
    else if ([...token].length === 1) out.push(token);
    else {
      const chars = [...token];
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + (chars[i + 1] as string));
    }
  }
  return [...new Set(out)];
}

/** The parts of a query a matching article must contain, normalized: "乐陵 作风" → ["乐陵", "作风"]. */
export function queryParts(query: string): string[] {
  return normalizeText(query)
    .split(/\s+/)
    .map((part) => part.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((part) => part.length > 0);
}

/** Whether a text contains every part of the query (the substring semantics readers expect). */
export function containsQuery(text: string, parts: readonly string[]): boolean {
  const haystack = normalizeText(text);
  return parts.every((part) => haystack.includes(part));
}
