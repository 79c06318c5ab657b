/**
 * `npm start`: the local preview. Builds the archive with drafts into _preview/ (never _site/,
 * so a preview is never published by mistake) and serves it with live reload, with /admin/ (the
 * browser CMS) saving through a local backend it starts beside it (src/cli/cms-server.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { cmsPort as freeCmsPort, startCmsServer } from "./cms-server.ts";

// Eleventy's CLI is not in its package exports; it is a file in the installed package. Content
// comes from the current directory, the generator (config, layouts) from this checkout.
const eleventyCli = fileURLToPath(new URL("../../node_modules/@11ty/eleventy/cmd.cjs", import.meta.url));
const config = fileURLToPath(new URL("../../eleventy.config.ts", import.meta.url));
const tsx = fileURLToPath(import.meta.resolve("tsx"));
const port = process.env["PORT"] ?? "8080";
const cmsPort = await freeCmsPort(process.env);

const child = spawn(
  process.execPath,
  ["--import", tsx, eleventyCli, `--config=${config}`, "--input=content", "--output=_preview", "--serve", `--port=${port}`, "--quiet"],
  { stdio: ["inherit", "pipe", "inherit"], env: { ...process.env, ARCHIVE_DRAFTS: "1", ARCHIVE_CMS_PROXY: `http://127.0.0.1:${cmsPort}/api/v1` } },
);
let stopping = false;
let cms: ChildProcess | undefined;
// decap-server starts once the first preview is written: the preview comes first on a busy machine.
function startCms(): void {
  if (cms || stopping) return;
  cms = startCmsServer({ port: cmsPort, projectDir: process.cwd() });
  cms.on("exit", (code, signal) => {
    if (!stopping) console.error(`[cms] the local editing backend stopped (${signal ?? `exit ${code}`}); /admin/ cannot save until npm start is restarted`);
  });
}
// Eleventy's summary counts only its own templates ("Wrote 0 files"): the plugin prints the real
// count and time of each rebuild instead, so that line is left out.
createInterface({ input: child.stdout }).on("line", (line) => {
  if (!/\bWrote 0 files\b/.test(line)) console.log(line);
  if (/^\[preview\] rebuilt|Server at/.test(line)) startCms();
});
child.on("exit", (code) => {
  stopping = true;
  cms?.kill("SIGTERM");
  process.exit(code ?? 0);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    cms?.kill(signal);
    child.kill(signal);
  });
}
