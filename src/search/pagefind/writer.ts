/**
 * Writes a Pagefind 1.5.2 search bundle straight from our search records, in bounded memory,
 * for Pagefind's unchanged browser runtime to search.
 *
 * Why not Pagefind's own indexer: it keeps every (word, page) posting as a Rust object, and bigram
 * indexing (terms.ts) gives an article thousands of distinct words, so its memory grows with the
 * archive far past the rest of the build (`tools/bench-search.ts --baseline` prints plain
 * Pagefind's seconds and peak memory on the same pages). This writer keeps the postings as CBOR
 * bytes, already in the form the index files store them (a few bytes per position), and writes
 * the same files.
 *
 * THE FORMAT ASSUMPTIONS (the one place they are written down). Pagefind documents none of this
 * and changes it between minor versions without a version check (1.5.0 delta-encoded page numbers
 * and word locations in the same shape; 1.6.0 added a third field to page entries), so:
 * runtime.ts refuses any runtime whose pagefind.js, worker and wasm are not in VERIFIED_RUNTIMES;
 * tests/e2e/pagefind-writer.test.ts decodes Pagefind's own bundle of the same words and ours and
 * deep-compares them (masking only the differences listed below), and runs a fixed query set
 * through the runtime against both; `npm run search:compat -- --pagefind <version>` runs those
 * checks against another version and says yes or no. As verified for 1.5.2:
 * every index file is gzip("pagefind_dcd" + payload); payloads are CBOR except the fragments (JSON).
 *  - pagefind.<lang>_<hash>.pf_meta: [version, [[page hash, word count]…], [[from, to, chunk hash]…],
 *    [[filter, filter hash]…], [[sort key, [page numbers in ascending value order]]…], [meta field…]]
 *  - index/<lang>_<hash>.pf_index: [[[word, [[page delta, locs, meta locs]…], [[variant, pages]…]]…]]
 *    Words are sorted (by code point) and cut into chunks when the sum over their pages of
 *    (locs + meta locs + 1) reaches 20,000. `locs` are word positions grouped by weight, lowest
 *    first: a negative number −(w+1) sets the weight w (24 = body text, 120 = <h3>, 168 = <h1>)
 *    and the position after it is absolute, later ones are deltas. `meta locs` are the same for
 *    metadata fields (−(field index + 1), then positions within the field). Page numbers are
 *    deltas too. Words with diacritics would be stored as variants of their stripped form; our
 *    words are digit strings (analyzer/terms.ts, asserted in newTerm), so there are none.
 *  - filter/<lang>_<hash>.pf_filter: [filter, [[value, [page numbers]]…]]
 *  - fragment/<lang>_<hash>.pf_fragment: {"url","content","word_count","filters","meta","anchors"}
 *  - pagefind-entry.json: {version, languages: {lang: {hash, wasm, page_count}}, include_characters}
 *  Hashes are SHA-1 in hex without zero padding (as Pagefind writes them), shortened as it does.
 *  - Parts (chunksPerPart) and blocks (blockSize) are ours: the site's search page reads them
 *    itself (src/browser/search.ts). Pagefind's runtime can still search them: mergeIndex(path)
 *    reads <path>pagefind-entry.json and that bundle's meta (the first bundle's engine searches
 *    every merged one), and a bundle loads a chunk only for a word between a chunk's `from` and
 *    `to` (or, finding none, one whose bounds cut to the word's length enclose it), so a part
 *    whose first chunk starts at its own first word loads nothing for another part's words; a
 *    block's positions come back unchanged as a result's `words`.
 *  - An earlier bundle with numbered fragments in blocks can be changed for a few records instead
 *    of written again (update.ts, from the `state` this writer returns): both give the same bytes.
 *  - Pieces (pieceBytes) are ours too: a frequent word's page entries are cut, newest pages first,
 *    into words of their own (word, word-1, word-2 … : analyzer/terms.ts, pieceWord), each
 *    numbering its pages from 0 (its first page delta is the page itself), so the search page
 *    reads a frequent word's newest articles without the rest. Pagefind's runtime finds only the
 *    first piece of such a word.
 *  - The runtime: a query word is looked up with every indexed word it is a prefix of, or else the
 *    longest indexed word that is a prefix of it (terms.ts makes both impossible for our terms);
 *    an exact phrase ("…") matches words at consecutive positions and returns only its first match;
 *    a result's `words` are the positions of every matched word on the page.
 *
 * What we write differently from Pagefind given the same words (the masked differences):
 * `content` is the original text (bundle/records.ts, searchText: title, one line per field, body;
 * the search page shows and checks it), so fragment names (content hashes) differ; only the
 * `title` metadata field is indexed (Pagefind would also make date/source/places searchable); a
 * chunk's `to` is its last word, not trimmed (see `trimChunkEnds`); filter values, filters and sort
 * keys are in sorted order (Pagefind's are in hash-map order), so filter file hashes differ and the
 * same records give byte-identical files; gzip level 1 (GZIP). With positionsPer "character"
 * (the site's) positions count characters, the title from 0, the fields from FIELDS_AT, the body
 * from BODY_AT.
 *
 * Language: the bundle's language is "unknown" by default and its `wasm` is null, so the runtime
 * loads its no-stemming engine, wasm.unknown.pagefind (with "en" it would stem query words). The
 * terms (terms.ts) are digit strings, which neither stemming nor the runtime's own query splitting
 * (Intl.Segmenter, when the page's <html lang> is zh, ja or th) alter, so the search page may keep
 * lang="zh-CN".
 *
 * Memory: each record is indexed as it comes and its fragment written, so only one record is held.
 * Each (term, page) posting is logged as its CBOR page entry; when the log reaches `batchBytes` it
 * is regrouped by term, terms in word order (a counting sort), and appended to a postings file
 * in the bundle's folder (removed before the writer returns); the last pass writes each word's entries from every batch, in page order, reading
 * each batch front to back. Memory is two batches (the log and its regrouped copy), a window of
 * each batch while the word index is written, the term dictionary (~100 bytes and 4 bytes per
 * batch per distinct term), and a few bytes of filters, sort values and page hashes per page; the
 * raw word index (≈ 20 MB per 1,000 articles of ~2,000 characters: 6 bytes per position, as
 * Pagefind's CBOR stores it) is on disk.
 */
import { createHash } from "node:crypto";
import { sha1 } from "../../core/digest.ts";
import { closeSync, openSync, readSync, rmSync, writeSync, writeFile as writeFileCallback } from "node:fs";
import { copyFile, link, mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gzip as gzipCallback, gzipSync } from "node:zlib";
import { ByteWriter, cborArgument, cborItemEnd, putHead } from "./cbor.ts";
import { HEAD_SLOTS, fragmentFile, fragmentName, fragmentStart, type PartsJson } from "./layout.ts";
import { officialPagefindRuntime, readPagefindRuntime, unverifiedRuntime, type PagefindRuntime } from "./runtime.ts";
import { removeTree } from "../../output/file-writer.ts";
import { searchText, type SearchRecord } from "../bundle/records.ts";
import { BODY_AT, FIELDS_AT, encodeTerm, isEncodedTerm, pieceWord } from "../analyzer/terms.ts";
import { runCodes } from "../analyzer/run-codes.ts";

const gzip = promisify(gzipCallback);
// The callback API: much less overhead per file than fs/promises' FileHandle-based writeFile.
const writeFile = promisify(writeFileCallback);

