import { createHash } from "node:crypto";
import type { Links } from "../core/urls.ts";
import { routes } from "../core/urls.ts";
import { escapeHtml } from "./html.ts";

/** The sitemap protocol's limit per file; past it, sitemap.xml becomes an index of sitemap-N.xml. */
const SITEMAP_LIMIT = 50_000;

/** A page for the sitemap; `lastmod` (W3C Datetime: 2021-10-22, 2022-01 or 2021) only where the page has a date. */
export interface SitemapEntry {
  readonly route: string;
  readonly lastmod?: string | undefined;
}

/** A sitemap file, as the pieces it is written in: a whole sitemap of 100,000 articles is never one string. */
export interface SitemapFile {
  readonly path: string;
  readonly chunks: () => Iterable<string>;
  /** Everything the file shows, as a digest: the same key, the same bytes (a build cache keeps the file). */
  readonly key: string;
}

/** URL lines joined per piece: a few hundred KB. */
const PER_PIECE = 4096;

function* urlset(urls: Iterator<SitemapEntry>, count: number, links: Links): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n`;
  let piece: string[] = [];
  for (let i = 0; i < count; i++) {
    const next = urls.next();
    if (next.done) throw new Error("the sitemap's pages changed while it was written");
    const u = next.value;
    piece.push(`<url><loc>${escapeHtml(links.absolute(u.route))}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ""}</url>\n`);
    if (piece.length === PER_PIECE) {
      yield piece.join("");
      piece = [];
    }
  }
  // An empty list still has its blank line, as the list joined whole had.
  yield `${count ? piece.join("") : "\n"}</urlset>\n`;
}

/**
 * sitemap.xml (or, past 50,000 URLs, a sitemap index and sitemap-1.xml, sitemap-2.xml …) listing
 * every page but the 404 page, and robots.txt pointing to it. Paths are relative to the output folder.
 *
 * `pages` is walked twice, never held: once to count the URLs (one file or an index of several)
 * and take the files' key, then as the files are written (if they are). The files' pieces are to be taken one file after the other, in
 * the order given: the parts of an index take turns from that one walk of the pages.
 */
export function sitemapFiles(pages: Iterable<string | SitemapEntry>, links: Links, limit = SITEMAP_LIMIT): SitemapFile[] {
  function* urls(): Generator<SitemapEntry> {
    for (const p of pages) {
      const entry = typeof p === "string" ? { route: p } : p;
      if (entry.route !== routes.notFound()) yield entry;
    }
  }
  let count = 0;
  const shown = createHash("sha1").update(`${links.absolute("/")}\u0000${limit}\u0000`);
  for (const entry of urls()) {
    count++;
    shown.update(`${entry.route}\u0000${entry.lastmod ?? ""}\n`);
  }
  const key = shown.digest("base64url");
  const files: SitemapFile[] = [];
  if (count <= limit) {
    files.push({ path: "sitemap.xml", chunks: () => urlset(urls(), count, links), key });
  } else {
    const walk = urls();
    const parts = Math.ceil(count / limit);
    const names = Array.from({ length: parts }, (_, i) => `sitemap-${i + 1}.xml`);
    names.forEach((name, i) => files.push({ path: name, chunks: () => urlset(walk, Math.min(limit, count - i * limit), links), key }));
    const index = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${names.map((n) => `<sitemap><loc>${escapeHtml(links.absolute(`/${n}`))}</loc></sitemap>`).join("\n")}\n</sitemapindex>\n`;
    files.push({ path: "sitemap.xml", chunks: () => [index], key });
  }
  const robots = `User-agent: *\nAllow: /\n\nSitemap: ${links.absolute("/sitemap.xml")}\n`;
  files.push({ path: "robots.txt", chunks: () => [robots], key });
  return files;
}
