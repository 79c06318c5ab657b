import { calendarDate, daysInMonth, formatArticleDate, formatChineseDay, formatChineseMonth, isEstimated, machineDate, weekdayOf } from "../../core/dates.ts";
import { articleLead } from "../markdown.ts";
import type { Article } from "../../content/article.ts";
import { html, join, type SafeHtml } from "../html.ts";
import { LINKS_AROUND, pageRoute, type Paged } from "../../site/pagination.ts";
import type { RenderContext } from "../context.ts";

/** An article's date, as precise as its record and no more (formatArticleDate); an estimate is styled as one. */
export function dateLine(article: Article): SafeHtml {
  const estimated = isEstimated(article.datePrecision);
  return html`<time datetime="${machineDate(article.date, article.datePrecision)}"${estimated ? html` class="estimated"` : ""}>${formatArticleDate(article.date, article.datePrecision)}</time>`;
}

/** A printed page as readers say it: 3 → 第3版, B02-B03 → B02-B03版 (a page already ending in 版 stays). */
function pageLabel(page: string): string {
  if (/^\d+$/.test(page)) return `第${Number(page)}版`;
  return /版$/.test(page) ? page : `${page}版`;
}

/** 第3版 · 要闻, or the page alone. */
export function pageWithName(page: string, name: string | undefined): string {
  return name ? `${pageLabel(page)} · ${name}` : pageLabel(page);
}

/** 齐鲁晚报 B02-B03版 */
export function sourceLine(article: Article): string {
  return article.page ? `${article.source.name} ${pageLabel(article.page)}` : article.source.name;
}

/** What a list entry repeats of the list it is in: an issue's entries need neither paper nor date. */
export interface SummaryOptions {
  readonly level?: 3 | 4;
  readonly date?: boolean;
  readonly source?: boolean;
}

/** One entry in a list of articles: title, meta line, lede; `level` keeps the heading outline unbroken. */
export function articleSummary(ctx: RenderContext, article: Article, options: SummaryOptions = {}): SafeHtml {
  const { level = 3, date = true, source = true } = options;
  const title = html`<a href="${ctx.links.article(article)}">${article.title}</a>`;
  const heading = level === 3 ? html`<h3 class="summary-title">${title}</h3>` : html`<h4 class="summary-title">${title}</h4>`;
  const sep = html`<span class="sep" aria-hidden="true">·</span>`;
  const meta = [date ? dateLine(article) : "", source ? html`<span class="summary-source">${sourceLine(article)}</span>` : "", html`<span class="summary-places">${join(article.places.map((p) => p.name), "、")}</span>`].filter(Boolean);
  return html`<li class="summary">
  ${heading}
  ${article.subtitle ? html`<p class="summary-subtitle">${article.subtitle}</p>` : ""}
  <p class="summary-meta">${join(meta, sep)}</p>
  <p class="summary-lede">${articleLead(article)}</p>
</li>`;
}

/** A list of article summaries. */
export function articleList(ctx: RenderContext, articles: readonly Article[], options: SummaryOptions = {}): SafeHtml {
  return articles.length ? html`<ol class="summaries">${articles.map((a) => articleSummary(ctx, a, options))}</ol>` : html`<p class="empty">没有文章。</p>`;
}

/** An article count with its unit, so it reads as "12 篇" rather than a bare number. */
export function count(n: number, unit = "篇"): SafeHtml {
  return html`<span class="count">${n} ${unit}</span>`;
}

/** The dates a page of an archive listing spans (its articles newest first): "2019年3月4日至2019年5月1日". */
export function dateSpan(articles: readonly Article[]): string {
  const [newest, oldest] = [articles[0], articles.at(-1)];
  if (!newest || !oldest) return "";
  // A day without its weekday: the span is read as a range, not as two dates.
  const dateOf = ({ date, datePrecision }: Article) => (datePrecision === "day" ? `${date.year}年${formatChineseDay(date)}` : formatArticleDate(date, datePrecision));
  const [from, to] = [dateOf(oldest), dateOf(newest)];
  return from === to ? from : `${from}至${to}`;
}

/**
 * Numbered page links with previous/next, for a listing split into pages. A directory's pages go
 * 1, 2, 3 …; an archive's go from its newest page (最新) back to page 1, its oldest, and a page
 * says nothing that changes when newer articles are added (pagination.ts): the total is on the
 * opening page only, an older page names its own dates (`span`).
 */