export interface PagefindWriterOptions {
  /** The bundle's language key (file name prefix). Default "unknown". Stemming is never used. */
  language?: string;
  /** Size of the posting log before it is regrouped by term. Default 32 MiB. */
  batchBytes?: number;
  /** A folder holding an official Pagefind build to copy the runtime from; default: build one. */
  runtimeDir?: string;
  /**
   * Write with a Pagefind runtime not in VERIFIED_RUNTIMES (runtime.ts). Default false:
   * such a runtime is refused. Only the compatibility checks (`npm run search:compat`) set it.
   */
  allowUnverifiedRuntime?: boolean;
  /**
   * Keep at most this many body-text positions per word per page (title positions are all kept).
   * Default: all, as Pagefind. Fewer positions make the postings of frequent bigrams (the bulk of a
   * first query's download) much smaller, at the cost of term-frequency ranking beyond the cap and
   * of exact search: a quoted query of a substring's index terms ("乐 乐陵 陵 陵市 市") matches the
   * terms at consecutive positions, i.e. exactly the articles containing it — only with every position.
   */
  maxPositions?: number;
  /**
   * Trim each chunk's `to` to the shortest prefix that tells it from the next chunk's first word,
   * exactly as Pagefind 1.5.2 does. Default false: `to` is the chunk's last word. Trimmed, `to`
   * sorts before the chunk's last word, so the runtime's lookup misses that word — and a frequent
   * word always ends its chunk — and falls back to loading every chunk the query's words may be
   * in: 乐陵市 loads 4 chunks instead of 2 (10,000 articles: 654 KB instead of 421 KB).
   */
  trimChunkEnds?: boolean;
  /**
   * Positions per character (default) or per term (as Pagefind numbers words). Per character, a
   * character's unigram and the bigram starting at it share a position, so an exact phrase of a
   * query's bigrams alone (乐陵 陵市) matches consecutive positions: a 3-character query loads two
   * bigram chunks and no unigram chunk.
   */
  positionsPer?: "character" | "term";
  /**
   * Body positions kept per unigram per page. Default 1: a single character is found by its
   * unigram but phrases never use unigrams, so one position suffices, and a frequent character's
   * postings (the bulk of a one-character query's download) stay one entry per page.
   */
  unigramPositions?: number;
  /**
   * Name fragments by their block (blockSize records; one record without blocks) and their slot
   * in it, `<language>_<block key>-<slot in base 36>`, instead of each by its content hash: the
   * page list in the meta file (downloaded by every first query) then compresses to a few bytes
   * per page instead of ~7, and parts.json lists one key per block. A block's key is a digest of
   * its fragments (blockKey), so a cached fragment of an older index is never taken for a new one,
   * and a block whose records did not change keeps its fragments' names from one index to the next
   * (update.ts then leaves them where they are). Default: content hashes, as Pagefind.
   */
  numberFragments?: boolean;
  /**
   * An earlier bundle's files by the SHA-1 (hex) of their contents before compression: a file of
   * the same contents is linked into this bundle instead of being compressed and written again
   * (the build cache's last index; compression gives the same bytes for the same contents). Data,
   * not a function, so that it reaches the search index's thread. With it, the result's `files`
   * give each file's SHA-1 (OutputFiles.write) for the next build.
   */
  reuse?: ReusableFiles;
  /**
   * The folder of the earlier bundle (`reuse`'s) that `outDir` will be laid over, as the build
   * updates the published site in place (its index is a copy of this folder): a file that would
   * be linked from the same path there is left out of `outDir`, and only named in the result's
   * `files`. The caller then moves what `outDir` holds over that copy (BUNDLE_ENTRIES last) and
   * removes the copy's files that `files` does not name.
   */
  over?: string;
  /**
   * Articles per Pagefind page (default 1, as Pagefind). With more, each page of the index is a
   * block of this many consecutive records, and a position is the record's place in its block
   * × BLOCK_STRIDE + its position in the record: the page list in every meta file (which every
   * first query downloads) gets this many times shorter. The search page then reads the article
   * from the position and loads its fragment itself (`parts.json` says how). Needs numberFragments
   * and positions per character; Pagefind's filters and sorts, which would count blocks, are not
   * written (the search page filters with facets.json), nor meta locations.
   */
  blockSize?: number;
  /**
   * Empty slots before the first record in the first block (default 0): the first block holds
   * blockSize − blockOffset records. With blockOffset = (blockSize − records % blockSize) % blockSize
   * the blocks end with the last record, so a record added before the first (the site's newest
   * article) changes the first block only, and the others keep their records and slots (update.ts).
   */
  blockOffset?: number;
  /**
   * The Pagefind page number of the first block (default 0; blockSize > 1): block k is page
   * firstPage + k, and the pages below firstPage are left empty, so that a block added before the
   * first takes the number below it and no other block's number moves (layout.ts, blockNumbering).
   */
  firstPage?: number;
  /**
   * Blocks from the first that place their records by a hash of the URL among HEAD_SLOTS slots
   * (headSlots) instead of in order (default 0). A record added among theirs then moves no other
   * to another slot: each moves at most to the next-newer block, so only the words of the records
   * added or moved change their entries (update.ts). parts.json lists these blocks' slots.
   */
  headBlocks?: number;
  /**
   * Index chunks per part (default: all in one). The word index is cut, in word order, into parts
   * of at most this many chunks, each a bundle of its own (`p<k>/` beside the first, with its own
   * entry, meta and index/), so a first query loads only the chunk lists of the parts its words are
   * in: the search page merges a part (Pagefind's mergeIndex) when a query needs it. Part 0 is the
   * bundle at outDir itself, with the runtime; `parts.json` lists where each later part starts.
   */
  chunksPerPart?: number;
  /**
   * Write a word whose page entries take more than this many bytes in pieces (default: never).
   * Piece k holds the next (oldest-ward) page entries, about pieceBytes × 2^k bytes, and is the word
   * pieceWord(word, k) (analyzer/terms.ts; piece 0 is the word itself), so pages are numbered
   * from 0 again in each. The search page reads a frequent word's newest pages first and the
   * rest only when it needs them; with twice the bytes each time, a word has few pieces.
   * Pagefind's runtime sees only piece 0.
   */
  pieceBytes?: number;
}

/**
 * The page list of an index in blocks (both writers'): per page a name unique in the bundle (the
 * search page does not read it) and one word, or none for the empty pages before `firstPage`.
 * Pagefind divides by page lengths to score; the search page ranks by positions, so one length
 * for every block, which compresses to nothing.
 */
export function blockPageList(firstPage: number, blocks: number): (readonly [string, number])[] {
  return Array.from({ length: firstPage + blocks }, (_, i) => [i.toString(36), i < firstPage ? 0 : 1] as const);
}

/** Positions per record in a block (blockSize): a record's positions must stay below it. */
export const BLOCK_STRIDE = 2 ** 20;

/** An earlier bundle's files (their path and size) by the SHA-1 of their contents (OutputFiles.write). */
export type ReusableFiles = ReadonlyMap<string, { readonly path: string; readonly size: number }>;

export interface PagefindWriteResult {
  /** Pages (records) indexed. */
  pages: number;
  /** Distinct words in the word index. */
  words: number;
  /** Word index chunks (index/*.pf_index files). */
  chunks: number;
  /** Bundles the word index is cut into (chunksPerPart). */
  parts: number;
  /** Bytes of every file written, runtime included. */
  bytes: number;
  seconds: number;
  /** With `reuse`: the files linked from the earlier bundle. */
  reused?: number;
  /** From update.ts: the words whose entries it changed. */
  changed?: number;
  /** With `reuse`, numbered fragments and blocks: what update.ts needs to change this bundle. */
  state?: IndexState;
  /** Every file of the bundle, written, linked or (`over`) left where it is: its size, and with `reuse` the SHA-1 of its contents (a compressed file's before compression; OutputFiles.write). */
  files: Map<string, BundleFile>;
}

export interface BundleFile {
  readonly size: number;
  readonly contents?: string | undefined;
}

/** The files of a bundle that name the others (each part's entry, parts.json): laid over an earlier bundle, they are replaced last. */
export const BUNDLE_ENTRIES: readonly string[] = ["pagefind-entry.json", "parts.json"];

/**
 * The key of a block of numbered fragments: a digest of its records' slots and fragments (JSON),
 * newest first. Its fragments' names change whenever one of them does, and only then.
 */
export function blockKey(slots: readonly number[], fragments: readonly Uint8Array[]): string {
  const hash = createHash("sha1").update(`${slots.join(",")}\n`);
  for (const json of fragments) hash.update(json);
  return hash.digest("hex").slice(0, 10);
}

/**
 * The slots of a block placed by hash (headBlocks), for its records' URLs in order: each URL's
 * home slot comes from its FNV-1a hash; then, in the order of home and URL, each takes the first
 * free slot from its home on. The slots depend on the set of URLs only, so a clean build and an
 * update agree, and a URL added moves another only when their homes meet.
 */
export function headSlots(urls: readonly string[]): number[] {
  if (urls.length > HEAD_SLOTS) throw new Error(`a block placed by hash holds at most ${HEAD_SLOTS} records`);
  const homes = urls.map((url) => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < url.length; i++) hash = Math.imul(hash ^ url.charCodeAt(i), 0x01000193);
    return (hash >>> 0) % HEAD_SLOTS;
  });
  const home = (i: number) => homes[i] as number;
  const order = urls.map((_, i) => i).sort((a, b) => home(a) - home(b) || compareCodePoints(urls[a] as string, urls[b] as string));
  const taken = new Uint8Array(HEAD_SLOTS);
  const slots: number[] = [];
  for (const i of order) {
    let slot = home(i);
    while (taken[slot]) slot = (slot + 1) % HEAD_SLOTS;
    taken[slot] = 1;
    slots[i] = slot;
  }
  return slots;
}

/** The 1.5.2 `index_chunk_size`. */
const PAGEFIND_CHUNK_SIZE = 20_000;
/**
 * gzip level and memory level of the index files. Word index chunks are mostly small integers that
 * compress little at any level, and fragments barely better: higher levels (Pagefind's is 9) take
 * much longer for files a few per cent smaller (tools/bench-gzip-levels.ts). An update that adds an
 * article compresses again every chunk of every word the article holds. The largest memory level
 * (zlib's hash table of recent bytes) compresses the chunks quicker and a little smaller than the
 * default (the same tool compares the two).
 */
const GZIP = { level: 1, memLevel: 9 } as const;
/** Files written at once. */
const CONCURRENCY = 16;
const textEncoder = new TextEncoder();
const SIGNATURE = textEncoder.encode("pagefind_dcd");
// Pagefind stores a word's weight × 24 in a byte. Title words weigh as an <h1> (7), the fields as
// an <h3> (5), the body as text (1); the runtime starts each page's locations at 25.
const TITLE_WEIGHT = 168;
const FIELD_WEIGHT = 120;
const BODY_WEIGHT = 24;
const MAX_POSITIONS = 2 ** 31 - 1;
const MAX_TERMS = 2 ** 29;
const SMALL_FILE = 32 * 1024;
/** The postings file, inside the bundle while it is written (a build writes nowhere but its output), removed at the end. */
const POSTINGS_FILE = "postings.tmp";

/** Writes a complete Pagefind bundle for `records` into `outDir` (replacing an earlier bundle there). */
export async function writePagefindIndex(
  records: Iterable<SearchRecord> | AsyncIterable<SearchRecord>,
  outDir: string,
  options: PagefindWriterOptions = {},
): Promise<PagefindWriteResult> {
  const started = performance.now();
  const language = options.language ?? "unknown";
  if (!/^[A-Za-z0-9-]+$/.test(language)) throw new Error(`Pagefind language must be letters, digits and "-": ${language}`);
  // The runtime first: an unverified one is refused before anything is written.
  const runtime = await (options.runtimeDir ? readPagefindRuntime(options.runtimeDir) : officialPagefindRuntime());
  const refused = options.allowUnverifiedRuntime ? undefined : unverifiedRuntime(runtime);
  if (refused) throw new Error(refused);

  await clearBundle(outDir);
  const output = new OutputFiles(outDir, options.reuse, options.over);
  await mkdir(path.join(outDir, "fragment"), { recursive: true });

  const builder = new IndexBuilder(language, options, path.join(outDir, POSTINGS_FILE));
  try {
    return await writeBundle(builder, records, output, runtime, options, started);
  } finally {
    builder.close();
  }
}

