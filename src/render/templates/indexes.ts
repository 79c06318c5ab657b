import type { Article } from "../../content/article.ts";
import type { Place } from "../../content/registry.ts";
import { formatArticleDate, formatChineseDate, formatChineseMonth, namesDay } from "../../core/dates.ts";
import { html, type SafeHtml } from "../html.ts";
import { issuesOf, type DayIndex, type MonthIndex, type PlaceIndex, type SourceIndex, type SourceIssue, type Term, type YearIndex } from "../../site/indexes.ts";
import { isOpening, type Paged } from "../../site/pagination.ts";
import { tagFeedTopic } from "../feeds.ts";
import { routes } from "../../core/urls.ts";
import { basePage, SECTIONS } from "./base.ts";
import type { Crumb, RenderContext, Section } from "../context.ts";
import { articleList, count, dateSpan, monthCalendar, pageWithName, paginationNav, subscribeLinks, type CalendarDay } from "./parts.ts";

/** The browsing sections that have index pages. */
type IndexSection = Exclude<Section, "search">;

interface Listing {
  readonly section: IndexSection;
  readonly title: string;
  readonly description: string;
  /** Trail below the section (the page's own title is added last). */
  readonly trail?: readonly Crumb[];
  readonly intro?: SafeHtml;
  /**
   * The listing is of articles: a heading "报道 N 篇" keeps the outline h1 › h2 › h3 without
   * repeating the page's title ("乐陵市" › "乐陵市的报道").
   */
  readonly articleCount?: number;
  /** After the list: calendars (on a phone the articles come first), previous/next links. */
  readonly after?: SafeHtml;
  /** The listing has feeds (places and tags): announced in the head and offered on the page. */
  readonly feed?: { readonly topic: string; readonly page: string };
}

/**
 * Any index page: breadcrumbs, heading, optional intro, content, pagination. An archive's older page
 * (pagination.ts) names its dates instead of the listing's count, so that it stays as it is while
 * newer articles are added.
 */
function indexPage(ctx: RenderContext, listing: Listing, paged: Paged<unknown> | undefined, content: SafeHtml, unit = "篇"): string {
  const opening = !paged || isOpening(paged);
  // Only an archive's pages hold articles (render/pages.ts).
  const span = paged?.order === "archive" && !opening ? dateSpan(paged.items as readonly Article[]) : "";
  const pageNote = opening ? "" : `（第${paged.number}页）`;
  const section = SECTIONS[listing.section];
  const isSectionRoot = !listing.trail && listing.title === section.label;
  // A later page links back to the listing's opening page, then names the page.
  const here: Crumb[] = opening ? [{ label: listing.title }] : [{ label: listing.title, href: ctx.links.route(paged.base) }, { label: `第${paged.number}页` }];
  const breadcrumbs: Crumb[] = isSectionRoot
    ? here
    : [{ label: section.label, href: section.href(ctx) }, ...(listing.trail ?? []), ...here];
  const heading = listing.articleCount === undefined ? "" : span ? html`<h2 class="list-heading">${span}</h2>` : html`<h2 class="list-heading">报道 ${count(listing.articleCount)}</h2>`;
  const description = span ? `${listing.title}：${span}的报道（第${paged?.number}页）。` : listing.description;
  const main = html`<section class="index index-${listing.section}">
  <h1>${listing.title}${pageNote}</h1>
  ${listing.intro ?? ""}
  ${listing.feed ? subscribeLinks(ctx, listing.feed.page) : ""}
  <div class="index-body${listing.after ? " with-aside" : ""}">
  <div class="index-list">
  ${heading}
  ${content}
  ${paged ? paginationNav(ctx, paged, unit, span) : ""}
  </div>
  ${listing.after ?? ""}
  </div>
</section>`;
  return basePage(ctx, { kind: "index", section: listing.section, title: listing.title + pageNote, description, breadcrumbs, feed: listing.feed }, main);
}

function termDirectory(paged: Paged<Term>, href: (slug: string) => string): SafeHtml {
  return html`<ul class="term-list">${paged.items.map((t) => html`<li><a href="${href(t.slug)}">${t.name}</a> ${count(t.articles.length)}</li>`)}</ul>`;
}

export function tagsIndexPage(ctx: RenderContext, paged: Paged<Term>): string {
  const listing = { section: "tags", title: "标签", description: "按主题浏览全部报道。", intro: html`<p class="lead">按主题浏览：每个标签后为文章数。</p>` } as const;
  return indexPage(ctx, listing, paged, termDirectory(paged, ctx.links.tag), "个标签");
}

