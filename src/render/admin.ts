import type { RegistryFiles } from "../content/registry.ts";
import { routes } from "../core/urls.ts";
import { html, trusted } from "./html.ts";

/** What the page gives src/browser/cms.ts (as JSON in #archive-cms). */
export interface AdminPageData {
  readonly config: Record<string, unknown>;
  /** The registry files' text (content/_data/*.yaml), parsed in the browser by the gate itself. */
  readonly registries: Record<keyof RegistryFiles, string>;
  readonly stylesheet: string;
  readonly pathPrefix: string;
}

/** The files of /admin/ besides Decap CMS itself (src/build/admin.ts copies that next to them). */
const folder = routes.admin().slice(1, -1);
export const ADMIN = { folder, decapFolder: `${folder}/decap`, decapScript: "decap/decap-cms.js", script: "cms.js" } as const;

/**
 * /admin/: Decap CMS, our script (src/browser/cms.ts) and what it needs from the build — the
 * configuration and the registries, as JSON in the page. Decap is started by our script
 * (CMS_MANUAL_INIT), after the project's format, checks and preview are registered.
 */
export function adminPage(siteName: string, pageData: AdminPageData): string {
  // "<" as \u003c: nothing in the data can close the <script> element.
  const json = JSON.stringify(pageData).replace(/</g, "\\u003c");
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>编辑文章 · ${siteName}</title>
</head>
<body>
<noscript>在线编辑需要启用 JavaScript。</noscript>
<script>window.CMS_MANUAL_INIT = true;</script>
<script type="application/json" id="archive-cms">${trusted(json)}</script>
<script src="${ADMIN.decapScript}"></script>
<script type="module" src="${ADMIN.script}"></script>
</body>
</html>
`.value;
}
