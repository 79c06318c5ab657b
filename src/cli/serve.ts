/**
 * `npm start`: the local preview. Builds the archive with drafts into _preview/ (never _site/,
 * so a preview is never published by mistake) and serves it with live reload. Eleventy watches
 * the hand-written pages (its input, pages/) and the plugin adds the articles' folder (content/).
 * /admin/ (the browser CMS) saves through a local backend started beside it (src/cli/cms-server.ts).
 *
 *   npm start [-- --content DIR --pages DIR]
 */
import path from "node:path";
import { localCmsBackend } from "../build/admin.ts";
import { siteEleventy } from "../build/eleventy.ts";
import { cmsPort as freeCmsPort, startCmsServer } from "./cms-server.ts";
import { projectOptions } from "./common.ts";

const rootDir = process.cwd();
const cmsPort = await freeCmsPort(process.env);
const eleventy = await siteEleventy({
  ...projectOptions(process.argv.slice(2), "serve"),
  rootDir,
  outDir: path.join(rootDir, "_preview"),
  runMode: "serve",
  includeDrafts: true,
  preview: true,
  cms: localCmsBackend({ ARCHIVE_CMS_PROXY: `http://127.0.0.1:${cmsPort}/api/v1` }),
});
await eleventy.init();
await eleventy.watch();

// decap-server starts once the first preview is written: the preview comes first on a busy machine.
let stopping = false;
const cms = startCmsServer({ port: cmsPort, projectDir: rootDir });
cms.on("exit", (code, signal) => {
  if (!stopping) console.error(`[cms] the local editing backend stopped (${signal ?? `exit ${code}`}); /admin/ cannot save until npm start is restarted`);
});
process.on("exit", () => {
  stopping = true;
  cms.kill("SIGTERM");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(signal === "SIGINT" ? 130 : 143));

await eleventy.serve(Number(process.env["PORT"] ?? "8080"));
