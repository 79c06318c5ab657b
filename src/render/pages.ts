import { articlePage, type Neighbours } from "./templates/article.ts";
import { renderBody } from "./markdown.ts";
import type { RenderContext } from "./context.ts";
import { homePage } from "./templates/home.ts";
import {
  archiveIndexPage,
  authorPage,
  authorsIndexPage,
  dayPage,
  issuePage,
  monthPage,
  placePage,
  placesIndexPage,
  sourcePage,
  sourcesIndexPage,
  tagPage,
  tagsIndexPage,
  yearPage,
} from "./templates/indexes.ts";
import { notFoundPage } from "./templates/not-found.ts";
import { searchPage } from "./templates/search.ts";
import type { Article } from "../content/article.ts";
import { atomFeed, FEED_LENGTH, jsonFeed, tagFeedTopic, type FeedSource } from "./feeds.ts";
import { articleFingerprint, FingerprintTable } from "../content/fingerprint.ts";
import { isOpening, linksNearNewest, paginate, type PageOrder, type Paged } from "../site/pagination.ts";
import { formerDateRoute, routes, type Links } from "../core/urls.ts";
import type { Archive } from "../content/load.ts";
import type { ContentProblem } from "../content/problems.ts";
import { buildIndexes, type Term } from "../site/indexes.ts";
import { formatChineseDate, formatChineseMonth, machineDate } from "../core/dates.ts";
import { relatedArticles } from "../site/related.ts";
import { bibtexFile, cslJsonFile, cslRecord, risFile } from "./citation.ts";
import { dataFiles, HandedTexts, type DataFile, type Pieces, type RecordLines } from "./data.ts";
import type { TextThread } from "./text-thread.ts";
import { dataPage } from "./templates/data.ts";
import { redirectPage } from "./templates/redirect.ts";

/** What a page is, for timing the build by stage ("articles", "indexes" …). */
export type PageKind = "articles" | "citations" | "indexes" | "feeds" | "data" | "redirects" | "other";

/** Pages that are not HTML (feeds, citation files, open data): no links to check. */
export const NOT_HTML: ReadonlySet<PageKind> = new Set(["feeds", "citations", "data"]);

/** Pages the sitemap leaves out: files that are not HTML, and old paths that redirect. */
export const NOT_IN_SITEMAP: ReadonlySet<PageKind> = new Set([...NOT_HTML, "redirects"]);

/** One page of the site: where it is written and how it is rendered. */
export interface SitePage {
  readonly route: string;
  readonly kind: PageKind;
  readonly render: () => string;
  /**
   * The same text in pieces, for a file too large to hold whole (the open data files): the page
   * writer writes each piece as it comes, taking turns with the other streamed pages of its kind.
   * `render` still gives the whole text.
   */
  readonly chunks?: (() => Pieces) | undefined;
  /**
   * Everything the page shows besides site-wide settings, as a digest: same key, same bytes. The
   * preview re-renders only pages whose key changed. Pages without a key are always rendered.
   */
  readonly key?: (() => string) | undefined;
  /** The content file the page shows (article pages), for messages about the page. */
  readonly source?: string | undefined;
  /** The sitemap's lastmod: an article's date, only as precise as its record (machineDate). */
  readonly lastmod?: string | undefined;
}

/** What every page is rendered from: the archive, its indexes and related articles, the links. */
export function siteContext(archive: Archive, links: Links, problems?: readonly ContentProblem[]): Omit<RenderContext, "route"> {
  return { archive, indexes: buildIndexes(archive), related: relatedArticles(archive.articles), links, problems };
}

/**
 * Every page of the site, from the records: the single list the build renders (and tests walk),
 * grouped by kind in the order they are written (but the open data's records, each file after the
 * pages of its articles: see pagesOf). Made anew each time it is walked, one page at a
 * time: held whole, the pages' closures and listings' slices would be hundreds of MB at 100,000
 * articles. `preview`: pages are rendered again and again from mostly the same records (see dataFiles).
 * `recordLines`: the open data's lines the last build wrote (the build cache). `texts`: a thread
 * that makes the open data's texts (see dataFiles). `bodyTexts`: also given each article page's
 * body as text, with the article's number, as the page is rendered (the search index's thread takes them).
 * `citationsApart`: without the citation files (citationPages lists them).
 */
