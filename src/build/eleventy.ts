import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import archivePlugin, { type ArchivePluginOptions } from "./plugin.ts";
import { normalizePrefix } from "../core/urls.ts";

export interface SiteEleventyOptions extends ArchivePluginOptions {
  /** Where the site is written. */
  readonly outDir: string;
  /** Hand-written pages, relative to rootDir (default "pages"): Eleventy's input. */
  readonly pagesDir?: string;
  /** "build" writes once; "serve" is the preview (watch, dev server, live reload). */
  readonly runMode: "build" | "serve";
}

/**
 * Eleventy over a project, configured here rather than by a config file, so that each command
 * hands the plugin its options as values (the validated archive, drafts, preview, folders).
 * Eleventy's input is the project's hand-written pages; articles are never its templates.
 */
export async function siteEleventy(options: SiteEleventyOptions): Promise<Eleventy> {
  const rootDir = path.resolve(options.rootDir ?? ".");
  return new Eleventy(await pagesInput(rootDir, options.pagesDir), options.outDir, {
    configPath: "", // no config file: the generator's configuration is the plugin's
    quietMode: true,
    runMode: options.runMode,
    pathPrefix: normalizePrefix(options.pathPrefix), // for Eleventy's `url` filter in pages/
    config: (eleventyConfig: Parameters<typeof archivePlugin>[0]) => eleventyConfig.addPlugin(archivePlugin, { ...options, rootDir }),
  });
}

/**
 * Eleventy refuses a missing input folder, and a project need not have any hand-written pages:
 * without pages/ Eleventy gets an empty folder outside the project. Relative to the working
 * directory, as Eleventy's watcher does not see changes under an absolute input path.
 */
async function pagesInput(rootDir: string, pagesDir = "pages"): Promise<string> {
  const pages = path.resolve(rootDir, pagesDir);
  return existsSync(pages) ? path.relative(process.cwd(), pages) || "." : mkdtemp(path.join(tmpdir(), "archive-no-pages-"));
}
