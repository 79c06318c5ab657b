import { todayInArchiveZone, type CalendarDate } from "../dates.ts";
import type { Article } from "./article.ts";
import type { ContentProblem } from "./problems.ts";

/** Below this many characters of text, a body is probably unfinished. */
const TINY_BODY = 50;
/** Paragraphs shorter than this may legitimately repeat (a caption, a short quote). */
const REPEATABLE = 20;

/**
 * What looks like an editorial slip but may be intended: reported as warnings, never failing a
 * check or a build. OCR repeats, near-duplicate tags, empty bodies, future dates, repeated titles.
 */
export function editorialWarnings(articles: readonly Article[], today: CalendarDate = todayInArchiveZone()): ContentProblem[] {
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
    const lines = article.body.split("\n");
    const seen = new Map<string, number>();
    let start = -1;
    lines.push("");
    lines.forEach((line, i) => {
      if (line.trim() && start === -1) start = i;
      if (!line.trim() && start !== -1) {
        const paragraph = lines.slice(start, i).join("\n").trim();
        const first = seen.get(paragraph);
        if (paragraph.length >= REPEATABLE && first !== undefined) {
          warn(article, undefined, `this paragraph repeats the one on line ${first} (an OCR repeat?): "${paragraph.slice(0, 24)}…"`, article.bodyLine + start);
        } else seen.set(paragraph, article.bodyLine + start);
        start = -1;
      }
    });

    // Characters other than whitespace and Markdown punctuation: enough to tell an empty or tiny body
    // without parsing 10,000 bodies.
    const length = article.body.replace(/[\s#>*_`~[\]()!:|-]/g, "").length;
    if (length === 0) warn(article, undefined, "the article has no text yet");
    else if (length < TINY_BODY) warn(article, undefined, `the article's text is only ${length} characters long`);

    if (article.date.iso > today.iso) warn(article, "date", `${article.date.iso} is after today (${today.iso} in China)`);

    const other = titles.get(article.title);
    if (other) warn(article, "title", `the same title as ${other.file}`);
    else titles.set(article.title, article);
  }

  // Tags one keystroke away from a more common tag (作风建设 / 作风建没) are probably one tag. With
  // three or more characters, one edit leaves the first or the last character in place, so only
  // tags sharing one of them are compared.
  const byEnd = new Map<string, string[]>();
  for (const tag of tagUse.keys()) {
    const chars = [...tag];
    for (const key of new Set([`^${chars[0]}`, `$${chars[chars.length - 1]}`])) {
      const bucket = byEnd.get(key);
      if (bucket) bucket.push(tag);
      else byEnd.set(key, [tag]);
    }
  }
  for (const tag of tagUse.keys()) {
    const users = tagUse.get(tag) ?? [];
    const chars = [...tag];
    const candidates = new Set([...(byEnd.get(`^${chars[0]}`) ?? []), ...(byEnd.get(`$${chars[chars.length - 1]}`) ?? [])]);
    for (const other of candidates) {
      const otherUsers = tagUse.get(other) ?? [];
      if (other === tag || otherUsers.length < users.length || (otherUsers.length === users.length && other < tag)) continue;
      if ([...tag].length >= 3 && oneEditApart(tag, other)) {
        for (const a of users) warn(a, "tags", `tag "${tag}" differs by one character from "${other}" (${otherUsers.length} articles) — the same tag?`);
      }
    }
  }
  return warnings;
}

/** Whether two strings differ by one inserted, deleted or replaced character. */
export function oneEditApart(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  let j = 0;
  while (j < x.length - i && j < y.length - i && x[x.length - 1 - j] === y[y.length - 1 - j]) j++;
  return x.length - i - j <= 1 && y.length - i - j <= 1;
}
