import type { Article } from "../src/content/article.ts";
import { html, join } from "../src/html.ts";
import { markdownToText, renderMarkdown } from "../src/markdown.ts";
import { basePage } from "./base.ts";
import type { RenderContext } from "./context.ts";
import { dateLine, placePath, sourceLine } from "./parts.ts";

const DESCRIPTION_LENGTH = 120;

/** The lead of the article as plain text, for the meta description. */
export function articleLead(article: Article): string {
  const text = markdownToText(article.body).replace(/\s+/g, " ").trim();
  return text.length > DESCRIPTION_LENGTH ? `${text.slice(0, DESCRIPTION_LENGTH)}…` : text;
}

export function articlePage(ctx: RenderContext, article: Article): string {
  const people = (label: string, names: readonly string[]) =>
    names.length ? html`<div class="meta-row"><dt>${label}</dt><dd>${join(names, " ")}</dd></div>` : "";
  const main = html`<article class="article" data-pagefind-body>
  <header class="article-header">
    <p class="kicker">${sourceLine(article)}</p>
    <h1>${article.title}</h1>
    ${article.subtitle ? html`<p class="subtitle">${article.subtitle}</p>` : ""}
    <dl class="meta">
      <div class="meta-row"><dt>日期</dt><dd>${dateLine(article)}</dd></div>
      <div class="meta-row"><dt>来源</dt><dd>${sourceLine(article)}</dd></div>
      <div class="meta-row"><dt>地区</dt><dd>${join(article.places.map((p) => placePath(p)), "；")}</dd></div>
      ${people("记者", article.authors)}
      ${people("通讯员", article.correspondents)}
      ${article.editor ? people("编辑", [article.editor]) : ""}
      <div class="meta-row"><dt>标签</dt><dd><ul class="tags">${article.tags.map((t) => html`<li>${t}</li>`)}</ul></dd></div>
    </dl>
  </header>
  <div class="article-body">
${renderMarkdown(article.body)}
  </div>
  <footer class="article-footer">
    ${article.url ? html`<p>原文链接：<a href="${article.url}" rel="noopener noreferrer">${article.url}</a></p>` : ""}
    ${article.dateNote ? html`<p class="note"><span class="note-label">日期说明</span>${article.dateNote}</p>` : ""}
    ${article.note ? html`<p class="note"><span class="note-label">编者注</span>${article.note}</p>` : ""}
  </footer>
</article>`;
  return basePage(ctx, { kind: "article", title: article.title, description: articleLead(article) }, main);
}