/** Indexes the records and writes every file of the bundle; the caller removes the builder's postings file, whatever happens. */
async function writeBundle(
  builder: IndexBuilder,
  records: Iterable<SearchRecord> | AsyncIterable<SearchRecord>,
  output: OutputFiles,
  runtime: PagefindRuntime,
  options: PagefindWriterOptions,
  started: number,
): Promise<PagefindWriteResult> {
  const language = builder.language;
  // Numbered, a block's fragments are written once its key is known.
  const blocks: string[] = [];
  let block: Uint8Array[] = [];
  // After the builder finished the block: its slots are known then.
  const writeBlock = async () => {
    const slots = builder.blockSlots;
    const key = blockKey(slots, block);
    blocks.push(key);
    for (const [i, json] of block.entries()) await output.write(fragmentFile(fragmentStart(language), key, slots[i] as number), json, true);
    block = [];
  };
  for await (const record of records) {
    const fragment = builder.add(record);
    if (!fragment) continue;
    if (!options.numberFragments) {
      await output.write(`fragment/${fragment.name}.pf_fragment`, fragment.json, true);
      continue;
    }
    block.push(fragment.json);
    // The record took its block's last slot (the first block starts at slot `offset`).
    if ((builder.pageCount - 1 + builder.offset) % builder.blockSize === builder.blockSize - 1) await writeBlock();
  }
  builder.finishBlock();
  if (block.length) await writeBlock();
  builder.finishBatch();
  const numbered = options.numberFragments ? builder.nameBlocks(blocks) : undefined;

  const perPart = options.chunksPerPart ?? Infinity;
  if (!(perPart >= 1)) throw new Error("chunksPerPart must be at least 1");
  const sink = new ChunkSink(output, language, perPart, options.trimChunkEnds ?? false);
  await builder.writeWordIndex(sink);
  const filters = await builder.writeFilters(output);
  const bundle = { language, runtime, blocks: numbered, pages: builder.pageCount, blockSize: builder.blockSize, offset: builder.offset, firstPage: builder.firstPage, head: builder.head, pageList: builder.pageList(), sorts: builder.sortList(), fields: builder.fields };
  const parts = await finishBundle(output, sink, filters, bundle);
  return {
    pages: builder.pageCount,
    words: builder.wordCount,
    chunks: sink.chunks.length,
    parts,
    bytes: output.bytes,
    seconds: (performance.now() - started) / 1000,
    files: output.files,
    ...(options.reuse ? { reused: output.reused } : {}),
    ...(options.reuse && numbered !== undefined && builder.blockSize > 1 ? { state: { blocks: numbered, language, pages: builder.pageCount, offset: builder.offset, firstPage: builder.firstPage, head: builder.head, words: builder.wordCount, fields: builder.fields, chunks: sink.chunks } } : {}),
  };
}

/** What a bundle's meta files, entries and parts.json are made of besides the word index's chunks. */
export interface BundleParts {
  readonly language: string;
  readonly runtime: PagefindRuntime;
  /** Each block's key, if fragments are numbered (numberFragments). */
  readonly blocks: readonly string[] | undefined;
  /** Records indexed. */
  readonly pages: number;
  readonly blockSize: number;
  readonly offset: number;
  readonly firstPage: number;
  /** The slots of the blocks placed by hash (headBlocks). */
  readonly head: readonly (readonly number[])[];
  /** The meta file's page list: [name, word count] per Pagefind page. */
  readonly pageList: readonly (readonly [string, number])[];
  /** Sort keys and their pages in ascending value order. */
  readonly sorts: readonly (readonly [string, readonly number[]])[];
  /** Meta fields, sorted. */
  readonly fields: readonly string[];
}

/**
 * Writes what follows the word index (the full writer's and update.ts's): each part's meta file
 * and entry, the runtime with part 0, and parts.json; returns the number of parts.
 */
export async function finishBundle(output: OutputFiles, sink: ChunkSink, filters: readonly [string, string][], bundle: BundleParts): Promise<number> {
  const { language, runtime, blocks } = bundle;
  const chunks = sink.finish();
  const perPart = sink.perPart;
  const parts: ChunkMeta[][] = [];
  for (let i = 0; i < chunks.length || i === 0; i += perPart) parts.push(chunks.slice(i, i + perPart));
  for (const [k, part] of parts.entries()) {
    const dir = k === 0 ? "" : `${partDir(k)}/`;
    const meta = metaPayload(runtime.version, bundle, part, k === 0 ? filters : []);
    const metaName = `${language}_${sha1Hex(meta).slice(0, language.length + 8)}`;
    await output.write(`${dir}pagefind.${metaName}.pf_meta`, meta, true);
    const entry = {
      version: runtime.version,
      languages: { [language]: { hash: metaName, wasm: null, page_count: bundle.pageList.length } },
      include_characters: runtime.includeCharacters,
    };
    if (k === 0) {
      for (const [name, contents] of runtime.files) await output.write(name, contents, false);
      // The entry last: the runtime reads the bundle from it.
      await output.drain();
    }
    await output.write(`${dir}pagefind-entry.json`, textEncoder.encode(JSON.stringify(entry)), false);
  }
  if (blocks !== undefined) {
    const layout: PartsJson = {
      parts: parts.slice(1).map((part) => (part[0] as ChunkMeta).from),
      block: bundle.blockSize,
      stride: BLOCK_STRIDE,
      fragment: fragmentStart(language),
      blocks,
      pages: bundle.pages,
      offset: bundle.offset,
      firstPage: bundle.firstPage,
      head: bundle.head,
    };
    await output.write("parts.json", textEncoder.encode(JSON.stringify(layout)), false);
  }
  await output.drain();
  return parts.length;
}

/** The pf_meta payload of one part. */
function metaPayload(version: string, bundle: BundleParts, chunks: readonly ChunkMeta[], filters: readonly [string, string][]): Uint8Array {
  const out = new ByteWriter(1 << 16);
  out.array(6);
  out.text(version);
  out.array(bundle.pageList.length);
  for (const [name, words] of bundle.pageList) {
    out.array(2);
    out.text(name);
    out.head(0, words);
  }
  out.array(chunks.length);
  for (const { from, to, hash } of chunks) {
    out.array(3);
    out.text(from);
    out.text(to);
    out.text(hash);
  }
  out.array(filters.length);
  for (const [name, hash] of filters) {
    out.array(2);
    out.text(name);
    out.text(hash);
  }
  out.array(bundle.sorts.length);
  for (const [name, pages] of bundle.sorts) {
    out.array(2);
    out.text(name);
    out.array(pages.length);
    for (const page of pages) out.head(0, page);
  }
  out.array(bundle.fields.length);
  for (const field of bundle.fields) out.text(field);
  return out.toBytes();
}

// ---------------------------------------------------------------------------------------------

interface ChunkMeta {
  from: string;
  to: string;
  hash: string;
}

/** A chunk of the word index as the next build's update.ts reads it back. */
export interface IndexChunk {
  /** Its first and last words (untrimmed). */
  readonly first: string;
  readonly last: string;
  /** The SHA-1 (hex) of its contents before compression. */
  readonly contents: string;
  /** Whether it holds a piece of a word written in pieces (pieceBytes). */
  readonly pieced: boolean;
  /** Its path in the bundle. */
  readonly file: string;
  /** A piece's place in its word's entries (update.ts reads back only the pieces a change reaches). */
  readonly span?: PieceSpan | undefined;
}

/**
 * What a bundle written with numbered fragments in blocks leaves for update.ts (the build cache
 * keeps it with the index): enough to change the index's blocks without reading every record.
 */
export interface IndexState {
  /** Each block's key (blockKey). */
  readonly blocks: readonly string[];
  readonly language: string;
  readonly pages: number;
  /** blockOffset and firstPage. */
  readonly offset: number;
  readonly firstPage: number;
  /** The slots of the blocks placed by hash (headBlocks). */
  readonly head: readonly (readonly number[])[];
  readonly words: number;
  readonly fields: readonly string[];
  readonly chunks: readonly IndexChunk[];
}

/**
 * Names the word index's chunks in order (by the SHA-1 of their contents, shortened as Pagefind
 * does), puts each in its part's folder and writes it, or links it from an earlier bundle
 * (update.ts); both writers go through it, so they name and place chunks alike.
 */
export class ChunkSink {
  readonly chunks: IndexChunk[] = [];
  private readonly metas: ChunkMeta[] = [];

  get dir(): string {
    return this.output.dir;
  }
  private readonly used = new Set<string>();

  constructor(
    private readonly output: OutputFiles,
    private readonly language: string,
    readonly perPart: number,
    private readonly trim: boolean,
  ) {}

  /** Adds the next chunk: its contents, or an earlier bundle's file with these contents. */
  async add(first: string, last: string, pieced: boolean, contents: Uint8Array | { readonly digest: string; readonly path: string; readonly size: number }, span?: PieceSpan): Promise<void> {
    const digest = contents instanceof Uint8Array ? sha1(contents, "hex") : contents.digest;
    const hash = uniqueHash(`${this.language}_${unpaddedHex(digest)}`, this.language.length + 8, this.used);
    const j = this.chunks.length;
    const part = Math.floor(j / this.perPart);
    const dir = part > 0 ? `${partDir(part)}/` : "";
    // A part's folder is made with its first chunk.
    if (j % this.perPart === 0) await mkdir(path.join(this.output.dir, dir, "index"), { recursive: true });
    const file = `${dir}index/${hash}.pf_index`;
    this.metas.push({ from: first, to: last, hash });
    this.chunks.push({ first, last, contents: digest, pieced, file, ...(span ? { span } : {}) });
    if (contents instanceof Uint8Array) await this.output.write(file, contents, true, digest);
    else await this.output.link(file, contents.path, contents.size, digest);
  }

