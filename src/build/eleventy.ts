import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import archivePlugin, { type ArchivePluginOptions } from "./plugin.ts";
import { normalizePrefix } from "../core/urls.ts";

const NO_PAGES = fileURLToPath(new URL("no-pages", import.meta.url));

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
 * not have pages, so without the folder it gets the generator's own empty one (no-pages/, which
 * holds only a dotfile git needs to keep it): nothing is made outside the output, and nothing is
 * left behind when the preview is stopped by a signal.
 */
export async function siteEleventy(options: SiteEleventyOptions): Promise<Eleventy> {
  const rootDir = path.resolve(options.rootDir ?? ".");
  const pages = path.resolve(rootDir, options.pagesDir ?? "pages");
  const input = existsSync(pages) ? path.relative(process.cwd(), pages) || "." : path.relative(process.cwd(), NO_PAGES);
  return new Eleventy(input, options.outDir, {
    configPath: "", // no config file: the generator's configuration is the plugin's
    quietMode: true,
    runMode: options.runMode,
    pathPrefix: normalizePrefix(options.pathPrefix), // for Eleventy's `url` filter in pages/
    config: (eleventyConfig: Parameters<typeof archivePlugin>[0]) => {
      eleventyConfig.addPlugin(archivePlugin, { ...options, rootDir });
      if (options.runMode === "serve") removeGonePages(eleventyConfig);
    },
  });
}

/**
 * The preview's rebuilds write the hand-written pages over the last ones, and Eleventy never
 * deletes a page it wrote: a page deleted from pages/ (or given another permalink) since the last
 * rebuild is removed from the output here, or the server would go on serving it.
 */
function removeGonePages(eleventyConfig: Parameters<typeof archivePlugin>[0]): void {
  let last = new Set<string>();
  eleventyConfig.on("eleventy.after", async ({ results = [] }: { results?: { outputPath: string | false }[] }) => {
    const written = new Set(results.flatMap((r) => (typeof r.outputPath === "string" ? [path.resolve(r.outputPath)] : [])));
    for (const file of last) if (!written.has(file)) await rm(file, { force: true });
    last = written;
  });
}
