import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Serves a built site from `dir` under `prefix`, like a static host: folders serve index.html, misses 404.html. */
export async function serveStatic(dir: string, prefix = "/"): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const send = async (file: string, status = 200) => {
      res.writeHead(status, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      createReadStream(file).pipe(res);
    };
    if (pathname.startsWith(prefix)) {
      let file = path.join(dir, pathname.slice(prefix.length));
      if (!file.startsWith(dir)) return void res.writeHead(403).end();
      const info = await stat(file).catch(() => undefined);
      if (info?.isDirectory()) file = path.join(file, "index.html");
      if (await stat(file).then((s) => s.isFile()).catch(() => false)) return void (await send(file));
    }
    await send(path.join(dir, "404.html"), 404).catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
