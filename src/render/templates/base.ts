import { formatProblem } from "../../content/problems.ts";
import { html, join, type SafeHtml } from "../html.ts";
import { feedTitle } from "../feeds.ts";
import { routes } from "../../core/urls.ts";
import type { Crumb, PageMeta, RenderContext, Section } from "../context.ts";

/** The site's sections in navigation order: each one's name and first page. */
export const SECTIONS: Readonly<Record<Section, { label: string; href: (ctx: RenderContext) => string }>> = {
  tags: { label: "标签", href: (ctx) => ctx.links.tags() },
  places: { label: "地区", href: (ctx) => ctx.links.places() },
  archive: { label: "日期", href: (ctx) => ctx.links.dates() },
  sources: { label: "报纸", href: (ctx) => ctx.links.sources() },
  authors: { label: "记者", href: (ctx) => ctx.links.authors() },
  search: { label: "搜索", href: (ctx) => ctx.links.search() },
};

function breadcrumbs(ctx: RenderContext, trail: readonly Crumb[]): SafeHtml {
  const all: Crumb[] = [{ label: "首页", href: ctx.links.home() }, ...trail];
  return html`<nav class="breadcrumbs" aria-label="位置"><ol>${all.map((c, i) =>
    i === all.length - 1 || !c.href ? html`<li><span aria-current="page">${c.label}</span></li>` : html`<li><a href="${c.href}">${c.label}</a></li>`,
  )}</ol></nav>`;
}

/** Preview only: the editor sees content errors in the browser (src/preview.ts says what the pages show). */
function previewProblems(ctx: RenderContext): SafeHtml {
  const errors = (ctx.problems ?? []).filter((p) => p.severity === "error");
  return html`<section class="preview-problems" role="alert">
  <h2>内容有 ${errors.length} 处错误：出错的文章显示上次正确的内容，没有正确版本的暂不显示</h2>
  <ul>${errors.map((p) => html`<li><code>${formatProblem(p)}</code></li>`)}</ul>
</section>`;
}

/** Feed readers find the page's own feed first, then the whole archive's. */
function feedAlternates(ctx: RenderContext, meta: PageMeta): SafeHtml {
  const { site } = ctx.archive;
  const feeds = [...(meta.feed ? [{ title: feedTitle(site.name, meta.feed.topic), page: meta.feed.page }] : []), { title: feedTitle(site.name), page: routes.home() }];
  return join(
    feeds.map(
      (f) => html`<link rel="alternate" type="application/atom+xml" title="${f.title}" href="${ctx.links.feed(f.page, "atom")}">
<link rel="alternate" type="application/feed+json" title="${f.title}" href="${ctx.links.feed(f.page, "json")}">`,
    ),
    "\n",
  );
}

/** The page shell shared by every page: head, site header with navigation, breadcrumbs, main, footer. No JavaScript needed. */
export function basePage(ctx: RenderContext, meta: PageMeta, main: SafeHtml): string {
  const { site } = ctx.archive;
  const fullTitle = meta.kind === "home" ? site.name : `${meta.title} · ${site.name}`;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${meta.description}">
${meta.kind === "not-found" ? "" : html`<link rel="canonical" href="${ctx.links.absolute(ctx.route)}">
<meta property="og:type" content="${meta.kind === "article" ? "article" : "website"}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
<meta property="og:url" content="${ctx.links.absolute(ctx.route)}">
<meta property="og:site_name" content="${site.name}">
<meta property="og:locale" content="zh_CN">`}
${feedAlternates(ctx, meta)}
${meta.head ?? ""}
<meta name="color-scheme" content="light dark">
<link rel="icon" href="${ctx.links.asset("favicon.svg")}" type="image/svg+xml">
<link rel="icon" href="${ctx.links.favicon()}" sizes="32x32">
<link rel="stylesheet" href="${ctx.links.asset("site.css")}">
</head>
<body class="page-${meta.kind}">
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
  <div class="wrap">
    <a class="site-name" href="${ctx.links.home()}">${site.name}</a>
    <nav class="site-nav" aria-label="栏目"><ul>${Object.entries(SECTIONS).map(([section, s]) =>
      html`<li><a href="${s.href(ctx)}"${section === meta.section ? html` aria-current="true"` : ""}>${s.label}</a></li>`,
    )}</ul></nav>
  </div>
</header>
${ctx.problems?.length ? previewProblems(ctx) : ""}
<main id="main" class="wrap">
${meta.breadcrumbs ? breadcrumbs(ctx, meta.breadcrumbs) : ""}
${main}
</main>
<footer class="site-footer">
  <div class="wrap">
    <nav class="footer-nav" aria-label="本站"><ul>
      ${(ctx.handWritten ?? []).map((p) => html`<li><a href="${ctx.links.route(p.route)}">${p.title}</a></li>`)}
      <li><a href="${ctx.links.search()}">搜索</a></li>
      <li><a href="${ctx.links.feed(routes.home(), "atom")}" type="application/atom+xml">订阅（Atom）</a></li>
      <li><a href="${ctx.links.feed(routes.home(), "json")}" type="application/feed+json">订阅（JSON Feed）</a></li>
    </ul></nav>
    <p>${site.name} · ${site.description}</p>
    <p>文章版权归原刊载报纸所有，本站仅作资料整理与存档。</p>
    <p><a href="${ctx.links.data()}">数据</a>：全部文章的 JSON 与 CSV、字段说明与许可</p>
  </div>
</footer>
</body>
</html>
`.value;
}