export function tagPage(ctx: RenderContext, term: Term, paged: Paged<Article>): string {
  return indexPage(ctx, { section: "tags", title: term.name, description: `标签“${term.name}”下的${term.articles.length}篇报道。`, articleCount: term.articles.length, feed: { topic: tagFeedTopic(term.name), page: routes.tag(term.slug) } }, paged, articleList(ctx, paged.items));
}

export function authorsIndexPage(ctx: RenderContext, paged: Paged<Term>): string {
  const listing = { section: "authors", title: "记者", description: "按记者浏览全部报道。", intro: html`<p class="lead">按记者浏览（以拼音排序）：每位记者后为文章数。</p>` } as const;
  return indexPage(ctx, listing, paged, termDirectory(paged, ctx.links.author), "位记者");
}

export function authorPage(ctx: RenderContext, term: Term, paged: Paged<Article>): string {
  return indexPage(ctx, { section: "authors", title: term.name, description: `记者${term.name}的${term.articles.length}篇报道。`, articleCount: term.articles.length }, paged, articleList(ctx, paged.items));
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
  return indexPage(ctx, { section: "places", title: place.name, description: `${place.name}的${entry.articles.length}篇报道。`, trail: placeTrail(ctx, place), intro, articleCount: entry.articles.length, feed: { topic: place.name, page: routes.place(place.slug) } }, paged, articleList(ctx, paged.items));
}

/**
 * Previous/next links between pages of one kind (days, months, years, issues) that have articles:
 * the neighbours of `item` in a newest-first `list`, the older one after it, the newer before it.
 */
function adjacent<T>(label: string, unit: string, list: readonly T[], item: T, link: (other: T) => { href: string; label: string }): SafeHtml {
  const i = list.indexOf(item);
  const older = i + 1 < list.length ? link(list[i + 1] as T) : undefined;
  const newer = i > 0 ? link(list[i - 1] as T) : undefined;
  if (!older && !newer) return html``;
  return html`<nav class="adjacent" aria-label="${label}"><ul>
  ${older ? html`<li class="prev"><a href="${older.href}" rel="prev"><span class="label">上一${unit}</span>${older.label}</a></li>` : ""}
  ${newer ? html`<li class="next"><a href="${newer.href}" rel="next"><span class="label">下一${unit}</span>${newer.label}</a></li>` : ""}
</ul></nav>`;
}

/** A calendar day linking to `href`, with its article count and whether every date on it is an estimate. */
const calendarDay = (href: string, articles: number, estimated: boolean): CalendarDay => ({ href, label: `${articles} 篇${estimated ? "，日期推定" : ""}`, estimated });

/** A month for a calendar: its days with articles, each linking to its day page. */
function monthDays(ctx: RenderContext, month: MonthIndex): CalendarMonth {
  const days = month.days.map((d) => [d.date.day, calendarDay(ctx.links.day(d.date), d.articles.length, d.articles.every((a) => a.datePrecision !== "day"))] as const);
  return { year: month.year, month: month.month, days: new Map(days) };
}

/** A legend for calendars that may show estimated days. */
const ESTIMATE_LEGEND = html`<p class="calendar-legend"><span class="legend-estimated" aria-hidden="true">7</span> 虚线框：该日各篇的日期为编者推定。</p>`;

type CalendarMonth = { readonly year: number; readonly month: number; readonly days: ReadonlyMap<number, CalendarDay> };

/** Month calendars in time order, beside the list (after it on a phone), with the legend when a day is estimated. */
function calendarAside(ctx: RenderContext, id: string, title: string, months: readonly CalendarMonth[], linkMonth: boolean): SafeHtml {
  const sorted = [...months].sort((a, b) => a.year - b.year || a.month - b.month);
  const anyEstimated = sorted.some((m) => [...m.days.values()].some((d) => d.estimated));
  const calendars = sorted.map((m) => monthCalendar(ctx, m.year, m.month, m.days, linkMonth));
  return html`<aside class="index-aside" aria-labelledby="${id}-heading"><h2 id="${id}-heading">${title}</h2><div class="calendars">${calendars}</div>${anyEstimated ? ESTIMATE_LEGEND : ""}</aside>`;
}

