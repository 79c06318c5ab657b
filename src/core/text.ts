/**
 * Characters no published text may hold, stated once: the content gate refuses them in every
 * field and body, and messages escape them. They break XML (C0 controls, lone surrogates,
 * noncharacters), hide or reorder what a reader sees (C1 controls, bidirectional overrides), or
 * mark text already lost in a conversion (U+FFFD). Tab and line feed are allowed only where text
 * may span lines.
 */
/** Unsafe characters below U+10000 that are not surrogates. */
const BMP_UNSAFE = "\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ufdd0-\\ufdef\\ufffd-\\uffff";
const PLANE_NONCHARACTERS = Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16)}fffe}\\u{${(i + 1).toString(16)}ffff}`).join("");
/** With the u flag a surrogate in a class matches only a lone one. */
const UNSAFE = `${BMP_UNSAFE}\\ud800-\\udfff${PLANE_NONCHARACTERS}`;
const UNSAFE_ALL = new RegExp(`[\\t\\n${UNSAFE}]`, "gu");
// One pass without the u flag, quicker over long Chinese bodies: BMP_UNSAFE, or any surrogate,
// whose pair (or its absence) is then looked at.
const SCAN_LINE = new RegExp(`[\\t\\n${BMP_UNSAFE}\\ud800-\\udfff]`, "g");
const SCAN_TEXT = new RegExp(`[${BMP_UNSAFE}\\ud800-\\udfff]`, "g");

/** What kind of unsafe character a code point is. */
function kind(codePoint: number): string {
  if (codePoint === 0x09 || codePoint === 0x0a) return "a tab or line break";
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return "a control character";
  if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) return "a bidirectional override";
  if (codePoint === 0xfffd) return "the replacement character (text lost in a conversion)";
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return "half of a surrogate pair";
  return "a noncharacter";
}

/**
 * The first character of `text` no published text may hold, at `index` (in UTF-16 code units) and
 * as a `description` ("U+202E, a bidirectional override"); `multiline` allows tab and line feed.
 */
export function findUnsafeCharacter(text: string, multiline: boolean) {
  const scan = multiline ? SCAN_TEXT : SCAN_LINE;
  scan.lastIndex = 0;
  for (let match = scan.exec(text); match; match = scan.exec(text)) {
    const unit = match[0].charCodeAt(0);
    const index = match.index;
    let codePoint = unit;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        codePoint = text.codePointAt(index) ?? unit;
        // A pair is a character past U+FFFF: unsafe only if a plane's noncharacter (U+1FFFE …).
        if ((codePoint & 0xfffe) !== 0xfffe) {
          scan.lastIndex = index + 2;
          continue;
        }
      }
    }
    return { index, description: `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}, ${kind(codePoint)}` };
  }
  return undefined;
}

/** `text` with every unsafe character, tab and line break written as an escape (`\u{202E}`): safe to print in a terminal or a page. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE_ALL, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`));
}
