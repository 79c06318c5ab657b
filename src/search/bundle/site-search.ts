import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";
import type { Archive } from "../../content/load.ts";
import type { Links } from "../../core/urls.ts";
import { writePagefindIndex, type PagefindWriteResult, type PagefindWriterOptions } from "../pagefind/writer.ts";
import { searchRecord, type SearchRecord } from "./records.ts";

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

/** A script of src/browser/ and what it imports as one small ES module, with `extra` esbuild options. */
export async function browserBundle(entry: string, extra: BuildOptions = {}): Promise<Uint8Array> {
  const result = await build({ entryPoints: [entry], bundle: true, format: "esm", minify: true, target: "es2022", write: false, legalComments: "none", ...extra });
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

export function searchSplit(env: NodeJS.ProcessEnv = process.env): SearchSplit {
  const read = (name: string, fallback: number) => {
    const value = env[name];
    if (value === undefined || value === "") return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, not "${value}"`);
    return n;
  };
  return { blockSize: read("SEARCH_BLOCK_SIZE", BLOCK_SIZE), chunksPerPart: read("SEARCH_PART_CHUNKS", PART_CHUNKS), pieceBytes: read("SEARCH_PIECE_BYTES", PIECE_BYTES) };
}

/**
 * Indexes every article of the archive (and nothing else) into the site's Pagefind bundle, written
 * by our own writer in Pagefind's format (why not Pagefind's indexer: see pagefind/writer.ts).
 * Articles go in newest first: the search page sorts by date in page order. Each record is made
 * as the writer takes it and dropped once indexed, so no more than one article's text is held.
 * `reuse`: the files of the last index, by their contents (see PagefindWriterOptions).
 */
export async function writeSiteSearch(archive: Archive, links: Links, outDir: string, split: SearchSplit = searchSplit(), reuse?: PagefindWriterOptions["reuse"]): Promise<PagefindWriteResult> {
  // The build id changes with any record and names the fragments: see fragmentPrefix.
  const hash = createHash("sha1");
  const filters: SearchRecord["filters"][] = [];
  function* records() {
    for (const article of archive.articles) {
      const record = searchRecord(article, links);
      hash.update(JSON.stringify(record));
      filters.push(record.filters);
      yield record;
    }
  }
  const buildId = () => BigInt(`0x${hash.digest("hex").slice(0, 12)}`).toString(36).slice(0, 6);
  const result = await writePagefindIndex(records(), outDir, { fragmentPrefix: buildId, ...split, ...(reuse ? { reuse } : {}) });
  const facets = JSON.stringify(facetsOf(filters));
  await writeFile(path.join(outDir, "facets.json"), facets);
  return { ...result, bytes: result.bytes + Buffer.byteLength(facets) };
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
