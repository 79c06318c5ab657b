/**
 * How an article is cited: its CSL-JSON record (the one description every citation output is
 * made from), the GB/T 7714-2015 reference shown on the page, the Highwire `citation_*` tags that
 * Zotero and Google Scholar read, and the citation files beside each article (RIS, BibTeX,
 * CSL-JSON), checked by parsing them back with citation-js.
 *
 * No maintained npm package ships a GB/T 7714 CSL style (checked against the package lists,
 * 2026-12), so gbtReference is a small formatter of its own, tested against the standard's
 * examples (citation.test.ts).
 */
import type { Article } from "../content/article.ts";
import { isPrinted } from "../content/registry.ts";
import { daysInMonth, formatArticleDate, isEstimated, machineDate, type CalendarDate, type DatePrecision } from "../core/dates.ts";

/** A ten-day period (旬) of a month: 1–10, 11–20, 21 to the month's end. */
function xunOf(date: CalendarDate): [number, number] {
  return date.day <= 10 ? [1, 10] : date.day <= 20 ? [11, 20] : [21, daysInMonth(date.year, date.month)];
}

/**
 * The record's date as CSL-JSON's `date-parts`, at the precision the record has: a day; an
 * estimated day; the ten-day period as a range; a month; a year. `circa` when estimated.
 */
function cslDate(date: CalendarDate, precision: DatePrecision) {
  const { year, month, day } = date;
  const [from, to] = xunOf(date);
  const parts = { day: [[year, month, day]], about: [[year, month, day]], xun: [[year, month, from], [year, month, to]], month: [[year, month]], year: [[year]] }[precision];
  return precision === "day" ? { "date-parts": parts } : { "date-parts": parts, circa: true };
}

/**
 * The title with its subtitle as GB/T 7714's 其他题名信息, after a full-width colon as the
 * standard's Chinese examples write it (商鞅战秋菊：法治转型的一个思想实验).
 */
function citedTitle(article: Article): string {
  return article.subtitle ? `${article.title}：${article.subtitle}` : article.title;
}

/** A printed page as a citation gives it: "B02-B03版" → "B02-B03". */
function citedPage(page: string | undefined): string | undefined {
  return page?.replace(/版$/, "") || undefined;
}

/**
 * An estimated date as a note: the date as the page shows it, and how it was estimated. RIS and
 * BibTeX have no mark for an estimate (CSL-JSON's `circa`), nor a field for a ten-day period, and
 * reference managers show a note where a reader sees it (Zotero and EndNote read RIS's N1,
 * BibTeX's and CSL-JSON's `note`).
 */
function dateEstimate(article: Article): string | undefined {
  if (!isEstimated(article.datePrecision)) return undefined;
  const shown = `出版日期${formatArticleDate(article.date, article.datePrecision)}。`;
  return article.dateNote ? `${shown}${article.dateNote}` : shown;
}

/** The article as CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). */
export function cslRecord(article: Article, archiveUrl: string, archiveName: string) {
  const page = citedPage(article.page);
  const note = dateEstimate(article);
  return {
    id: `${article.date.iso}-${article.slug}`,
    type: "article-newspaper",
    title: citedTitle(article),
    "container-title": article.source.name,
    author: article.authors.map((literal) => ({ literal })),
    issued: cslDate(article.date, article.datePrecision),
    ...(note ? { note } : {}),
    ...(page ? { page } : {}),
    URL: archiveUrl,
    language: "zh-CN",
    // The archive that keeps the copy.
    archive: archiveName,
  };
}

export type CslRecord = ReturnType<typeof cslRecord>;

/*
 * GB/T 7714-2015 (信息与文献 参考文献著录规则).
 */

/** Where the page inserts the 引用日期 (today's date, or the reader's). */
export const ACCESSED = "\u0000accessed\u0000";

/** What kind of document the reference describes, from the newspaper registry's `kind`. */
function gbtType(article: Article): "N" | "N/OL" | "EB/OL" {
  if (!isPrinted(article.source)) return "EB/OL";
  return article.url ? "N/OL" : "N";
}

