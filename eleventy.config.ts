import type UserConfig from "@11ty/eleventy/UserConfig";
import { cmsBackendFromEnv, localCmsBackend } from "./src/build/admin.ts";
import archivePlugin from "./src/build/plugin.ts";

/**
 * For running Eleventy's own command line over the project (`npx @11ty/eleventy
 * --config=eleventy.config.ts --input=pages`). `npm run build` and `npm start` do not read this
 * file: they configure Eleventy in src/build/eleventy.ts and hand the plugin its options as values.
 * Thin on purpose: the archive is one plugin; everything it does lives in src/.
 */
export default function (eleventyConfig: UserConfig) {
  eleventyConfig.addPlugin(archivePlugin, {
    includeDrafts: process.env["ARCHIVE_DRAFTS"] === "1",
    preview: process.env["ARCHIVE_PREVIEW"] === "1",
    pathPrefix: process.env["PATH_PREFIX"],
    siteUrl: process.env["SITE_URL"],
    search: process.env["SKIP_SEARCH"] !== "1",
    // /admin/: in the preview against npm start's local backend, in a build against the Git host
    // the environment names (README: "Editing in the browser").
    cms: process.env["ARCHIVE_DRAFTS"] === "1" ? localCmsBackend(process.env) : cmsBackendFromEnv(process.env),
  });
}