export function sitePages(
  site: Omit<RenderContext, "route">,
  { preview = true, recordLines, texts, bodyTexts, citationsApart = false }: { preview?: boolean; recordLines?: RecordLines | undefined; texts?: TextThread | undefined; bodyTexts?: BodyTexts | undefined; citationsApart?: boolean } = {},
): Iterable<SitePage> {
  const handed = new HandedTexts();
  const data = dataFiles(site.archive, site.links, preview, recordLines, undefined, texts, handed);
  return { [Symbol.iterator]: () => pagesOf(site, data, handed, bodyTexts, citationsApart) };
}

/** The citation files beside each article's page (in sitePages, but with `citationsApart`). */
export function citationPages(site: Omit<RenderContext, "route">): Iterable<SitePage> {
  return { [Symbol.iterator]: () => citationFiles(site, FingerprintTable.of(site.archive.articles)) };
}

/** Citation files beside each article's page, from the one CSL-JSON record (src/render/citation.ts). */
function* citationFiles(site: Omit<RenderContext, "route">, fingerprints: FingerprintTable): Generator<SitePage> {
  for (let i = 0; i < site.archive.articles.length; i++) for (const format of CITATION_FORMATS) yield new CitationFile(site, i, format, fingerprints);
}

/** Takes an article page's body as text, with the article's number in the archive. */
export type BodyTexts = (article: number, text: string) => void;

