/**
 * The production build (`npm run build` runs it under build-supervisor.ts, which names the stage
 * if memory runs out): the site in _site/. Content is validated first (every problem
 * reported, nothing built on error); the site is written to a temporary folder and swapped into
 * place only when the whole build succeeded, so a failed build leaves the previous _site/ as it was.
 * With a build cache that made the _site/ there (README: "Republishing: the build cache"), the
 * temporary folder gets only the files that changed, moved into _site/ once the build succeeded.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadArchive, type Archive } from "../content/load.ts";
import { articleLead } from "../render/markdown.ts";
import { cmsBackendFromEnv } from "../build/admin.ts";
import { BuildCache } from "../build/cache.ts";
import { HeapGrowth } from "../build/heap.ts";
import { siteEleventy } from "../build/eleventy.ts";
import type { CmsBackend } from "../content/cms-config.ts";
import type { WrittenSite } from "../build/plugin.ts";
import { removeTree } from "../output/file-writer.ts";
import { notReplaceable, updateInPlace } from "../output/publish.ts";
import { Metrics } from "../output/metrics.ts";
import { DEFAULT_SITE_URL, links } from "../core/urls.ts";
import { isInside } from "../core/folders.ts";
import { searchSplit as searchSplitFromEnv, searchThreadSetting, type SearchSplit } from "../search/bundle/site-search.ts";
import { projectOptions, reportProblems, seconds, underCI } from "./common.ts";
import { endOutOfMemory, reportStart, reportToSupervisor } from "./build-supervisor.ts";

// Content comes from the current directory; the generator (templates, styles) from this checkout.
const rootDir = process.cwd();
const project = projectOptions(process.argv.slice(2), "build");
const outDir = path.resolve(rootDir, process.env["OUTPUT_DIR"] ?? "_site");
const started = performance.now();
const metrics = new Metrics({ onStage: (stage) => reportToSupervisor({ stage }) });
const heap = new HeapGrowth();
heap.tighten();

reportStart(path.relative(rootDir, outDir) || ".");

const tmpDir = `${outDir}.tmp-${process.pid}`;
const oldDir = `${outDir}.old-${process.pid}`;

/** Every failure ends the same way: what went wrong, then that the published folder is as it was. */
async function fail(message?: string): Promise<never> {
  // A folder that cannot be removed must not hide the cause.
  try {
    removeTree(tmpDir);
  } catch {
    // the cause is printed below
  }
  if (message) console.error(message);
  console.error(`build failed: ${path.relative(rootDir, outDir) || "."}/ was not changed`);
  process.exit(1);
}

// The output folder is replaced whole: never by one that would take the project or other files with it.
const refusal = notReplaceable(
  outDir,
  rootDir,
  new Map([
    ["the articles", path.resolve(rootDir, project.contentDir)],
    ["the hand-written pages", path.resolve(rootDir, project.pagesDir)],
  ]),
);
if (refusal) await fail(`OUTPUT_DIR ${JSON.stringify(process.env["OUTPUT_DIR"] ?? "_site")}: a build replaces its whole folder, and ${refusal}; name a folder of its own, such as _site`);

// Deployment settings are checked before anything is built, like content.
let cms: CmsBackend | undefined;
let searchSplit: SearchSplit | undefined;
let searchThread: boolean | undefined;
try {
  links(project.pathPrefix, project.siteUrl);
  searchSplit = searchSplitFromEnv(process.env);
  searchThread = searchThreadSetting(process.env);
  // /admin/ is published only when CMS_BACKEND names the Git host it saves to (README: "Editing in the browser").
  cms = cmsBackendFromEnv(process.env);
} catch (error) {
  await fail((error as Error).message);
}
// Without SITE_URL every absolute URL would name this machine: say so, and never publish it from CI
// unless the default was asked for (SITE_URL=http://localhost:8080).
if (!process.env["SITE_URL"]?.trim()) {
  const affected = `canonical links, Open Graph tags, the articles' JSON-LD, the feeds, sitemap.xml and robots.txt`;
  const how = `set SITE_URL to the published origin (SITE_URL=https://archive.example.org npm run build), or SITE_URL=${DEFAULT_SITE_URL} for a local build on purpose`;
  if (underCI()) await fail(`SITE_URL is not set: under CI the build refuses to write ${DEFAULT_SITE_URL} into ${affected}; ${how}`);
  console.error(`warning: SITE_URL is not set: ${affected} point at ${DEFAULT_SITE_URL}; ${how}`);
}

