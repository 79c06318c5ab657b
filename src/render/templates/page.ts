import { html, trusted } from "../html.ts";
import type { RenderContext } from "../context.ts";
import { basePage } from "./base.ts";

/** What a hand-written page (pages/) gives its layout: Eleventy's data for the page. */
export interface HandWrittenPage {
  readonly title?: unknown;
  readonly description?: unknown;
  /** The page's body as Eleventy rendered it (Markdown, Nunjucks …): the site's own HTML. */
  readonly content: string;
}

/**
 * The `base` Eleventy layout: a hand-written page in the shell every record page has (header,
 * navigation, footer, stylesheet), its title as the heading, its body styled like an article's.
 */
export function handWrittenPage(ctx: RenderContext, page: HandWrittenPage): string {
  const title = typeof page.title === "string" && page.title ? page.title : ctx.archive.site.name;
  const description = typeof page.description === "string" && page.description ? page.description : ctx.archive.site.description;
  const main = html`<article class="page hand-written">
<h1>${title}</h1>
<div class="article-body">
${trusted(page.content)}
</div>
</article>`;
  return basePage(ctx, { kind: "page", title, description, breadcrumbs: [{ label: title }] }, main);
}
