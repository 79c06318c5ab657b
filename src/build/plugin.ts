import { existsSync, readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type UserConfig from "@11ty/eleventy/UserConfig";
import type { RenderContext } from "../render/context.ts";
import { createArchiveLoader, type Archive } from "../content/load.ts";
import { articleLead } from "../render/markdown.ts";
import { TextThread } from "../render/text-thread.ts";
import { ContentError, formatProblem } from "../content/problems.ts";
import { checkRoutes, citationPages, NOT_IN_SITEMAP, siteContext, sitePages, type SitePage } from "../render/pages.ts";
import { previewArchive } from "../site/preview.ts";
import { BackgroundIndexer } from "../search/bundle/index-process.ts";
import { PRELUDE_BATCH, pumping, SearchThread } from "../search/bundle/search-thread.ts";
import { UpdateThread } from "../search/bundle/update-thread.ts";
import { bundleBrowserScript, bundleSearchClient, indexBesidePages, searchKey, searchSplit, writeSiteSearch, type SearchSplit } from "../search/bundle/site-search.ts";
import { sitemapFiles, type SitemapEntry } from "../render/sitemap.ts";
import { faviconIco, faviconSvg } from "../render/favicon.ts";
import { handWrittenPage, type HandWrittenPage } from "../render/templates/page.ts";
import { Metrics } from "../output/metrics.ts";
import { PageStore } from "../output/page-store.ts";
import { PageWriter, type OtherFile } from "../output/page-writer.ts";
import { digest } from "../content/fingerprint.ts";
import { searchCode, searchInputs, type BuildCache, type SearchPlacement, type SearchWrite } from "./cache.ts";
import { writeAdmin } from "./admin.ts";
import type { CmsBackend } from "../content/cms-config.ts";
import { LinkCheck } from "../output/link-check.ts";
import { links, normalizePrefix, reservedFolderOf, routes, type Links } from "../core/urls.ts";
import { bodyByteLength } from "../content/body.ts";
import { isInside } from "../core/folders.ts";

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
  /** How the search index is split (default: the site's, or SEARCH_* settings: site-search.ts). */
  readonly searchSplit?: SearchSplit;
  /** Write a whole search index on a thread of its own while the pages are written (default: by the archive's size and the build cache, indexBesidePages; SEARCH_THREAD). */
  readonly searchThread?: boolean | undefined;
  /** The local preview: content errors are printed and shown on every page over the last good content. */
  readonly preview?: boolean;
  /** The archive, already validated (by the production build, before Eleventy starts): used for the first build. */
  readonly archive?: Archive;
  /** Where the build's stages add their times and counts (the build report). */
  readonly metrics?: Metrics;
  /** Where /admin/ (the browser CMS) reads and saves; no /admin/ without one. */
  readonly cms?: CmsBackend | undefined;
  /** The production build's cache (cache.ts): pages and the search index whose inputs did not change are linked from it. */
  readonly cache?: BuildCache | undefined;
  /**
   * Ends the build when a thread of it ran out of memory (the search index's), naming the stage:
   * Node ends the thread, not the process (src/cli/build-supervisor.ts, endOutOfMemory).
   */
  readonly outOfMemory?: ((stage: string) => Promise<never>) | undefined;
  /**
   * The published folder this build updates in place (cli/build.ts, with a cache that `updates`
   * it): the output folder then gets only the files that changed.
   */
  readonly publishedDir?: string | undefined;
  /** Told, once the site is written, what a build that updates in place needs to publish it. */
  readonly onWritten?: ((written: WrittenSite) => void) | undefined;
}

/** What a build wrote besides the page store's files and the search index, and what it left. */
export interface WrittenSite {
  /** Files written besides the page store's and the search index's (hand-written pages, scripts), relative to the output. */
  readonly extras: readonly string[];
  /** Files of the published folder this build does not make (only when it updates in place). */
  readonly gone: readonly string[];
  /** The search index's folder, relative to the output, and how this build's reached the output (none: no index). */
  readonly searchFolder: string;
  readonly search: SearchPlacement | undefined;
}

