import { html } from "../html.ts";
import { basePage } from "./base.ts";
import type { RenderContext } from "../context.ts";

/** A filter's choices with their article counts, from the site's own indexes. */
function filterChoices(ctx: RenderContext) {
  const { indexes } = ctx;
  return [
    { name: "place", label: "地区", choices: indexes.places.map((p) => ({ value: p.place.name, label: `${"　".repeat(p.place.ancestors.length)}${p.place.name}`, count: p.articles.length })) },
    { name: "source", label: "报纸", choices: indexes.sources.map((s) => ({ value: s.source.name, label: s.source.name, count: s.articles.length })) },
    { name: "tag", label: "标签", choices: indexes.tags.map((t) => ({ value: t.name, label: t.name, count: t.articles.length })) },
  ];
}

const option = (c: { value: string; label: string; count: number }) => html`<option value="${c.value}" data-label="${c.label}" data-total="${c.count}">${c.label}（${c.count}）</option>`;

/**
 * The search page. Without JavaScript the form still submits (?q=…) and the page offers the
 * browse pages instead; with it, src/browser/search.ts searches as the reader types and counts each
 * filter value for the current query. The filter choices are written here, from the site's
 * indexes, so listing them costs no download.
 */
export function searchPage(ctx: RenderContext): string {
  const { links, indexes } = ctx;
  const years = indexes.years.map((y) => ({ value: String(y.year), label: `${y.year}年`, count: y.articles.length }));
  const main = html`<section class="search" data-search data-base="${links.home()}">
  <h1>搜索</h1>
  <form class="search-form" action="${links.search()}" method="get" role="search">
    <div class="search-box">
      <label for="search-q" class="visually-hidden">搜索报道</label>
      <input id="search-q" name="q" type="search" autocomplete="off" placeholder="输入字词，例如：乐陵市" maxlength="100">
      <button type="submit">搜索</button>
    </div>
    <details class="search-filters" open>
      <summary>筛选与排序</summary>
      <div class="search-filter-grid">
        ${filterChoices(ctx).map((f) => html`<label><span>${f.label}</span><select name="${f.name}"><option value="">全部</option>${f.choices.map(option)}</select></label>`)}
        <label><span>年份从</span><select name="from"><option value="">最早</option>${years.map(option)}</select></label>
        <label><span>年份到</span><select name="to"><option value="">最新</option>${years.map(option)}</select></label>
        <label><span>排序</span><select name="sort"><option value="relevance">相关度</option><option value="newest">最新</option><option value="oldest">最早</option></select></label>
      </div>
      <p><button type="button" class="search-clear" data-search-clear hidden>清除筛选</button></p>
    </details>
  </form>
  <p class="search-status" data-search-status aria-live="polite"></p>
  <noscript><p class="search-status">此页的搜索需要 JavaScript。也可以按<a href="${links.tags()}">标签</a>、<a href="${links.places()}">地区</a>、<a href="${links.dates()}">日期</a>、<a href="${links.sources()}">报纸</a>、<a href="${links.authors()}">记者</a>浏览全部报道。</p></noscript>
  <h2 class="visually-hidden">搜索结果</h2>
  <ol class="summaries search-results" data-search-results></ol>
  <p><button type="button" class="search-more" data-search-more hidden>更多结果</button></p>
</section>
<script type="module" src="${links.asset("search.js")}"></script>`;
  return basePage(ctx, { kind: "search", section: "search", title: "搜索", description: "在全部报道的标题、副题、报纸、地区、记者、标签、图片说明、注释和正文中查找字词。", breadcrumbs: [{ label: "搜索" }] }, main);
}
