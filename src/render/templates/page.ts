import type { HandWrittenPage } from "../../content/hand-written.ts";
import { leadOf, renderBody } from "../markdown.ts";
import { html } from "../html.ts";
import { basePage } from "./base.ts";
import type { RenderContext } from "../context.ts";

/** A hand-written page (pages/*.md) in the site's layout: its title as the heading, its Markdown below. */
export function handWrittenPage(ctx: RenderContext, page: HandWrittenPage): string {
  const body = renderBody(page.body);
  const main = html`<article class="hand-written">
  <h1>${page.title}</h1>
  <div class="article-body">
${body.html}
  </div>
</article>`;
  return basePage(ctx, { kind: "page", title: page.title, description: leadOf(body.text), breadcrumbs: [{ label: page.title }] }, main);
}