// BUILD_CACHE: the build cache's folder (default .cache/ in the project; "off": none). What the
// last build made from the same inputs is reused from it (README: "Republishing: the build cache").
const cacheSetting = process.env["BUILD_CACHE"] ?? ".cache";
/** Pages rendered after which a republication is taken for a build of the whole site (HeapGrowth). */
const REMAKING = 1000;
let cache: BuildCache | undefined;
if (cacheSetting !== "off") {
  const dir = path.resolve(rootDir, cacheSetting);
  if (dir === outDir || isInside(dir, outDir) || isInside(outDir, dir)) await fail(`BUILD_CACHE ${JSON.stringify(cacheSetting)} and OUTPUT_DIR must be separate folders`);
  try {
    cache = await metrics.timed("load", () => BuildCache.open({ dir, rootDir, contentDir: project.contentDir }));
  } catch (error) {
    await fail(`BUILD_CACHE ${JSON.stringify(cacheSetting)}: cannot read the build cache (${(error as Error).message})`);
  }
}
// A republication revives much and makes little: V8's own heap growth, until it makes much after all.
if (cache?.republishes) {
  heap.relax();
  cache.whenRemaking(REMAKING, () => heap.tighten());
}

// The _site/ this cache's last build published, still as it left it, is updated in place.
const updating = cache?.updates(outDir) ?? false;
let written: WrittenSite | undefined;

// The production build never shows drafts.
const { archive, problems, read, readBeside } = await metrics.timed("load", () => loadArchive({ rootDir, contentDir: project.contentDir, includeDrafts: false, cache, beforeBodyRelease: articleLead }));
metrics.record("articlesRead", read);
metrics.record("articlesReadBeside", readBeside ?? 0);
reportProblems(problems);
if (!archive) await fail();

// The temporary folder is made here, once (its parent too, as OUTPUT_DIR=dist/site expects): an
// output path that cannot be written fails now, in one line, before anything is rendered.
try {
  await mkdir(path.dirname(outDir), { recursive: true });
  await mkdir(tmpDir);
  reportToSupervisor({ tmpDir });
} catch (error) {
  await fail(`OUTPUT_DIR ${JSON.stringify(process.env["OUTPUT_DIR"] ?? "_site")}: cannot create its folder (${(error as Error).message})`);
}