  /** The chunk list of the meta files, each chunk's `from` (and with trimChunkEnds its `to`) cut as Pagefind cuts them. */
  finish(): ChunkMeta[] {
    const chunks = this.metas;
    for (let i = 0; i + 1 < chunks.length; i++) {
      // A part's first chunk starts at its first word: the part claims no word before it.
      if ((i + 1) % this.perPart === 0) continue;
      const a = chunks[i] as ChunkMeta;
      const b = chunks[i + 1] as ChunkMeta;
      const [to, from] = prefixes(a.to, b.from);
      if (this.trim && to >= a.from) a.to = to;
      b.from = from;
    }
    return chunks;
  }
}

/** A word of the index as written: its page entries are the slices, in order. */
export interface IndexWord {
  word: string;
  pages: number;
  slices: Uint8Array[];
  /** Its chunk cost (Pagefind's: locations + 1 per page). */
  cost: number;
  /** A piece's place in its word's entries (bytes): where it ends and where its last entry starts. */
  span?: PieceSpan;
}

export interface PieceSpan {
  readonly end: number;
  readonly last: number;
}

interface Batch {
  /** Where the batch starts in the postings file: page entries grouped by term, terms in word order, pages ascending. */
  offset: number;
  /** Per term id: its bytes in the batch (terms created after the batch have none). */
  lengths: Uint32Array;
}

export class IndexBuilder {
  /** Records indexed. */
  pageCount = 0;
  wordCount = 0;
  /** Records per Pagefind page (blockSize), and the empty slots before the first record (blockOffset). */
  readonly blockSize: number;
  readonly offset: number;
  /** The page number of the first block (firstPage). */
  readonly firstPage: number;
  /** Blocks placed by hash (headBlocks), and their slots as they are finished. */
  readonly headBlocks: number;
  readonly head: number[][] = [];
  /** The slots of the last block finished, its records in order. */
  blockSlots: readonly number[] = [];
  /** The current block: its term ids and their positions in their record, its length, and where each record's start (with its URL). */
  private blockSeq = new Int32Array(4096);
  private blockPos = new Int32Array(4096);
  private blockLength = 0;
  private blockRecords: { start: number; url: string }[] = [];
  /** The current block in slot order (finishBlock), reused. */
  private slottedSeq = new Int32Array(0);
  private slottedPos = new Int32Array(0);

  readonly language: string;
  private readonly batchBytes: number;
  private readonly maxPositions: number;
  private readonly perCharacter: boolean;
  /** Fragments are numbered (numberFragments); their blocks' keys are known once every record is in. */
  private readonly numbered: boolean;
  private blockKeys: readonly string[] | undefined;
  private readonly unigramPositions: number;
  private readonly pieceBytes: number;
  /** Per term: 1 when it is a single character. */
  private unigram = new Uint8Array(1024);
  /** Per term of the current page (by index in seq): its position. */
  private posOf = new Int32Array(4096);
  /** Each tier's characters (runCodes), reused. */
  private readonly codes = [new Int32Array(256), new Int32Array(1024), new Int32Array(8192)];

  /** Term id → the term as indexed (encoded). */
  private readonly terms: string[] = [];
  /** Per term: the last page it was seen on, its number of pages, its chunk cost. */
  private lastPage = new Uint32Array(1024);
  private pagesOf = new Uint32Array(1024);
  private costOf = new Float64Array(1024);
  /** Per term: its bytes in the posting log since the last batch. */
  private logged = new Uint32Array(1024);

  private readonly log: ByteWriter;
  /** Batches of the log, regrouped by term, in the postings file (a temporary file), so memory does not grow with them. */
  private readonly batches: Batch[] = [];
  private postings: { fd: number; length: number } | undefined;
  /** Term ids in word order (plain string order: see writeWordIndex); terms created since the last batch are not in it yet. */
  private sorted = new Int32Array(0);
  /** The batch being regrouped (reused). */
  private regrouped = new Uint8Array(0);
  /** Per page: the term id at each position; the positions grouped by term (logTerms); its terms. */
  private seq = new Int32Array(4096);
  private positions = new Int32Array(4096);
  private readonly termsOfPage: number[] = [];
  /** A term's positions in the fields and in the title (logEntry), reused. */
  private fieldPositions = new Int32Array(1024);
  private titlePositions = new Int32Array(1024);
  /** Per term, within the current page: its positions' count, then their place (0 when not on the page). */
  private counts = new Int32Array(1024);
  /** Open-addressing table of terms: key (termId) → term id (−1: empty). */
  private slotKeys = new Float64Array(1 << 16);
  private slotIds = new Int32Array(1 << 16).fill(-1);
  private slotShift = 16;
  private slotsUsed = 0;

  private readonly pageHashes: string[] = [];
  private readonly pageWords: number[] = [];
  private readonly fragmentHashes = new Map<string, string>();
  private readonly filters = new Map<string, Map<string, number[]>>();
  private readonly sorts = new Map<string, { value: string; page: number }[]>();
  private metaFields: string[] | undefined;
  private titleField = -1;

  constructor(
    language: string,
    options: PagefindWriterOptions,
    private readonly postingsFile: string,
    /** The posting log's first size; by default a whole batch, so it never grows while one fills. */
    logBytes?: number,
  ) {
    this.language = language;
    this.batchBytes = options.batchBytes ?? 32 * 1024 * 1024;
    this.maxPositions = options.maxPositions ?? Infinity;
    this.perCharacter = (options.positionsPer ?? "character") === "character";
    this.unigramPositions = options.unigramPositions ?? 1;
    this.pieceBytes = options.pieceBytes ?? Infinity;
    if (!(this.pieceBytes >= 1)) throw new Error("pieceBytes must be at least 1");
    this.numbered = options.numberFragments === true;
    this.blockSize = options.blockSize ?? 1;
    if (!(Number.isInteger(this.blockSize) && this.blockSize >= 1 && this.blockSize * BLOCK_STRIDE <= MAX_POSITIONS + 1)) throw new Error(`blockSize must be a whole number from 1 to ${(MAX_POSITIONS + 1) / BLOCK_STRIDE}`);
    if (this.blockSize > 1 && (!this.numbered || !this.perCharacter)) throw new Error("blockSize needs numberFragments and positions per character");
    this.offset = options.blockOffset ?? 0;
    if (!(Number.isInteger(this.offset) && this.offset >= 0 && (this.offset < this.blockSize || this.offset === 0))) throw new Error("blockOffset must be a whole number below blockSize");
    this.firstPage = options.firstPage ?? 0;
    if (!(Number.isInteger(this.firstPage) && this.firstPage >= 0 && (this.blockSize > 1 || this.firstPage === 0))) throw new Error("firstPage must be a whole number, and 0 without blocks");
    this.headBlocks = options.headBlocks ?? 0;
    if (!(Number.isInteger(this.headBlocks) && this.headBlocks >= 0 && (this.headBlocks === 0 || (this.blockSize > 1 && this.blockSize <= HEAD_SLOTS)))) throw new Error(`headBlocks needs blocks of 2 to ${HEAD_SLOTS} records`);
    if (!(this.maxPositions >= 1)) throw new Error("maxPositions must be at least 1");
    if (!(this.unigramPositions >= 1)) throw new Error("unigramPositions must be at least 1");
    this.log = new ByteWriter(logBytes ?? Math.min(this.batchBytes, 1 << 26) + (1 << 20));
  }

