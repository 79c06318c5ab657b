import { todayInArchiveZone, type CalendarDate } from "../core/dates.ts";
import type { Article } from "./article.ts";
import type { ContentProblem } from "./problems.ts";

/**
 * No newspaper of the archive printed before this year: an earlier date is a mistyped year (0021
 * for 2021), and it would stretch the home page's coverage chart across centuries.
 */
const EARLIEST_YEAR = 1900;
/** Below this many characters of text, a body is probably unfinished. */
const TINY_BODY = 50;
/** Paragraphs shorter than this may legitimately repeat (a caption, a short quote). */
const REPEATABLE = 20;

/**
 * What looks like an editorial slip but may be intended: reported as warnings, never failing a
 * check or a build. OCR repeats, near-duplicate tags, empty bodies, future dates, dates before
 * EARLIEST_YEAR, repeated titles.
 * `bodyWarnings` (a cache of articleBodyWarnings per article) lets a reload skip unchanged bodies.
 */
export function editorialWarnings(
  articles: readonly Article[],
  today: CalendarDate = todayInArchiveZone(),
  bodyWarnings: (article: Article) => readonly ContentProblem[] = articleBodyWarnings,
): ContentProblem[] {
  const warnings: ContentProblem[] = [];
  const warn = (article: Article, field: string | undefined, message: string, line?: number) =>
    warnings.push({ severity: "warning", file: article.file, field, line, message });

  const tagUse = new Map<string, Article[]>();
  for (const a of articles) {
    for (const t of a.tags) {
      const users = tagUse.get(t);
      if (users) users.push(a);
      else tagUse.set(t, [a]);
    }
  }
  const titles = new Map<string, Article>();

  for (const article of articles) {
    for (const w of bodyWarnings(article)) warnings.push(w);

    if (article.date.iso > today.iso) warn(article, "date", `${article.date.iso} is after today (${today.iso} in China)`);
    else if (article.date.year < EARLIEST_YEAR) warn(article, "date", `${article.date.iso} is before ${EARLIEST_YEAR}, earlier than any newspaper here — a mistyped year?`);

    const other = titles.get(article.title);
    if (other) warn(article, "title", `the same title as ${other.file}`);
    else titles.set(article.title, article);
  }

  // Tags one keystroke away from a more common tag (作风建设 / 作风建没) are probably one tag.
  const tags = [...tagUse].map(([name, users], index) => ({ name, users, index, chars: [...name] }));
  type TagInfo = (typeof tags)[number];
  // Strings one edit apart share a "deletion key" (the string itself, or it less one character):
  // the shorter string itself, or both less the character that differs. Indexing every tag under
  // its keys finds each tag's few candidates without comparing it with every other tag;
  // oneEditApartChars then decides.
  const byKey = new Map<string, TagInfo[]>();
  const keysOf = (chars: readonly string[]) => {
    const keys = new Set([chars.join("")]);
    for (let i = 0; i < chars.length; i++) keys.add(chars.slice(0, i).join("") + chars.slice(i + 1).join(""));
    return keys;
  };
  for (const tag of tags) {
    if (tag.chars.length < 2) continue;
    for (const key of keysOf(tag.chars)) {
      const bucket = byKey.get(key);
      if (bucket) bucket.push(tag);
      else byKey.set(key, [tag]);
    }
  }
  for (const tag of tags) {
    const { name, users, chars } = tag;
    if (chars.length < 3) continue;
    const first = chars[0];
    // Warnings come in a fixed order: the tags sharing the first character, then the others, each by first use.
    const candidates = new Set<TagInfo>();
    for (const key of keysOf(chars)) for (const other of byKey.get(key) ?? []) candidates.add(other);
    const ordered = [...candidates].sort((a, b) => Number(a.chars[0] !== first) - Number(b.chars[0] !== first) || a.index - b.index);
    for (const other of ordered) {
      const otherUsers = other.users;
      if (other === tag || otherUsers.length < users.length || (otherUsers.length === users.length && other.name < name)) continue;
      if (Math.abs(other.chars.length - chars.length) <= 1 && oneEditApartChars(chars, other.chars)) {
        for (const a of users) warn(a, "tags", `tag "${name}" differs by one character from "${other.name}" (${otherUsers.length} articles) — the same tag?`);
      }
    }
  }
  return warnings;
}

