/**
 * OCR'd newspaper pages (plain text, optionally with the OCR's own `#` headings) → articles.
 *
 * A page is read in three passes:
 * 1. every line is classified: byline (□记者 … / …记者 … 通讯员 …), photo credit, page furniture
 *    (masthead, page code "B02-B03", header date "2021年10月22日 星期五", "编辑：…", footer, the
 *    copyright notice at the end), or text;
 * 2. the page is cut into articles: each byline starts one, together with the headline lines
 *    printed just above it (a page of eight articles gives eight drafts);
 * 3. each article's fields are read from what the page states — the header's date and the
 *    paper's name apply to every article on the page; the headline's first word or a 本报X讯
 *    dateline gives the place. Dates inside the text are events, never the publication date.
 *
 * Whatever is not stated stays 【待填】, with a note saying what the page does show.
 */
import { parseCalendarDate } from "../core/dates.ts";
import { joinBylines, parseByline, type Byline, type Names } from "./byline.ts";
import { HAN, datesMentioned, quote } from "./cjk.ts";
import { ArticleBuilder, type ImportedArticle } from "./imported.ts";
import { ocrParagraphs, type SourceLine } from "./paragraphs.ts";
import { DATELINE_AT_START, readPlace } from "./place.ts";
import { sourcesIn, type RegistryNames } from "./registry-names.ts";

type Kind = "text" | "byline" | "photo" | "furniture" | "trailer";

interface Line extends SourceLine {
  kind: Kind;
}

interface BylineGroup {
  readonly start: number;
  readonly end: number;
  readonly byline: Byline;
  /** Text printed after 报道 on the byline's last line: the dateline and the article's first words. */
  readonly rest: SourceLine | undefined;
}

const DATE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:(?:星期|周|礼拜)[一二三四五六日天])?\s*(?:农历\S*)?$/;
const PAGE = /^(?:第\s*)?([A-Z]?\d{1,2}(?:\s*[-—–~～]\s*[A-Z]?\d{1,2})?)\s*版?$/;
/** "编辑：常学艺 美编：魏巍" — a header line made only of "role：name" pairs. */
const CREDITS = /^(?:[^\s:：]{1,6}[:：]\s*[^\s:：]+\s*)+$/;
const EDITOR = new RegExp(`(?:^|\\s)(?:责任)?编辑[:：]\\s*([${HAN}·]{2,6})`);
const FOOTER = /扫描|二维码|APP|客户端|版权|声明|来源|主办|出品|官方/i;
const TRAILER = /版权(?:与免责)?声明|免责声明|版权所有/;

export function importPlainText(text: string, names: RegistryNames): ImportedArticle[] {
  const lines = readLines(text);
  const groups = findBylines(lines);
  const page = readFurniture(lines, groups, names);
  const articles = splitArticles(lines, groups);
  return articles.map((article, index) => readArticle(article, { index, count: articles.length, page, names }));
}