  /** Indexes one record; returns its fragment unless an identical one was written already. */
  add(record: SearchRecord): { name: string; json: Uint8Array } | undefined {
    const page = this.pageCount++;
    if (page >= 0xffffffff) throw new Error("Too many pages for Pagefind");
    this.checkMetaFields(record);

    // indexTerms(x) is bigrams(x).map(encodeTerm), read here from runCodes(x) (each character,
    // then it with the next unless a run ends) without a string per term; a term is encoded once,
    // when first seen. (tests/e2e/pagefind-writer.test.ts compares the result with Pagefind's index
    // of indexTerms, so a change in terms.ts cannot go unnoticed.)
    for (const field of record.fields) if (/[\r\n]/.test(field.text)) throw new Error(`${record.url}: field ${field.label} is not one line`);
    if (/[\r\n]/.test(record.title)) throw new Error(`${record.url}: the title is not one line`);
    const runs = [record.title, record.fields.map((f) => f.text).join("\n"), record.text].map((text, tier) => {
      const run = runCodes(text, this.codes[tier]);
      this.codes[tier] = run.codes;
      return run;
    });
    // At most two terms per character.
    const room = runs.reduce((sum, run) => sum + 2 * run.length, 0);
    if (room > MAX_POSITIONS) throw new Error(`${record.url}: too much text to index (up to ${room} terms)`);
    if (this.seq.length < room) {
      this.seq = new Int32Array(Math.max(room, this.seq.length * 2));
      this.posOf = new Int32Array(this.seq.length);
    }
    const { seq, posOf } = this;

    // Positions: per term (as Pagefind numbers words: title, fields, body, one after another), or
    // per character, each tier from its own start (terms.ts: FIELDS_AT, BODY_AT) — a unigram starts
    // a position, the bigram after it shares it. `starts`: the first position of fields and body.
    const tierStart = [0, FIELDS_AT, BODY_AT];
    const tierEnd = [0, 0, 0];
    let n = 0;
    let positionCount = 0;
    runs.forEach(({ codes, length }, tier) => {
      let pos = this.perCharacter ? (tierStart[tier] as number) - 1 : n - 1;
      for (let i = 0; i < length; i++) {
        const code = codes[i] as number;
        if (code < 0) continue;
        seq[n] = this.termId(code, -1);
        posOf[n++] = ++pos;
        const next = codes[i + 1] as number;
        if (next < 0) continue;
        seq[n] = this.termId(code, next);
        posOf[n++] = this.perCharacter ? pos : ++pos;
      }
      tierEnd[tier] = n;
      if (this.perCharacter) {
        const used = pos + 1 - (tierStart[tier] as number);
        const room = (tierStart[tier + 1] ?? MAX_POSITIONS) - (tierStart[tier] as number);
        if (used > room) throw new Error(`${record.url}: the ${["title", "fields", "body"][tier]} has ${used} characters, more than the ${room} the index has room for`);
        positionCount += used;
      }
    });
    const wordCount = n;
    if (!this.perCharacter) positionCount = wordCount;
    const starts: [number, number] = this.perCharacter ? [FIELDS_AT, BODY_AT] : [tierEnd[0] as number, tierEnd[1] as number];

    if (this.blockSize > 1) this.addToBlock(page + this.offset, wordCount, record.url);
    else this.logTerms(seq, posOf, wordCount, page, starts);

    for (const [name, values] of Object.entries(this.blockSize > 1 ? {} : record.filters)) {
      let byValue = this.filters.get(name);
      if (!byValue) this.filters.set(name, (byValue = new Map()));
      for (const value of new Set(values)) {
        const pages = byValue.get(value);
        if (pages) pages.push(page);
        else byValue.set(value, [page]);
      }
    }
    for (const [name, value] of Object.entries(this.blockSize > 1 ? {} : (record.sort ?? {}))) {
      let values = this.sorts.get(name);
      if (!values) this.sorts.set(name, (values = []));
      values.push({ value, page });
    }

    const json = textEncoder.encode(JSON.stringify(fragmentOf(record, positionCount)));
    if (this.blockSize === 1) this.pageWords.push(positionCount);
    if (this.numbered) return { name: "", json };
    const full = `${this.language}_${sha1Hex(json)}`;
    let name = full.slice(0, this.language.length + 8);
    let written = false;
    for (let seen = this.fragmentHashes.get(name); seen !== undefined; seen = this.fragmentHashes.get(name)) {
      if (seen === full) {
        written = true;
        break;
      }
      name = full.slice(0, name.length + 1);
    }
    this.fragmentHashes.set(name, full);
    this.pageHashes.push(name);
    return written ? undefined : { name, json };
  }

  /**
   * One block of records indexed on its own (update.ts; the first in slot blockOffset): per word,
   * its entry for the block without the page delta (locs and meta locs), and its chunk cost; and
   * each record's fragment.
   */
  static block(language: string, options: PagefindWriterOptions, records: readonly SearchRecord[], logBytes = 1 << 20): { entries: Map<string, { tail: Uint8Array; cost: number }>; fragments: Uint8Array[]; slots: readonly number[] } {
    const blockSize = options.blockSize ?? 1;
    if (blockSize < 2 || records.length + (options.blockOffset ?? 0) > blockSize) throw new Error("a block needs blockSize > 1 and room for its records after blockOffset");
    // The log is never regrouped into the postings file: one block's entries stay in memory. It
    // starts small and grows: a batch-sized buffer, allocated on the large heap of a build, makes
    // V8 collect the whole heap (tools/bench-search-block.ts measures it).
    const builder = new IndexBuilder(language, { ...options, firstPage: 0, batchBytes: 2 ** 31 }, "", logBytes);
    const fragments = records.map((record) => (builder.add(record) as { json: Uint8Array }).json);
    builder.finishBlock();
    const entries = new Map<string, { tail: Uint8Array; cost: number }>();
    const bytes = builder.log.bytes;
    for (let p = 0; p < builder.log.length; ) {
      const term = readVarint(bytes, p);
      p += varintSize(term);
      const length = readLength(bytes, p);
      p += 4;
      // array(3) and the page delta (0: the block is page 0), then the locs and meta locs.
      entries.set(builder.terms[term] as string, { tail: bytes.slice(p + 2, p + length), cost: builder.costOf[term] as number });
      p += length;
    }
    return { entries, fragments, slots: builder.blockSlots };
  }

  /** Sets the keys of numbered fragments' blocks; returns them. */
  nameBlocks(keys: readonly string[]): readonly string[] {
    this.blockKeys = keys;
    return keys;
  }

  /** Page i's name in the page list: its fragment's. */
  private pageName(i: number): string {
    if (this.blockKeys === undefined) return this.pageHashes[i] as string;
    return fragmentName(fragmentStart(this.language), this.blockKeys[i] as string, 0);
  }

  /**
   * Groups the positions by term (a counting sort: each term's positions end up together,
   * ascending), then logs every distinct term of the page, in order of first appearance.
   */
  private logTerms(seq: Int32Array, posOf: Int32Array, wordCount: number, page: number, starts: readonly [number, number]): void {
    if (this.positions.length < wordCount) this.positions = new Int32Array(Math.max(wordCount, this.positions.length * 2));
    const { counts, positions, termsOfPage } = this;
    termsOfPage.length = 0;
    for (let i = 0; i < wordCount; i++) {
      const term = seq[i] as number;
      if ((counts[term] as number) === 0) termsOfPage.push(term);
      counts[term] = (counts[term] as number) + 1;
    }
    // Each term's count becomes where its positions start, then (as they are placed) where they end.
    let start = 0;
    for (const term of termsOfPage) {
      const count = counts[term] as number;
      counts[term] = start;
      start += count;
    }
    for (let i = 0; i < wordCount; i++) {
      const term = seq[i] as number;
      const at = counts[term] as number;
      positions[at] = posOf[i] as number;
      counts[term] = at + 1;
    }
    start = 0;
    for (const term of termsOfPage) {
      const end = counts[term] as number;
      counts[term] = 0;
      const maxBody = this.unigram[term] ? Math.min(this.unigramPositions, this.maxPositions) : this.maxPositions;
      this.logEntry(term, page, start, end, starts, maxBody);
      start = end;
    }
    if (this.log.length >= this.batchBytes) this.finishBatch();
  }

  /** Adds the record just analysed (seq, posOf) to the current block (`page`: its place counted from the first block's start); logs the block when full. */
  private addToBlock(page: number, wordCount: number, url: string): void {
    const place = page % this.blockSize;
    // Positions ascend through the record (per character): the last is the highest.
    const highest = wordCount ? (this.posOf[wordCount - 1] as number) : 0;
    if (highest >= BLOCK_STRIDE) throw new Error(`${url}: ${highest + 1} positions, more than the ${BLOCK_STRIDE} the search index has room for per article`);
    const need = this.blockLength + wordCount;
    if (this.blockSeq.length < need) {
      const size = Math.max(need, this.blockSeq.length * 2);
      this.blockSeq = grow(this.blockSeq, new Int32Array(size));
      this.blockPos = grow(this.blockPos, new Int32Array(size));
    }
    this.blockSeq.set(this.seq.subarray(0, wordCount), this.blockLength);
    this.blockPos.set(this.posOf.subarray(0, wordCount), this.blockLength);
    this.blockRecords.push({ start: this.blockLength, url });
    this.blockLength = need;
    if (place === this.blockSize - 1) this.finishBlock();
  }

  /** Logs the current block as one Pagefind page (blockSize > 1). */
  finishBlock(): void {
    if (this.blockSize === 1 || this.pageCount === 0 || this.pageWords.length * this.blockSize >= this.pageCount + this.offset) return;
    const block = this.pageWords.length;
    // The block's length in the page list (blockPageList).
    this.pageWords.push(1);
    const records = this.blockRecords;
    const hashed = block < this.headBlocks;
    const first = block === 0 ? this.offset : 0;
    const slots = hashed ? headSlots(records.map((r) => r.url)) : records.map((_, i) => first + i);
    if (hashed) this.head.push(slots);
    this.blockSlots = slots;
    // Positions become the record's slot × BLOCK_STRIDE + its position, the records in slot order,
    // so that each term's positions ascend: in place when the block is in order, else copied.
    let [seq, pos] = [this.blockSeq, this.blockPos];
    if (hashed && this.slottedSeq.length < this.blockLength) {
      this.slottedSeq = new Int32Array(this.blockSeq.length);
      this.slottedPos = new Int32Array(this.blockSeq.length);
    }
    if (hashed) [seq, pos] = [this.slottedSeq, this.slottedPos];
    const order = records.map((_, i) => i);
    if (hashed) order.sort((a, b) => (slots[a] as number) - (slots[b] as number));
    let at = 0;
    for (const i of order) {
      const start = (records[i] as { start: number }).start;
      const end = i + 1 < records.length ? (records[i + 1] as { start: number }).start : this.blockLength;
      const offset = (slots[i] as number) * BLOCK_STRIDE;
      if (hashed) seq.set(this.blockSeq.subarray(start, end), at);
      for (let k = start; k < end; k++, at++) pos[at] = offset + (this.blockPos[k] as number);
    }
    this.logTerms(seq, pos, this.blockLength, this.firstPage + block, [FIELDS_AT, BODY_AT]);
    this.blockLength = 0;
    this.blockRecords = [];
  }