export function archiveIndexPage(ctx: RenderContext): string {
  // Only years and months that have articles: no wall of empty calendars.
  const years = ctx.indexes.years.map((y) => {
    const yearOnly = y.articles.length - y.months.reduce((n, m) => n + m.articles.length, 0);
    return html`<section class="archive-year" aria-labelledby="year-${y.year}">
  <h2 id="year-${y.year}"><a href="${ctx.links.year(y.year)}">${y.year}年</a> ${count(y.articles.length)}</h2>
  <ul class="month-counts">${[...y.months].sort((a, b) => a.month - b.month).map((m) => html`<li><a href="${ctx.links.month(m.year, m.month)}">${m.month}月</a> ${count(m.articles.length)}</li>`)}</ul>
  ${yearOnly ? html`<p class="year-only">另有 <a href="${ctx.links.year(y.year)}">${yearOnly} 篇</a>日期只推定到年份。</p>` : ""}
</section>`;
  });
  const listing = { section: "archive", title: "日期", description: "按年、月、日浏览全部报道。", intro: html`<p class="lead">按出版日期浏览：只列出有报道的年份和月份。</p>` } as const;
  return indexPage(ctx, listing, undefined, html`<div class="archive-years">${years}</div>`);
}

export function yearPage(ctx: RenderContext, year: YearIndex, paged: Paged<Article>): string {
  const calendars = isOpening(paged) && year.months.length ? calendarAside(ctx, "calendars", "日历", year.months.map((m) => monthDays(ctx, m)), true) : html``;
  const after = html`${calendars}${adjacent("按年浏览", "年", ctx.indexes.years, year, (y) => ({ href: ctx.links.year(y.year), label: `${y.year}年` }))}`;
  return indexPage(ctx, { section: "archive", title: `${year.year}年`, description: `${year.year}年的${year.articles.length}篇报道。`, articleCount: year.articles.length, after }, paged, articleList(ctx, paged.items));
}

export function monthPage(ctx: RenderContext, month: MonthIndex, paged: Paged<Article>): string {
  const trail = [{ label: `${month.year}年`, href: ctx.links.year(month.year) }];
  const calendar = isOpening(paged) && month.days.length ? calendarAside(ctx, "calendars", "日历", [monthDays(ctx, month)], false) : html``;
  const title = formatChineseMonth(month.year, month.month);
  const after = html`${calendar}${adjacent("按月浏览", "月", ctx.indexes.months, month, (m) => ({ href: ctx.links.month(m.year, m.month), label: formatChineseMonth(m.year, m.month) }))}`;
  return indexPage(ctx, { section: "archive", title, description: `${title}的${month.articles.length}篇报道。`, articleCount: month.articles.length, trail, after }, paged, articleList(ctx, paged.items));
}

export function dayPage(ctx: RenderContext, day: DayIndex, paged: Paged<Article>): string {
  const { date } = day;
  const trail = [
    { label: `${date.year}年`, href: ctx.links.year(date.year) },
    { label: `${date.month}月`, href: ctx.links.month(date.year, date.month) },
  ];
  const estimated = isOpening(paged) ? day.articles.filter((a) => a.datePrecision !== "day").length : 0;
  const intro = estimated
    ? html`<p class="lead">${estimated === day.articles.length ? "本日各篇" : `其中 ${estimated} 篇`}的日期为编者推定（原报未印日期），归于此日，见各篇的日期说明。</p>`
    : undefined;
  const title = formatChineseDate(date);
  return indexPage(ctx, { section: "archive", title, description: `${title}的${day.articles.length}篇报道。`, articleCount: day.articles.length, trail, ...(intro ? { intro } : {}), after: adjacent("按日浏览", "日", ctx.indexes.days, day, (d) => ({ href: ctx.links.day(d.date), label: formatChineseDate(d.date) })) }, paged, articleList(ctx, paged.items));
}

export function sourcesIndexPage(ctx: RenderContext): string {
  const items = ctx.indexes.sources.map(
    ({ source, articles, issues }) => html`<li>
  <h2><a href="${ctx.links.source(source.slug)}">${source.name}</a> ${count(articles.length)}</h2>
  <p>${source.kind}${source.description ? html` · ${source.description}` : ""}${issues.length ? html` · ${issues.length} 期` : ""}</p>
</li>`,
  );
  const listing = { section: "sources", title: "报纸", description: "按报纸和网站浏览全部报道。", intro: html`<p class="lead">按刊载报纸（网站）浏览：报纸按期次、版面排列，网站按日期排列。</p>` } as const;
  return indexPage(ctx, listing, undefined, html`<ul class="source-list">${items}</ul>`);
}

/** The heading of an issue: 2021年10月22日 星期五, or 2022年1月7日前后（推定）. */
const issueDate = (issue: SourceIssue) => formatArticleDate(issue.date, issue.estimated ? "about" : "day");

