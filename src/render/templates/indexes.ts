import type { Article } from "../../content/article.ts";
import type { Place } from "../../content/registry.ts";
import { formatChineseDate, formatChineseMonth } from "../../core/dates.ts";
import { html, type SafeHtml } from "../html.ts";
import { issuesOf, type DayIndex, type MonthIndex, type PlaceIndex, type SourceIndex, type Term, type YearIndex } from "../../site/indexes.ts";
import type { Paged } from "../../site/pagination.ts";
import { tagFeedTopic } from "../feeds.ts";
import { routes } from "../../core/urls.ts";
import { basePage } from "./base.ts";
import type { Crumb, RenderContext, Section } from "../context.ts";
import { articleList, count, monthCalendar, pageLabel, paginationNav, subscribeLinks } from "./parts.ts";

/** The browsing sections that have index pages. */
type IndexSection = Exclude<Section, "search">;

const SECTION_LABEL: Record<IndexSection, string> = { tags: "标签", places: "地区", archive: "日期", sources: "报纸", authors: "记者" };

interface Listing {
  readonly section: IndexSection;
  readonly title: string;
  readonly description: string;
  /** Trail below the section (the page's own title is added last). */
  readonly trail?: readonly Crumb[];
  readonly intro?: SafeHtml;
  /** Heading above the list of articles (keeps the outline h1 › h2 › h3). */
  readonly listHeading?: string;
  /** The listing has feeds (places and tags): announced in the head and offered on the page. */
  readonly feed?: { readonly topic: string; readonly page: string };
}

/** Any index page: breadcrumbs, heading, optional intro, content, pagination. */
function indexPage(ctx: RenderContext, listing: Listing, paged: Paged<unknown> | undefined, content: SafeHtml, unit = "篇"): string {
  const pageNote = paged && paged.number > 1 ? `（第${paged.number}页）` : "";
  const sectionHref = sectionLink(ctx, listing.section);
  const isSectionRoot = !listing.trail && listing.title === SECTION_LABEL[listing.section];
  // Page 2 and later link back to the listing's first page, then name the page.
  const here: Crumb[] = paged && paged.number > 1
    ? [{ label: listing.title, href: ctx.links.page(paged.routes[0] as string, 1) }, { label: `第${paged.number}页` }]
    : [{ label: listing.title }];
  const breadcrumbs: Crumb[] = isSectionRoot
    ? here
    : [{ label: SECTION_LABEL[listing.section], href: sectionHref }, ...(listing.trail ?? []), ...here];
  const main = html`<section class="index index-${listing.section}">
  <h1>${listing.title}${pageNote}</h1>
  ${listing.intro ?? ""}
  ${listing.feed ? subscribeLinks(ctx, listing.feed.page) : ""}
  ${listing.listHeading ? html`<h2 class="list-heading">${listing.listHeading}</h2>` : ""}
  ${content}
  ${paged ? paginationNav(ctx, paged, unit) : ""}
</section>`;
  return basePage(ctx, { kind: "index", section: listing.section, title: listing.title + pageNote, description: listing.description, breadcrumbs, feed: listing.feed }, main);
}

function sectionLink(ctx: RenderContext, section: IndexSection): string {
  return { tags: ctx.links.tags(), places: ctx.links.places(), archive: ctx.links.archive(), sources: ctx.links.sources(), authors: ctx.links.authors() }[section];
}

function termDirectory(ctx: RenderContext, paged: Paged<Term>, href: (slug: string) => string): SafeHtml {
  return html`<ul class="term-list">${paged.items.map((t) => html`<li><a href="${href(t.slug)}">${t.name}</a> ${count(t.articles.length)}</li>`)}</ul>`;
}

export function tagsIndexPage(ctx: RenderContext, paged: Paged<Term>): string {
  const listing = { section: "tags", title: "标签", description: "按主题浏览全部报道。", intro: html`<p class="lead">按主题浏览：每个标签后为文章数。</p>` } as const;
  return indexPage(ctx, listing, paged, termDirectory(ctx, paged, ctx.links.tag), "个标签");
}