function* pagesOf(site: Omit<RenderContext, "route">, data: readonly DataFile[], handed: HandedTexts, bodyTexts: BodyTexts | undefined, citationsApart: boolean): Generator<SitePage> {
  const { archive, indexes } = site;
  // Keys list the articles a page shows by their fingerprints, read by number (site/numbers.ts).
  const fingerprints = FingerprintTable.of(archive.articles);
  const { numbers } = indexes;
  // The data files that show texts come right after the page of the last of their articles, which
  // hand them their texts (HandedTexts); the others come first.
  const first: DataFile[] = [];
  const after = new Map<number, DataFile[]>();
  for (const file of data) {
    const at = numbers.of(file.texts ?? []).reduce((last, n) => Math.max(last, n), -1);
    if (at < 0) first.push(file);
    else after.set(at, [...(after.get(at) ?? []), file]);
  }
  const dataFilePage = (file: DataFile): SitePage => ({ route: file.route, kind: "data", render: file.render, chunks: file.chunks, key: file.key });
  // Every page renders with a context that knows its own route (canonical URL, Open Graph).
  const page = (route: string, render: (ctx: RenderContext) => string, kind: PageKind = "other", key?: () => string): SitePage => ({
    route,
    kind,
    render: () => render({ ...site, route }),
    key,
  });
  yield page(routes.home(), homePage);
  yield page(routes.notFound(), notFoundPage);
  yield page(routes.search(), searchPage);
  yield page(routes.data(), dataPage);
  // Open data (src/render/data.ts): not HTML; made from the articles and the registries.
  for (const file of first) yield dataFilePage(file);

  // The texts of the files before the last are forgotten: those files are written (the page
  // writer writes a run of pages of one kind before it begins the next) or kept by the cache.
  let shown: readonly Article[] = [];
  // An article page's text, as it is rendered: to the open data's line of a published article,
  // and to the search index's thread.
  const hand: BodyTexts = (i, text) => {
    const article = archive.articles[i] as Article;
    if (!article.draft) handed.hand(article, text);
    bodyTexts?.(i, text);
  };
  for (let i = 0; i < archive.articles.length; i++) {
    yield new ArticlePage(site, i, fingerprints, hand);
    const files = after.get(i);
    if (!files) continue;
    handed.forget(shown);
    for (const file of files) yield dataFilePage(file);
    shown = files.flatMap((file) => file.texts ?? []);
  }
  handed.forget(shown);
  if (!citationsApart) yield* citationFiles(site, fingerprints);
  // Old paths (aliases) of each article, each sending the reader to its URL.
  for (const article of archive.articles) {
    for (const alias of article.aliases) {
      yield { ...page(alias, (ctx) => redirectPage(ctx, routes.article(article), article.title), "redirects", () => articleFingerprint(article)), source: article.file };
    }
  }
  // The date pages' old paths (/archive/…, core/urls.ts) redirect: the index's and each year's,
  // month's and day's opening page, the URLs readers keep; their later pages were numbered from the
  // newest then (page/2/ held other articles with every article added), and are not kept.
  const formerDates: [string, string][] = [
    [routes.dates(), "日期"],
    ...indexes.years.map((y): [string, string] => [routes.year(y.year), `${y.year}年`]),
    ...indexes.months.map((m): [string, string] => [routes.month(m.year, m.month), formatChineseMonth(m.year, m.month)]),
    ...indexes.days.map((d): [string, string] => [routes.day(d.date), formatChineseDate(d.date)]),
  ];
  for (const [route, title] of formerDates) {
    const former = formerDateRoute(route);
    if (former) yield page(former, (ctx) => redirectPage(ctx, route, title), "redirects", () => `${route}:${title}`);
  }

  // Feeds: the whole archive's, each place's and each tag's (Atom and JSON Feed).
  const info = { siteName: archive.site.name, siteDescription: archive.site.description, links: site.links };
  function* feeds(source: FeedSource): Generator<SitePage> {
    const key = () => `${fingerprints.list(numbers.of(source.articles).subarray(0, FEED_LENGTH))}:${source.topic}`;
    yield { route: routes.feed(source.page, "atom"), kind: "feeds", render: () => atomFeed(source, info), key };
    yield { route: routes.feed(source.page, "json"), kind: "feeds", render: () => jsonFeed(source, info), key };
  }
  yield* feeds({ page: routes.home(), articles: archive.articles, fullText: true });
  for (const place of indexes.places) yield* feeds({ topic: place.place.name, page: routes.place(place.place.slug), articles: place.articles, fullText: true });
  for (const tag of indexes.tags) yield* feeds({ topic: tagFeedTopic(tag.name), page: routes.tag(tag.slug), articles: tag.articles, fullText: false });

  function* add<T>(items: readonly T[], base: string, order: PageOrder, render: (ctx: RenderContext, paged: Paged<T>) => string, key?: (paged: Paged<T>) => string): Generator<SitePage> {
    for (const paged of paginate(items, base, order)) yield page(paged.route, (ctx) => render(ctx, paged), "indexes", key && (() => key(paged)));
  }
  // A listing of articles is an archive (pagination.ts). Its opening page shows its own articles
  // and, from the whole listing, its length, its articles' dates (calendars) and `opening`; an older
  // page only its own articles, `every` (what every page shows) and linksNearNewest.
  const addArticles = (articles: readonly Article[], base: string, render: (ctx: RenderContext, paged: Paged<Article>) => string, every = "", opening = "") => {
    let whole: string | undefined;
    const listed = numbers.of(articles);
    // A page's own articles as their fingerprints, not a digest of them: the store digests the key.
    const own = (paged: Paged<Article>) => fingerprints.list(listed.subarray(paged.first, paged.end));
    return add(articles, base, "archive", render, (paged) =>
      isOpening(paged) ? `${(whole ??= `${fingerprints.days(listed)}:${every}:${opening}`)}:${own(paged)}` : `${every}:${paged.number}:${linksNearNewest(paged)}:${own(paged)}`,
    );
  };

  // A directory page shows its terms with their counts, where it is among the pages and the length
  // of the directory: an addition renders the pages of the article's tags and reporters again.
  const termKey = (paged: Paged<Term>) => `${paged.number}/${paged.count}/${paged.total}:${paged.items.map((t) => `${t.slug}\u0001${t.name}\u0001${t.articles.length}`).join("\u0002")}`;
  yield* add(indexes.tags, routes.tags(), "directory", tagsIndexPage, termKey);
  for (const tag of indexes.tags) yield* addArticles(tag.articles, routes.tag(tag.slug), (ctx, paged) => tagPage(ctx, tag, paged));

  yield page(routes.places(), placesIndexPage, "indexes");
  for (const place of indexes.places) yield* addArticles(place.articles, routes.place(place.place.slug), (ctx, paged) => placePage(ctx, place, paged), place.place.children.filter((c) => indexes.placeOf.has(c)).map((c) => c.name).join());

  // Date pages link to the previous and next year/month/day with articles: those are in their keys.
  const neighbourKey = <T>(list: readonly T[], i: number, id: (x: T) => string) => [list[i - 1], list[i + 1]].map((x) => (x === undefined ? "" : id(x))).join();
  yield page(routes.dates(), archiveIndexPage, "indexes");
  for (const [i, year] of indexes.years.entries()) yield* addArticles(year.articles, routes.year(year.year), (ctx, paged) => yearPage(ctx, year, paged), neighbourKey(indexes.years, i, (y) => String(y.year)));
  for (const [i, month] of indexes.months.entries()) yield* addArticles(month.articles, routes.month(month.year, month.month), (ctx, paged) => monthPage(ctx, month, paged), neighbourKey(indexes.months, i, (m) => `${m.year}-${m.month}`));
  for (const [i, day] of indexes.days.entries()) yield* addArticles(day.articles, routes.day(day.date), (ctx, paged) => dayPage(ctx, day, paged), neighbourKey(indexes.days, i, (d) => d.date.iso));

  yield page(routes.sources(), sourcesIndexPage, "indexes");
  for (const source of indexes.sources) {
    yield* addArticles(source.articles, routes.source(source.source.slug), (ctx, paged) => sourcePage(ctx, source, paged), "", source.issues.map((i) => i.date.iso).join());
    for (const [i, issue] of source.issues.entries()) {
      const key = () => `${fingerprints.list(numbers.of(issue.articles))}:${neighbourKey(source.issues, i, (x) => `${x.date.iso}${x.estimated}`)}`;
      yield page(routes.issue(source.source.slug, issue.date), (ctx) => issuePage(ctx, source, issue), "indexes", key);
    }
  }

  yield* add(indexes.authors, routes.authors(), "directory", authorsIndexPage, termKey);
  for (const author of indexes.authors) yield* addArticles(author.articles, routes.author(author.slug), (ctx, paged) => authorPage(ctx, author, paged));
}