/** §8.1.2: up to three responsible persons, then ", 等". */
function gbtAuthors(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(", ")}, 等` : names.join(", ");
}

/**
 * A date at its precision (2021-10-22, 2022-01, 2021); an estimated date in square brackets, as
 * §8.8.2 does for an estimated year.
 */
function gbtDate(date: CalendarDate, precision: DatePrecision): string {
  return isEstimated(precision) ? `[${machineDate(date, precision)}]` : date.iso;
}

/**
 * The reference, with ACCESSED where the 引用日期 goes (online references only; see gbtType):
 * - newspaper:   丁文详. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15).
 * - online paper: 余建斌. 我们的科技一直在追赶：访中国工程院院长周济[N/OL]. 人民日报, 2013-01-12(2)[引用日期]. URL.
 * - web source:  萧钰. 出版业信息化迈入快车道[EB/OL]. (2001-12-19)[引用日期]. URL.
 * A web source without its own address is cited at the archive's copy (`archiveUrl`).
 */
export function gbtReference(article: Article, archiveUrl: string): string {
  const type = gbtType(article);
  const authors = gbtAuthors(article.authors);
  const title = citedTitle(article);
  const date = gbtDate(article.date, article.datePrecision);
  const page = citedPage(article.page);
  const head = `${authors ? `${authors}. ` : ""}${title}[${type}].`;
  if (type === "N") return `${head} ${article.source.name}, ${date}${page ? `(${page})` : ""}.`;
  if (type === "N/OL") return `${head} ${article.source.name}, ${date}${page ? `(${page})` : ""}[${ACCESSED}]. ${article.url}.`;
  return `${head} (${date})[${ACCESSED}]. ${article.url ?? archiveUrl}.`;
}

/*
 * Highwire Press tags (what Google Scholar's inclusion guidelines and Zotero's "Embedded
 * Metadata" translator read).
 */

/** citation_publication_date: "2021/10/22", or "2021/10", "2021" at a lesser precision. */
function highwireDate(date: CalendarDate, precision: DatePrecision): string {
  return machineDate(date, precision).replace(/-/g, "/");
}

/** Name/content pairs, in the order Google Scholar's guidelines list them; the template escapes them. */
export function highwireTags(article: Article, archiveUrl: string): [string, string][] {
  const page = citedPage(article.page);
  return [
    ["citation_title", citedTitle(article)],
    ...article.authors.map((name): [string, string] => ["citation_author", name]),
    ["citation_publication_date", highwireDate(article.date, article.datePrecision)],
    ["citation_journal_title", article.source.name],
    ...(page ? [["citation_firstpage", page] as [string, string]] : []),
    ["citation_language", "zh"],
    ["citation_public_url", archiveUrl],
  ];
}

/*
 * Citation files, written from the CSL-JSON record by the formatters below. citation-js (pinned,
 * a devDependency) parses each back in citation.test.ts. It does not write them: loading it and
 * its writers cost far more per article than these formatters (timed by hand when chosen; no
 * benchmark prints it), and its RIS writer (0.8.2) drops a newspaper article's reporters and day
 * (it writes TY  - NEWS with PY only and no AU).
 */

/** One line of text: RIS and BibTeX fields cannot hold a line break. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ");

/** What RIS and BibTeX can say of a date: one date (a range's start, at the precision the range's ends share). */
function singleDate(issued: CslRecord["issued"]): number[] {
  const [from = [], to] = issued["date-parts"];
  if (!to) return [...from];
  const common: number[] = [];
  for (let i = 0; i < from.length && from[i] === to[i]; i++) common.push(from[i] as number);
  return common;
}

/**
 * RIS (Research Information Systems), TY  - NEWS as the RIS specification lays it out: AU for each
 * reporter, TI the title, T2 the newspaper, DA the date as YYYY/MM/DD/ (at its precision), PY the
 * year, N1 an estimated date's note, SP the printed page, LA, UR, DB the archive.
 */
export function risFile(record: CslRecord): string {
  const [year, month, day] = singleDate(record.issued);
  const pad = (n: number | undefined) => (n === undefined ? "" : String(n).padStart(2, "0"));
  const lines: [string, string | undefined][] = [
    ["TY", "NEWS"],
    ["ID", record.id],
    ...record.author.map((a): [string, string] => ["AU", a.literal]),
    ["TI", record.title],
    ["T2", record["container-title"]],
    ["DA", `${year}/${pad(month)}/${pad(day)}/`],
    ["PY", String(year)],
    ["N1", record.note],
    ["SP", record.page],
    ["LA", record.language],
    ["UR", record.URL],
    ["DB", record.archive],
  ];
  return `${lines.filter(([, v]) => v !== undefined && v !== "").map(([tag, v]) => `${tag}  - ${oneLine(v as string)}`).join("\n")}\nER  - \n`;
}

const TEX_SPECIAL: Record<string, string> = { "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "#": "\\#", $: "\\$", _: "\\_", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };
const tex = (text: string) => oneLine(text).replace(/[\\{}%&#$_~^]/g, (c) => TEX_SPECIAL[c] ?? c);
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * BibTeX: @article with the newspaper as journal (biblatex: entrysubtype newspaper), the date as
 * biblatex's `date` (at its precision) and as BibTeX's year and month, an estimated date's note,
 * names in braces so that no one splits 马志勇 into given and family names.
 */
export function bibtexFile(record: CslRecord): string {
  const parts = singleDate(record.issued);
  const [year, month] = parts;
  const fields: [string, string | undefined][] = [
    ["author", record.author.map((a) => `{${tex(a.literal)}}`).join(" and ")],
    ["title", tex(record.title)],
    ["journal", tex(record["container-title"])],
    ["entrysubtype", "newspaper"],
    ["date", parts.map((n, i) => (i ? String(n).padStart(2, "0") : String(n))).join("-")],
    ["year", String(year)],
    ["month", month === undefined ? undefined : MONTHS[month - 1]],
    ["note", record.note === undefined ? undefined : tex(record.note)],
    ["pages", record.page === undefined ? undefined : tex(record.page).replace(/-/g, "--")],
    ["langid", "chinese"],
    // A URL is kept as written (biblatex reads it verbatim); only braces would unbalance the entry.
    ["url", record.URL.replace(/[{}\\]/g, encodeURIComponent)],
  ];
  const body = fields.filter(([, v]) => v !== undefined && v !== "").map(([name, v]) => (name === "month" ? `\t${name} = ${v}` : `\t${name} = {${v}}`));
  return `@article{${record.id},\n${body.join(",\n")},\n}\n`;
}

/** CSL-JSON: a list of one record, as reference managers import it. */
export function cslJsonFile(record: CslRecord): string {
  return `${JSON.stringify([record], null, 2)}\n`;
}
