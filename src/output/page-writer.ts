import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { FileWriterThread } from "./file-writer.ts";
import type { LinkCheck } from "./link-check.ts";
import { NOT_HTML, type SitePage } from "../render/pages.ts";
import { Metrics } from "./metrics.ts";
import { outputPathFor } from "../core/urls.ts";

export interface WrittenPages {
  /** Pages in the site. */
  readonly pages: number;
  /** Pages rendered this time (all of them, but for an incremental preview rebuild). */
  readonly rendered: number;
  /** Files written this time (a preview rebuild skips pages whose bytes did not change). */
  readonly written: number;
  readonly bytes: number;
}

/** What a previous write left in the folder: per route, the page's input key and its output's hash. */
type Written = Map<string, { key: string | undefined; hash: string }>;

/**
 * Renders the page list and writes it into the output folder, streaming: each page is rendered,
 * handed to the writer thread and dropped, with a bounded number of pages in flight, so memory
 * does not grow with the site. Pages are written by kind (articles, indexes, feeds …), each kind timed
 * as its own build stage.
 *
 * Eleventy's pagination costs about 1 ms per page on top of our rendering (19 s for the 20,000
 * pages of a 10,000-article archive); writing from the records ourselves is what makes the build
 * fast, while Eleventy still runs the build, the preview server and its live reload.
 *
 * A writer remembers what it wrote: in the preview, a rebuild renders only the pages whose inputs
 * changed (`SitePage.key`), writes only files whose bytes changed, and deletes pages that are gone.
 */
export class PageWriter {
  readonly #remember: boolean;
  readonly #metrics: Metrics;
  #written: Written = new Map();
  #folder: string | undefined;

  /**
   * `remember`: keep what was written, so the next write into the same folder can skip work (the
   * preview). `metrics`: where each kind of page's time is added.
   */
  constructor(options: { remember: boolean; metrics?: Metrics | undefined }) {
    this.#remember = options.remember;
    this.#metrics = options.metrics ?? new Metrics();
  }

  /** `siteKey` stands for everything every page shows (settings, links, the preview's banner). */
  async write(pages: readonly SitePage[], outDir: string, siteKey = "", check?: LinkCheck): Promise<WrittenPages> {
    const reuse = this.#remember && this.#folder === outDir;
    const previous: Written = reuse ? this.#written : new Map();
    this.#folder = outDir;
    const next: Written = new Map();
    let rendered = 0;
    let written = 0;
    let bytes = 0;
    const files = new FileWriterThread();
    try {
      const kinds = [...new Set(pages.map((p) => p.kind))];
      for (const kind of kinds) {
        await this.#metrics.timed(kind, async () => {
          for (const page of pages) {
            if (page.kind !== kind) continue;
            const before = previous.get(page.route);
            const key = this.#remember && page.key ? `${siteKey}\u0000${page.key()}` : undefined;
            if (before && key !== undefined && before.key === key) {
              next.set(page.route, before);
              continue;
            }
            if (page.chunks && !this.#remember) {
              // Too large to hold whole (open data): written piece by piece as it is made.
              bytes += await writeChunks(path.join(outDir, outputPathFor(page.route)), page.chunks());
              rendered++;
              written++;
              continue;
            }
            const content = page.render();
            rendered++;
            if (check && !NOT_HTML.has(page.kind)) check.collect(page.source ? `${page.route} (${page.source})` : page.route, content);
            const hash = this.#remember ? createHash("sha1").update(content).digest("base64") : "";
            if (this.#remember) next.set(page.route, { key, hash });
            if (reuse && before?.hash === hash) continue;
            await files.write(path.join(outDir, outputPathFor(page.route)), content);
            written++;
            bytes += Buffer.byteLength(content);
          }
          await files.drain();
        });
      }
    } finally {
      await files.close();
    }
    // Pages that no longer exist (a deleted article, a tag nobody uses any more) leave the preview.
    for (const route of previous.keys()) {
      if (!next.has(route)) await rm(path.join(outDir, outputPathFor(route)), { force: true });
    }
    if (this.#remember) this.#written = next;
    return { pages: pages.length, rendered, written, bytes };
  }
}

/**
 * Writes a file from pieces made as it is written, through a file stream (libuv's pool writes
 * while this thread makes the next piece), waiting whenever the stream is behind: a few pieces
 * are held at most, never the whole file. Returns its bytes.
 */
async function writeChunks(file: string, chunks: Iterable<string>): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  failed.catch(() => undefined);
  let bytes = 0;
  for (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk);
    if (!stream.write(chunk)) await Promise.race([once(stream, "drain"), failed]);
  }
  stream.end();
  await Promise.race([once(stream, "close"), failed]);
  return bytes;
}