export function tagPage(ctx: RenderContext, term: Term, paged: Paged<Article>): string {
  return indexPage(ctx, { section: "tags", title: term.name, description: `标签“${term.name}”下的${term.articles.length}篇报道。`, listHeading: `标签“${term.name}”的报道`, feed: { topic: tagFeedTopic(term.name), page: routes.tag(term.slug) } }, paged, articleList(ctx, paged.items));
}

export function authorsIndexPage(ctx: RenderContext, paged: Paged<Term>): string {
  const listing = { section: "authors", title: "记者", description: "按记者浏览全部报道。", intro: html`<p class="lead">按记者浏览（以拼音排序）：每位记者后为文章数。</p>` } as const;
  return indexPage(ctx, listing, paged, termDirectory(ctx, paged, ctx.links.author), "位记者");
}

export function authorPage(ctx: RenderContext, term: Term, paged: Paged<Article>): string {
  return indexPage(ctx, { section: "authors", title: term.name, description: `记者${term.name}的${term.articles.length}篇报道。`, listHeading: `${term.name}的报道` }, paged, articleList(ctx, paged.items));
}

/** Breadcrumb trail of a place's ancestors (each links to its own page). */
function placeTrail(ctx: RenderContext, place: Place): Crumb[] {
  return place.ancestors.map((p) => ({ label: p.name, href: ctx.indexes.placeOf.has(p) ? ctx.links.place(p.slug) : undefined }));
}

export function placesIndexPage(ctx: RenderContext): string {
  const node = (place: Place): SafeHtml => {
    const entry = ctx.indexes.placeOf.get(place);
    const label = entry ? html`<a href="${ctx.links.place(place.slug)}">${place.name}</a> ${count(entry.articles.length)}` : html`<span class="no-articles">${place.name}</span>`;
    return html`<li>${label}${place.children.length ? html`<ul>${place.children.map(node)}</ul>` : ""}</li>`;
  };
  const listing = { section: "places", title: "地区", description: "按省、市、县（市、区）浏览全部报道。", intro: html`<p class="lead">按地区浏览：市的文章数包含其所辖县（市、区）。</p>` } as const;
  return indexPage(ctx, listing, undefined, html`<ul class="place-tree">${ctx.archive.rootPlaces.map(node)}</ul>`);
}

export function placePage(ctx: RenderContext, entry: PlaceIndex, paged: Paged<Article>): string {
  const { place } = entry;
  const children = place.children.filter((c) => ctx.indexes.placeOf.has(c));
  const intro = html`${entry.direct < entry.articles.length ? html`<p class="lead">含所辖${children.map((c, i) => html`${i ? "、" : ""}<a href="${ctx.links.place(c.slug)}">${c.name}</a>`)}的报道。</p>` : ""}`;
  return indexPage(ctx, { section: "places", title: place.name, description: `${place.name}的${entry.articles.length}篇报道。`, trail: placeTrail(ctx, place), intro, listHeading: `${place.name}的报道`, feed: { topic: place.name, page: routes.place(place.slug) } }, paged, articleList(ctx, paged.items));
}

export function archiveIndexPage(ctx: RenderContext): string {
  const years = ctx.indexes.years.map(
    (y) => html`<section class="archive-year" aria-labelledby="year-${y.year}">
  <h2 id="year-${y.year}"><a href="${ctx.links.year(y.year)}">${y.year}年</a> ${count(y.articles.length)}</h2>
  <ul class="month-counts">${[...y.months].sort((a, b) => a.month - b.month).map((m) => html`<li><a href="${ctx.links.month(m.year, m.month)}">${m.month}月</a> ${count(m.articles.length)}</li>`)}</ul>
  ${yearCalendars(ctx, y)}
</section>`,
  );
  const listing = { section: "archive", title: "日期", description: "按年、月、日浏览全部报道。", intro: html`<p class="lead">按出版日期浏览：日历中有报道的日期可点击。</p>` } as const;
  return indexPage(ctx, listing, undefined, html`${years}`);
}