  /**
   * Logs the entry [page delta, locs, meta locs] of one term on one page (a record, or a block of
   * records): its positions this.positions[begin, end), ascending, grouped by weight in Pagefind's
   * order (body, fields, title; the fields start at starts[0], the body at starts[1] of a record's
   * positions), each group's first position absolute and the others deltas from the previous one;
   * at most `maxBody` body positions per record. Meta locs, the title field's positions, only for
   * a page of one record.
   */
  private logEntry(term: number, page: number, begin: number, end: number, starts: readonly [number, number], maxBody: number): void {
    const positions = this.positions;
    const blocked = this.blockSize > 1;
    // Worst case: 5 + 4 bytes of header, 9 for the page, 5 per position and marker in the locs and
    // again in the meta locs, array heads.
    this.log.reserve(40 + 11 * (end - begin + 4));
    const bytes = this.log.bytes;
    // The term's id, four bytes for the entry's length (endEntry), array(3) and the page delta.
    const lengthAt = putVarint(bytes, this.log.length, term);
    const entryStart = lengthAt + 4;
    bytes[entryStart] = 0x83; // array(3)
    let at = putHead(bytes, entryStart + 1, 0, page - (this.lastPage[term] as number));
    // The locs' array head is written once its length is known: reserve 5 bytes, then move.
    const headAt = at;
    at += 5;
    const locsStart = at;
    let locs = 0;
    // In a block a position is the record's slot × BLOCK_STRIDE + its position in the record.
    const mask = blocked ? BLOCK_STRIDE - 1 : MAX_POSITIONS;
    if (this.fieldPositions.length < end - begin) {
      this.fieldPositions = new Int32Array(Math.max(end - begin, this.fieldPositions.length * 2));
      this.titlePositions = new Int32Array(this.fieldPositions.length);
    }
    const { fieldPositions, titlePositions } = this;
    // One pass: body positions are written as met (the body's group comes first), the fields' and
    // the title's are kept for their groups after it, and the articles (records) are counted.
    let fields = 0;
    let titles = 0;
    let articles = 0;
    let last = -1;
    for (let i = begin, slot = -1, bodySlot = -1, kept = 0; i < end; i++) {
      const pos = positions[i] as number;
      const within = pos & mask;
      const s = pos - within;
      if (s !== slot) {
        slot = s;
        articles++;
      }
      if (within < starts[0]) titlePositions[titles++] = pos;
      else if (within < starts[1]) fieldPositions[fields++] = pos;
      else {
        if (s !== bodySlot) {
          bodySlot = s;
          kept = 0;
        }
        if (kept++ >= maxBody) continue;
        if (last < 0) {
          at = putHead(bytes, at, 1, BODY_WEIGHT);
          at = putHead(bytes, at, 0, pos);
          locs += 2;
        } else {
          at = putHead(bytes, at, 0, pos - last);
          locs++;
        }
        last = pos;
      }
    }
    // Then the fields' group and the title's.
    for (let g = 0; g < 2; g++) {
      const group = g === 0 ? fieldPositions : titlePositions;
      const count = g === 0 ? fields : titles;
      if (count === 0) continue;
      at = putHead(bytes, at, 1, g === 0 ? FIELD_WEIGHT : TITLE_WEIGHT);
      at = putHead(bytes, at, 0, group[0] as number);
      for (let i = 1; i < count; i++) at = putHead(bytes, at, 0, (group[i] as number) - (group[i - 1] as number));
      locs += count + 1;
    }
    const headEnd = putHead(bytes, headAt, 4, locs);
    if (headEnd < locsStart) {
      bytes.copyWithin(headEnd, locsStart, at);
      at -= locsStart - headEnd;
    }
    // Meta locs: the title's positions again (they are the record's first), unless in a block.
    const metaLocs = !blocked && this.titleField >= 0 && titles ? titles + 1 : 0;
    at = putHead(bytes, at, 4, metaLocs);
    if (metaLocs) {
      at = putHead(bytes, at, 1, this.titleField);
      let last = 0;
      for (let i = 0; i < titles; i++) {
        const pos = titlePositions[i] as number;
        at = putHead(bytes, at, 0, pos - last);
        last = pos;
      }
    }
    // Chunks are cut by cost as Pagefind counts it for one page per article (locations + 1 per
    // page), so a chunk's size and the download of a rarer word stay what they would be unblocked.
    this.endEntry(term, page, lengthAt, entryStart, at, locs + metaLocs + articles);
  }

  private checkMetaFields(record: SearchRecord): void {
    const keys = Object.keys(record.meta);
    if (!this.metaFields) {
      this.metaFields = [...keys].sort(compareCodePoints);
      this.titleField = this.metaFields.indexOf("title");
    } else {
      const known = this.metaFields;
      const extra = keys.filter((k) => !known.includes(k));
      if (extra.length) throw new Error(`${record.url}: meta field(s) ${extra.join(", ")} not on the first record; every record needs the same meta fields`);
    }
  }

  /**
   * The id of a term, given as its characters' code points (`second` −1 for a single character):
   * looked up by a number made of them in an open-addressing table, so no string is made for a
   * term already seen (a Map of strings needs one per lookup).
   */
  private termId(first: number, second: number): number {
    // Code points are below 0x110000: the key is exact in a double and gives them back (growSlots).
    const key = first * 0x110001 + second + 1;
    const mask = this.slotKeys.length - 1;
    for (let slot = this.slotOf(first, second); ; slot = (slot + 1) & mask) {
      const id = this.slotIds[slot] as number;
      if (id < 0) {
        const unigram = second < 0;
        const created = this.newTerm(unigram ? String.fromCodePoint(first) : String.fromCodePoint(first, second), unigram);
        this.slotKeys[slot] = key;
        this.slotIds[slot] = created;
        if (++this.slotsUsed * 2 > this.slotKeys.length) this.growSlots();
        return created;
      }
      if (this.slotKeys[slot] === key) return id;
    }
  }

  private slotOf(first: number, second: number): number {
    return Math.imul(Math.imul(first, 0x9e3779b1) ^ second, 0x85ebca6b) >>> this.slotShift;
  }

