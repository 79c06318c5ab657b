import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, formatMessages, type BuildOptions } from "esbuild";
import type { Archive } from "../../content/load.ts";
import type { Links } from "../../core/urls.ts";
import { articleFingerprint, digest, listFingerprint } from "../../content/fingerprint.ts";
import { UPDATE_SHARE, updatePagefindIndex, type KeptIndex } from "../pagefind/update.ts";
import { writePagefindIndex, type IndexState, type PagefindWriteResult, type PagefindWriterOptions, type ReusableFiles } from "../pagefind/writer.ts";
import { finishSearchRecord, pendingSearchRecord, searchFilters, searchRecord, type SearchRecord } from "./records.ts";
import type { TextThread } from "../../render/text-thread.ts";
import { textsOnThread, type SearchThread } from "./search-thread.ts";
import { HEAD_SLOTS, blockNumbering } from "../pagefind/layout.ts";

const CLIENT = fileURLToPath(new URL("../../browser/search.ts", import.meta.url));

/** Bundles the search page's script (src/browser/search.ts with the shared analyzer/terms.ts) into one small ES module. */
export async function bundleSearchClient(outFile: string): Promise<void> {
  await bundleBrowserScript(CLIENT, outFile);
}

/** Bundles one of the site's scripts (src/browser/*.ts) into one small ES module. */
export async function bundleBrowserScript(entry: string, outFile: string): Promise<void> {
  const contents = await browserBundle(entry);
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, contents);
}

/**
 * A script of src/browser/ and what it imports as one small ES module, with `extra` esbuild
 * options. A warning fails it: esbuild warns of what breaks in the browser (an import that is
 * always undefined), and printed on every build it went unread.
 */
export async function browserBundle(entry: string, extra: BuildOptions = {}): Promise<Uint8Array> {
  const result = await build({ entryPoints: [entry], bundle: true, format: "esm", minify: true, target: "es2022", write: false, legalComments: "none", logLevel: "silent", ...extra });
  if (result.warnings.length) {
    const shown = await formatMessages(result.warnings, { kind: "warning" });
    throw new Error(`bundling ${path.relative(process.cwd(), entry)} for the browser warned:\n${shown.join("")}`);
  }
  return result.outputFiles?.[0]?.contents ?? new Uint8Array();
}

/**
 * How the site's index is split so that a first query stays small however large the archive
 * (pagefind/writer.ts, blockSize and chunksPerPart): the page list every part's meta file holds
 * has one entry per BLOCK_SIZE articles, and each part holds at most PART_CHUNKS chunks of the word
 * index, so a query downloads the chunk lists of only the parts its words are in; a word whose
 * page entries take more than PIECE_BYTES is written in pieces, newest articles first, so a
 * frequent word's first results come from its first piece alone.
 * SEARCH_BLOCK_SIZE, SEARCH_PART_CHUNKS and SEARCH_PIECE_BYTES override them (tests split small
 * archives with them).
 */
export interface SearchSplit {
  readonly blockSize: number;
  readonly chunksPerPart: number;
  readonly pieceBytes: number;
}
const BLOCK_SIZE = 64;
const PART_CHUNKS = 500;
const PIECE_BYTES = 32 * 1024;
/**
 * Blocks from the newest that place their articles by hash (pagefind/writer.ts, headBlocks): an
 * article added among the newest articles but not first (one more on the newest day, between two
 * by title) then moves no other to another slot. Three blocks cover the newest day of an archive
 * with up to two blocks' worth of articles a day; parts.json lists each of their slots.
 */
const HEAD_BLOCKS = 3;

