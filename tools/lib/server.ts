import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

export interface StaticServer {
  readonly url: string;
  /** Bytes sent in response bodies since the server started (or since `resetBytes`), for paths matching `only` if given. */
  bytesSent(only?: RegExp): number;
  /** The responses counted by bytesSent: path and body bytes, in order. */
  sentFiles(): readonly { path: string; bytes: number }[];
  resetBytes(): void;
  close(): Promise<void>;
}

/**
 * Serves a built site from `dir` under `prefix`, like a static host: folders serve index.html,
 * misses get 404.html, and text is gzip-compressed for browsers that accept it (Pagefind's own
 * files are compressed already). Counts the bytes it sends, for download-size measurements.
 */
export async function serveStatic(dir: string, prefix = "/"): Promise<StaticServer> {
  let sent: { path: string; bytes: number }[] = [];
  const server: Server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const send = async (file: string, status = 200) => {
      const type = TYPES[path.extname(file)];
      let body = await readFile(file);
      const headers: Record<string, string> = { "content-type": type ?? "application/octet-stream" };
      if (type && /gzip/.test(String(req.headers["accept-encoding"] ?? ""))) {
        body = gzipSync(body as Uint8Array) as Buffer;
        headers["content-encoding"] = "gzip";
      }
      headers["content-length"] = String(body.length);
      sent.push({ path: pathname, bytes: body.length });
      res.writeHead(status, headers).end(body);
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
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    bytesSent: (only?: RegExp) => sent.filter((s) => !only || only.test(s.path)).reduce((total, s) => total + s.bytes, 0),
    sentFiles: () => [...sent],
    resetBytes: () => {
      sent = [];
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
