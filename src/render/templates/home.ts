import type { Article } from "../../content/article.ts";
import { formatChineseMonth, namesMonth } from "../../core/dates.ts";
import { html, type SafeHtml } from "../html.ts";
import { basePage } from "./base.ts";
import type { RenderContext } from "../context.ts";
import { articleSummary, count, subscribeLinks } from "./parts.ts";
import { routes } from "../../core/urls.ts";

const LATEST = 10;
/** Places and reporters shown as ways in; the rest are one link away. */
const WAYS_SHOWN = 8;

/** The search form: a plain GET to the search page, so it works before (and without) any script. */
export function searchForm(ctx: RenderContext, id: string): SafeHtml {
  return html`<form class="search-form quick-search" action="${ctx.links.search()}" method="get" role="search">
  <div class="search-box">
    <label for="${id}" class="visually-hidden">搜索报道</label>
    <input id="${id}" name="q" type="search" placeholder="例如：乐陵市" maxlength="100">
    <button type="submit">搜索</button>
  </div>
</form>`;
}

/** Articles per month, every month from the first to the last with articles (empty months count 0). */
function coverageByMonth(articles: readonly Article[]) {
  const dated = articles.filter((a) => namesMonth(a.datePrecision));
  const counts = new Map<string, number>();
  for (const { date } of dated) {
    const key = `${date.year}-${date.month}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const first = dated.at(-1)?.date;
  const last = dated[0]?.date;
  if (!first || !last) return [];
  const months: { year: number; month: number; count: number }[] = [];
  for (let y = first.year, m = first.month; y < last.year || (y === last.year && m <= last.month); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    months.push({ year: y, month: m, count: counts.get(`${y}-${m}`) ?? 0 });
  }
  return months;
}

/**
 * Coverage over time: a bar per month, drawn here at build time as SVG (no script, no library), with
 * the same figures as a table for screen readers and anyone who wants the numbers.
 */
function coverageChart(ctx: RenderContext): SafeHtml {
  const months = coverageByMonth(ctx.archive.articles);
  if (!months.length) return html``;
  const max = Math.max(...months.map((m) => m.count));
  type MonthCount = (typeof months)[number];
  const peak = months.find((m) => m.count === max) as MonthCount;
  const yearOnly = ctx.archive.articles.filter((a) => !namesMonth(a.datePrecision)).length;
  const first = months[0] as MonthCount;
  const last = months.at(-1) as MonthCount;
  const width = months.length * 10;
  // Bars have a least height so a month with one article is visible next to one with hundreds.
  const bar = (m: MonthCount, i: number) => {
    const h = m.count ? Math.max(4, Math.round((m.count / max) * 96)) : 0;
    // No links in the bars: an image's children are presentational (the table below links each month).
    return m.count ? html`<rect x="${i * 10 + 1}" y="${100 - h}" width="8" height="${h}"></rect>` : "";
  };
  const summary = `${formatChineseMonth(first.year, first.month)}至${formatChineseMonth(last.year, last.month)}每月收录篇数，最多为${formatChineseMonth(peak.year, peak.month)}（${peak.count} 篇）`;
  const years = [...new Set(months.map((m) => m.year))];
  const yearStart = (y: number) => Math.max(0, months.findIndex((m) => m.year === y));
  return html`<section class="coverage" aria-labelledby="coverage-heading">
  <h2 id="coverage-heading">收录时间分布</h2>
  <figure class="coverage-figure">
    <svg class="coverage-chart" viewBox="0 0 ${width} 100" preserveAspectRatio="none" role="img" aria-label="${summary}。数据见下表。">${months.map(bar)}</svg>
    ${/* No viewBox: the years are placed in percent and keep their font size at any width. */ ""}
    <svg class="coverage-axis" width="100%" height="20" aria-hidden="true">${years.map((y) => {
      const x = ((yearStart(y) / months.length) * 100).toFixed(2);
      // A year that starts near the right edge is labelled flush right, so its label is not cut off.
      const label = Number(x) > 85 ? html`<text x="100%" y="14" text-anchor="end">${y}</text>` : html`<text x="${x}%" y="14" dx="4">${y}</text>`;
      return html`<line x1="${x}%" x2="${x}%" y1="0" y2="20"></line>${label}`;
    })}</svg>
    <figcaption>${summary}${yearOnly ? `；另有 ${yearOnly} 篇日期只推定到年份，未计入` : ""}。</figcaption>
  </figure>
  <details class="coverage-data">
    <summary>按月篇数（表格）</summary>
    <table>
      <caption class="visually-hidden">每月收录篇数（只列有报道的月份）</caption>
      <thead><tr><th scope="col">月份</th><th scope="col">篇数</th></tr></thead>
      <tbody>${months.filter((m) => m.count).map((m) => html`<tr><th scope="row"><a href="${ctx.links.month(m.year, m.month)}">${formatChineseMonth(m.year, m.month)}</a></th><td>${m.count}</td></tr>`)}</tbody>
    </table>
  </details>
</section>`;
}

/** Ways into the archive with their counts: year, place, newspaper, reporter. */
function waysIn(ctx: RenderContext): SafeHtml {
  const { indexes, links } = ctx;
  // Counties (and cities' own articles) rather than the province that contains them all.
  const places = indexes.places.filter((p) => p.place.ancestors.length > 0).sort((a, b) => b.articles.length - a.articles.length).slice(0, WAYS_SHOWN);
  const reporters = [...indexes.authors].sort((a, b) => b.articles.length - a.articles.length || (a.slug < b.slug ? -1 : 1)).slice(0, WAYS_SHOWN);
  const way = (id: string, title: string, items: SafeHtml[], all: { href: string; label: string }) => html`<section class="way" aria-labelledby="way-${id}">
  <h3 id="way-${id}">${title}</h3>
  <ul class="way-list">${items}</ul>
  <p class="way-all"><a href="${all.href}">${all.label}</a></p>
</section>`;
  const item = (href: string, label: string, n: number) => html`<li><a href="${href}">${label}</a> ${count(n)}</li>`;
  return html`<section class="ways-in" aria-labelledby="ways-heading">
  <h2 id="ways-heading">浏览档案</h2>
  <div class="ways">
    ${way("years", "按年份", indexes.years.map((y) => item(links.year(y.year), `${y.year}年`, y.articles.length)), { href: links.dates(), label: "全部日期" })}
    ${way("places", "按地区", places.map((p) => item(links.place(p.place.slug), p.place.name, p.articles.length)), { href: links.places(), label: "全部地区" })}
    ${way("sources", "按报纸", indexes.sources.map((s) => item(links.source(s.source.slug), s.source.name, s.articles.length)), { href: links.sources(), label: "全部报纸" })}
    ${way("authors", "按记者", reporters.map((t) => item(links.author(t.slug), t.name, t.articles.length)), { href: links.authors(), label: `全部 ${indexes.authors.length} 位记者` })}
  </div>
</section>`;
}

export function homePage(ctx: RenderContext): string {
  const { site, articles } = ctx.archive;
  // Newest first: the span runs from the last article's year to the first's.
  const span = articles.length ? `${articles.at(-1)?.date.year}—${articles[0]?.date.year}年` : "";
  const places = new Set(articles.flatMap((a) => a.places.map((p) => p.name)));
  const sources = new Set(articles.map((a) => a.source.name));
  const main = html`<section class="intro">
  <h1>${site.name}</h1>
  <p class="lead">${site.description}</p>
  ${searchForm(ctx, "home-q")}
  <p class="stats">共收录 <strong>${articles.length}</strong> 篇报道${span ? html`，时间跨度 ${span}` : ""}，涉及 ${places.size} 个地区、${sources.size} 家媒体。</p>
</section>
${waysIn(ctx)}
${coverageChart(ctx)}
<section class="latest" aria-labelledby="latest-heading">
  <h2 id="latest-heading">最新收录</h2>
  ${articles.length ? html`<ol class="summaries">${articles.slice(0, LATEST).map((a) => articleSummary(ctx, a))}</ol>` : html`<p>还没有文章。</p>`}
  ${subscribeLinks(ctx, routes.home())}
</section>`;
  return basePage(ctx, { kind: "home", title: site.name, description: site.description }, main);
}