  private growSlots(): void {
    const keys = this.slotKeys;
    const ids = this.slotIds;
    this.slotKeys = new Float64Array(keys.length * 2);
    this.slotIds = new Int32Array(keys.length * 2).fill(-1);
    this.slotShift--;
    const mask = this.slotKeys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const id = ids[i] as number;
      if (id < 0) continue;
      const key = keys[i] as number;
      let slot = this.slotOf(Math.floor(key / 0x110001), (key % 0x110001) - 1);
      while ((this.slotIds[slot] as number) >= 0) slot = (slot + 1) & mask;
      this.slotKeys[slot] = key;
      this.slotIds[slot] = id;
    }
  }

  private newTerm(bigram: string, unigram: boolean): number {
    const id = this.terms.length;
    if (id >= MAX_TERMS) throw new Error("Too many distinct terms");
    const term = encodeTerm(bigram);
    // The runtime matches a digit string whole: no stemming, no splitting, no diacritics to strip
    // (so the writer stores no variants and sorts words as plain strings).
    if (!isEncodedTerm(term)) throw new Error(`Not a digit-encoded term: ${JSON.stringify(term)} for ${JSON.stringify(bigram)}`);
    this.terms.push(term);
    if (id >= this.lastPage.length) {
      const size = this.lastPage.length * 2;
      this.unigram = grow(this.unigram, new Uint8Array(size));
      this.lastPage = grow(this.lastPage, new Uint32Array(size));
      this.pagesOf = grow(this.pagesOf, new Uint32Array(size));
      this.costOf = grow(this.costOf, new Float64Array(size));
      this.logged = grow(this.logged, new Uint32Array(size));
      this.counts = grow(this.counts, new Int32Array(size));
    }
    this.unigram[id] = unigram ? 1 : 0;
    return id;
  }

  /** Ends a logged entry: its length (a 4-byte LEB128 varint, non-minimal on purpose, so it can be written afterwards) and the term's counts. */
  private endEntry(term: number, page: number, lengthAt: number, entryStart: number, at: number, cost: number): void {
    const bytes = this.log.bytes;
    const length = at - entryStart;
    bytes[lengthAt] = (length & 0x7f) | 0x80;
    bytes[lengthAt + 1] = ((length >>> 7) & 0x7f) | 0x80;
    bytes[lengthAt + 2] = ((length >>> 14) & 0x7f) | 0x80;
    bytes[lengthAt + 3] = (length >>> 21) & 0x7f;
    this.log.length = at;
    this.lastPage[term] = page;
    this.pagesOf[term] = (this.pagesOf[term] as number) + 1;
    this.costOf[term] = (this.costOf[term] as number) + cost;
    this.logged[term] = (this.logged[term] as number) + length;
  }

  /** Regroups the posting log by term, in word order (a counting sort), and appends it to the postings file as a batch. */
  finishBatch(): void {
    const log = this.log;
    if (log.length === 0) return;
    const bytes = log.bytes;
    const end = log.length;
    const lengths = this.logged.slice(0, this.terms.length);
    this.logged.fill(0);
    const sorted = this.sortTerms();
    const cursor = new Uint32Array(lengths.length);
    let total = 0;
    for (const term of sorted) {
      cursor[term] = total;
      total += lengths[term] as number;
    }
    if (this.regrouped.length < total) this.regrouped = new Uint8Array(total);
    const data = this.regrouped;
    for (let p = 0; p < end; ) {
      const term = readVarint(bytes, p);
      p += varintSize(term);
      const length = readLength(bytes, p);
      p += 4;
      const at = cursor[term] as number;
      if (length > 64) data.set(bytes.subarray(p, p + length), at);
      else for (let i = 0; i < length; i++) data[at + i] = bytes[p + i] as number;
      cursor[term] = at + length;
      p += length;
    }
    this.postings ??= { fd: openSync(this.postingsFile, "w+"), length: 0 };
    for (let done = 0; done < total; ) done += writeSync(this.postings.fd, data, done, total - done, this.postings.length + done);
    this.batches.push({ offset: this.postings.length, lengths });
    this.postings.length += total;
    log.clear();
  }

  /**
   * The words a term is written as: itself with every page entry (batch by batch, pages
   * ascending), or, past pieceBytes, its pieces (PagefindWriterOptions.pieceBytes), in word order.
   * Terms must be asked for in word order: each batch's reader reads front to back.
   */
  private wordsOf(term: number, readers: readonly PostingsReader[], cutter: ChunkCutter): IndexWord[] {
    const batches = this.batches;
    let bytes = 0;
    for (const { lengths } of batches) bytes += lengths[term] ?? 0;
    // One copy of the word's entries, each batch's read into it: a reader's window lasts only
    // until its next read, and the chunk keeps the word. Not a copy per batch: a frequent term is
    // in every batch, and the small copies were garbage for the collector. In the cutter's
    // memory, not a buffer per word (ChunkCutter.take).
    const all = cutter.take(bytes);
    for (let b = 0, at = 0; b < batches.length; b++) {
      const length = (batches[b] as Batch).lengths[term] ?? 0;
      if (length) (readers[b] as PostingsReader).readInto(all, at, length);
      at += length;
    }
    const word = this.terms[term] as string;
    const cost = this.costOf[term] as number;
    if (bytes <= this.pieceBytes) return [{ word, pages: this.pagesOf[term] as number, slices: [all], cost }];
    return splitPieces(word, all, cost, this.pieceBytes);
  }

  /** Merges the terms created since the last call into the word order; returns it. */
  private sortTerms(): Int32Array {
    const terms = this.terms;
    const known = this.sorted.length;
    if (known === terms.length) return this.sorted;
    const added = Array.from({ length: terms.length - known }, (_, i) => known + i).sort((a, b) => ((terms[a] as string) < (terms[b] as string) ? -1 : 1));
    const old = this.sorted;
    const merged = new Int32Array(terms.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++) {
      const next = j >= added.length || (i < old.length && (terms[old[i] as number] as string) < (terms[added[j] as number] as string)) ? old[i++] : added[j++];
      merged[k] = next as number;
    }
    this.sorted = merged;
    return merged;
  }

  /** Removes the postings file. */
  close(): void {
    if (!this.postings) return;
    closeSync(this.postings.fd);
    rmSync(this.postingsFile, { force: true });
    this.postings = undefined;
  }

  /** Sorts the words, cuts them into chunks and hands them to `sink` in order. */
  async writeWordIndex(sink: ChunkSink): Promise<void> {
    await mkdir(path.join(sink.dir, "index"), { recursive: true });
    // Terms are digit strings (newTerm): each is its own word, without variants, in plain string order.
    const order = this.sortTerms();
    this.wordCount = order.length;
    // Each batch holds its terms in word order: read in word order, it is read front to back.
    const readers = this.batches.map(({ offset }) => new PostingsReader((this.postings as { fd: number }).fd, offset));
    const cutter = new ChunkCutter(sink);
    for (const id of order) await cutter.words(this.wordsOf(id, readers, cutter));
    await cutter.flush();
  }

  /** Writes filter/*.pf_filter; returns [filter, hash] pairs. */
  async writeFilters(output: OutputFiles): Promise<[string, string][]> {
    const result: [string, string][] = [];
    const used = new Set<string>();
    for (const name of [...this.filters.keys()].sort(compareCodePoints)) {
      const byValue = this.filters.get(name) as Map<string, number[]>;
      if (byValue.size === 0) continue;
      // Only with a filter in it: an empty folder would be the one difference from a build whose
      // index came from the build cache, which keeps files.
      if (result.length === 0) await mkdir(path.join(output.dir, "filter"), { recursive: true });
      const out = new ByteWriter(4096);
      out.array(2);
      out.text(name);
      out.array(byValue.size);
      for (const value of [...byValue.keys()].sort(compareCodePoints)) {
        const pages = byValue.get(value) as number[];
        out.array(2);
        out.text(value);
        out.array(pages.length);
        for (const page of pages) out.head(0, page);
      }
      const hash = uniqueHash(`${this.language}_${sha1Hex(out.view())}`, this.language.length + 8, used);
      await output.write(`filter/${hash}.pf_filter`, out.view(), true);
      result.push([name, hash]);
    }
    return result;
  }

  /** The meta file's page list: [name, word count] per Pagefind page. */
  pageList(): (readonly [string, number])[] {
    if (this.blockSize > 1) return blockPageList(this.firstPage, this.pageWords.length);
    return this.pageWords.map((words, i) => [this.pageName(i), words]);
  }

  /** Sort keys, sorted, each with its pages in ascending value order. */
  sortList(): [string, number[]][] {
    return [...this.sorts.keys()].sort(compareCodePoints).map((name) => [name, sortValues(this.sorts.get(name) as { value: string; page: number }[]).map(({ page }) => page)]);
  }

  /** The records' meta fields, sorted. */
  get fields(): readonly string[] {
    return this.metaFields ?? [];
  }
}

/**
 * Cuts words, in word order, into chunks as Pagefind 1.5.2 does (a chunk ends once the cost of
 * its words reaches PAGEFIND_CHUNK_SIZE), except that each piece of a word written in pieces is a
 * chunk of its own: reading one reads no other word.
 */
/** The memory a ChunkCutter lends the words waiting for their chunk (ChunkCutter.take). */
export const CUTTER_MEMORY = 4 * 2 ** 20;

export class ChunkCutter {
  private chunk: IndexWord[] = [];
  private cost = 0;
  private readonly out = new ByteWriter(1 << 20);
  /** Memory for the entries of the words waiting for their chunk (take), made when first taken. */
  private arena = new Uint8Array(0);
  private arenaUsed = 0;

  constructor(private readonly sink: ChunkSink) {}

  /**
   * `bytes` of memory for a word's entries, valid until the word's chunk is written (the word goes
   * to `words` before the next is taken): with no word waiting, the last chunk's memory is taken
   * again. Not a buffer per word: that is memory outside V8's heap, and enough of it since the last
   * full collection makes V8 collect the whole heap again, which the search index's thread (a
   * small heap) then did again and again while it wrote the word index.
   */
  take(bytes: number): Uint8Array {
    if (this.chunk.length === 0) this.arenaUsed = 0;
    // A word larger than the memory (one of the most frequent, in a large archive) gets its own.
    if (bytes > CUTTER_MEMORY) return new Uint8Array(bytes);
    if (this.arenaUsed + bytes > this.arena.length) {
      // Earlier words of the chunk keep the memory they are in.
      this.arena = new Uint8Array(CUTTER_MEMORY);
      this.arenaUsed = 0;
    }
    const taken = this.arena.subarray(this.arenaUsed, this.arenaUsed + bytes);
    this.arenaUsed += bytes;
    return taken;
  }

  /** No word is waiting for its chunk: the next word starts one. */
  get empty(): boolean {
    return this.chunk.length === 0;
  }

  /** One word as written: itself, or its pieces (splitPieces; `pieced`: some of them, the others given to the sink by the caller). */
  async words(words: readonly IndexWord[], pieced = words.length > 1): Promise<void> {
    if (pieced) await this.flush();
    for (const word of words) {
      this.cost += word.cost;
      this.chunk.push(word);
      if (this.cost >= PAGEFIND_CHUNK_SIZE || pieced) await this.flush(pieced);
    }
  }

  async flush(pieced = false): Promise<void> {
    const chunk = this.chunk;
    if (chunk.length === 0) return;
    const out = this.out;
    out.clear();
    out.array(1);
    out.array(chunk.length);
    for (const { word, pages, slices } of chunk) {
      out.array(3);
      out.text(word);
      out.array(pages);
      for (const slice of slices) out.append(slice);
      out.array(0); // no variants
    }
    this.chunk = [];
    this.cost = 0;
    // The writer's buffer, reused for the next chunk once this one is handed over: OutputFiles
    // copies what it does not compress at once.
    await this.sink.add((chunk[0] as IndexWord).word, (chunk[chunk.length - 1] as IndexWord).word, pieced, out.view(), pieced ? (chunk[0] as IndexWord).span : undefined);
  }
}

/**
 * A word whose page entries (`all`, pages ascending, each page a delta from the previous) take
 * more than pieceBytes, as its pieces (PagefindWriterOptions.pieceBytes), in word order.
 */
export function splitPieces(word: string, all: Uint8Array, cost: number, pieceBytes: number): IndexWord[] {
  const bytes = all.length;
  const pieces: IndexWord[] = [];
  let page = 0;
  let at = 0;
  while (at < all.length) {
    // Piece k ends where the word's first pieceBytes × (2^(k+1) − 1) bytes end (about twice the
    // piece before), counted from the word's start, not the piece's: a change in an early entry
    // moves a later cut only if it moves the bytes past an entry's end, so an article added at the
    // front leaves the later pieces of a frequent word as they were (update.ts links them).
    const end = pieceBytes * (2 ** (pieces.length + 1) - 1);
    const start = at;
    let pages = 0;
    let last = at;
    let first: Uint8Array | undefined;
    while (at < all.length && (pages === 0 || at < end)) {
      last = at;
      // An entry: array(3), the page delta, locs, meta locs. A piece starts counting pages at 0.
      const deltaAt = at + 1;
      const delta = cborArgument(all, deltaAt);
      page += delta;
      const end = cborItemEnd(all, at);
      if (pages === 0) {
        const head = new Uint8Array(9);
        head[0] = 0x83;
        first = concat(head.subarray(0, putHead(head, 1, 0, page)), all.subarray(cborItemEnd(all, deltaAt), end));
      }
      pages++;
      at = end;
    }
    const rest = all.subarray(start, at);
    const firstEnd = cborItemEnd(rest, 0);
    pieces.push({ word: pieceWord(word, pieces.length), pages, slices: [first as Uint8Array, rest.subarray(firstEnd)], cost: (cost * (at - start)) / bytes, span: { end: at, last } });
  }
  return pieces.sort((a, b) => (a.word < b.word ? -1 : 1));
}

