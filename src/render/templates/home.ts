import { html } from "../html.ts";
import { basePage } from "./base.ts";
import type { RenderContext } from "../context.ts";
import { articleSummary, subscribeLinks } from "./parts.ts";
import { routes } from "../../core/urls.ts";

const LATEST = 20;

export function homePage(ctx: RenderContext): string {
  const { site, articles } = ctx.archive;
  // Newest first: the span runs from the last article's year to the first's.
  const span = articles.length ? `${articles.at(-1)?.date.year}—${articles[0]?.date.year}年` : "";
  const places = new Set(articles.flatMap((a) => a.places.map((p) => p.name)));
  const sources = new Set(articles.map((a) => a.source.name));
  const main = html`<section class="intro">
  <h1>${site.name}</h1>
  <p class="lead">${site.description}</p>
  <p class="stats">共收录 <strong>${articles.length}</strong> 篇报道${span ? html`，时间跨度 ${span}` : ""}，涉及 ${places.size} 个地区、${sources.size} 家媒体。</p>
  ${subscribeLinks(ctx, routes.home())}
</section>
<section class="latest" aria-labelledby="latest-heading">
  <h2 id="latest-heading">最新收录</h2>
  ${articles.length ? html`<ol class="summaries">${articles.slice(0, LATEST).map((a) => articleSummary(ctx, a))}</ol>` : html`<p>还没有文章。</p>`}
</section>`;
  return basePage(ctx, { kind: "home", title: site.name, description: site.description }, main);
}
