import { readFile } from "node:fs/promises";
import path from "node:path";
import { listFiles } from "./project.ts";

export interface Crawl {
  /** Site paths reached from the home page (e.g. "/tags/"), each with the internal links on it. */
  readonly pages: ReadonlyMap<string, readonly string[]>;
  /** Every HTML page written, as site paths. */
  readonly written: readonly string[];
  /** Internal links that point at nothing: `from → to`. */
  readonly broken: readonly string[];
}

const toSitePath = (file: string) => "/" + file.replace(/(^|\/)index\.html$/, "$1");

/**
 * Walks a built site from its home page following every internal link (a href, link href), the way
 * a reader or crawler would, without a server: a link resolves when the file it names exists.
 */
export async function crawlSite(siteDir: string, prefix = "/"): Promise<Crawl> {
  const files = await listFiles(siteDir);
  const existing = new Set(files.map(toSitePath));
  const written = files.filter((f) => f.endsWith(".html")).map(toSitePath);
  const pages = new Map<string, string[]>();
  const broken: string[] = [];
  const queue = ["/"];
  while (queue.length) {
    const current = queue.shift() as string;
    if (pages.has(current)) continue;
    const file = path.join(siteDir, current.endsWith("/") ? `${current}index.html` : current);
    const html = await readFile(file, "utf8");
    const links: string[] = [];
    for (const match of html.matchAll(/<(?:a|link)\b[^>]*\bhref="([^"]*)"/g)) {
      const raw = (match[1] ?? "").replaceAll("&amp;", "&");
      const url = new URL(raw, `http://site${prefix}${current.slice(1)}`);
      if (url.host !== "site") continue;
      if (!url.pathname.startsWith(prefix)) {
        broken.push(`${current} → ${raw} (outside ${prefix})`);
        continue;
      }
      const target = "/" + decodeURIComponent(url.pathname.slice(prefix.length));
      if (!existing.has(target)) {
        broken.push(`${current} → ${raw}`);
        continue;
      }
      links.push(target);
      if (target.endsWith("/") || target.endsWith(".html")) queue.push(target);
    }
    pages.set(current, links);
  }
  return { pages, written, broken };
}

/** Pages of a paginated listing whose first page is `base` that were reached in the crawl. */
export function listingPages(crawl: Crawl, base: string): string[] {
  return [...crawl.pages.keys()].filter((p) => p === base || new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}page/\\d+/$`).test(p));
}