/** Whether two strings differ by one inserted, deleted or replaced character. */
export function oneEditApart(a: string, b: string): boolean {
  return oneEditApartChars([...a], [...b]);
}

function oneEditApartChars(x: readonly string[], y: readonly string[]): boolean {
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  let j = 0;
  while (j < x.length - i && j < y.length - i && x[x.length - 1 - j] === y[y.length - 1 - j]) j++;
  return x.length - i - j <= 1 && y.length - i - j <= 1;
}

/**
 * The warnings about one article's body alone: repeated paragraphs (OCR repeats), an empty or
 * tiny body. They depend on nothing else, so a reload keeps them for an unchanged file.
 */
export function articleBodyWarnings(article: Article): ContentProblem[] {
  const warnings: ContentProblem[] = [];
  const warn = (message: string, line?: number) => warnings.push({ severity: "warning", file: article.file, field: undefined, line, message });
  const body = article.body;

  // Paragraphs are runs of lines that are not blank (String#trim's whitespace); each is compared trimmed.
  const seen = new Map<string, number>();
  let start = -1; // line number (0-based) where the current paragraph starts
  let startOffset = 0;
  let endOffset = 0; // end of the paragraph's last line so far
  let lineNumber = 0;
  let offset = 0;
  for (;;) {
    const newline = body.indexOf("\n", offset);
    const lineEnd = newline === -1 ? body.length : newline;
    if (isBlank(body, offset, lineEnd)) {
      if (start !== -1) {
        const paragraph = body.slice(startOffset, endOffset).trim();
        const first = seen.get(paragraph);
        if (paragraph.length >= REPEATABLE && first !== undefined) {
          warn(`this paragraph repeats the one on line ${first} (an OCR repeat?): "${paragraph.slice(0, 24)}…"`, article.bodyLine + start);
        } else seen.set(paragraph, article.bodyLine + start);
        start = -1;
      }
    } else {
      if (start === -1) {
        start = lineNumber;
        startOffset = offset;
      }
      endOffset = lineEnd;
    }
    if (newline === -1) {
      // The text after the last line break is a line; then one more, blank, line ends the last paragraph.
      if (start !== -1) {
        offset = body.length;
        lineNumber++;
        continue;
      }
      break;
    }
    offset = newline + 1;
    lineNumber++;
  }

  // Characters other than whitespace and Markdown punctuation: enough to tell an empty or tiny body
  // without parsing 10,000 bodies.
  const length = textLength(body);
  if (length === 0) warn("the article has no text yet");
  else if (length < TINY_BODY) warn(`the article's text is only ${length} characters long`);
  return warnings;
}

/** Whether body.slice(from, to) has only whitespace (as String#trim sees it). */
function isBlank(body: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWhitespace(body.charCodeAt(i))) return false;
  return true;
}

/** JavaScript's whitespace and line terminators: what `\s` and String#trim match. */
function isWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** ASCII characters that are Markdown punctuation, not text: # > * _ ` ~ [ ] ( ) ! : | - */
const MARKUP = new Set("#>*_`~[]()!:|-");
/** Whether each code unit up to U+3000 is text (1), not whitespace or Markdown punctuation (0); above it only U+FEFF is not. */
const IS_TEXT = new Uint8Array(0x3001);
for (let c = 0; c <= 0x3000; c++) IS_TEXT[c] = isWhitespace(c) || (c < 128 && MARKUP.has(String.fromCharCode(c))) ? 0 : 1;

/** body.replace(/[\s#>*_`~[\]()!:|-]/g, "").length, without making the string. */
function textLength(body: string): number {
  let length = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    length += c > 0x3000 ? (c === 0xfeff ? 0 : 1) : (IS_TEXT[c] as number);
  }
  return length;
}
