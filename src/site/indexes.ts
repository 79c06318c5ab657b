import type { Article } from "../content/article.ts";
import type { Archive } from "../content/load.ts";
import type { Place, Source } from "../content/registry.ts";
import { calendarDate, type CalendarDate } from "../core/dates.ts";

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

export interface PrintedPage {
  /** As printed (B02-B03), or undefined when the page is not known. */
  readonly page: string | undefined;
  readonly articles: readonly Article[];
}

export interface SourceIssue {
  readonly date: CalendarDate;
  readonly pages: readonly PrintedPage[];
}

export interface SourceIndex {
  readonly source: Source;
  readonly articles: readonly Article[];
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
  /** Newest first. */
  readonly years: readonly YearIndex[];
  readonly tagOf: ReadonlyMap<string, Term>;
  readonly authorOf: ReadonlyMap<string, Term>;
}

function groupBy<K>(articles: readonly Article[], keys: (a: Article) => readonly K[]): Map<K, Article[]> {
  const groups = new Map<K, Article[]>();
  for (const article of articles) {
    for (const key of new Set(keys(article))) {
      const list = groups.get(key);
      if (list) list.push(article);
      else groups.set(key, [article]);
    }
  }
  return groups;
}

function terms(groups: Map<string, Article[]>, slugs: ReadonlyMap<string, string>): Term[] {
  return [...groups].map(([name, articles]) => ({ name, slug: slugs.get(name) ?? name, articles }));
}

export function buildIndexes(archive: Archive): SiteIndexes {
  const { articles } = archive;

  const tags = terms(groupBy(articles, (a) => a.tags), archive.tagSlugs).sort(
    (a, b) => b.articles.length - a.articles.length || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0),
  );
  const authors = terms(groupBy(articles, (a) => a.authors), archive.authorSlugs).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));

  const byPlace = groupBy(articles, (a) => a.places.flatMap((p) => [p, ...p.ancestors]));
  const directCount = groupBy(articles, (a) => a.places);
  const places: PlaceIndex[] = [];
  const walk = (place: Place) => {
    const list = byPlace.get(place);
    if (list) places.push({ place, articles: list, direct: directCount.get(place)?.length ?? 0 });
    place.children.forEach(walk);
  };
  archive.rootPlaces.forEach(walk);

  const bySource = groupBy(articles, (a) => [a.source]);
  const sources = [...archive.sources.values()].flatMap((source) => {
    const list = bySource.get(source);
    return list ? [{ source, articles: list }] : [];
  });

  const years = [...groupBy(articles, (a) => [a.date.year])].map(([year, yearArticles]): YearIndex => ({
    year,
    articles: yearArticles,
    months: [...groupBy(yearArticles, (a) => [a.date.month])].map(([month, monthArticles]) => ({
      year,
      month,
      articles: monthArticles,
      days: [...groupBy(monthArticles, (a) => [a.date.day])].map(([day, dayArticles]) => ({ date: calendarDate(year, month, day), articles: dayArticles })),
    })),
  }));

  return {
    tags,
    authors,
    places,
    placeOf: new Map(places.map((p) => [p.place, p])),
    sources,
    years,
    tagOf: new Map(tags.map((t) => [t.name, t])),
    authorOf: new Map(authors.map((t) => [t.name, t])),
  };
}

/** A newspaper's articles grouped by printed issue (date), then by page in print order. */
export function issuesOf(articles: readonly Article[]): SourceIssue[] {
  return [...groupBy(articles, (a) => [a.date.iso])].map(([, list]) => ({
    date: (list[0] as Article).date,
    pages: [...groupBy(list, (a) => [a.page])]
      .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b, "en", { numeric: true })))
      .map(([page, pageArticles]) => ({ page, articles: pageArticles })),
  }));
}
