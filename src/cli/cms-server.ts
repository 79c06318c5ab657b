import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const DECAP_SERVER = require.resolve("decap-server/dist/index.js");

/**
 * Decap's local backend for `npm start`: decap-server (pinned in package.json) serving the content
 * project's folder to /admin/, so an editor edits without a Git host or an account. It writes the
 * files straight into the folder (MODE=fs); the preview sees them as any edit. Only this machine
 * can reach it (127.0.0.1): it writes files for whoever asks.
 */
export function startCmsServer(options: { port: number; projectDir: string }): ChildProcess {
  const child = spawn(process.execPath, [DECAP_SERVER], {
    cwd: options.projectDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: String(options.port), BIND_HOST: "127.0.0.1", MODE: "fs", GIT_REPO_DIRECTORY: options.projectDir, LOG_LEVEL: "info" },
  });
  // Its log names every request; the editor needs to hear only that it is up, or why it is not.
  const lines = (stream: NodeJS.ReadableStream | null) => stream && createInterface({ input: stream });
  for (const reader of [lines(child.stdout), lines(child.stderr)]) {
    reader?.on("line", (line) => {
      // eslint-disable-next-line no-control-regex -- winston colours its output
      const text = line.replace(/\u001b\[[0-9;]*m/g, "");
      if (/listening on/.test(text)) console.log(`[cms] local editing backend on http://127.0.0.1:${options.port} (decap-server, writes into ${options.projectDir})`);
      else if (/error|EADDRINUSE/i.test(text)) console.error(`[cms] ${text}`);
    });
  }
  return child;
}

/**
 * A port for decap-server when CMS_PORT names none: one the system has free (the CMS is told its
 * address, so no fixed port is needed, and none next to the preview's is taken from another server).
 */
export async function cmsPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