/** The fragment Pagefind's runtime loads for a result (keys in Pagefind's order; maps sorted). */
function fragmentOf(record: SearchRecord, wordCount: number) {
  const filters: Record<string, string[]> = {};
  for (const name of Object.keys(record.filters).sort(compareCodePoints)) {
    const values = [...new Set(record.filters[name as keyof SearchRecord["filters"]])];
    if (values.length) filters[name] = values;
  }
  const meta: Record<string, string> = {};
  for (const name of Object.keys(record.meta).sort(compareCodePoints)) meta[name] = record.meta[name as keyof SearchRecord["meta"]];
  return { url: record.url, content: searchText(record), word_count: wordCount, filters, meta, anchors: [] };
}

/** Pages in sort order: numeric when every value is a number (as Pagefind decides), else by string; stable. */
function sortValues(values: { value: string; page: number }[]): { value: string; page: number }[] {
  const numeric = values.every(({ value }) => NUMBER.test(value));
  if (numeric) {
    const keyed = values.map((v) => ({ ...v, key: Math.fround(Number(v.value)) }));
    // f32::total_cmp: −0 before +0.
    return keyed.sort((a, b) => a.key - b.key || Number(Object.is(b.key, -0)) - Number(Object.is(a.key, -0)));
  }
  return [...values].sort((a, b) => compareCodePoints(a.value, b.value));
}
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// ---------------------------------------------------------------------------------------------

/** Reads one batch of the postings file front to back, a window at a time. */
class PostingsReader {
  private window = new Uint8Array(1 << 18);
  private start = 0;
  private end = 0;

  constructor(
    private readonly fd: number,
    private position: number,
  ) {}

  /** Copies the next `length` bytes into `into` at `at`. */
  readInto(into: Uint8Array, at: number, length: number): void {
    this.fill(length);
    const window = this.window;
    const from = this.start;
    // A view to copy from only for long runs: most runs are a rare term's few bytes.
    if (length > 64) into.set(window.subarray(from, from + length), at);
    else for (let i = 0; i < length; i++) into[at + i] = window[from + i] as number;
    this.start += length;
  }

  /** Reads until the window holds the next `length` bytes. */
  private fill(length: number): void {
    if (this.end - this.start < length) {
      const kept = this.window.subarray(this.start, this.end);
      if (this.window.length < length) this.window = grow(kept, new Uint8Array(length));
      else this.window.copyWithin(0, this.start, this.end);
      this.start = 0;
      this.end = kept.length;
      while (this.end < length) {
        const read = readSync(this.fd, this.window, this.end, this.window.length - this.end, this.position);
        if (read === 0) throw new Error("The postings file ended early");
        this.position += read;
        this.end += read;
      }
    }
  }
}

/**
 * Writes gzipped, signed files (or plain ones) a few at a time and counts their bytes; with
 * `reuse`, links a compressed file from an earlier bundle instead when its contents are the same,
 * or (`over`) leaves it where it is.
 */
export class OutputFiles {
  bytes = 0;
  reused = 0;
  /** Every file of the bundle, in the order it was named (PagefindWriteResult.files). */
  readonly files = new Map<string, BundleFile>();
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;
  /** The signature, then a small file's contents: signed here, compressed at once and left. */
  private readonly signing = signable(SIGNATURE.length + SMALL_FILE);
  /** Buffers a large file is signed in while the thread pool compresses it, free again after. */
  private readonly spare: Uint8Array[] = [];

  constructor(
    readonly dir: string,
    private readonly reuse?: PagefindWriterOptions["reuse"],
    private readonly over?: string,
  ) {}

  /**
   * `digest`: the SHA-1 (hex) of compressed `contents`, if the caller has it. A file written as it
   * is (the runtime, the entries) is known by the SHA-1 of "plain", a zero byte and its contents,
   * so that it is never taken for a compressed file of the same contents.
   */
  async write(name: string, contents: Uint8Array, compressed: boolean, digest?: string): Promise<void> {
    const known = !this.reuse ? undefined : compressed ? (digest ?? sha1(contents)) : createHash("sha1").update("plain\u0000").update(contents).digest("hex");
    if (known !== undefined) {
      const earlier = this.reuse?.get(known);
      if (earlier) return this.link(name, earlier.path, earlier.size, known);
    }
    // Named now, sized once written: the list keeps the order files were named in.
    this.files.set(name, { size: -1 });
    await this.room();
    // Small files (fragments, filters) are cheaper to compress right here than in the thread pool;
    // large ones (word index chunks) are compressed there, in parallel. Writing is always done there
    // (creating a file is I/O this thread should not wait for).
    const small = contents.length < SMALL_FILE;
    const signedLength = SIGNATURE.length + contents.length;
    let ready: Uint8Array | undefined;
    let spare: Uint8Array | undefined;
    // Signed in a buffer kept for it, not in a copy of each file: copies of every file, garbage at
    // once, set off full garbage collections on the thread. Compressed inputs are views into
    // buffers the caller reuses: signing also takes them before the next write.
    if (compressed && small) {
      this.signing.set(contents, SIGNATURE.length);
      ready = unknownOs(gzipSync(this.signing.subarray(0, signedLength), GZIP));
    } else if (compressed) {
      const fits = this.spare.findIndex((buffer) => buffer.length >= signedLength);
      // Sized up to a power of two, so that the few spares soon fit any chunk.
      spare = fits === -1 ? signable(2 ** Math.ceil(Math.log2(signedLength))) : (this.spare.splice(fits, 1)[0] as Uint8Array);
      spare.set(contents, SIGNATURE.length);
    }
    this.start(async () => {
      let data = ready ?? contents;
      if (spare) {
        data = unknownOs(await gzip(spare.subarray(0, signedLength), GZIP));
        if (this.spare.length < CONCURRENCY) this.spare.push(spare);
      }
      await writeFile(path.join(this.dir, name), data);
      this.bytes += data.length;
      this.files.set(name, { size: data.length, contents: known });
    });
  }

  /** Links (or, where a link cannot go, copies) an earlier bundle's file of `size` bytes whose contents have the SHA-1 `digest` (write). */
  async link(name: string, from: string, size: number, digest: string): Promise<void> {
    this.files.set(name, { size, contents: digest });
    this.reused++;
    // The same file at the same path of the bundle this one is laid over: it stays there.
    if (this.over !== undefined && from === path.join(this.over, name)) {
      this.bytes += size;
      return;
    }
    await this.room();
    this.start(async () => {
      const to = path.join(this.dir, name);
      // Copied where a link cannot go (the cache on another file system, too many links).
      await link(from, to).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EXDEV" && error.code !== "EMLINK" && error.code !== "EPERM") throw error;
        return copyFile(from, to);
      });
      this.bytes += size;
    });
  }

  private async room(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    while (this.pending.size >= CONCURRENCY) await Promise.race(this.pending);
  }

  private start(run: () => Promise<void>): void {
    const task = run()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  async drain(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure !== undefined) throw this.failure;
  }
}

/** A buffer of `length` bytes that starts with the signature. */
function signable(length: number): Uint8Array {
  const buffer = new Uint8Array(length);
  buffer.set(SIGNATURE);
  return buffer;
}

/** Sets the gzip header's OS byte to 255 ("unknown"), as Pagefind (flate2) writes it, whatever the platform. */
function unknownOs(zipped: Buffer): Uint8Array {
  const out = new Uint8Array(zipped.buffer, zipped.byteOffset, zipped.byteLength);
  out[9] = 0xff;
  return out;
}

/** Removes the files of an earlier bundle (ours or Pagefind's), leaving anything else in `dir`. */
export async function clearBundle(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(dir)) {
    if (["index", "filter", "fragment", "parts.json"].includes(entry) || /^p\d+$/.test(entry) || /^pagefind\..*\.pf_meta$/.test(entry) || /^wasm\..*\.pagefind$/.test(entry) || ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"].includes(entry)) {
      removeTree(path.join(dir, entry));
    }
  }
}

/** The folder of part k ≥ 1 of the word index (chunksPerPart). */
const partDir = (k: number) => `p${k}`;

/** Writes an unsigned LEB128 varint without bounds checks; returns the end. */
function putVarint(bytes: Uint8Array, at: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}

/** Reads the little-endian base-128 term id at the start of a log entry. */
function readVarint(bytes: Uint8Array, p: number): number {
  let value = 0;
  let scale = 1;
  let b: number;
  do {
    b = bytes[p++] as number;
    value += (b & 0x7f) * scale;
    scale *= 0x80;
  } while (b & 0x80);
  return value;
}

/** Bytes a varint of this value takes. */
function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

/** Reads the 4-byte length written by endEntry. */
function readLength(bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) & 0x7f) | (((bytes[at + 1] as number) & 0x7f) << 7) | (((bytes[at + 2] as number) & 0x7f) << 14) | ((bytes[at + 3] as number) << 21);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function grow<T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** SHA-1 as Pagefind prints it: each byte in hex without zero padding. */
function sha1Hex(data: Uint8Array): string {
  return unpaddedHex(sha1(data, "hex"));
}

/** A hex digest as Pagefind prints it: each byte without zero padding. */
function unpaddedHex(hex: string): string {
  let out = "";
  for (let i = 0; i < hex.length; i += 2) out += hex[i] === "0" ? hex[i + 1] : hex.slice(i, i + 2);
  return out;
}

/** Pagefind's short hash for index and filter files: extended (two characters at a time) while taken. */
function uniqueHash(full: string, length: number, used: Set<string>): string {
  let short = full.slice(0, length);
  while (used.has(short) && short.length < full.length) short = full.slice(0, short.length + 2);
  used.add(short);
  return short;
}

/** The shortest distinguishing prefixes of two neighbouring chunk boundaries (Pagefind's get_prefixes; words are ASCII digits). */
function prefixes(a: string, b: string): [string, string] {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [a.slice(0, common + 1), b.slice(0, common + 1)];
}

/** Orders strings by code point (= UTF-8 byte order, as Rust compares strings), not by UTF-16 unit. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort after every BMP character.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}
