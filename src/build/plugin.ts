import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type UserConfig from "@11ty/eleventy/UserConfig";
import type { RenderContext } from "../render/context.ts";
import { createArchiveLoader, type Archive } from "../content/load.ts";
import { ContentError, formatProblem } from "../content/problems.ts";
import { duplicateRoutes, siteContext, sitePages, type SitePage } from "../render/pages.ts";
import { previewArchive } from "../site/preview.ts";
import { BackgroundIndexer } from "../search/bundle/index-process.ts";
import { bundleSearchClient, writeSiteSearch } from "../search/bundle/site-search.ts";
import { sitemapFiles } from "../render/sitemap.ts";
import { recordFigure, timed } from "../output/metrics.ts";
import { PageWriter } from "../output/page-writer.ts";
import { digest } from "../site/fingerprint.ts";
import { writeAdmin } from "./admin.ts";
import type { CmsBackend } from "../content/cms-config.ts";
import { LinkCheck } from "../output/link-check.ts";
import { links, normalizePrefix, routes } from "../core/urls.ts";

export interface ArchivePluginOptions {
  /** Project root (default: the current directory). */
  readonly rootDir?: string;
  /** Articles folder, relative to rootDir (default "content"). */
  readonly contentDir?: string;
  /** Show drafts: true in the local preview, never in the production build. */
  readonly includeDrafts?: boolean;
  /** Sub-path the site is served from, e.g. "/archive/" (default "/"). */
  readonly pathPrefix?: string;
  /** The published site's origin, e.g. "https://archive.example.org" (canonical links, sitemap). */
  readonly siteUrl?: string;
  /** Build the search index (default true; `SKIP_SEARCH=1` builds everything else faster). */
  readonly search?: boolean;
  /**
   * The local preview: content errors do not stop it; they are printed and shown on every page
   * over the last good content until the editor fixes them.
   */
  readonly preview?: boolean;
  /** Where /admin/ (the browser CMS) reads and saves; no /admin/ without one. */
  readonly cms?: CmsBackend | undefined;
}

const STYLESHEET = fileURLToPath(new URL("../render/templates/site.css", import.meta.url));

/**
 * The production build validates content before Eleventy starts (to report problems without
 * Eleventy's stack traces); it hands the validated archive over here so the next Eleventy build
 * uses it instead of reading and validating every file a second time. Used once: rebuilds reload.
 */
let handedOver: { key: string; archive: Archive } | undefined;
const archiveKey = (rootDir: string, contentDir: string, includeDrafts: boolean) => JSON.stringify([path.resolve(rootDir), contentDir, includeDrafts]);

export function handOverArchive(archive: Archive, options: { rootDir: string; contentDir?: string; includeDrafts: boolean }): void {
  handedOver = { key: archiveKey(options.rootDir, options.contentDir ?? "content", options.includeDrafts), archive };
}

/**
 * The archive as an Eleventy plugin: content is read and validated once per build into typed
 * records, and every page is rendered from those records and written by `PageWriter`. Eleventy
 * never parses an article file itself.
 */
