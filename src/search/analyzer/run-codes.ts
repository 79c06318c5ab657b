/**
 * A text's runs as code points, for the index writer (pagefind/writer.ts), which reads its terms
 * from them without a string per term. Apart from terms.ts, which the search page bundles: it
 * never needs this.
 */
import { normalizeText } from "./terms.ts";

/**
 * The characters of a text's runs (terms.ts, RUN: what its terms are made of) as code points,
 * each run followed by −1, from `codes[0]`; returns the array (`codes`, or a larger one) and the
 * count. The terms, in order, are each character, then it with the next one unless −1 follows
 * (terms.ts, bigrams). The runs are found by hand: matching RUN was most of the cost of finding
 * them.
 */
export function runCodes(text: string, codes: Int32Array<ArrayBuffer> = new Int32Array(text.length + 1)): { codes: Int32Array<ArrayBuffer>; length: number } {
  const s = normalizeText(text);
  const word = wordCharacters();
  const isWord = (code: number) => (code <= 0xffff ? word[code] === 1 : WORD_CHARACTER.test(String.fromCodePoint(code)));
  let out = codes;
  let n = 0;
  let i = 0;
  while (i < s.length) {
    let code = s.codePointAt(i) as number;
    if (!isWord(code)) {
      i += code > 0xffff ? 2 : 1;
      continue;
    }
    // At most one code per unit of the rest of the text, and the −1.
    if (out.length < n + s.length - i + 1) {
      const grown = new Int32Array(Math.max(n + s.length - i + 1, out.length * 2));
      grown.set(out.subarray(0, n));
      out = grown;
    }
    for (;;) {
      while (i < s.length && isWord((code = s.codePointAt(i) as number))) {
        out[n++] = code;
        i += code > 0xffff ? 2 : 1;
      }
      // "&" and a letter or digit after it go on the run (AT&T).
      if (s.charCodeAt(i) !== AMPERSAND || i + 1 >= s.length || !isWord(s.codePointAt(i + 1) as number)) break;
      out[n++] = AMPERSAND;
      i++;
    }
    // Then any "+" and "#" (C++, C#).
    for (let unit = s.charCodeAt(i); unit === PLUS || unit === HASH; unit = s.charCodeAt(++i)) out[n++] = unit;
    out[n++] = -1;
  }
  return { codes: out, length: n };
}

const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;
const AMPERSAND = 0x26;
const PLUS = 0x2b;
const HASH = 0x23;
let bmpWordCharacters: Uint8Array | undefined;

/** Per code point of the Basic Multilingual Plane: 1 for a letter or digit (RUN's [\p{L}\p{N}]), made when first needed. */
function wordCharacters(): Uint8Array {
  if (!bmpWordCharacters) {
    bmpWordCharacters = new Uint8Array(0x10000);
    // Surrogates stay 0: alone they are no character, and a pair is read as one code point.
    for (let code = 0; code < 0xd800; code++) bmpWordCharacters[code] = WORD_CHARACTER.test(String.fromCharCode(code)) ? 1 : 0;
    for (let code = 0xe000; code <= 0xffff; code++) bmpWordCharacters[code] = WORD_CHARACTER.test(String.fromCharCode(code)) ? 1 : 0;
  }
  return bmpWordCharacters;
}
