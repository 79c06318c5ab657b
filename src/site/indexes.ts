import type { Article } from "../content/article.ts";
import type { Archive } from "../content/load.ts";
import { isPrinted, type Place, type Source } from "../content/registry.ts";
import { calendarDate, namesDay, namesMonth, type CalendarDate } from "../core/dates.ts";
import { ArticleNumbers } from "./numbers.ts";

/**
 * Every way into the archive, computed once per build from the record list: by tag, place,
 * date, newspaper and reporter. Article lists keep the archive's order (newest first).
 */
export interface Term {
  readonly name: string;
  readonly slug: string;
  readonly articles: readonly Article[];
}

export interface PlaceIndex {
  readonly place: Place;
  /** Articles about this place or any place under it (a city rolls up its counties). */
  readonly articles: readonly Article[];
  /** Articles naming this place itself. */
  readonly direct: number;
}

interface PrintedPage {
  /** As printed (B02-B03), or undefined when the page is not known. */
  readonly page: string | undefined;
  /** The page's name (版名) where an article's record gives one. */
  readonly name: string | undefined;
  readonly articles: readonly Article[];
}

/** One printed issue of a newspaper: its date and its pages in print order (unknown page last). */
export interface SourceIssue {
  readonly source: Source;
  readonly date: CalendarDate;
  /** Every article's date is an editor's estimate of the day (date_precision: about). */
  readonly estimated: boolean;
  readonly pages: readonly PrintedPage[];
  readonly articles: readonly Article[];
}

export interface SourceIndex {
  readonly source: Source;
  readonly articles: readonly Article[];
  /** A printed paper has issues and pages; a web source (kind 网站) has neither. */
  readonly printed: boolean;
  /** Newest first; empty for a web source. */
  readonly issues: readonly SourceIssue[];
  /** A printed paper's articles whose day is not known (date_precision xun, month, year): in no issue. */
  readonly withoutIssue: readonly Article[];
}

export interface DayIndex {
  readonly date: CalendarDate;
  readonly articles: readonly Article[];
}

export interface MonthIndex {
  readonly year: number;
  readonly month: number;
  readonly articles: readonly Article[];
  readonly days: readonly DayIndex[];
}

export interface YearIndex {
  readonly year: number;
  readonly articles: readonly Article[];
  readonly months: readonly MonthIndex[];
}

export interface SiteIndexes {
  /** Most used first. */
  readonly tags: readonly Term[];
  /** In pinyin order. */
  readonly authors: readonly Term[];
  /** Every registry place that has articles, in registry order (tree order). */
  readonly places: readonly PlaceIndex[];
  readonly placeOf: ReadonlyMap<Place, PlaceIndex>;
  /** In registry order. */
  readonly sources: readonly SourceIndex[];
  /** Newest first. Years hold every article; months those whose month is known; days those whose day is (see namesDay). */
  readonly years: readonly YearIndex[];
  /** Every month and every day with articles, newest first (for previous/next links). */
  readonly months: readonly MonthIndex[];
  readonly days: readonly DayIndex[];
  /** The printed issue each article appeared in (articles of web sources and of unknown day have none). */
  readonly issueOf: ReadonlyMap<Article, SourceIssue>;
  readonly tagOf: ReadonlyMap<string, Term>;
  readonly authorOf: ReadonlyMap<string, Term>;
  /** Each listing above (and the archive's list) as its articles' numbers. */
  readonly numbers: ArticleNumbers;
}

/** The articles by each of their keys, in their order; with `numbers` that number `articles`, the groups are numbered too. */
function groupBy<K>(articles: readonly Article[], keys: (a: Article) => readonly K[], numbers?: ArticleNumbers): Map<K, Article[]> {
  const groups = new Map<K, { readonly list: Article[]; readonly numbered: number[] }>();
  const from = numbers?.of(articles);
  articles.forEach((article, i) => {
    const own = keys(article);
    for (let k = 0; k < own.length; k++) {
      const key = own[k] as K;
      // A key listed twice (two places' common ancestor) groups the article once, without a Set
      // per article and grouping.
      if (own.indexOf(key) !== k) continue;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { list: [], numbered: [] }));
      group.list.push(article);
      if (from) group.numbered.push(from[i] as number);
    }
  });
  const lists = new Map<K, Article[]>();
  for (const [key, { list, numbered }] of groups) {
    lists.set(key, list);
    if (from) numbers?.set(list, Int32Array.from(numbered));
  }
  return lists;
}

