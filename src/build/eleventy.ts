import { existsSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import archivePlugin, { type ArchivePluginOptions } from "./plugin.ts";
import { normalizePrefix } from "../core/urls.ts";

export interface SiteEleventyOptions extends ArchivePluginOptions {
  readonly outDir: string;
  /** Hand-written pages, relative to rootDir (default "pages"): Eleventy's input. */
  readonly pagesDir?: string;
  /** "build" writes once; "serve" is the preview (watch, dev server, live reload). */
  readonly runMode: "build" | "serve";
}

/**
 * Eleventy over a project, configured here rather than by a config file, so that each command
 * hands the plugin its options as values. Eleventy's input is the hand-written pages (relative to
 * the working directory, like the watch targets); it refuses a missing input, and a project need
 * not have pages, so without the folder it gets an empty one outside the project.
 */
export async function siteEleventy(options: SiteEleventyOptions): Promise<Eleventy> {
  const rootDir = path.resolve(options.rootDir ?? ".");
  const pages = path.resolve(rootDir, options.pagesDir ?? "pages");
  const input = existsSync(pages) ? path.relative(process.cwd(), pages) || "." : await emptyInput();
  return new Eleventy(input, options.outDir, {
    configPath: "", // no config file: the generator's configuration is the plugin's
    quietMode: true,
    runMode: options.runMode,
    pathPrefix: normalizePrefix(options.pathPrefix), // for Eleventy's `url` filter in pages/
    config: (eleventyConfig: Parameters<typeof archivePlugin>[0]) => eleventyConfig.addPlugin(archivePlugin, { ...options, rootDir }),
  });
}

/** An empty folder for Eleventy's input, removed when the process ends: a build leaves nothing behind it. */
async function emptyInput(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "archive-no-pages-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
