/**
 * How text reaches the search index, shared by the indexer (Node) and the search page (browser).
 *
 * Readers expect substring search: 乐陵市 must find 德州市乐陵市代表团, 21 must find 2021. So, like
 * Lucene's CJK analyzer, every run of letters and digits (Chinese or not) is indexed as
 * overlapping character bigrams, and every character also on its own; a query is split the same
 * way: 乐陵市 → 乐陵 + 陵市, both required; 乐 → 乐. (Matching one character as a prefix of the
 * bigrams instead misses articles: Pagefind does not expand a prefix to every word in a large index.)
 *
 * Pagefind's runtime splits any word containing Chinese characters into single characters and
 * stems Latin words, which would turn a bigram back into an AND of characters. So each term goes
 * to Pagefind encoded as digits only — every character as its code point in 7 decimal digits —
 * which it treats as one opaque word: 乐陵 → "00200480038517". A single character ends in "9"
 * (乐 → "00200489"): no bigram starts with it (a code point's first digit is 0 or 1), so Pagefind
 * neither widens a one-character query to the bigrams starting with it nor, for a bigram that is
 * in no article, falls back to its first character (it takes the longest indexed prefix of an
 * unknown word): every term matches exactly itself.
 *
 * Positions tell where a match is. Every character has one position (its unigram and the bigram
 * starting at it share it); the title starts at 0, the other fields an article page shows at
 * FIELDS_AT, the body at BODY_AT, so a result's positions alone say whether the query is in the
 * title, the fields or the body (the search page ranks by that without loading any article).
 */

// A run of letters and digits; Latin names with symbols stay whole (AT&T, C++, C#), not single letters.
const RUN = /[\p{L}\p{N}]+(?:&[\p{L}\p{N}]+)*[+#]*/gu;
const WIDTH = 7;
const UNIGRAM_END = "9";

/** First position of the fields (subtitle, newspaper, places, people, tags, date note); titles are shorter. */
export const FIELDS_AT = 1_000;
/** First position of the body; the fields together are shorter. */
export const BODY_AT = 10_000;

/** The labels of the fields that say who wrote or edited an article (search/bundle/records.ts writes them, the search page reads them). */
export const BYLINE_LABELS = { authors: "记者", correspondents: "通讯员", editor: "编辑" } as const;

export type Tier = "title" | "fields" | "body";

/** Where a position lies. */
export function tierOf(position: number): Tier {
  return position < FIELDS_AT ? "title" : position < BODY_AT ? "fields" : "body";
}

/** Full-width letters and digits to ASCII, compatibility forms folded, Latin lowercased. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function encodeChar(char: string): string {
  return String(char.codePointAt(0) ?? 0).padStart(WIDTH, "0");
}

/** A term (one character or a bigram) as Pagefind stores it. */
export function encodeTerm(term: string): string {
  const chars = [...term];
  return chars.length === 1 ? encodeChar(term) + UNIGRAM_END : chars.map(encodeChar).join("");
}

/** Whether a string is a term as encodeTerm makes them (what the index writer accepts). */
export function isEncodedTerm(term: string): boolean {
  return /^(?:\d{7}9|\d{14})$/.test(term);
}

/**
 * Piece k of an index word that is written in pieces (the writer's pieceBytes): the word itself,
 * then word-1 … word-9, word-a … word-z. The pieces sort right after the word, in order, and
 * nothing else starts with "word-", so the word after piece k tells whether there is a piece k + 1.
 */
export function pieceWord(word: string, k: number): string {
  if (!(Number.isInteger(k) && k >= 0 && k < 36)) throw new Error(`no piece ${k}: a word has at most 36 pieces`);
  return k === 0 ? word : `${word}-${k.toString(36)}`;
}

/** The readable terms of a text, in order: 乐陵市 → 乐 乐陵 陵 陵市 市. */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(text).matchAll(RUN)) {
    const chars = [...match[0]];
    chars.forEach((char, i) => {
      out.push(char);
      if (i + 1 < chars.length) out.push(char + (chars[i + 1] as string));
    });
  }
  return out;
}

/** The encoded index terms of a text. */
export function indexTerms(text: string): string[] {
  return bigrams(text).map(encodeTerm);
}

/** The readable search terms of a query: each part's bigrams (a single character stays alone). */
export function queryBigrams(query: string): string[] {
  const out: string[] = [];
  for (const match of normalizeText(query).matchAll(RUN)) {
    const chars = [...match[0]];
    if (chars.length === 1) out.push(chars[0] as string);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + (chars[i + 1] as string));
  }
  return [...new Set(out)];
}

/** The encoded search terms of a query; every one must match (AND). */
export function queryTerms(query: string): string[] {
  return queryBigrams(query).map(encodeTerm);
}

/**
 * A query part as the encoded terms that stand at consecutive positions exactly where a text
 * contains it: its bigrams in order, with repeats (乐陵市 → 乐陵 陵市); a single character alone.
 */
export function phraseTerms(part: string): string[] {
  const chars = [...normalizeText(part)];
  if (chars.length === 1) return [encodeTerm(chars[0] as string)];
  return chars.slice(0, -1).map((char, i) => encodeTerm(char + (chars[i + 1] as string)));
}

/** The parts of a query a matching article must contain: spaces and punctuation separate parts. */
export function queryParts(query: string): string[] {
  return [...normalizeText(query).matchAll(RUN)].map((m) => m[0]);
}

/** Whether a text contains every part of the query (the substring semantics readers expect). */
export function containsQuery(text: string, parts: readonly string[]): boolean {
  const haystack = normalizeText(text);
  return parts.every((part) => haystack.includes(part));
}