function yearCalendars(ctx: RenderContext, year: YearIndex): SafeHtml {
  const months = new Map(year.months.map((m) => [m.month, m]));
  return html`<div class="calendars">${Array.from({ length: 12 }, (_, i) => {
    const month = months.get(i + 1);
    return monthCalendar(ctx, year.year, i + 1, dayCounts(month), Boolean(month));
  })}</div>`;
}

const dayCounts = (month: MonthIndex | undefined) => new Map((month?.days ?? []).map((d) => [d.date.day, d.articles.length]));

export function yearPage(ctx: RenderContext, year: YearIndex, paged: Paged<Article>): string {
  const intro = paged.number === 1 ? yearCalendars(ctx, year) : undefined;
  return indexPage(ctx, { section: "archive", title: `${year.year}年`, description: `${year.year}年的${year.articles.length}篇报道。`, listHeading: `${year.year}年的报道`, ...(intro ? { intro } : {}) }, paged, articleList(ctx, paged.items));
}

export function monthPage(ctx: RenderContext, month: MonthIndex, paged: Paged<Article>): string {
  const trail = [{ label: `${month.year}年`, href: ctx.links.year(month.year) }];
  const intro = paged.number === 1 ? html`<div class="calendars single">${monthCalendar(ctx, month.year, month.month, dayCounts(month), false)}</div>` : undefined;
  const title = formatChineseMonth(month.year, month.month);
  return indexPage(ctx, { section: "archive", title, description: `${title}的${month.articles.length}篇报道。`, listHeading: `${title}的报道`, trail, ...(intro ? { intro } : {}) }, paged, articleList(ctx, paged.items));
}

export function dayPage(ctx: RenderContext, day: DayIndex, paged: Paged<Article>): string {
  const { date } = day;
  const trail = [
    { label: `${date.year}年`, href: ctx.links.year(date.year) },
    { label: `${date.month}月`, href: ctx.links.month(date.year, date.month) },
  ];
  const title = formatChineseDate(date);
  return indexPage(ctx, { section: "archive", title, description: `${title}的${day.articles.length}篇报道。`, listHeading: "当日报道", trail }, paged, articleList(ctx, paged.items));
}

export function sourcesIndexPage(ctx: RenderContext): string {
  const items = ctx.indexes.sources.map(
    ({ source, articles }) => html`<li>
  <h2><a href="${ctx.links.source(source.slug)}">${source.name}</a> ${count(articles.length)}</h2>
  <p>${source.kind}${source.description ? html` · ${source.description}` : ""}</p>
</li>`,
  );
  const listing = { section: "sources", title: "报纸", description: "按报纸和网站浏览全部报道。", intro: html`<p class="lead">按刊载报纸（网站）浏览，各报按期次、版面排列。</p>` } as const;
  return indexPage(ctx, listing, undefined, html`<ul class="source-list">${items}</ul>`);
}

/** A newspaper's articles on this page of the listing, grouped by issue (date) and printed page. */
export function sourcePage(ctx: RenderContext, entry: SourceIndex, paged: Paged<Article>): string {
  const { source } = entry;
  const issues = issuesOf(paged.items).map(
    (issue) => html`<section class="issue">
  <h2><a href="${ctx.links.day(issue.date)}">${formatChineseDate(issue.date)}</a></h2>
  ${issue.pages.map(
    (p) => html`${p.page ? html`<h3 class="printed-page">${pageLabel(p.page)}</h3>` : ""}
  ${articleList(ctx, p.articles, p.page ? 4 : 3)}`,
  )}
</section>`,
  );
  const intro = source.description ? html`<p class="lead">${source.kind} · ${source.description}</p>` : undefined;
  return indexPage(ctx, { section: "sources", title: source.name, description: `${source.name}的${entry.articles.length}篇报道，按期次与版面排列。`, ...(intro ? { intro } : {}) }, paged, html`${issues}`);
}