/** A paper's issues by month, for calendars (往期): each day with an issue links to it. */
function issueMonths(ctx: RenderContext, entry: SourceIndex): CalendarMonth[] {
  const months = new Map<string, { year: number; month: number; days: Map<number, CalendarDay> }>();
  for (const issue of entry.issues) {
    const key = issue.date.iso.slice(0, 7);
    let month = months.get(key);
    if (!month) months.set(key, (month = { year: issue.date.year, month: issue.date.month, days: new Map() }));
    month.days.set(issue.date.day, calendarDay(ctx.links.issue(entry.source.slug, issue.date), issue.articles.length, issue.estimated));
  }
  return [...months.values()];
}

/** An issue's printed pages in order, each with its articles. */
function issuePages(ctx: RenderContext, issue: SourceIssue): SafeHtml {
  return html`${issue.pages.map(
    (p) => html`<section class="printed-page">
  <h2 class="page-heading">${p.page ? pageWithName(p.page, p.name) : "版次不详"}</h2>
  ${articleList(ctx, p.articles, { date: false, source: false })}
</section>`,
  )}`;
}

/**
 * A source's page. A printed paper: its issues as calendars (往期) and, page by page of the
 * listing, its articles by issue and printed page. A web source: its articles by date.
 */
export function sourcePage(ctx: RenderContext, entry: SourceIndex, paged: Paged<Article>): string {
  const { source } = entry;
  const intro = html`<p class="lead">${source.kind}${source.description ? html` · ${source.description}` : ""}${entry.printed && isOpening(paged) ? html` · 收录 ${entry.issues.length} 期` : ""}</p>`;
  if (!entry.printed) {
    return indexPage(ctx, { section: "sources", title: source.name, description: `${source.name}的${entry.articles.length}篇报道，按日期排列。`, intro, articleCount: entry.articles.length }, paged, articleList(ctx, paged.items, { source: false }));
  }
  const issues = issuesOf(paged.items).map(
    (issue) => html`<section class="issue">
  <h3 class="issue-heading"><a href="${ctx.links.issue(source.slug, issue.date)}">${issueDate(issue)}</a></h3>
  ${issue.pages.map((p) => html`<p class="page-heading">${p.page ? pageWithName(p.page, p.name) : "版次不详"}</p>${articleList(ctx, p.articles, { level: 4, date: false, source: false })}`)}
</section>`,
  );
  const withoutIssue = paged.items.filter((a) => !namesDay(a.datePrecision));
  const content = html`${issues}${withoutIssue.length ? html`<section class="issue"><h3 class="issue-heading">期次不详</h3><p class="issue-note">以下各篇的日期只推定到旬、月或年，无从归入某一期。</p>${articleList(ctx, withoutIssue, { level: 4, source: false })}</section>` : ""}`;
  const after = isOpening(paged) && entry.issues.length ? calendarAside(ctx, "issues", "往期", issueMonths(ctx, entry), false) : undefined;
  return indexPage(ctx, { section: "sources", title: source.name, description: `${source.name}的${entry.articles.length}篇报道，按期次与版面排列。`, intro, articleCount: entry.articles.length, ...(after ? { after } : {}) }, paged, content);
}

/** One printed issue: its pages (版次, with the page's name) in order, each with its articles; the paper's previous and next issue. */
export function issuePage(ctx: RenderContext, entry: SourceIndex, issue: SourceIssue): string {
  const { source } = entry;
  const title = `${source.name} ${issueDate(issue)}`;
  const known = issue.pages.filter((p) => p.page).length;
  const intro = html`<p class="lead">本期收录 ${issue.articles.length} 篇${known ? html`，见于 ${known} 个版面` : ""}${known < issue.pages.length ? (known ? "；部分文章的版次原报未印或不详" : "；版次原报未印或不详") : ""}。${
    issue.estimated ? html`本期日期为编者推定（原报版面未印日期），见各篇的日期说明。` : ""
  }</p>`;
  const main = html`<section class="index index-sources issue-page">
  <h1>${source.name} <span class="issue-date">${issueDate(issue)}</span></h1>
  ${intro}
  ${adjacent("同报往期", "期", entry.issues, issue, (i) => ({ href: ctx.links.issue(source.slug, i.date), label: issueDate(i) }))}
  ${issuePages(ctx, issue)}
</section>`;
  const breadcrumbs: Crumb[] = [{ label: "报纸", href: ctx.links.sources() }, { label: source.name, href: ctx.links.source(source.slug) }, { label: issueDate(issue) }];
  return basePage(ctx, { kind: "index", section: "sources", title, description: `${title}：${issue.articles.length}篇报道，按版面排列。`, breadcrumbs }, main);
}
