import { rm } from "node:fs/promises";
import path from "node:path";
import { FileWriterThread, writeChunks } from "./file-writer.ts";
import type { LinkCheck } from "./link-check.ts";
import { NOT_HTML, type SitePage } from "../render/pages.ts";
import type { Pieces } from "../render/data.ts";
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
 * A writer with a `store` (page-store.ts: the production build's cache, or the preview's own
 * folder) renders only the pages whose inputs changed (`SitePage.key`) and writes only files whose
 * bytes changed; without one, every page is rendered and written. When the build updates the
 * published folder in place (`PageStore.update`), a file already there with the same bytes is
 * not put into the output folder at all: the output then holds only what changed.
 */
export class PageWriter {
  readonly #metrics: Metrics;
  readonly #store: PageStore | undefined;

  /** `metrics`: where each kind of page's time is added. */
  constructor(options: { metrics?: Metrics | undefined; store?: PageStore | undefined } = {}) {
    this.#metrics = options.metrics ?? new Metrics();
    this.#store = options.store;
  }

  /**
   * `pages` in one pass, each run of pages of one kind timed as a stage (sitePages groups them).
   * `siteKey` stands for everything every page shows (settings, links, the preview's banner).
   * `beside`: pages written by a writer thread of their own, rendered between the others' whenever
   * that thread has room, the rest after them (timed as a stage of their kind). Their bytes must be
   * no other page's: each thread links only what it wrote itself (the citation files name their
   * article's URL).
   */
  async write(pages: Iterable<SitePage>, outDir: string, siteKey = "", check?: LinkCheck, beside?: Iterable<SitePage>): Promise<WrittenPages> {
    // The store keeps each page's links as the check numbers them.
    if (check && this.#store && check.paths !== this.#store.paths) throw new Error("the link check must number links in the page store's table (PageStore.paths)");
    let count = 0;
    let rendered = 0;
    let written = 0;
    let bytes = 0;
    const files = new FileWriterThread();
    const walk = pages[Symbol.iterator]();
    let page = walk.next();
    // The file system's work for many small files (a clean build's citation files) takes a core
    // of its own here; a second writer does it while the main thread renders the other pages.
    const besideFiles = new FileWriterThread();
    const besideWalk = beside?.[Symbol.iterator]();
    let besidePage = besideWalk?.next();
    const counted = (done: { rendered: boolean; bytes?: number | undefined }) => {
      count++;
      if (done.rendered) rendered++;
      if (done.bytes !== undefined) {
        written++;
        bytes += done.bytes;
      }
    };
    const besideOne = async (next: SitePage) => {
      if (next.chunks) throw new Error(`${next.route}: a page written beside the others is written whole`);
      counted(await this.#page(next, outDir, siteKey, besideFiles, check, []));
      besidePage = besideWalk?.next();
    };
    try {
      while (!page.done) {
        const kind = page.value.kind;
        await this.#metrics.timed(kind, async () => {
          const streamed: Streamed[] = [];
          for (; !page.done && page.value.kind === kind; page = walk.next()) {
            counted(await this.#page(page.value, outDir, siteKey, files, check, streamed));
            while (besidePage && !besidePage.done && besideFiles.hasRoom) await besideOne(besidePage.value);
          }
          // Streamed pages are written after the writes queued before them (#writeStreamed); a run
          // without any does not wait for the writer thread (every volume of the open data ends a
          // run of article pages: pagesOf).
          if (streamed.length === 0) return;
          await files.drain();
          const done = await this.#writeStreamed(streamed, files);
          written += done.written;
          bytes += done.bytes;
        });
      }
      if (besidePage && !besidePage.done) {
        await this.#metrics.timed(besidePage.value.kind, async () => {
          while (besidePage && !besidePage.done) await besideOne(besidePage.value);
        });
      }
    } finally {
      try {
        await files.close();
      } finally {
        await besideFiles.close();
      }
    }
    return { pages: count, rendered, written, bytes };
  }

  /**
   * Files besides the pages (sitemap, stylesheet, icons), each given as its path in the output:
   * with a store, written only when the store does not already hold their bytes (or, for a file
   * given with a key, the file of the same key). A file given as pieces (`chunks`) is written as
   * they come, and whole before the next such file is begun.
   */
  async writeFiles(list: readonly OtherFile[], outDir: string): Promise<void> {
    const files = new FileWriterThread();
    const store = this.#store;
    try {
      for (const file of list) {
        const to = path.join(outDir, file.path);
        const route = `/${file.path}`;
        if ("content" in file) {
          await this.#put(to, route, "", file.content, NO_TARGETS, files);
          continue;
        }
        // A file given with its key is kept from the store when its key is (not made again).
        const key = store && file.key ? store.keyOf(`${route}\u0000${file.key}`) : "";
        const reused = key ? store?.reuse(route, key) : undefined;
        if (reused?.link) await files.link(to, reused.link);
        if (!reused) await this.#writeStreamed([{ route, file: to, key, chunks: file.chunks }], files);
      }
    } finally {
      await files.close();
    }
  }

  /**
   * One page: kept from the store when its inputs are unchanged, else rendered and put; a streamed
   * page is added to `streamed`, to be written after the others of its kind.
   */
  async #page(page: SitePage, outDir: string, siteKey: string, files: FileWriterThread, check: LinkCheck | undefined, streamed: Streamed[]): Promise<{ rendered: boolean; bytes?: number | undefined }> {
    const store = this.#store;
    const from = page.source ? `${page.route} (${page.source})` : page.route;
    const html = NOT_HTML.has(page.kind) ? undefined : check;
    // A page without a key is rendered every time; its bytes may still be the store's.
    const key = store && page.key ? store.keyOf(`${page.route}\u0000${siteKey}\u0000${page.key()}`) : "";
    const reused = key ? store?.reuse(page.route, key) : undefined;
    if (reused) {
      html?.addNumbered(from, reused.targets);
      // The output path is made only for a page linked or written: most pages of a republication are neither.
      if (reused.link) await files.link(outputFile(outDir, page.route), reused.link);
      return { rendered: false };
    }
    if (page.chunks) {
      streamed.push({ route: page.route, file: outputFile(outDir, page.route), key, chunks: page.chunks });
      return { rendered: true };
    }
    const content = page.render();
    const targets = html?.collect(from, content) ?? NO_TARGETS;
    return { rendered: true, bytes: await this.#put(outputFile(outDir, page.route), page.route, key, content, targets, files) };
  }

  /**
   * Writes `content` at `file` (and into a store that keeps files), unless the store holds these
   * bytes: then it links them from there, or leaves them where they are. Returns the bytes written.
   * `targets`: the page's links as the check numbered them (LinkCheck.collect), read before the next page is.
   */
  async #put(file: string, route: string, key: string, content: string, targets: Int32Array, files: FileWriterThread): Promise<number | undefined> {
    const store = this.#store;
    // Encoded once, then counted, hashed and moved to the writer thread as these bytes: given the
    // string, each of the three would encode it again (`npm run bench` prints this stage, "articles").
    const bytes = files.encode(content);
    const size = bytes.length;
    let kept: string | undefined;
    if (store) {
      const hash = PageStore.hashOf(bytes);
      const held = store.holds(route, hash, size);
      kept = store.keep(route, key, hash, size, targets);
      if (held) {
        if (kept && !store.published(route, hash, size)) await files.link(file, kept);
        return undefined;
      }
    }
    await files.write(file, bytes, kept);
    return size;
  }

  /**
   * Writes the streamed pages of one kind one after the other (writeChunks), sharing each with a store
   * that keeps files: bytes it already holds replace the new file by a link to them, new bytes are
   * linked into it. Returns the files written (not replaced by a link) and their bytes.
   */
  async #writeStreamed(streamed: readonly Streamed[], files: FileWriterThread): Promise<{ written: number; bytes: number }> {
    const store = this.#store;
    let written = 0;
    let bytes = 0;
    for (const { route, file, key, chunks } of streamed) {
      const { bytes: size, hash } = await writeChunks(file, chunks());
      const held = store?.holds(route, hash, size) ?? false;
      const kept = store?.keep(route, key, hash, size, []);
      // Linked by the writer thread: after the writes queued before (which may make the stored
      // file), and copied where a link cannot go.
      if (kept && held) {
        await rm(file);
        if (!store?.published(route, hash, size)) await files.link(file, kept);
      } else if (kept) {
        await rm(kept, { force: true });
        await files.link(kept, file);
      }
      if (!held) {
        written++;
        bytes += size;
      }
    }
    return { written, bytes };
  }
}

const NO_TARGETS = new Int32Array(0);

/** Where a page's file goes in the output folder. */
function outputFile(outDir: string, route: string): string {
  return path.join(outDir, outputPathFor(route));
}

/** A file besides the pages: its text whole, or its pieces (see SitePage.chunks) with, if it has one, the digest of all it shows (`key`). */
export type OtherFile = { readonly path: string; readonly content: string } | { readonly path: string; readonly chunks: () => Pieces; readonly key?: string | undefined };

/** A file too large to hold whole (open data, the sitemap), waiting to be written after the others of its kind. */
interface Streamed {
  readonly route: string;
  readonly file: string;
  readonly key: string;
  readonly chunks: () => Pieces;
}
