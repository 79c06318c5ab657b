import type { Links } from "../core/urls.ts";
import { routes } from "../core/urls.ts";
import { escapeHtml } from "./html.ts";

/** The sitemap protocol's limit per file; past it, sitemap.xml becomes an index of sitemap-N.xml. */
export const SITEMAP_LIMIT = 50_000;

function urlset(urls: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((u) => `<url><loc>${escapeHtml(u)}</loc></url>`).join("\n")}\n</urlset>\n`;
}

/**
 * sitemap.xml (or, past 50,000 URLs, a sitemap index and sitemap-1.xml, sitemap-2.xml …) listing
 * every page but the 404 page, and robots.txt pointing to it. Paths are relative to the output folder.
 */
export function sitemapFiles(pageRoutes: readonly string[], links: Links, limit = SITEMAP_LIMIT): { path: string; content: string }[] {
  const urls = pageRoutes.filter((r) => r !== routes.notFound()).map((r) => links.absolute(r));
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