export function searchSplit(env: NodeJS.ProcessEnv = process.env): SearchSplit {
  const read = (name: string, fallback: number, max = Infinity) => {
    const value = env[name];
    if (value === undefined || value === "") return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be a whole number ${max < Infinity ? `from 1 to ${max}` : "of at least 1"}, not "${value}"`);
    return n;
  };
  // The newest blocks spread their articles over HEAD_SLOTS slots: a block holds no more.
  return { blockSize: read("SEARCH_BLOCK_SIZE", BLOCK_SIZE, HEAD_SLOTS), chunksPerPart: read("SEARCH_PART_CHUNKS", PART_CHUNKS), pieceBytes: read("SEARCH_PIECE_BYTES", PIECE_BYTES) };
}

/**
 * SEARCH_THREAD: where the production build writes a whole search index — 1 on a thread of its own
 * while the pages are written, 0 after them on the main thread; unset, by the archive's size and
 * the build cache (indexBesidePages). Undefined: unset.
 */
export function searchThreadSetting(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const value = env["SEARCH_THREAD"];
  if (value === undefined || value === "") return undefined;
  if (value !== "0" && value !== "1") throw new Error(`SEARCH_THREAD must be 1 (the search index on a thread of its own), 0 (after the pages) or unset (by the archive's size and the build cache), not "${value}"`);
  return value === "1";
}

/**
 * Markdown (UTF-8 bytes) up to which the production build always writes its search index on a
 * thread of its own while the pages are written (search-thread.ts).
 */
const THREAD_BODY_BYTES = 512 * 1024 * 1024;

/**
 * Whether a production build writes a whole search index beside its pages, given the archive's
 * Markdown (UTF-8 bytes) and the pages the build cache keeps from the last build. The thread's
 * working set (the index writer's) comes on top of the page stages'. A large archive's clean
 * build has room for it within the 2 GB it is held to (tools/bench-cache.ts prints its peak); a
 * build beside the cache's kept pages that makes every page again (a new generator) did not, at
 * 100,000 articles like the seed's (README, Performance): its index is written after the pages.
 */
export function indexBesidePages(markdownBytes: number, keptPages: number): boolean {
  return markdownBytes <= THREAD_BODY_BYTES || keptPages === 0;
}

/** Everything every record of the search index is made from besides its article and the search code: the split, the registries, the links. */
function searchContext(archive: Archive, links: Links, split: SearchSplit): string {
  return digest([split, [...archive.places.values()].map((p) => [p.name, p.slug, p.parent?.name]), [...archive.sources.values()].map((s) => [s.name, s.slug]), links.absolute("/")]);
}

/**
 * Everything the search index is made from besides the search code: every article (by its
 * fingerprint), the registries, the links, the split. The fragments' names derive from it.
 */
export function searchKey(archive: Archive, links: Links, split: SearchSplit): string {
  return digest([searchContext(archive, links, split), listFingerprint(archive.articles)]);
}

/** What the build cache keeps with the site's index for the next build (pagefind/update.ts). */
interface SiteSearchState {
  /** The search code and searchContext the index was written with: an update needs the same. */
  readonly context: string;
  /** Each page's article, by its fingerprint, in page order. */
  readonly records: readonly string[];
  readonly index: IndexState;
}

export type SiteSearchResult = Omit<PagefindWriteResult, "state"> & {
  state?: SiteSearchState;
  /** Articles indexed: every one, or, when the kept index was updated, those it did not hold. */
  indexed: number;
};

export interface SiteSearchOptions {
  readonly split?: SearchSplit;
  /** A digest of the code that makes the index (the build's: src/search and what it imports): a kept index of other code is not updated. */
  readonly code?: string;
  /** The files of the last index, by the SHA-1 of their contents (see PagefindWriterOptions.reuse). */
  readonly reuse?: ReusableFiles;
  /** The folder of the last index, when `outDir` will be laid over a copy of it (PagefindWriterOptions.over). */
  readonly over?: string;
  /**
   * Where a whole index is written: on a thread of its own (search-thread.ts: the production build
   * renders its pages meanwhile), or, without one, on this thread. An update of the kept index is
   * not written there (it indexes a few articles): see `update`.
   */
  readonly thread?: SearchThread | undefined;
  /** Without `thread`: the thread that makes a whole index's records' texts while this one indexes (textsOnThread). */
  readonly texts?: TextThread | undefined;
  /** How the kept index is updated (default: updatePagefindIndex, on this thread; UpdateThread.update on one of its own). */
  readonly update?: typeof updatePagefindIndex;
  /**
   * A whole index on this thread (no `thread`) is begun only once this settles: the production
   * build's pages are written by then, and their working set and the index writer's would add up.
   */
  readonly wholeAfter?: PromiseLike<unknown> | undefined;
  /** The last index, with the state it was written with (`state`: unchecked, as read back). */
  readonly kept?: { readonly dir: string; readonly files: KeptIndex["files"]; readonly state: unknown };
}

/**
 * Indexes every article of the archive (and nothing else) into the site's Pagefind bundle, written
 * by our own writer in Pagefind's format (why not Pagefind's indexer: see pagefind/writer.ts).
 * Articles go in newest first: the search page sorts by date in page order. Each record is made
 * as the writer takes it and dropped once indexed, so no more than one article's text is held.
 * The blocks end with the oldest article, numbered so that a new first block moves no other's
 * number (blockNumbering), and the newest place theirs by hash: with a kept index of nearly the
 * same articles (a few edited, one added among the newest), only the articles it does not hold
 * are indexed, into the kept index's blocks (pagefind/update.ts).
 */
export async function writeSiteSearch(archive: Archive, links: Links, outDir: string, options: SiteSearchOptions = {}): Promise<SiteSearchResult> {
  const split = options.split ?? searchSplit();
  const context = digest([options.code ?? "", searchContext(archive, links, split)]);
  const records = archive.articles.map((article) => articleFingerprint(article));
  const writerOptions: PagefindWriterOptions = { numberFragments: true, ...split, ...blockNumbering(records.length, split.blockSize), headBlocks: split.blockSize > 1 ? HEAD_BLOCKS : 0, ...(options.reuse ? { reuse: options.reuse } : {}), ...(options.over ? { over: options.over } : {}) };
  const facets = JSON.stringify(facetsOf(archive.articles.map((article) => searchFilters(article))));
  const finish = async ({ state: index, ...result }: PagefindWriteResult, indexed: number): Promise<SiteSearchResult> => {
    await writeFile(path.join(outDir, "facets.json"), facets);
    result.files.set("facets.json", { size: Buffer.byteLength(facets) });
    return { ...result, indexed, bytes: result.bytes + Buffer.byteLength(facets), ...(index ? { state: { context, records, index } } : {}) };
  };
  const kept = options.kept && keptState(options.kept.state, context);
  if (kept && options.kept) {
    const keptPage = new Map(kept.records.map((fingerprint, page) => [fingerprint, page]));
    const fresh = records.filter((fingerprint) => !keptPage.has(fingerprint)).length;
    // Many new articles, and the update would refuse anyway (too many blocks changed).
    if (fresh * UPDATE_SHARE <= records.length) {
      const sources = archive.articles.map((article, page) => keptPage.get(records[page] as string) ?? searchRecord(article, links));
      const updated = await (options.update ?? updatePagefindIndex)({ dir: options.kept.dir, files: options.kept.files, state: kept.index }, sources, outDir, writerOptions);
      if (updated) return finish(updated, fresh);
    }
  }
  // Each record but its text, which the thread that takes it makes (the costly part).
  const pending = function* () {
    for (const article of archive.articles) yield pendingSearchRecord(article, links);
  };
  if (options.thread) return finish(await options.thread.write(pending(), outDir, writerOptions), records.length);
  await options.wholeAfter;
  const all = options.texts
    ? textsOnThread(pending(), options.texts)
    : (function* () {
        for (const record of pending()) yield finishSearchRecord(record);
      })();
  return finish(await writePagefindIndex(all, outDir, writerOptions), records.length);
}

/** The kept state, if it is one written in this context. */
function keptState(state: unknown, context: string): SiteSearchState | undefined {
  const s = state as Partial<SiteSearchState> | null | undefined;
  if (!s || typeof s !== "object" || s.context !== context || !Array.isArray(s.records) || !s.index || s.index.pages !== s.records.length) return undefined;
  if (!Array.isArray(s.index.chunks) || !Array.isArray(s.index.blocks) || typeof s.index.offset !== "number" || typeof s.index.firstPage !== "number" || !Array.isArray(s.index.head)) return undefined;
  return s as SiteSearchState;
}

/**
 * Every article's filter values for the search page (src/browser/search.ts, Facets), which counts
 * each value for the current query with them: per filter, [value, page numbers as deltas], page
 * numbers being the records' order (the index's). Years ascending; other values as first met.
 */
export function facetsOf(perRecord: readonly SearchRecord["filters"][]): { pages: number; filters: Record<string, [string, number[]][]> } {
  const filters: Record<string, Map<string, number[]>> = {};
  perRecord.forEach((record, page) => {
    for (const [name, values] of Object.entries(record)) {
      const byValue = (filters[name] ??= new Map());
      for (const value of new Set(values)) {
        const pages = byValue.get(value);
        if (pages) pages.push(page);
        else byValue.set(value, [page]);
      }
    }
  });
  const deltas = (pages: number[]) => pages.map((p, i) => p - (i ? (pages[i - 1] as number) : 0));
  const out: Record<string, [string, number[]][]> = {};
  for (const [name, byValue] of Object.entries(filters)) {
    const entries = [...byValue];
    if (name === "year") entries.sort(([a], [b]) => (a < b ? -1 : 1));
    out[name] = entries.map(([value, pages]) => [value, deltas(pages)]);
  }
  return { pages: perRecord.length, filters: out };
}
