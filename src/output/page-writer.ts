import { createHash } from "node:crypto";
import { link, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { FileWriterThread, writeChunks } from "./file-writer.ts";
import type { LinkCheck } from "./link-check.ts";
import { NOT_HTML, type SitePage } from "../render/pages.ts";
import { Metrics } from "./metrics.ts";
import { PageStore } from "./page-store.ts";
import { outputPathFor } from "../core/urls.ts";

export interface WrittenPages {
  /** Pages in the site. */
  readonly pages: number;
  /** Pages rendered this time (all of them, but for an incremental rebuild: the preview's, or with a build cache). */
  readonly rendered: number;
  /** Files written this time (a preview rebuild, or a build with a cache, skips pages whose bytes did not change). */
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
 * Writing from the records ourselves, not through Eleventy's pagination, is what makes the build
 * fast: `npm run bench` builds the same articles as an idiomatic Eleventy project too
 * (tools/peer-eleventy: a template per page kind, Eleventy's pagination for every listing) and
 * prints both builds' times. Eleventy still runs the build, the preview server and live reload.
 *
 * A writer remembers what it wrote: in the preview, a rebuild renders only the pages whose inputs
 * changed (`SitePage.key`), writes only files whose bytes changed, and deletes pages that are gone.
 * A writer with a `store` (the production build's cache, page-store.ts) does the same across
 * builds: a page whose inputs did not change is a hard link to its file of the last build.
 */
export class PageWriter {
  readonly #remember: boolean;
  readonly #metrics: Metrics;
  readonly #store: PageStore | undefined;
  #written: Written = new Map();
  #folder: string | undefined;

  /**
   * `remember`: keep what was written, so the next write into the same folder can skip work (the
   * preview). `metrics`: where each kind of page's time is added.
   */
  constructor(options: { remember: boolean; metrics?: Metrics | undefined; store?: PageStore | undefined }) {
    this.#remember = options.remember;
    this.#metrics = options.metrics ?? new Metrics();
    this.#store = options.store;
  }

  /**
   * `pages` in one pass, each run of pages of one kind timed as a stage (sitePages groups them).
   * `siteKey` stands for everything every page shows (settings, links, the preview's banner).
   */
  async write(pages: Iterable<SitePage>, outDir: string, siteKey = "", check?: LinkCheck): Promise<WrittenPages> {
    const reuse = this.#remember && this.#folder === outDir;
    const previous: Written = reuse ? this.#written : new Map();
    this.#folder = outDir;
    const next: Written = new Map();
    let count = 0;
    let rendered = 0;
    let written = 0;
    let bytes = 0;
    const files = new FileWriterThread();
    const store = this.#store;
    const walk = pages[Symbol.iterator]();
    let page = walk.next();
    try {
      while (!page.done) {
        const kind = page.value.kind;
        await this.#metrics.timed(kind, async () => {
          const streamed: Streamed[] = [];
          for (; !page.done && page.value.kind === kind; page = walk.next()) {
            const current = page.value;
            count++;
            if (store) {
              const done = await this.#stored(current, store, outDir, siteKey, files, check, streamed);
              if (done.rendered) rendered++;
              if (done.bytes !== undefined) {
                written++;
                bytes += done.bytes;
              }
              continue;
            }
            const before = previous.get(current.route);
            const key = this.#remember && current.key ? `${siteKey}\u0000${current.key()}` : undefined;
            if (before && key !== undefined && before.key === key) {
              next.set(current.route, before);
              continue;
            }
            if (current.chunks && !this.#remember) {
              streamed.push({ page: current, file: path.join(outDir, outputPathFor(current.route)), key: "" });
              rendered++;
              continue;
            }
            const content = current.render();
            rendered++;
            if (check && !NOT_HTML.has(current.kind)) check.collect(current.source ? `${current.route} (${current.source})` : current.route, content);
            const hash = this.#remember ? createHash("sha1").update(content).digest("base64") : "";
            if (this.#remember) next.set(current.route, { key, hash });
            if (reuse && before?.hash === hash) continue;
            await files.write(path.join(outDir, outputPathFor(current.route)), content);
            written++;
            bytes += Buffer.byteLength(content);
          }
          await files.drain();
          const done = await this.#writeStreamed(streamed, files);
          written += done.written;
          bytes += done.bytes;
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
    return { pages: count, rendered, written, bytes };
  }

  /**
   * Files besides the pages (sitemap, stylesheet, icons), each given as its path in the output:
   * with a store, written only when the store does not already hold their bytes.
   */
  async writeFiles(files: readonly { path: string; content: string }[], outDir: string): Promise<void> {
    const store = this.#store;
    if (!store) {
      for (const file of files) {
        await mkdir(path.dirname(path.join(outDir, file.path)), { recursive: true });
        await writeFile(path.join(outDir, file.path), file.content);
      }
      return;
    }
    const thread = new FileWriterThread();
    try {
      for (const file of files) await this.#stored({ route: `/${file.path}`, kind: "data", render: () => file.content }, store, outDir, "", thread, undefined, []);
    } finally {
      await thread.close();
    }
  }

  /**
   * One page through the store: linked when its inputs are unchanged, else rendered and written or
   * linked; a streamed page that is not reused is added to `streamed`, to be written with the others.
   */
  async #stored(page: SitePage, store: PageStore, outDir: string, siteKey: string, files: FileWriterThread, check: LinkCheck | undefined, streamed: Streamed[]): Promise<{ rendered: boolean; bytes?: number }> {
    const file = path.join(outDir, outputPathFor(page.route));
    const from = page.source ? `${page.route} (${page.source})` : page.route;
    const html = !NOT_HTML.has(page.kind);
    // A page without a key is rendered every time; its bytes may still be in the store.
    const key = store.keyOf(page.key ? `${page.route}\u0000${siteKey}\u0000${page.key()}` : `${page.route}\u0000${siteKey}\u0000-`);
    const reused = page.key ? store.reusable(page.route, key) : undefined;
    if (reused) {
      if (check && html) check.add(from, store.targetsOf(reused.targets));
      store.keep(page.route, key, reused.hash, reused.size, reused.targets);
      await files.link(file, store.fileOf(reused.hash));
      return { rendered: false };
    }
    if (page.chunks) {
      streamed.push({ page, file, key, store });
      return { rendered: true };
    }
    const content = page.render();
    const targets = check && html ? check.targets(from, content) : [];
    if (check) check.add(from, targets);
    const hash = PageStore.hashOf(content);
    const size = Buffer.byteLength(content);
    const held = store.holds(hash, size);
    store.keep(page.route, key, hash, size, store.targetIds(targets));
    if (held) {
      await files.link(file, store.fileOf(hash));
      return { rendered: true };
    }
    await files.writeKept(file, content, store.fileOf(hash));
    return { rendered: true, bytes: size };
  }

  /**
   * Writes the streamed pages of one kind side by side (writeChunks). With a store, each is then
   * shared with it: bytes it already holds replace the new file by a link to them, new bytes are
   * linked into it. Returns the files written (not replaced by a link) and their bytes.
   */
  async #writeStreamed(streamed: readonly Streamed[], files: FileWriterThread): Promise<{ written: number; bytes: number }> {
    let written = 0;
    let bytes = 0;
    if (streamed.length === 0) return { written, bytes };
    const made = await writeChunks(streamed.map((s) => ({ file: s.file, chunks: (s.page.chunks as () => Iterable<string>)() })));
    await files.drain();
    for (const [i, { page, file, key, store }] of streamed.entries()) {
      const { bytes: size, hash } = made[i] as { bytes: number; hash: string };
      if (store?.holds(hash, size)) {
        await rm(file);
        await link(store.fileOf(hash), file);
      } else {
        if (store) {
          await mkdir(path.dirname(store.fileOf(hash)), { recursive: true });
          await rm(store.fileOf(hash), { force: true });
          await link(file, store.fileOf(hash));
        }
        written++;
        bytes += size;
      }
      store?.keep(page.route, key, hash, size, []);
    }
    return { written, bytes };
  }
}

/** A page too large to hold whole (open data), waiting to be written with the others of its kind; `key` and `store` with a store. */
interface Streamed {
  readonly page: SitePage;
  readonly file: string;
  readonly key: string;
  readonly store?: PageStore;
}
