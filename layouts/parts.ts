import { formatChineseDate } from "../src/dates.ts";
import type { Article } from "../src/content/article.ts";
import type { Place } from "../src/content/registry.ts";
import { html, join, type SafeHtml } from "../src/html.ts";
import type { RenderContext } from "./context.ts";

export function dateLine(article: Article): SafeHtml {
  return html`<time datetime="${article.date.iso}">${formatChineseDate(article.date)}</time>`;
}

/** 山东省 › 德州市 › 乐陵市 */
export function placePath(place: Place): string {
  return [...place.ancestors, place].map((p) => p.name).join(" › ");
}

/** 齐鲁晚报 B02-B03版 */
export function sourceLine(article: Article): string {
  return article.page ? `${article.source.name} ${article.page}${/版$/.test(article.page) ? "" : "版"}` : article.source.name;
}

/** One entry in a list of articles. */
export function articleSummary(ctx: RenderContext, article: Article): SafeHtml {
  return html`<li class="summary">
  <h3 class="summary-title"><a href="${ctx.links.article(article)}">${article.title}</a></h3>
  ${article.subtitle ? html`<p class="summary-subtitle">${article.subtitle}</p>` : ""}
  <p class="summary-meta">${dateLine(article)}<span class="sep" aria-hidden="true">·</span><span class="summary-source">${article.source.name}</span><span class="sep" aria-hidden="true">·</span><span class="summary-places">${join(article.places.map((p) => p.name), "、")}</span></p>
</li>`;
}
