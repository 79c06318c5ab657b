/**
 * `npm run build`: the production site in _site/. Content is validated first (every problem
 * reported, nothing built on error); the site is written to a temporary folder and swapped into
 * place only when the whole build succeeded, so a failed build leaves the previous _site/ as it was.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import { loadArchive } from "../src/content/load.ts";
import { handOverArchive } from "../src/plugin.ts";
import { buildFigures, stageSeconds, timed } from "../src/stages.ts";
import { links } from "../src/urls.ts";
import { reportProblems, seconds } from "./cli.ts";

// Content comes from the current directory; the generator (config, layouts) from this checkout.
const rootDir = process.cwd();
const toolDir = fileURLToPath(new URL("..", import.meta.url));
const outDir = path.resolve(rootDir, process.env["OUTPUT_DIR"] ?? "_site");
const started = performance.now();

// The production build never shows drafts, whatever the environment says.
process.env["ARCHIVE_DRAFTS"] = "0";

// Deployment settings are checked before anything is built, like content.
try {
  links(process.env["PATH_PREFIX"], process.env["SITE_URL"]);
} catch (error) {
  console.error(`${(error as Error).message}\nbuild failed: ${path.relative(rootDir, outDir) || "."}/ was not changed`);
  process.exit(1);
}

const { archive, problems } = await timed("load", () => loadArchive({ rootDir, includeDrafts: false }));
reportProblems(problems);
if (!archive) {
  console.error(`build failed: ${path.relative(rootDir, outDir) || "."}/ was not changed`);
  process.exit(1);
}

handOverArchive(archive, { rootDir, includeDrafts: false });

const tmpDir = `${outDir}.tmp-${process.pid}`;
const oldDir = `${outDir}.old-${process.pid}`;
try {
  const eleventy = new Eleventy(path.join(rootDir, "content"), tmpDir, {
    configPath: path.join(toolDir, "eleventy.config.ts"),
    quietMode: true,
  });
  // Eleventy's own summary counts only its templates (none: the plugin writes the pages); ours follows.
  eleventy.logger.overrideLogger(false);
  await eleventy.write();
  await rename(outDir, oldDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
  });
  await rename(tmpDir, outDir);
  await rm(oldDir, { recursive: true, force: true });
} catch (error) {
  await rm(tmpDir, { recursive: true, force: true });
  console.error(error instanceof Error ? error.message : error);
  console.error(`build failed: ${path.relative(rootDir, outDir)}/ was not changed`);
  process.exit(1);
}
const figures = buildFigures();
console.log(`built ${archive.articles.length} articles, ${figures["pages"]} pages into ${path.relative(rootDir, outDir) || "."}/ in ${seconds(started)}`);

// BUILD_REPORT=<file>: seconds per stage as JSON, for scripts/bench.ts.
const report = process.env["BUILD_REPORT"];
if (report) {
  const stages = stageSeconds();
  await writeFile(report, `${JSON.stringify({ articles: archive.articles.length, ...figures, stages, total: (performance.now() - started) / 1000 }, null, 2)}\n`);
}
