import type UserConfig from "@11ty/eleventy/UserConfig";
import { cmsBackendFromEnv, localCmsBackend } from "./src/build/admin.ts";
import archivePlugin from "./src/build/plugin.ts";

/** Thin on purpose: the archive is one plugin; everything it does lives in src/. */
export default function (eleventyConfig: UserConfig) {
  eleventyConfig.addPlugin(archivePlugin, {
    // npm start (src/cli/serve.ts) sets ARCHIVE_DRAFTS=1: the local preview, with drafts.
    includeDrafts: process.env["ARCHIVE_DRAFTS"] === "1",
    preview: process.env["ARCHIVE_DRAFTS"] === "1",
    pathPrefix: process.env["PATH_PREFIX"],
    siteUrl: process.env["SITE_URL"],
    search: process.env["SKIP_SEARCH"] !== "1",
    // /admin/: in the preview against npm start's local backend, in a build against the Git host
    // the environment names (README: "Editing in the browser").
    cms: process.env["ARCHIVE_DRAFTS"] === "1" ? localCmsBackend(process.env) : cmsBackendFromEnv(process.env),
  });
}

export const config = {
  // Pages come from the plugin's virtual templates; no file in content/ is an Eleventy template.
  templateFormats: ["11ty.js"],
  dir: { input: "content" },
};
