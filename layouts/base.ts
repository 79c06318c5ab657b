import { html, type SafeHtml } from "../src/html.ts";
import type { PageMeta, RenderContext } from "./context.ts";

/** The page shell shared by every page: head, site header, main, footer. No JavaScript needed to read. */
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
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="${ctx.links.asset("site.css")}">
</head>
<body class="page-${meta.kind}">
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
  <div class="wrap">
    <a class="site-name" href="${ctx.links.home()}">${site.name}</a>
  </div>
</header>
<main id="main" class="wrap">
${main}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>${site.name} · ${site.description}</p>
    <p>文章版权归原刊载报纸所有，本站仅作资料整理与存档。</p>
  </div>
</footer>
</body>
</html>
`.value;
}
