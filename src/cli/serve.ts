/**
 * `npm start`: the local preview. Builds the archive with drafts into _preview/ (never _site/,
 * so a preview is never published by mistake) and serves it with live reload. Eleventy watches
 * the hand-written pages (its input, pages/) and the plugin adds the articles' folder (content/).
 * /admin/ (the browser CMS) saves through a local backend started beside it (src/cli/cms-server.ts).
 *
 *   npm start [-- --content DIR --pages DIR]
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { localCmsBackend } from "../build/admin.ts";
import { siteEleventy } from "../build/eleventy.ts";
import { cmsPort as freeCmsPort, startCmsServer } from "./cms-server.ts";
import { portSetting, projectOptions, registriesOrExit } from "./common.ts";
import { untilWatching, type SourceWatcher } from "./watching.ts";

const rootDir = process.cwd();
const options = projectOptions(process.argv.slice(2), "serve");
// Where the preview and the local CMS backend listen: a mistake is said before anything is built.
const port = portSetting("PORT") ?? 8080;
const cmsPort = portSetting("CMS_PORT") ?? (await freeCmsPort());
// Broken registries leave the preview nothing to show: said as `npm run check` says it, before Eleventy starts.
await registriesOrExit(path.join(rootDir, options.contentDir, "_data"), rootDir);
// The folders an editor saves into: the articles and the hand-written pages.
const sources = [options.contentDir, options.pagesDir].map((dir) => path.resolve(rootDir, dir)).filter((dir) => existsSync(dir));
const eleventy = await siteEleventy({
  ...options,
  rootDir,
  outDir: path.join(rootDir, "_preview"),
  runMode: "serve",
  includeDrafts: true,
  preview: true,
  cms: localCmsBackend({ ARCHIVE_CMS_PROXY: `http://127.0.0.1:${cmsPort}/api/v1` }),
});
await eleventy.init();
const firstBuildSaw = sourceStamps();
const rebuild = (await eleventy.watch()) as (file: string) => Promise<void>;
// Listed once: a file added meanwhile is found by the comparison with the first build's stamps.
const watcher = (eleventy as unknown as { watcher: SourceWatcher }).watcher;
// Eleventy only logs a deleted file (and the first half of a rename): rebuilt like an edit, so
// that a deleted article, registry or page leaves the preview.
watcher.on("unlink", (file) => void rebuild(file));
if (!(await untilWatching(watcher, [...sourceStamps().keys()], 60_000))) {
  console.warn("[preview] the file watcher has not listed every article and page after 60 s: save an edit again if the preview misses it");
}
// A file saved between the first build's start and its watch being set up: rebuilt for now.
const changed = sourceStamps();
const missed = [...new Set([...changed.keys(), ...firstBuildSaw.keys()])].find((file) => changed.get(file) !== firstBuildSaw.get(file));
if (missed) await rebuild(path.relative(process.cwd(), missed));

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

await eleventy.serve(port);

/** Every file of the source folders, with its modification time and size. */
function sourceStamps(): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const dir of sources) {
    for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      const file = path.join(dir, name);
      const stat = statSync(file, { throwIfNoEntry: false });
      if (stat?.isFile()) stamps.set(file, `${stat.mtimeMs} ${stat.size}`);
    }
  }
  return stamps;
}
