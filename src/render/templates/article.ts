import type { Article } from "../../content/article.ts";
import type { Place } from "../../content/registry.ts";
import { formatChineseDay, isEstimated, machineDate, namesDay, namesMonth } from "../../core/dates.ts";
import { html, join, trusted, type SafeHtml } from "../html.ts";
import { LACUNA, leadOf, PHOTO_LABEL, renderBody } from "../markdown.ts";
import { basePage } from "./base.ts";
import type { Crumb, RenderContext } from "../context.ts";
import { articleSummary, dateLine, pageWithName, sourceLine } from "./parts.ts";
import { citationBlock, citationMeta } from "./citation.ts";

/** The neighbours of an article in time: `older` was published before it, `newer` after. */
export interface Neighbours {
  readonly older: Article | undefined;
  readonly newer: Article | undefined;
  /** Its related articles, best first (site/related.ts). */
  readonly related: readonly Article[];
}

/** 山东省 › 德州市 › 乐陵市, each a link to its place page. */
function placeLinks(ctx: RenderContext, place: Place): SafeHtml {
  return html`<span class="place-path">${join(
    [...place.ancestors, place].map((p) => (ctx.indexes.placeOf.has(p) ? html`<a href="${ctx.links.place(p.slug)}">${p.name}</a>` : p.name)),
    html`<span class="sep" aria-hidden="true">›</span>`,
  )}</span>`;
}

/** Drops places that another listed place lies within: [德州市, 禹城市] shows only 山东省 › 德州市 › 禹城市. */
function mostSpecific(places: readonly Place[]): readonly Place[] {
  return places.filter((p) => !places.some((other) => other.ancestors.includes(p)));
}

/** schema.org NewsArticle for search engines and researchers' tools. */
function newsArticleJsonLd(ctx: RenderContext, article: Article, lead: string): SafeHtml {
  const data = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    ...(article.subtitle ? { alternativeHeadline: article.subtitle } : {}),
    // Never more precise than the record: "2022-01" for a date known to the month.
    datePublished: machineDate(article.date, article.datePrecision),
    author: article.authors.map((name) => ({ "@type": "Person", name })),
    publisher: { "@type": "Organization", name: article.source.name },
    contentLocation: article.places.map((p) => ({ "@type": "Place", name: p.name })),
    keywords: article.tags.join(","),
    inLanguage: "zh-CN",
    url: ctx.links.absolute(ctx.route),
    ...(article.url ? { isBasedOn: article.url } : {}),
    description: lead,
  };
  // "<" as \u003c: the JSON cannot close its <script> element, whatever an article contains.
  return trusted(`<script type="application/ld+json">${JSON.stringify(data).replace(/</g, "\\u003c")}</script>`);
}

