import { html } from "../html.ts";
import type { RenderContext } from "../context.ts";

/**
 * The page at an old path — an article's (`aliases`), a date page's (the former /archive/…) —
 * sending the reader to `route`, whose page is titled `title`: at once (meta refresh to
 * the site-relative URL, which needs no server configuration and works on whatever host serves
 * the files, the preview included), names the new URL as canonical for
 * search engines, keeps itself out of their index, and shows the link for anyone whose browser
 * does not follow the refresh.
 */
export function redirectPage(ctx: RenderContext, route: string, title: string): string {
  const target = ctx.links.absolute(route);
  // Under the path prefix, as every link: links.home() is the prefix, and every route starts with "/".
  const href = ctx.links.home() + route.slice(1);
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>本页已迁至新网址 · ${ctx.archive.site.name}</title>
<link rel="canonical" href="${target}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${href}">
<link rel="stylesheet" href="${ctx.links.asset("site.css")}">
</head>
<body class="page-redirect">
<main id="main" class="wrap">
<h1>本页已迁至新网址</h1>
<p><a href="${href}">${title}</a></p>
<p>${target}</p>
</main>
</body>
</html>
`.value;
}