export default function archivePlugin(eleventyConfig: UserConfig, options: ArchivePluginOptions = {}): void {
  const rootDir = path.resolve(options.rootDir ?? ".");
  const contentDir = options.contentDir ?? "content";
  const includeDrafts = options.includeDrafts ?? false;
  let pages: SitePage[] = [];
  // The preview's rebuilds re-read only the files that changed; a production build loads once.
  const loader = createArchiveLoader({ rootDir, contentDir, includeDrafts, lenient: options.preview ?? false });
  let context: Omit<RenderContext, "route"> | undefined;

  let started = 0;
  eleventyConfig.on("eleventy.before", async () => {
    started = performance.now();
    const ready = handedOver?.key === archiveKey(rootDir, contentDir, includeDrafts) ? handedOver.archive : undefined;
    handedOver = undefined;
    const loaded = ready ? { archive: ready, problems: [] } : await loader.load();
    const errors = loaded.problems.filter((p) => p.severity === "error");
    if (errors.length) console.error(errors.map(formatProblem).join("\n"));
    if (!loaded.archive) {
      // Only a broken registry (places, newspapers, site) leaves nothing to render from.
      if (!options.preview || !context) throw new ContentError(loaded.problems);
      context = { ...context, problems: loaded.problems };
    } else {
      const archive: Archive = previewArchive(loaded.archive, context?.archive, errors);
      context = siteContext(archive, links(options.pathPrefix, options.siteUrl), errors.length ? loaded.problems : undefined);
    }
    pages = sitePages(context);
    const duplicates = duplicateRoutes(pages);
    if (duplicates.length) throw new Error(`pages would overwrite each other at ${duplicates.join(", ")}`);
  });

  // Eleventy runs the build, the preview server and live reload; the pages themselves are written
  // straight from the records (see write-pages.ts for why), followed by the sitemap and search.
  const writer = new PageWriter({ remember: options.preview ?? false });
  let indexer: BackgroundIndexer | undefined;
  eleventyConfig.on("eleventy.after", async ({ directories }: { directories: { output: string } }) => {
    if (!context) return;
    const site = context;
    const outDir = directories.output;
    // The production build checks its links; the preview rebuilds only what changed and cannot.
    const check = options.preview ? undefined : new LinkCheck(normalizePrefix(options.pathPrefix));
    const written = await writer.write(pages, outDir, siteKey(site), check);
    recordFigure("pages", written.pages);
    recordFigure("pageBytes", written.bytes);
    if (options.preview) console.log(`[preview] rebuilt in ${((performance.now() - started) / 1000).toFixed(2)} s: ${written.rendered} of ${written.pages} pages rendered, ${written.written} changed`);
    await timed("sitemap", async () => {
      for (const file of sitemapFiles(pages.filter((p) => p.kind !== "feeds").map((p) => p.route), site.links)) await writeFile(path.join(outDir, file.path), file.content);
    });
    await bundleSearchClient(path.join(outDir, routes.asset("search.js")));
    if (options.cms) {
      const cms = options.cms;
      await timed("admin", () => writeAdmin(outDir, { archive: site.archive, links: site.links, backend: cms, dataDir: path.join(rootDir, contentDir, "_data"), siteUrl: options.siteUrl }));
    }
    if ((options.search ?? true) && options.preview) {
      // The preview serves its pages now and swaps the search index in when it is ready.
      indexer ??= new BackgroundIndexer({ rootDir, contentDir, outDir: path.join(outDir, routes.searchIndex()), pathPrefix: options.pathPrefix, siteUrl: options.siteUrl });
      indexer.request();
    } else if (options.search ?? true) {
      await timed("search", () => writeSiteSearch(site.archive, site.links, path.join(outDir, routes.searchIndex())));
    }
    if (check) {
      const broken = await timed("checks", () => check.broken(new Set(pages.map((p) => p.route)), outDir));
      if (broken.length) {
        const shown = broken.slice(0, 20).map((b) => `  ${b}`).join("\n");
        throw new Error(`${broken.length} internal link${broken.length > 1 ? "s point" : " points"} at nothing:\n${shown}${broken.length > 20 ? `\n  … and ${broken.length - 20} more` : ""}`);
      }
    }
  });

  // Relative to the working directory: Eleventy remaps watch paths when the config lives
  // elsewhere (a content folder outside this checkout), and absolute globs do not survive that.
  eleventyConfig.addWatchTarget(`${path.relative(process.cwd(), path.join(rootDir, contentDir)) || "."}/**/*.{md,yaml}`);
  eleventyConfig.addPassthroughCopy({ [path.relative(process.cwd(), STYLESHEET)]: routes.asset("site.css").slice(1) });

}

/** Everything every page shows besides its own records: settings, registries, links, the preview banner. */
function siteKey(site: Omit<RenderContext, "route">): string {
  const { archive } = site;
  return digest([
    archive.site,
    [...archive.places.values()].map((p) => [p.name, p.slug, p.parent?.name]),
    [...archive.sources.values()].map((s) => [s.name, s.slug, s.kind, s.description, s.url]),
    site.links.absolute("/"),
    site.problems ?? [],
  ]);
}
