import type { Article } from "../../content/article.ts";
import { html, join, type SafeHtml } from "../html.ts";
import type { RenderContext } from "../context.ts";
import { ACCESSED, gbtReference, highwireTags } from "../citation.ts";

/** Highwire `citation_*` tags for the article page's head (Zotero, Google Scholar). */
export function citationMeta(ctx: RenderContext, article: Article): SafeHtml {
  return join(highwireTags(article, ctx.links.absolute(ctx.route)).map(([name, content]) => html`<meta name="${name}" content="${content}">`), "\n");
}

/**
 * 引用本文: the GB/T 7714-2015 reference, a copy button, the 引用日期 (today's, filled in by
 * assets/cite.js, or the reader's), the archive's address and the citation files. Without
 * JavaScript the reference shows "引用日期" in its place and the button stays hidden.
 */
export function citationBlock(ctx: RenderContext, article: Article): SafeHtml {
  const url = ctx.links.absolute(ctx.route);
  const [before, after] = gbtReference(article, url).split(ACCESSED);
  const online = after !== undefined;
  return html`<section class="citation" data-citation aria-labelledby="citation-heading">
  <h2 id="citation-heading">引用本文</h2>
  <p class="citation-standard">GB/T 7714—2015 格式：</p>
  <p class="citation-reference" id="citation-reference" data-cite-reference>${before}${online ? html`<span class="citation-accessed" data-cite-accessed>引用日期</span>${after}` : ""}</p>
  <div class="citation-tools">
    ${online ? html`<p class="citation-date" hidden><label for="citation-date">引用日期</label> <input type="date" id="citation-date" data-cite-date></p>` : ""}
    <button type="button" class="citation-copy" data-cite-copy aria-describedby="citation-reference" hidden>复制引文</button>
    <span class="citation-status" role="status" data-cite-status></span>
  </div>
  <p class="citation-url">本站存档网址：<a href="${ctx.links.article(article)}">${url}</a></p>
  <p class="citation-files">下载引文：<a href="${ctx.links.citation(article, "ris")}" type="application/x-research-info-systems" download>RIS</a><span class="sep" aria-hidden="true">·</span><a href="${ctx.links.citation(article, "bib")}" type="application/x-bibtex" download>BibTeX</a><span class="sep" aria-hidden="true">·</span><a href="${ctx.links.citation(article, "json")}" type="application/vnd.citationstyles.csl+json" download>CSL-JSON</a></p>
</section>
<script type="module" src="${ctx.links.asset("cite.js")}"></script>`;
}
