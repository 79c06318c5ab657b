import type { Article } from "../../content/article.ts";
import type { Place } from "../../content/registry.ts";
import { formatChineseDay, isoDateTime } from "../../core/dates.ts";
import { html, join, trusted, type SafeHtml } from "../html.ts";
import { leadOf, renderBody } from "../markdown.ts";
import { basePage } from "./base.ts";
import type { RenderContext } from "../context.ts";
import { articleSummary, dateLine, pageLabel, sourceLine } from "./parts.ts";
import { citationBlock, citationMeta } from "./citation.ts";

/** The neighbours of an article in time: `older` was published before it, `newer` after. */
export interface Neighbours {
  readonly older: Article | undefined;
  readonly newer: Article | undefined;
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
    datePublished: isoDateTime(article.date),
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

export function articlePage(ctx: RenderContext, article: Article, neighbours: Neighbours): string {
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
  const related = ctx.related.get(article) ?? [];
  const neighbour = (rel: "prev" | "next", label: string, other: Article | undefined) =>
    other ? html`<li class="${rel}"><span class="label">${label}</span><a href="${links.article(other)}" rel="${rel}">${other.title}</a></li>` : "";
  const { date } = article;
  // One parse of the body gives the page its HTML, description and structured data.
  const body = renderBody(article.body);
  const lead = leadOf(body.text);

  const main = html`<article class="article" data-pagefind-body>
  <header class="article-header">
    <p class="kicker">${sourceLine(article)}</p>
    <h1>${article.title}</h1>
    ${article.subtitle ? html`<p class="subtitle">${article.subtitle}</p>` : ""}
    <dl class="meta">
      <div class="meta-row"><dt>日期</dt><dd><a href="${links.day(date)}">${dateLine(article)}</a></dd></div>
      <div class="meta-row"><dt>来源</dt><dd><a href="${links.source(article.source.slug)}">${article.source.name}</a>${article.page ? ` ${pageLabel(article.page)}` : ""}</dd></div>
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
    ${article.dateNote ? html`<p class="note"><span class="note-label">日期说明</span>${article.dateNote}</p>` : ""}
    ${article.note ? html`<p class="note"><span class="note-label">编者注</span>${article.note}</p>` : ""}
  </footer>
</article>
${citationBlock(ctx, article)}
${neighbours.older || neighbours.newer ? html`<nav class="article-nav" aria-label="按时间浏览"><ul>${neighbour("prev", "上一篇（更早）", neighbours.older)}${neighbour("next", "下一篇（更新）", neighbours.newer)}</ul></nav>` : ""}
${related.length ? html`<aside class="related" aria-labelledby="related-heading"><h2 id="related-heading">相关报道</h2><ol class="summaries">${related.map((a) => articleSummary(ctx, a))}</ol></aside>` : ""}`;
  const breadcrumbs = [
    { label: "日期", href: links.archive() },
    { label: `${date.year}年`, href: links.year(date.year) },
    { label: `${date.month}月`, href: links.month(date.year, date.month) },
    { label: formatChineseDay(date), href: links.day(date) },
    { label: article.title },
  ];
  return basePage(ctx, { kind: "article", section: "archive", title: article.title, description: lead, breadcrumbs, head: join([newsArticleJsonLd(ctx, article, lead), citationMeta(ctx, article)], "\n") }, main);
}