export function paginationNav(ctx: RenderContext, paged: Paged<unknown>, unit = "篇", span = ""): SafeHtml {
  const { number, count } = paged;
  // A list that fits one page has no pages to speak of (its count is in its heading).
  if (count <= 1) return html``;
  const archive = paged.order === "archive";
  const href = (n: number) => ctx.links.route(pageRoute(paged, n));
  // Around the current page, plus both ends: 1 … 4 5 [6] 7 8 … 20, or 最新 … 8 7 [6] 5 4 … 1.
  const shown = [...new Set([1, ...Array.from({ length: 2 * LINKS_AROUND + 1 }, (_, i) => number - LINKS_AROUND + i), count])].filter((n) => n >= 1 && n <= count).sort((a, b) => (archive ? b - a : a - b));
  const label = (n: number) => (archive && n === count ? "最新" : String(n));
  const items: SafeHtml[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && Math.abs(n - (shown[i - 1] as number)) > 1) items.push(html`<li class="gap" aria-hidden="true">…</li>`);
    items.push(n === number ? html`<li><span aria-current="page">${label(n)}</span></li>` : html`<li><a href="${href(n)}">${label(n)}</a></li>`);
  });
  // Previous is the page before in reading order: an archive's newer page, a directory's lower number.
  const [prev, next] = archive ? [number < count ? number + 1 : 0, number - 1] : [number - 1, number < count ? number + 1 : 0];
  const summary = !archive
    ? `共 ${paged.total} ${unit}，第 ${number}/${count} 页`
    : number === count
      ? `共 ${paged.total} ${unit}；${count === 2 ? "较早的见第 1 页" : `较早的按时间先后编为第 1–${count - 1} 页，第 1 页最早`}`
      : `第 ${number} 页：${span}的 ${paged.items.length} ${unit}（第 1 页最早）`;
  return html`<nav class="pagination" aria-label="分页">
  <ol>
    ${prev ? html`<li class="prev"><a href="${href(prev)}" rel="prev">上一页</a></li>` : ""}
    ${items}
    ${next ? html`<li class="next"><a href="${href(next)}" rel="next">下一页</a></li>` : ""}
  </ol>
  <p class="pagination-total">${summary}</p>
</nav>`;
}

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

/** A day in a calendar that links somewhere: its day page (dates) or its issue (a newspaper's 往期). */
export interface CalendarDay {
  readonly href: string;
  /** Said on hover and to screen readers: "3 篇" or "3 篇，日期推定". */
  readonly label: string;
  /** Every article on it has an estimated date: drawn dashed, and said. */
  readonly estimated: boolean;
}

/** A month as a newspaper archive calendar: linked days lead to their page, other days are plain. */
export function monthCalendar(ctx: RenderContext, year: number, month: number, days: ReadonlyMap<number, CalendarDay>, linkMonth: boolean): SafeHtml {
  const first = weekdayOf(calendarDate(year, month, 1));
  const length = daysInMonth(year, month);
  const cells: SafeHtml[] = Array.from({ length: first - 1 }, () => html`<td class="pad"></td>`);
  for (let day = 1; day <= length; day++) {
    const entry = days.get(day);
    cells.push(
      entry
        ? html`<td class="has-articles${entry.estimated ? " estimated" : ""}"><a href="${entry.href}" title="${entry.label}">${day}<span class="visually-hidden">日（${entry.label}）</span></a></td>`
        : html`<td class="empty-day">${day}</td>`,
    );
  }
  while (cells.length % 7) cells.push(html`<td class="pad"></td>`);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => html`<tr>${cells.slice(w * 7, w * 7 + 7)}</tr>`);
  const caption = formatChineseMonth(year, month);
  return html`<table class="calendar">
  <caption>${linkMonth ? html`<a href="${ctx.links.month(year, month)}">${caption}</a>` : caption}</caption>
  <thead><tr>${WEEKDAYS.map((d) => html`<th scope="col">${d}</th>`)}</tr></thead>
  <tbody>${weeks}</tbody>
</table>`;
}

/** A visible way to subscribe to a listing (its <link rel=alternate> is in the head). */
export function subscribeLinks(ctx: RenderContext, page: string): SafeHtml {
  return html`<p class="subscribe">订阅：<a href="${ctx.links.feed(page, "atom")}" type="application/atom+xml">Atom</a><span class="sep" aria-hidden="true">·</span><a href="${ctx.links.feed(page, "json")}" type="application/feed+json">JSON Feed</a></p>`;
}