function readLines(text: string): Line[] {
  const lines: Line[] = [];
  let blank = 0;
  text.split("\n").forEach((raw, no) => {
    const unquoted = raw.replace(/^\s*>\s?/, "");
    const trimmed = unquoted.trim();
    if (!trimmed) {
      blank++;
      return;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    lines.push({
      no,
      text: heading ? (heading[2] ?? "").trim() : trimmed,
      level: heading ? (heading[1] ?? "").length : 0,
      indent: /^(?: {2,}|\t|\u3000)/.test(unquoted),
      blankBefore: blank,
      kind: "text",
    });
    blank = 0;
  });
  return lines;
}

/** Bylines, joined over two lines when the first does not end with 报道 and the next starts with 通讯员. */
function findBylines(lines: Line[]): BylineGroup[] {
  const groups: BylineGroup[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const byline = parseByline(line.text);
    if (!byline) continue;
    if (byline.photo) {
      line.kind = "photo";
      continue;
    }
    let joined = byline;
    let end = i;
    while (!joined.complete) {
      const next = lines[end + 1];
      const more = next && next.blankBefore <= 2 ? parseByline(next.text, true) : undefined;
      if (!more || more.photo) break;
      joined = joinBylines(joined, more);
      end++;
    }
    for (let k = i; k <= end; k++) (lines[k] as Line).kind = "byline";
    const last = lines[end] as Line;
    const rest = joined.rest ? { no: last.no, text: joined.rest, blankBefore: 0, level: 0, indent: false } : undefined;
    groups.push({ start: i, end, byline: joined, rest });
    i = end;
  }
  return groups;
}

interface PageFacts {
  readonly dates: { iso: string | undefined; line: string }[];
  readonly pages: string[];
  readonly editors: { name: string; line: string }[];
  /** Newspapers named by the page itself: masthead, footer, copyright notice. */
  readonly mastheads: { name: string; line: string }[];
  /** Newspapers named in a byline ("齐鲁晚报·齐鲁壹点记者"): the reporters' paper, maybe not this page's. */
  readonly bylineSources: { name: string; line: string }[];
  trailer: string | undefined;
}

function readFurniture(lines: Line[], groups: readonly BylineGroup[], names: RegistryNames): PageFacts {
  const facts: PageFacts = { dates: [], pages: [], editors: [], mastheads: [], bylineSources: [], trailer: undefined };
  const afterLastByline = groups.at(-1)?.end ?? -1;
  let trailerStart: number | undefined;
  lines.forEach((line, i) => {
    if (line.kind === "byline") {
      const group = groups.find((g) => g.start <= i && i <= g.end);
      const organisation = group?.byline.organisation;
      if (organisation && i === group.start) for (const name of sourcesIn(names, organisation)) facts.bylineSources.push({ name, line: line.text });
      return;
    }
    if (line.kind !== "text" || line.level > 0) return;
    const text = line.text;
    if (trailerStart === undefined && i > afterLastByline && text.length <= 40 && TRAILER.test(text)) trailerStart = i;
    const credits = text.replace(/\s+(?:(?:责任|美术|图片)?编辑|美编|校对|版式|组版)[:：].*$/, "");
    const date = DATE.exec(credits);
    const pageCode = PAGE.exec(text);
    const creditsPart = date ? text.slice(credits.length).trim() : text;
    const editor = text.length <= 40 && creditsPart && CREDITS.test(creditsPart) ? EDITOR.exec(creditsPart) : null;
    const masthead = names.sources.find((s) => text.replace(/^《(.*)》$/, "$1") === s);
    const footer = text.length <= 50 && FOOTER.test(text) ? sourcesIn(names, text) : [];
    // A date alone on a line is the page header's only with a weekday (2021年10月22日 星期五) or
    // printed next to other header lines; otherwise it may be a caption's or a heading's.
    const headerDate = date && (/星期|周|礼拜/.test(credits) || credits !== text || [lines[i - 1], lines[i + 1]].some((l) => l && isHeaderLine(l.text, names)));
    if (date && headerDate) {
      const iso = `${date[1]}-${(date[2] ?? "").padStart(2, "0")}-${(date[3] ?? "").padStart(2, "0")}`;
      facts.dates.push({ iso: parseCalendarDate(iso).ok ? iso : undefined, line: text });
    }
    const pageOk = pageCode !== null && (/[A-Z]/.test(text) || /[第版]/.test(text));
    if (pageOk) facts.pages.push((pageCode[1] ?? "").replace(/\s+/g, "").replace(/[—–~～]/g, "-"));
    if (editor?.[1]) facts.editors.push({ name: editor[1], line: text });
    if (masthead) facts.mastheads.push({ name: masthead, line: text });
    for (const name of footer) facts.mastheads.push({ name, line: text });
    const isFurniture = headerDate || pageOk || editor?.[1] || masthead || footer.length > 0;
    if (isFurniture) line.kind = "furniture";
  });
  if (trailerStart !== undefined) {
    const dropped = lines.slice(trailerStart);
    for (const line of dropped) line.kind = "trailer";
    facts.trailer = `${quote(dropped[0]?.text ?? "", 20)} and the ${dropped.length - 1} lines after it`;
  }
  return facts;
}

/** A masthead, page code or editor line. */
function isHeaderLine(text: string, names: RegistryNames): boolean {
  const page = PAGE.exec(text);
  return (page !== null && /[A-Z第版]/.test(text)) || names.sources.includes(text) || (text.length <= 40 && CREDITS.test(text) && EDITOR.test(text));
}

/** A line that can be (part of) a headline: short, no sentence punctuation, not a dateline. */
function headlineLike(line: Line): boolean {
  const t = line.text;
  return line.kind === "text" && t.length >= 2 && t.length <= 40 && !/[。；;]/.test(t) && !/[，、,：:]$/.test(t) && !DATELINE_AT_START.test(t);
}

interface ArticleLines {
  readonly lines: readonly Line[];
  /** Headline lines found just above the byline, top to bottom. */
  readonly headlines: readonly Line[];
  readonly group: BylineGroup | undefined;
}

/**
 * One article per byline. Walking up from a byline: photo credits and the caption after one are
 * skipped (they belong to the article's body), headline-like lines are its headline block, and
 * anything else is the end of the previous article.
 */
function splitArticles(lines: Line[], groups: readonly BylineGroup[]): ArticleLines[] {
  const blocks = groups.map((group, k) => {
    const floor = k === 0 ? 0 : (groups[k - 1]?.end ?? 0) + 1;
    const headlines: Line[] = [];
    let start = group.start;
    for (let i = group.start - 1; i >= floor; i--) {
      const line = lines[i] as Line;
      const above = lines[i - 1];
      if (line.kind === "furniture" || line.kind === "trailer") continue;
      if (line.kind === "photo" && headlines.length === 0) {
        start = i;
        continue;
      }
      if (!headlineLike(line) && headlines.length === 0 && above?.kind === "photo") {
        start = i; // the caption printed under a photo credit
        continue;
      }
      if (!headlineLike(line) || headlines.length === 4) break;
      headlines.unshift(line);
      start = i;
    }
    return { start, headlines };
  });
  if (groups.length <= 1) {
    return [{ lines, headlines: blocks[0]?.headlines ?? [], group: groups[0] }];
  }
  return groups.map((group, k) => {
    const from = k === 0 ? 0 : (blocks[k]?.start ?? group.start);
    const to = k + 1 < groups.length ? (blocks[k + 1]?.start ?? lines.length) : lines.length;
    return { lines: lines.slice(from, to), headlines: blocks[k]?.headlines ?? [], group };
  });
}

interface Context {
  readonly index: number;
  readonly count: number;
  readonly page: PageFacts;
  readonly names: RegistryNames;
}

function readArticle(article: ArticleLines, context: Context): ImportedArticle {
  const { page, names, count } = context;
  const a = new ArticleBuilder();
  const used = new Set<Line>();

  // Headline: on a single-article page the OCR's own "# " heading when it made one; otherwise the
  // lines just above the byline (the one nearest the byline, or a "# " one among them).
  const marked = article.lines.filter((l) => l.level === 1 && l.kind === "text");
  const block = article.headlines;
  const first = article.lines.find((l) => l.kind === "text");
  let title: Line | undefined;
  if (count === 1 && marked.length > 0) {
    title = marked[0];
    if (marked.length > 1) a.note("title", `the OCR marks other headings too: ${marked.slice(1).map((l) => quote(l.text)).join(" ")}`);
    const after = article.lines[article.lines.indexOf(title as Line) + 1];
    if (after && after.level === 0 && headlineLike(after) && after.blankBefore <= 2) {
      a.set("subtitle", after.text, `the line under the headline, ${quote(after.text)}`);
      used.add(after);
    }
  } else if (block.length > 0) {
    title = block.filter((l) => l.level === 1).at(-1) ?? block.at(-1);
    const others = block.filter((l) => l !== title);
    for (const line of others) used.add(line);
    if (others.length) {
      a.note("title", `also printed around the headline: ${others.map((l) => quote(l.text)).join(" ")} — a kicker (subtitle), a column name, or part of the headline; check the page`);
    }
  } else if (count === 1 && first && headlineLike(first)) {
    title = first;
    a.note("title", "taken from the page's first line; check it is the headline");
  }
  if (title) {
    used.add(title);
    a.set("title", title.text);
  } else {
    a.fillIn("title", article.group ? `no headline was found above the byline ${quote(article.group.byline.printed)}` : "no headline was found");
  }

  // Page furniture: the same for every article on the page.
  readDate(a, page, article);
  readSource(a, page);
  const pages = [...new Set(page.pages)];
  if (pages.length === 1) a.set("page", pages[0]);
  else if (pages.length > 1) a.fillIn("page", `the page prints several page codes: ${pages.join(", ")}`);
  const editors = [...new Set(page.editors.map((e) => e.name))];
  if (editors.length === 1) a.set("editor", editors[0], `from the page header ${quote(page.editors[0]?.line ?? "")}`);
  else if (editors.length > 1) a.fillIn("editor", `the page names several editors: ${editors.join(", ")}`);

  // Byline.
  const byline = article.group?.byline;
  if (!byline) a.fillIn("authors", "no byline (记者 …) was found");
  else {
    readNames(a, "authors", byline.authors, byline);
    readNames(a, "correspondents", byline.correspondents, byline);
    if (byline.others.length) a.note("authors", `the byline also names ${byline.others.join(" ")} (实习生 or another role with no field)`);
    if (byline.organisation) a.note("authors", `byline ${quote(byline.printed)}`);
  }

  // Body: everything else that is the article's text, in the OCR's order.
  const bodyLines: SourceLine[] = article.lines
    .filter((l) => !used.has(l) && (l.kind === "text" || l.kind === "photo"))
    .map((l) => (l.kind === "photo" ? { ...l, verbatim: true } : l));
  const rest = article.group?.rest;
  if (rest) {
    // The words after 报道 on the byline's line start the article's text.
    const at = bodyLines.findIndex((l) => l.no > rest.no);
    bodyLines.splice(at === -1 ? bodyLines.length : at, 0, rest);
  }
  const photos = article.lines.filter((l) => l.kind === "photo");
  if (photos.length) a.note(undefined, `photo credits kept in the body: ${photos.map((l) => quote(l.text)).join(" ")}`);
  if (page.trailer) a.note(undefined, `left out the page's notice ${page.trailer}`);
  if (count > 1) {
    a.note(undefined, `article ${context.index + 1} of ${count} on this page; the OCR may run neighbouring columns together, so check where this text starts and ends`);
  }

  readPlace(a, title?.text, bodyLines.map((l) => l.text), names);
  return a.build(ocrParagraphs(bodyLines));
}

function readNames(a: ArticleBuilder, field: "authors" | "correspondents", names: Names | undefined, byline: Byline): void {
  if (!names) {
    if (field === "authors") a.fillIn(field, `the byline ${quote(byline.printed)} names no 记者`);
    return;
  }
  if (names.ok) a.set(field, names.names, names.note);
  else a.fillIn(field, `cannot read the names in ${quote(byline.printed)}: ${names.why}`);
}

function readDate(a: ArticleBuilder, page: PageFacts, article: ArticleLines): void {
  const printed = [...new Set(page.dates.map((d) => d.iso))];
  const mentioned = datesMentioned(article.lines.filter((l) => l.kind === "text").map((l) => l.text).join("\n"));
  if (printed.length === 1 && printed[0]) {
    a.set("date", printed[0], `from the page header ${quote(page.dates[0]?.line ?? "")}`);
  } else if (printed.length > 1) {
    a.fillIn("date", `the page header prints several dates: ${page.dates.map((d) => quote(d.line)).join(" ")}`);
  } else if (page.dates.length === 1) {
    a.fillIn("date", `the page header's date ${quote(page.dates[0]?.line ?? "")} is not a real day`);
  } else {
    const events = mentioned.length ? `; dates in the text (events, not the day of publication): ${mentioned.join(" ")}` : "";
    a.fillIn("date", `the page does not print its date${events}`);
  }
}

function readSource(a: ArticleBuilder, page: PageFacts): void {
  const printed = [...new Set(page.mastheads.map((m) => m.name))];
  const bylines = [...new Set(page.bylineSources.map((m) => m.name))];
  const others = bylines.filter((b) => !printed.includes(b));
  const bylineNote = others.length ? `; the byline names ${others.join(", ")} — the reporters' paper, which may not be the one that printed this page` : "";
  if (printed.length === 1) {
    a.set("source", printed[0], `from ${quote(page.mastheads[0]?.line ?? "")}${bylineNote}`);
  } else if (printed.length > 1) {
    a.fillIn("source", `the page names several newspapers: ${printed.join(", ")}`);
  } else {
    a.fillIn("source", bylines.length ? `the page itself names no newspaper${bylineNote}` : "no newspaper from content/_data/sources.yaml is named on the page");
  }
}
