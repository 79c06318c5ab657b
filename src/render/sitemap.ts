import type { Links } from "../core/urls.ts";
import { routes } from "../core/urls.ts";
import { escapeHtml } from "./html.ts";

/** The sitemap protocol's limit per file; past it, sitemap.xml becomes an index of sitemap-N.xml. */
export const SITEMAP_LIMIT = 50_000;

/** A page for the sitemap; `lastmod` (W3C Datetime: 2021-10-22, 2022-01 or 2021) only where the page has a date. */
export interface SitemapEntry {
  readonly route: string;
  readonly lastmod?: string | undefined;
}

function urlset(urls: readonly { loc: string; lastmod?: string | undefined }[]): string {
  const item = (u: { loc: string; lastmod?: string | undefined }) => `<url><loc>${escapeHtml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ""}</url>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map(item).join("\n")}\n</urlset>\n`;
}

/**
 * sitemap.xml (or, past 50,000 URLs, a sitemap index and sitemap-1.xml, sitemap-2.xml …) listing
 * every page but the 404 page, and robots.txt pointing to it. Paths are relative to the output folder.
 */
export function sitemapFiles(pages: readonly (string | SitemapEntry)[], links: Links, limit = SITEMAP_LIMIT): { path: string; content: string }[] {
  const urls = pages
    .map((p) => (typeof p === "string" ? { route: p } : p))
    .filter((p) => p.route !== routes.notFound())
    .map((p) => ({ loc: links.absolute(p.route), lastmod: p.lastmod }));
  const files: { path: string; content: string }[] = [];
  if (urls.length <= limit) {
    files.push({ path: "sitemap.xml", content: urlset(urls) });
  } else {
    const parts = Math.ceil(urls.length / limit);
    const names = Array.from({ length: parts }, (_, i) => `sitemap-${i + 1}.xml`);
    names.forEach((name, i) => files.push({ path: name, content: urlset(urls.slice(i * limit, (i + 1) * limit)) }));
    files.push({
      path: "sitemap.xml",
      content: `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${names.map((n) => `<sitemap><loc>${escapeHtml(links.absolute(`/${n}`))}</loc></sitemap>`).join("\n")}\n</sitemapindex>\n`,
    });
  }
  files.push({ path: "robots.txt", content: `User-agent: *\nAllow: /\n\nSitemap: ${links.absolute("/sitemap.xml")}\n` });
  return files;
}