const STYLESHEET = fileURLToPath(new URL("../render/templates/site.css", import.meta.url));
const CITE_SCRIPT = fileURLToPath(new URL("../browser/cite.ts", import.meta.url));

/** The Eleventy layout every hand-written page gets, unless the site has its own of this name. */
const SITE_LAYOUT = "base";

const bodyBytes = (archive: Archive) => archive.articles.reduce((sum, article) => sum + bodyByteLength(article), 0);

/** The search index once written: articles indexed, and how it reached the output. */
interface SearchDone {
  readonly indexed: number;
  readonly placement: SearchPlacement;
}

/** A production build's work beside its page walk (see beginBeside in archivePlugin). */
interface Beside {
  readonly thread: SearchThread | undefined;
  readonly texts: TextThread | undefined;
  readonly updater: UpdateThread | undefined;
  readonly searching: Promise<SearchDone> | undefined;
  /** Lets a whole search index without a thread begin (wholeAfter). */
  readonly pagesWritten: () => void;
}

/** What Eleventy hands the listeners of a build; `results` are the hand-written pages it wrote. */
type BuildEvent = { directories: { output: string }; results?: { inputPath: string; url: string | false; outputPath: string | false; content: string }[] };

/**
 * The archive as an Eleventy plugin. Content is read and validated once per build into typed
 * records; every record page (articles, indexes, feeds) is rendered from them and written by
 * `PageWriter`, never by Eleventy, which never parses an article file. Eleventy renders what it is
 * good at: the site's hand-written pages (its input folder, pages/), in any of its template
 * languages, with the site's layout (`base`), and the archive's records as global data.
 */