/*
 * An article's page and its citation files are made by classes, not as objects of closures: every
 * walk over the pages makes one for each article (three citation files), and under tsx, which
 * keeps every function's name, each closure made is a call more.
 */

/** An article's page: the article, its neighbours in the archive and its related articles. */
class ArticlePage implements SitePage {
  readonly kind = "articles";
  readonly route: string;
  readonly source: string;
  readonly lastmod: string;
  readonly #site: Omit<RenderContext, "route">;
  readonly #i: number;
  readonly #fingerprints: FingerprintTable;
  readonly #hand: BodyTexts;

  /** `hand`: given the body as text as the page is rendered (pagesOf). */
  constructor(site: Omit<RenderContext, "route">, i: number, fingerprints: FingerprintTable, hand: BodyTexts) {
    const article = site.archive.articles[i] as Article;
    this.#site = site;
    this.#i = i;
    this.#fingerprints = fingerprints;
    this.#hand = hand;
    this.route = routes.article(article);
    this.source = article.file;
    this.lastmod = machineDate(article.date, article.datePrecision);
  }

  render(): string {
    const article = this.#article();
    const body = renderBody(article.body);
    this.#hand(this.#i, body.text);
    return articlePage({ ...this.#site, route: this.route }, article, this.#neighbours(), body);
  }

  key(): string {
    const { related, indexes } = this.#site;
    const article = this.#article();
    const i = this.#i;
    // The article, its newer and older neighbours (none at either end), its related articles.
    return [
      this.#fingerprints.list([i, i - 1, i + 1]),
      this.#fingerprints.list(related.of(i)),
      ...article.tags.map((t) => indexes.tagOf.get(t)?.slug),
      ...article.authors.map((a) => indexes.authorOf.get(a)?.slug),
    ].join();
  }

  #article(): Article {
    return this.#site.archive.articles[this.#i] as Article;
  }

  #neighbours(): Neighbours {
    const articles = this.#site.archive.articles;
    return { newer: articles[this.#i - 1], older: articles[this.#i + 1], related: this.#site.related.at(this.#i) };
  }
}

/** The citation files beside each article's page, by format, each written from the one CSL-JSON record. */
const CITATION_WRITERS = { ris: risFile, bib: bibtexFile, json: cslJsonFile } as const;
const CITATION_FORMATS = Object.keys(CITATION_WRITERS) as (keyof typeof CITATION_WRITERS)[];

/** One of an article's citation files, each made from its CSL-JSON record. */
class CitationFile implements SitePage {
  readonly kind = "citations";
  readonly route: string;
  readonly source: string;
  readonly #site: Omit<RenderContext, "route">;
  readonly #i: number;
  readonly #format: keyof typeof CITATION_WRITERS;
  readonly #fingerprints: FingerprintTable;

  constructor(site: Omit<RenderContext, "route">, i: number, format: keyof typeof CITATION_WRITERS, fingerprints: FingerprintTable) {
    const article = site.archive.articles[i] as Article;
    this.#site = site;
    this.#i = i;
    this.#format = format;
    this.#fingerprints = fingerprints;
    this.route = routes.citation(article, format);
    this.source = article.file;
  }

  render(): string {
    const { links, archive } = this.#site;
    const article = archive.articles[this.#i] as Article;
    return CITATION_WRITERS[this.#format](cslRecord(article, links.absolute(routes.article(article)), archive.site.name));
  }

  key(): string {
    return `${this.#fingerprints.list([this.#i])}:${this.#site.archive.site.name}`;
  }
}

/** What one walk over the pages finds about their routes (see checkRoutes). */
export interface RouteCheck {
  /** Every route. */
  readonly routes: Set<string>;
  /**
   * Old paths (aliases) that are the path of a page the site generates (an index, a tag's page …):
   * content errors naming the file and the value. The content gate has already compared old paths
   * with the articles' URLs and with one another; only the page list knows the other pages.
   */
  readonly collisions: ContentProblem[];
  /** Routes written twice would overwrite each other: a bug, or an old path (aliases) that is another page's; never a silent overwrite. */
  readonly duplicates: string[];
}

/** The routes of the pages, their duplicates and old paths that collide with generated pages, in one walk (a large archive has hundreds of thousands of pages). */
export function checkRoutes(pages: Iterable<SitePage>): RouteCheck {
  // An article's old paths are the redirects with a source file; the date pages' old paths are generated.
  const isAlias = (p: SitePage) => p.kind === "redirects" && p.source !== undefined;
  const routes = new Set<string>();
  // The source file of each route's first page, where it has one.
  const sources = new Map<string, string>();
  const aliases: { route: string; source: string }[] = [];
  // Routes whose first page is an old path, and old paths' routes a generated page also has.
  const firstAlias = new Set<string>();
  const generatedToo = new Set<string>();
  const duplicates: string[] = [];
  for (const p of pages) {
    const alias = isAlias(p);
    if (alias) aliases.push({ route: p.route, source: p.source ?? "" });
    if (!routes.has(p.route)) {
      routes.add(p.route);
      if (p.source !== undefined) sources.set(p.route, p.source);
      if (alias) firstAlias.add(p.route);
      continue;
    }
    duplicates.push([p.route, ...[sources.get(p.route), p.source].filter(Boolean).map((file) => `(${file})`)].join(" "));
    if (!alias || !firstAlias.has(p.route)) generatedToo.add(p.route);
  }
  const collisions: ContentProblem[] = aliases
    .filter((p) => generatedToo.has(p.route))
    .map((p) => ({ severity: "error", file: p.source, field: "aliases", message: `old path ${JSON.stringify(p.route)} is the path of a page the site generates — choose another path` }));
  return { routes, collisions, duplicates };
}

/** RouteCheck.collisions alone. */
export function aliasCollisions(pages: Iterable<SitePage>): ContentProblem[] {
  return checkRoutes(pages).collisions;
}

/** RouteCheck.duplicates alone. */
export function duplicateRoutes(pages: Iterable<SitePage>): string[] {
  return checkRoutes(pages).duplicates;
}