function terms(groups: Map<string, Article[]>, slugs: ReadonlyMap<string, string>): Term[] {
  return [...groups].map(([name, articles]) => ({ name, slug: slugs.get(name) ?? name, articles }));
}

export function buildIndexes(archive: Archive): SiteIndexes {
  const { articles } = archive;
  const numbers = new ArticleNumbers(articles);

  const bySlug = (a: Term, b: Term) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
  const tags = terms(groupBy(articles, (a) => a.tags, numbers), archive.tagSlugs).sort((a, b) => b.articles.length - a.articles.length || bySlug(a, b));
  const authors = terms(groupBy(articles, (a) => a.authors, numbers), archive.authorSlugs).sort(bySlug);

  const byPlace = groupBy(articles, (a) => a.places.flatMap((p) => [p, ...p.ancestors]), numbers);
  const directCount = groupBy(articles, (a) => a.places);
  const places = [...archive.places.values()].flatMap((place): PlaceIndex[] => {
    const list = byPlace.get(place);
    return list ? [{ place, articles: list, direct: directCount.get(place)?.length ?? 0 }] : [];
  });

  const bySource = groupBy(articles, (a) => [a.source], numbers);
  const sources = [...archive.sources.values()].flatMap((source): SourceIndex[] => {
    const list = bySource.get(source);
    if (!list) return [];
    const printed = isPrinted(source);
    return [{ source, articles: list, printed, issues: printed ? issuesOf(list, numbers) : [], withoutIssue: printed ? list.filter((a) => !namesDay(a.datePrecision)) : [] }];
  });
  const issueOf = new Map<Article, SourceIssue>();
  for (const source of sources) for (const issue of source.issues) for (const article of issue.articles) issueOf.set(article, issue);

  // An article is filed only as finely as its date is known: a year-only estimate is on its year's
  // page, not on a month or day it was merely sorted under.
  const years = [...groupBy(articles, (a) => [a.date.year], numbers)].map(([year, yearArticles]): YearIndex => ({
    year,
    articles: yearArticles,
    months: [...groupBy(yearArticles, (a) => (namesMonth(a.datePrecision) ? [a.date.month] : []), numbers)].map(([month, monthArticles]) => ({
      year,
      month,
      articles: monthArticles,
      days: [...groupBy(monthArticles, (a) => (namesDay(a.datePrecision) ? [a.date.day] : []), numbers)].map(([day, dayArticles]) => ({ date: calendarDate(year, month, day), articles: dayArticles })),
    })),
  }));
  const months = years.flatMap((y) => y.months);

  return {
    tags,
    authors,
    places,
    placeOf: new Map(places.map((p) => [p.place, p])),
    sources,
    years,
    months,
    days: months.flatMap((m) => m.days),
    issueOf,
    tagOf: new Map(tags.map((t) => [t.name, t])),
    authorOf: new Map(authors.map((t) => [t.name, t])),
    numbers,
  };
}

/** Page names in print order (A2 before A10): one collator, not one made by every comparison as localeCompare's options would. */
const printOrder = new Intl.Collator("en", { numeric: true }).compare;

/**
 * A newspaper's articles (newest first) grouped by printed issue (date), then by page in print
 * order (A2 before A10, unknown page last). Only articles whose day is known (exactly or as an
 * estimate of the day) belong to an issue; the others are left out. With `numbers` that number
 * `articles`, each issue's articles are numbered too.
 */
export function issuesOf(articles: readonly Article[], numbers?: ArticleNumbers): SourceIssue[] {
  return [...groupBy(articles, (a) => (namesDay(a.datePrecision) ? [a.date.iso] : []), numbers)].map(([, list]) => {
    const first = list[0] as Article;
    return {
      source: first.source,
      date: first.date,
      estimated: list.every((a) => a.datePrecision !== "day"),
      articles: list,
      pages: [...groupBy(list, (a) => [a.page])]
        .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : printOrder(a, b)))
        .map(([page, pageArticles]) => ({ page, name: pageArticles.find((a) => a.pageName)?.pageName, articles: pageArticles })),
    };
  });
}