// Eleventy prints every error that stops its build once — the plugin's (a link that points at
// nothing, naming the page and the link; pages that clash) and its own (a template in pages/, with
// its causes) — so a failed write adds only the last line. What fails outside it is printed here.
let eleventy: Awaited<ReturnType<typeof siteEleventy>> | undefined;
try {
  // Eleventy renders the hand-written pages (pages/) and says so in its summary; ours follows.
  eleventy = await siteEleventy({
    ...project,
    rootDir,
    outDir: tmpDir,
    runMode: "build",
    archive: archive as Archive,
    includeDrafts: false,
    preview: false,
    metrics,
    cms,
    cache,
    searchSplit,
    searchThread,
    publishedDir: updating ? outDir : undefined,
    outOfMemory: endOutOfMemory,
    onWritten: (site) => (written = site),
  });
  await eleventy.init();
} catch (error) {
  await fail(error instanceof Error ? error.message : String(error));
}
try {
  await eleventy?.write();
} catch {
  await fail();
}
const shownOut = path.relative(rootDir, outDir) || ".";
if (updating && cache) {
  // The temporary folder holds only what changed: never swapped in as a whole site.
  const site = written ?? (await fail("the build did not say which files it made"));
  // From here until the cache is saved, the cache does not vouch for _site/: an update cut off
  // half way is followed by a build that writes the whole site again.
  cache.beginUpdate();
  try {
    // A search index laid over the published one is moved in file by file, like the pages.
    const search = site.search;
    const inSearch = (file: string) => `${site.searchFolder}/${file}`;
    const over = search?.placed === "over" ? { goneAfter: search.gone.map(inSearch), last: new Set(search.last.map(inSearch)) } : undefined;
    updateInPlace(tmpDir, outDir, { gone: site.gone, whole: over ? [] : [site.searchFolder], keep: new Set(search?.placed === "published" ? [site.searchFolder] : []), ...over });
  } catch (error) {
    // What was not moved in is of no use any more; the message says what became of _site/.
    try {
      removeTree(tmpDir);
    } catch {
      // the cause is printed below
    }
    console.error(`${(error as Error).message}\nbuild failed: ${shownOut}/ was partly updated; the next build writes it whole again`);
    process.exit(1);
  }
  try {
    removeTree(tmpDir);
  } catch (error) {
    console.error(`warning: ${path.relative(rootDir, tmpDir)}/ was left: ${(error as Error).message}; remove it by hand`);
  }
} else {
  try {
    await rename(outDir, oldDir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
    // If the new folder cannot take its place, the previous one goes back, as fail() says.
    await rename(tmpDir, outDir).catch(async (e: unknown) => {
      await rename(oldDir, outDir).catch(() => undefined);
      throw e;
    });
  } catch (error) {
    await fail(error instanceof Error ? error.message : String(error));
  }
  // The new site is in place: a previous folder that cannot be removed does not fail the build.
  try {
    removeTree(oldDir);
  } catch (error) {
    console.error(`warning: the previous ${shownOut}/ was left in ${path.relative(rootDir, oldDir)}/: ${(error as Error).message}; remove it by hand`);
  }
}
// Kept only after a build that succeeded: a failed one leaves the cache as the last good build left it.
await metrics.timed("cache", async () => {
  if (written) cache?.published(outDir, written.extras);
  await cache?.save().catch((error: Error) => console.error(`warning: build cache ${path.relative(rootDir, cache?.dir ?? "") || "."}/ not saved: ${error.message} (the site was built)`));
});
// For the report: whether the build ended with the heap growing as heap.ts sets it (1) or as V8 chose (0).
metrics.record("heapTight", heap.tight ? 1 : 0);
const figures = metrics.figures();
const rest = updating ? `left as they were in ${shownOut}/` : `linked from ${path.relative(rootDir, cache?.dir ?? "") || "."}/`;
const reuse = cache ? ` (${figures["rendered"]} rendered, ${figures["written"]} written, the rest ${rest})` : "";
console.log(`built ${(archive as Archive).articles.length} articles, ${figures["pages"]} pages${reuse} into ${path.relative(rootDir, outDir) || "."}/ in ${seconds(started)}`);

// BUILD_REPORT=<file>: seconds per stage as JSON, for tools/bench.ts.
const report = process.env["BUILD_REPORT"];
if (report) {
  const stages = metrics.stageSeconds();
  const peakMegabytes = metrics.stagePeakMegabytes();
  const json = `${JSON.stringify({ articles: (archive as Archive).articles.length, ...figures, stages, peakMegabytes, total: (performance.now() - started) / 1000 }, null, 2)}\n`;
  await writeFile(report, json).catch((error: NodeJS.ErrnoException) => {
    console.error(`BUILD_REPORT ${JSON.stringify(report)}: cannot write the report: ${error.code ?? error.message} (the site was built)`);
    process.exit(1);
  });
}
