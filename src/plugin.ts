import path from "node:path";
import { fileURLToPath } from "node:url";
import type UserConfig from "@11ty/eleventy/UserConfig";
import { articlePage } from "../layouts/article.ts";
import type { RenderContext } from "../layouts/context.ts";
import { homePage } from "../layouts/home.ts";
import { notFoundPage } from "../layouts/not-found.ts";
import type { Article } from "./content/article.ts";
import { loadArchiveOrThrow, type Archive } from "./content/load.ts";
import { links, routes } from "./urls.ts";

export interface ArchivePluginOptions {
  /** Project root (default: the current directory). */
  readonly rootDir?: string;
  /** Articles folder, relative to rootDir (default "content"). */
  readonly contentDir?: string;
  /** Show drafts: true in the local preview, never in the production build. */
  readonly includeDrafts?: boolean;
  /** Sub-path the site is served from, e.g. "/archive/" (default "/"). */
  readonly pathPrefix?: string;
}

const STYLESHEET = fileURLToPath(new URL("../layouts/site.css", import.meta.url));

type EleventyData = Record<string, unknown>;

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
 * records, and every page is rendered from those records through virtual templates. Eleventy
 * never parses an article file itself.
 */
export default function archivePlugin(eleventyConfig: UserConfig, options: ArchivePluginOptions = {}): void {
  const rootDir = path.resolve(options.rootDir ?? ".");
  const contentDir = options.contentDir ?? "content";
  let context: RenderContext | undefined;
  const ctx = (): RenderContext => {
    if (!context) throw new Error("archive was not loaded before rendering");
    return context;
  };
  /** A virtual page template: Eleventy sees `data` and `render(data)`; the page sees the typed context. */
  const page = (permalink: string | ((data: EleventyData) => string), render: (ctx: RenderContext, data: EleventyData) => string, data: EleventyData = {}) => ({
    data: { ...data, permalink, eleventyExcludeFromCollections: true },
    render: (eleventyData: EleventyData) => render(ctx(), eleventyData),
  });

  const includeDrafts = options.includeDrafts ?? false;
  eleventyConfig.on("eleventy.before", async () => {
    const ready = handedOver?.key === archiveKey(rootDir, contentDir, includeDrafts) ? handedOver.archive : undefined;
    handedOver = undefined;
    const archive: Archive = ready ?? (await loadArchiveOrThrow({ rootDir, contentDir, includeDrafts }));
    context = { archive, links: links(options.pathPrefix) };
  });
  eleventyConfig.addGlobalData("archiveArticles", () => ctx().archive.articles);

  eleventyConfig.addWatchTarget(path.join(rootDir, contentDir, "**/*.{md,yaml}"));
  eleventyConfig.addPassthroughCopy({ [path.relative(process.cwd(), STYLESHEET)]: routes.asset("site.css").slice(1) });

  eleventyConfig.addTemplate("archive-home.11ty.js", page(routes.home(), (c) => homePage(c)));
  eleventyConfig.addTemplate("archive-404.11ty.js", page(routes.notFound(), (c) => notFoundPage(c)));
  eleventyConfig.addTemplate(
    "archive-article.11ty.js",
    page(
      (data) => routes.article(data["article"] as Article),
      (c, data) => articlePage(c, data["article"] as Article),
      { pagination: { data: "archiveArticles", size: 1, alias: "article" } },
    ),
  );
}