export default function archivePlugin(eleventyConfig: UserConfig, options: ArchivePluginOptions = {}): void {
  const rootDir = path.resolve(options.rootDir ?? ".");
  const contentDir = options.contentDir ?? "content";
  const includeDrafts = options.includeDrafts ?? false;
  const metrics = options.metrics ?? new Metrics();
  let ready = options.archive;
  // The preview's rebuilds re-read only the files that changed; a production build loads once.
  const loader = createArchiveLoader({ rootDir, contentDir, includeDrafts, lenient: options.preview ?? false, beforeBodyRelease: articleLead });
  let context: Omit<RenderContext, "route"> | undefined;

  // The archive as Eleventy global data for hand-written pages (see the README), frozen so that
  // Eleventy's data cascade passes it by reference, not copied; every page in the site's layout.
  for (const key of ["archive", "indexes", "links"] as const) eleventyConfig.addGlobalData(key, () => context && Object.freeze({ ...context[key] }));
  eleventyConfig.addGlobalData("layout", SITE_LAYOUT);
  addSiteLayout(eleventyConfig, (data) => {
    if (!context) throw new Error("the site layout was used before the archive was loaded");
    return handWrittenPage({ ...context, route: typeof data.page?.url === "string" ? data.page.url : "/" }, data);
  });

  // Eleventy writes a hand-written page wherever its permalink says, `../` and all; transforms run
  // on every page it writes, just before the write: one whose file would land outside the output
  // folder stops the build there.
  eleventyConfig.addTransform("inside-the-site", function (this: { inputPath: string; outputPath: string | false }, content: unknown) {
    const output = (eleventyConfig as unknown as { directories: { output: string } }).directories.output;
    if (typeof this.outputPath === "string" && !isInside(this.outputPath, output)) {
      throw failure(`${this.inputPath}: its permalink would write ${path.resolve(this.outputPath)}, outside the site's folder; give it a permalink inside the site (such as /about/)`);
    }
    return content;
  });

  let started = 0;
  eleventyConfig.on("eleventy.before", async ({ directories }: BuildEvent) => {
    started = performance.now();
    const loaded = ready ? { archive: ready, problems: [] } : await loader.load();
    ready = undefined;
    const errors = loaded.problems.filter((p) => p.severity === "error");
    if (errors.length) console.error(errors.map(formatProblem).join("\n"));
    if (!loaded.archive) {
      // Only a broken registry (places, newspapers, site) leaves nothing to render from.
      if (!options.preview || !context) throw new ContentError(loaded.problems);
      context = { ...context, problems: loaded.problems };
    } else {
      const archive: Archive = previewArchive(loaded.archive, context?.archive, errors);
      const siteLinks = links(options.pathPrefix, options.siteUrl);
      if (!options.preview) beside = beginBeside(archive, siteLinks, directories.output);
      try {
        context = await metrics.timed("site", () => siteContext(archive, siteLinks, errors.length ? loaded.problems : undefined));
      } catch (error) {
        await endBeside();
        throw error;
      }
    }
  });

  // Eleventy gathers its collections after eleventy.before and before rendering anything: the
  // moment to learn the hand-written pages every page's footer links (`footer: false` leaves one out).
  eleventyConfig.addCollection("handWritten", (collections: { getAll: () => { url: string | false; outputPath: string | false; data: Record<string, unknown> }[] }) => {
    const all = collections.getAll().filter((p) => typeof p.url === "string" && typeof p.outputPath === "string" && p.outputPath.endsWith(".html"));
    const linked = all.filter((p) => typeof p.data["title"] === "string" && p.data["footer"] !== false);
    const handWritten = linked.map((p) => ({ title: p.data["title"] as string, route: p.url as string })).sort((a, b) => (a.route < b.route ? -1 : 1));
    if (context) context = { ...context, handWritten };
    return all;
  });

  // Eleventy runs the build, the preview server and live reload; the pages themselves are written
  // straight from the records (see page-writer.ts for why), followed by the sitemap and search.
  const cache = options.preview ? undefined : options.cache;
  // The preview rewrites its folder in place: each rebuild writes what changed since the last one.
  let previewed: PageStore | undefined;
  let indexer: BackgroundIndexer | undefined;
  /**
   * The production build's search index into `searchDir`: linked from the cache, the kept one
   * updated on `updater`'s thread, or written whole (cache.ts decides): on `thread` if there is
   * one, else, once `wholeAfter` settles, with the records' texts made on `texts`.
   */
  const searchIndex = async (archive: Archive, siteLinks: Links, searchDir: string, threads: { thread?: SearchThread | undefined; texts?: TextThread | undefined; updater?: UpdateThread | undefined; wholeAfter?: Promise<void> | undefined }, published: string | undefined): Promise<SearchDone> => {
    const { thread, texts, updater, wholeAfter } = threads;
    const split = options.searchSplit ?? searchSplit();
    const code = searchCode();
    let indexed = 0;
    const write = async (last: Partial<SearchWrite> = {}) => {
      const result = await writeSiteSearch(archive, siteLinks, searchDir, { split, code, thread, texts, update: updater?.update, wholeAfter, ...last });
      indexed = result.indexed;
      return result;
    };
    if (!cache) {
      await write();
      return { indexed, placement: { placed: "whole" } };
    }
    const inputs = searchInputs(searchKey(archive, siteLinks, split), code);
    const placement = await cache.searchIndex(inputs, searchDir, write, published ? path.join(published, routes.searchIndex()) : undefined);
    return { indexed, placement };
  };

  /**
   * The production build's work beside its page walk, begun once the archive is loaded, before
   * the site model is built: the search index (written or updated on a thread of its own; a whole
   * index without a thread waits until `pagesWritten`) and the threads the walk hands work to.
   * Ended by the walk (eleventy.after), or by `endBeside` when the build fails before it.
   */
  let beside: Beside | undefined;
  const beginBeside = (archive: Archive, siteLinks: Links, outDir: string): Beside => {
    const withSearch = options.search ?? true;
    // The search index is written while the pages are (search-thread.ts), or after them
    // (indexBesidePages says when); then the open data's and the search records' texts are made on
    // a thread of their own (text-thread.ts), started if the build makes any.
    const onThread = options.searchThread ?? indexBesidePages(bodyBytes(archive), cache?.pages.size ?? 0);
    const thread = withSearch && onThread ? new SearchThread({ followsPages: true, prelude: PRELUDE_BATCH }) : undefined;
    const texts = thread ? undefined : new TextThread();
    const updater = withSearch && cache ? new UpdateThread() : undefined;
    let pagesWritten = () => {};
    const afterPages = new Promise<void>((resolve) => (pagesWritten = resolve));
    const searching = withSearch ? searchIndex(archive, siteLinks, path.join(outDir, routes.searchIndex()), { thread, texts, updater, wholeAfter: afterPages }, cache && options.publishedDir) : undefined;
    // Its failure stops the page walk (SearchThread.pump) or is met where it is awaited; a build
    // that fails before that ends the threads (endBeside).
    searching?.catch(() => undefined);
    return { thread, texts, updater, searching, pagesWritten };
  };
  const endBeside = async () => {
    const ending = beside;
    beside = undefined;
    await ending?.thread?.cancel();
    await ending?.updater?.cancel();
    await ending?.texts?.close();
  };
  eleventyConfig.on("eleventy.after", async ({ directories, results = [] }: BuildEvent) => {
    if (!context) return;
    const site = context;
    const outDir = directories.output;
    const preview = options.preview ? PageStore.inPlace(outDir, previewed) : undefined;
    const writer = new PageWriter({ metrics, store: preview ?? cache?.pages });
    // Walked a few times, never held: each walk makes the pages anew (see sitePages).
    const recordLines = options.preview ? undefined : cache?.recordLines(siteKey(site));
    const { thread, texts, updater, searching, pagesWritten } = beside ?? {};
    beside = undefined;
    // What fails from here on ends the threads (catch).
    try {
      // The search index's records are the articles in the archive's order, as the walk renders their pages.
      // The citation files are written beside the other pages, by a writer thread of their own (PageWriter.write).
      const pages = sitePages(site, { preview: options.preview ?? false, recordLines, texts, bodyTexts: thread && ((i, text) => thread.hand(i, text)), citationsApart: true });
      const citations = citationPages(site);
      // The sitemap's pages are noted on the walk that checks the routes: another two walks of every
      // page, to count them and write them, cost more than the list.
      const inSitemap: SitemapEntry[] = [];
      const { routes: recordRoutes, collisions, duplicates } = checkRoutes(noting(both(pages, citations), inSitemap));
      if (collisions.length) throw quietly(new ContentError(collisions));
      if (duplicates.length) throw failure(`pages would overwrite each other at ${duplicates.join(", ")}`);
      // Eleventy has written the hand-written pages; a file of the build's at the same path would replace one.
      const handFiles = results.filter((r) => typeof r.outputPath === "string").map((r) => ({ input: r.inputPath, file: path.relative(outDir, r.outputPath as string).split(path.sep).join("/") }));
      refuseHandWritten(handFiles, (file) => {
        const route = `/${file.replace(/(^|\/)index\.html$/, "$1")}`;
        if (recordRoutes.has(route)) return `its URL ${route} is a page of the archive`;
        const reserved = reservedFolderOf(route) ?? (route === routes.favicon() ? route : undefined);
        if (reserved) return `it would be written in ${reserved}, where the build writes its own files`;
        // A permalink without an extension (a folder of the archive's, /tags) is Eleventy's own error.
        return undefined;
      });
      const handWritten = results.filter((r) => typeof r.url === "string" && typeof r.outputPath === "string" && r.outputPath.endsWith(".html"));
      const handRoutes = handWritten.map((r) => r.url as string);
      // The production build checks its links; the preview rebuilds only what changed and cannot.
      // Every page that will be written, record or hand-written: what the link check looks links up in.
      for (const route of handRoutes) recordRoutes.add(route);
      const check = options.preview ? undefined : new LinkCheck(normalizePrefix(options.pathPrefix), recordRoutes, cache?.pages.paths);
      for (const page of handWritten) check?.collect(`${page.url as string} (${page.inputPath})`, page.content);
      const published = cache && options.publishedDir;
      const walk = thread ? pumping(pages, () => thread.pump(), (page) => thread.pageWalked(page.kind === "articles")) : pages;
      const written = await writer.write(walk, outDir, siteKey(site), check, citations);
      thread?.walkEnded();
      metrics.record("pages", written.pages + handWritten.length);
      metrics.record("pageBytes", written.bytes);
      metrics.record("rendered", written.rendered);
      metrics.record("written", written.written);
      if (recordLines) metrics.record("linesCopied", recordLines.copied);
      if (options.preview) console.log(`[preview] rebuilt in ${((performance.now() - started) / 1000).toFixed(2)} s: ${written.rendered} of ${written.pages} pages rendered, ${written.written} changed`);
      await metrics.timed("sitemap", async () => {
        const files: OtherFile[] = sitemapFiles([...inSitemap, ...handRoutes], site.links);
        // Read here, not copied by Eleventy's passthrough copy: Eleventy would watch this file of the
        // generator, and a watched file outside the project makes it misname every changed page.
        files.push({ path: routes.asset("site.css").slice(1), content: await readFile(STYLESHEET, "utf8") }, { path: routes.asset("favicon.svg").slice(1), content: faviconSvg });
        const other = new Set(files.map((f) => f.path));
        refuseHandWritten(handFiles, (file) => (other.has(file) ? `its file /${file} is one the build writes` : undefined));
        await writer.writeFiles(files, outDir);
      });
      // Written outside the page store, every time: what an update in place must know it made.
      const unstored: [string, (file: string) => Promise<void>][] = [
        [routes.asset("search.js"), bundleSearchClient],
        [routes.asset("cite.js"), (file) => bundleBrowserScript(CITE_SCRIPT, file)],
        [routes.favicon(), (file) => writeFile(file, faviconIco())],
      ];
      for (const [route, write] of unstored) await write(path.join(outDir, route.slice(1)));
      const extras = [...handFiles.map((f) => f.file), ...unstored.map(([route]) => route.slice(1))];
      if (options.cms) {
        const cms = options.cms;
        extras.push(...(await metrics.timed("admin", () => writeAdmin(outDir, writer, { archive: site.archive, links: site.links, backend: cms, dataDir: path.join(rootDir, contentDir, "_data"), siteUrl: options.siteUrl }))));
      }
      const gone = published ? cache.gone(extras) : [];
      // Once everything it keeps is written: pages gone since the last rebuild leave the preview.
      if (preview) {
        await preview.save();
        previewed = preview;
      }
      let placed: SearchPlacement | undefined;
      if ((options.search ?? true) && options.preview) {
        // The preview serves its pages now and swaps the search index in when it is ready.
        indexer ??= new BackgroundIndexer({ rootDir, contentDir, outDir: path.join(outDir, routes.searchIndex()), pathPrefix: options.pathPrefix, siteUrl: options.siteUrl });
        indexer.request();
      } else if (searching) {
        // With a thread, the stage is the wait for the index once everything else is written.
        pagesWritten?.();
        const { indexed, placement } = await metrics.timed("search", () => searching);
        placed = placement;
        metrics.record("searchIndexed", indexed);
        // Whether the thread wrote the index (not when the cache linked or updated the kept one),
        // and its own seconds: the "search" stage is then only the wait for it after the pages.
        metrics.record("searchThread", thread?.seconds === undefined ? 0 : 1);
        if (thread?.seconds !== undefined) metrics.beside("search thread", thread.seconds);
      }
      if (check) {
        const broken = await metrics.timed("checks", () => check.broken(recordRoutes, outDir, published ? { dir: published, gone: new Set(gone) } : undefined));
        if (broken.length) {
          const shown = broken.slice(0, 20).map((b) => `  ${b}`).join("\n");
          throw failure(`${broken.length} internal link${broken.length > 1 ? "s point" : " points"} at nothing:\n${shown}${broken.length > 20 ? `\n  … and ${broken.length - 20} more` : ""}`);
        }
      }
      options.onWritten?.({ extras, gone, searchFolder: routes.searchIndex().replace(/^\/|\/$/g, ""), search: placed });
    } catch (error) {
      await thread?.cancel();
      await updater?.cancel();
      // Node ends a thread that ran out of memory, not the process: the build ends as V8 would.
      if ((error === thread?.failure || error === updater?.failure) && (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") await options.outOfMemory?.("search");
      throw error;
    } finally {
      await texts?.close();
    }
  });

  // Relative to the working directory: Eleventy remaps watch paths when the config lives
  // elsewhere (a content folder outside this checkout), and absolute globs do not survive that.
  eleventyConfig.addWatchTarget(`${path.relative(process.cwd(), path.join(rootDir, contentDir)) || "."}/**/*.{md,yaml}`);
}

/**
 * The site's layout as an Eleventy layout named `base`, in the layouts folder of Eleventy's input
 * (pages/_includes/ by default). A layout of the same name there, in any template language
 * (`base.njk`, `base.liquid`, `base.11ty.js` …), is the site's own and wins: the generator then
 * adds none, as Eleventy would otherwise prefer a virtual layout over a file.
 */
function addSiteLayout(eleventyConfig: UserConfig, render: (data: HandWrittenPage & { page?: { url?: unknown } }) => string): void {
  const dirs = (eleventyConfig as unknown as { directories: { input: string; includes: string; layouts?: string } }).directories;
  const layouts = dirs.layouts ?? dirs.includes;
  const own = existsSync(layouts) && readdirSync(layouts).some((file) => file.startsWith(`${SITE_LAYOUT}.`));
  if (!own) eleventyConfig.addTemplate(path.posix.join(path.relative(dirs.input, layouts).split(path.sep).join("/"), `${SITE_LAYOUT}.11ty.js`), { render });
}

/** The pages of one walk, then those of the other. */
function* both(first: Iterable<SitePage>, then: Iterable<SitePage>): Generator<SitePage> {
  yield* first;
  yield* then;
}

/** `pages` as they are walked, each page of the sitemap noted in `into`. */
function* noting(pages: Iterable<SitePage>, into: SitemapEntry[]): Generator<SitePage> {
  for (const page of pages) {
    if (!NOT_IN_SITEMAP.has(page.kind)) into.push({ route: page.route, lastmod: page.lastmod });
    yield page;
  }
}

/** A failure its message explains (broken links, clashing pages): Eleventy prints it without a stack trace. */
/** Fails naming every hand-written page (pages/) whose output `clash` finds taken by the build. */
function refuseHandWritten(pages: readonly { input: string; file: string }[], clash: (file: string) => string | undefined): void {
  const found = pages.flatMap(({ input, file }) => {
    const why = clash(file);
    return why ? [`${input}: ${why}; give it another permalink`] : [];
  });
  if (found.length) throw failure(found.join("\n"));
}

function failure(message: string): Error {
  return quietly(new Error(message));
}

/** `error` marked for Eleventy to print without its stack: the message is for an editor, and whole. */
function quietly<E extends Error>(error: E): E {
  return Object.assign(error, { skipOriginalStack: true });
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
    site.handWritten ?? [],
  ]);
}