export function articlePage(ctx: RenderContext, article: Article, neighbours: Neighbours, body = renderBody(article.body)): string {
  const { links, indexes } = ctx;
  const people = (label: string, names: readonly string[], link: boolean) =>
    names.length
      ? html`<div class="meta-row"><dt>${label}</dt><dd>${join(
          names.map((n) => {
            const term = link ? indexes.authorOf.get(n) : undefined;
            return term ? html`<a href="${links.author(term.slug)}">${n}</a>` : n;
          }),
          " ",
        )}</dd></div>`
      : "";
  const { related } = neighbours;
  const neighbour = (rel: "prev" | "next", label: string, other: Article | undefined) =>
    other ? html`<li class="${rel}"><span class="label">${label}</span><a href="${links.article(other)}" rel="${rel}">${other.title}</a></li>` : "";
  const { date } = article;
  // One parse of the body (`body`) gives the page its HTML, description and structured data.
  const lead = leadOf(body.text);
  // The date links to the finest date page the record belongs on (see buildIndexes).
  const dateHref = namesDay(article.datePrecision) ? links.day(date) : namesMonth(article.datePrecision) ? links.month(date.year, date.month) : links.year(date.year);
  const issue = indexes.issueOf.get(article);
  const page = article.page ? pageWithName(article.page, article.pageName) : undefined;
  const sourceRow = html`<a href="${links.source(article.source.slug)}">${article.source.name}</a>${
    issue ? html`<span class="sep" aria-hidden="true">·</span><a href="${links.issue(article.source.slug, issue.date)}">当期各版</a>` : ""
  }${page ? html`<span class="sep" aria-hidden="true">·</span>${page}` : issue ? html`<span class="sep" aria-hidden="true">·</span>版次不详` : ""}`;
  // Editorial marks used on this page, each explained once.
  const marks: SafeHtml[] = [
    ...(article.body.includes(LACUNA) ? [html`<div><dt><span class="lacuna">${LACUNA}</span></dt><dd>原报此处文字缺失或无法辨认（版面残缺、跨栏断开或识别失败），整理时未作补写。</dd></div>`] : []),
    ...(body.html.value.includes('class="photo"') ? [html`<div><dt><span class="photo-label">${PHOTO_LABEL}</span></dt><dd>原报所刊照片的说明文字；照片本身未收入本档案。</dd></div>`] : []),
  ];

  const articleHtml = html`<article class="article" data-pagefind-body>
  <header class="article-header">
    <p class="kicker">${sourceLine(article)}</p>
    <h1>${article.title}</h1>
    ${article.subtitle ? html`<p class="subtitle">${article.subtitle}</p>` : ""}
    <dl class="meta">
      <div class="meta-row"><dt>日期</dt><dd><a href="${dateHref}">${dateLine(article)}</a>${isEstimated(article.datePrecision) ? html`<a class="date-note-link" href="#date-note">日期说明</a>` : ""}</dd></div>
      <div class="meta-row"><dt>来源</dt><dd>${sourceRow}</dd></div>
      <div class="meta-row"><dt>地区</dt><dd>${join(mostSpecific(article.places).map((p) => placeLinks(ctx, p)), "；")}</dd></div>
      ${people("记者", article.authors, true)}
      ${people("通讯员", article.correspondents, false)}
      ${article.editor ? people("编辑", [article.editor], false) : ""}
      <div class="meta-row"><dt>标签</dt><dd><ul class="tags">${article.tags.map((t) => {
        const term = indexes.tagOf.get(t);
        return html`<li>${term ? html`<a href="${links.tag(term.slug)}">${t}</a>` : t}</li>`;
      })}</ul></dd></div>
    </dl>
  </header>
  <div class="article-body">
${body.html}
  </div>
  <footer class="article-footer">
    ${article.url ? html`<p>原文链接：<a href="${article.url}" rel="noopener noreferrer">${article.url}</a></p>` : ""}
    ${marks.length ? html`<dl class="marks">${marks}</dl>` : ""}
    ${article.dateNote || article.note ? html`<aside class="editor-notes" aria-labelledby="notes-heading">
      <h2 id="notes-heading">编者注</h2>
      ${article.dateNote ? html`<p class="note" id="date-note"><span class="note-label">日期说明</span>${article.dateNote}</p>` : ""}
      ${article.note ? html`<p class="note"><span class="note-label">整理说明</span>${article.note}</p>` : ""}
    </aside>` : ""}
    <p class="print-only">本文网址：${ctx.links.absolute(ctx.route)}</p>
  </footer>
</article>`;
  const main = html`${articleHtml}
${citationBlock(ctx, article)}
${neighbours.older || neighbours.newer ? html`<nav class="article-nav" aria-label="按时间浏览"><ul>${neighbour("prev", "上一篇（更早）", neighbours.older)}${neighbour("next", "下一篇（更新）", neighbours.newer)}</ul></nav>` : ""}
${related.length ? html`<aside class="related" aria-labelledby="related-heading"><h2 id="related-heading">相关报道</h2><ol class="summaries">${related.map((a) => articleSummary(ctx, a))}</ol></aside>` : ""}`;
  // The trail stops where the record's knowledge of the date stops.
  const breadcrumbs: Crumb[] = [
    { label: "日期", href: links.dates() },
    { label: `${date.year}年`, href: links.year(date.year) },
    ...(namesMonth(article.datePrecision) ? [{ label: `${date.month}月`, href: links.month(date.year, date.month) }] : []),
    ...(namesDay(article.datePrecision) ? [{ label: formatChineseDay(date), href: links.day(date) }] : []),
    { label: article.title },
  ];
  return basePage(ctx, { kind: "article", section: "archive", title: article.title, description: lead, breadcrumbs, head: join([newsArticleJsonLd(ctx, article, lead), citationMeta(ctx, article)], "\n") }, main);
}
