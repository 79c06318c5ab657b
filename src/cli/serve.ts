/**
 * `npm start`: the local preview. Builds the archive with drafts into _preview/ (never _site/,
 * so a preview is never published by mistake) and serves it with live reload. Eleventy watches
 * the hand-written pages (its input, pages/) and the plugin adds the articles' folder (content/).
 *
 *   npm start [-- --content DIR --pages DIR]
 */
import path from "node:path";
import { siteEleventy } from "../build/eleventy.ts";
import { projectOptions } from "./common.ts";

const rootDir = process.cwd();
const eleventy = await siteEleventy({
  ...projectOptions(process.argv.slice(2), "serve"),
  rootDir,
  outDir: path.join(rootDir, "_preview"),
  runMode: "serve",
  includeDrafts: true,
  preview: true,
});
await eleventy.init();
await eleventy.watch();
await eleventy.serve(Number(process.env["PORT"] ?? "8080"));
