/**
 * Changes the blocks of a few records in an earlier bundle of writer.ts (numbered fragments in
 * blocks: the site's index) instead of indexing every record again: the build cache's search
 * index after an article is edited or added. The result is the bundle writer.ts would write for the same
 * records, byte for byte (tests/e2e/cache.test.ts compares it with a clean build's).
 *
 * How: a changed record's block is indexed on its own twice, with the record as it was (read
 * back from its fragment, which holds its text) and as it is; the words whose entry for the
 * block differs are the words to change. The chunks holding them are read back, those words'
 * entries for the block replaced, and the words cut into chunks again from the first such chunk
 * until a cut falls where the earlier bundle cut (chunks are cut by cost, in word order, so they
 * fall in step again); every other chunk, fragment and file is linked from the earlier bundle.
 * Blocks end with the last record (writer.ts, blockOffset), so a record added before the first
 * changes the first block only, or starts a new first block, which takes the page number below the
 * first's (firstPage; layout.ts, blockNumbering); the first blocks place their records by hash
 * (headBlocks), so one added among theirs moves no other record to another slot, and changes the
 * entries of its own words and of the few records moved to the next-newer block. It applies when
 * every block kept keeps its page number and few blocks changed.
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { ByteWriter, cborArgument, cborItemEnd } from "./cbor.ts";
import { officialPagefindRuntime, unverifiedRuntime } from "./runtime.ts";
import {
  BLOCK_STRIDE,
  ChunkCutter,
  ChunkSink,
  IndexBuilder,
  OutputFiles,
  blockKey,
  blockPageList,
  clearBundle,
  finishBundle,
  splitPieces,
  type IndexChunk,
  type IndexState,
  type IndexWord,
  type PieceSpan,
  type PagefindWriteResult,
  type PagefindWriterOptions,
} from "./writer.ts";
import { fragmentStart, recordFragment } from "./layout.ts";
import { pieceWord } from "../analyzer/terms.ts";
import type { SearchRecord } from "../bundle/records.ts";

/** An earlier bundle of writer.ts and what it left for an update. */
export interface KeptIndex {
  readonly dir: string;
  readonly state: IndexState;
  /** Its compressed files by path in the bundle: size, and the SHA-1 of their contents. */
  readonly files: ReadonlyMap<string, { readonly size: number; readonly contents?: string | undefined }>;
}

const SIGNATURE_LENGTH = "pagefind_dcd".length;
/**
 * An update changes at most one block in this many (or one): past that, indexing every record
 * again costs about as much as reading back and writing again the chunks it would change.
 */
export const UPDATE_SHARE = 8;
/** A word has at most this many pieces (analyzer/terms.ts, pieceWord). */
const MAX_PIECES = 36;
const decoder = new TextDecoder();

/**
 * The bundle writer.ts would write for `records` with these options, made from the kept one:
 * each record is a page number of the kept bundle whose record it is, or a record of its own.
 * Undefined (nothing written) when it cannot be, or not cheaply: the kept bundle was written with
 * other options, a file it needs is not there, the blocks' page numbers moved, or more than one
 * block in UPDATE_SHARE changed.
 */
export async function updatePagefindIndex(kept: KeptIndex, records: readonly (number | SearchRecord)[], outDir: string, options: PagefindWriterOptions): Promise<PagefindWriteResult | undefined> {
  const started = performance.now();
  const { state } = kept;
  const language = options.language ?? "unknown";
  const blockSize = options.blockSize ?? 1;
  const offset = options.blockOffset ?? 0;
  const firstPage = options.firstPage ?? 0;
  const headBlocks = options.headBlocks ?? 0;
  const pieceBytes = options.pieceBytes ?? Infinity;
  if (state.language !== language || blockSize < 2 || !options.numberFragments || !options.reuse || options.trimChunkEnds || state.chunks.length === 0) return undefined;
  const blocks = Math.ceil((records.length + offset) / blockSize);
  const keptBlocks = Math.ceil((state.pages + state.offset) / blockSize);
  // The last block (the oldest records') is the same Pagefind page in both, and so is every other.
  if (firstPage + blocks !== state.firstPage + keptBlocks || state.blocks.length !== keptBlocks) return undefined;
  if (state.head.length !== Math.min(headBlocks, keptBlocks)) return undefined;
  // Block b's records: [b × blockSize − offset, (b + 1) × blockSize − offset), within the records.
  const recordsOf = (block: number, count: number, off: number) => {
    if (block < 0) return [];
    const first = Math.max(0, block * blockSize - off);
    return Array.from({ length: Math.min(count, (block + 1) * blockSize - off) - first }, (_, i) => first + i);
  };
  // The Pagefind pages whose block changed: other records, or placed otherwise (by hash or in order).
  const changedPages: number[] = [];
  const hashed = (block: number) => block >= 0 && block < headBlocks;
  for (let page = Math.min(firstPage, state.firstPage); page < firstPage + blocks; page++) {
    const [b, a] = [page - firstPage, page - state.firstPage];
    const now = recordsOf(b, records.length, offset);
    const was = recordsOf(a, state.pages, state.offset);
    if (hashed(b) !== hashed(a) || now.length !== was.length || now.some((n, i) => records[n] !== was[i])) changedPages.push(page);
  }
  if (changedPages.length > Math.max(1, blocks / UPDATE_SHARE)) return undefined;
  // The kept index's layout and the new one's (its blocks' keys filled in below), made once: each
  // record's fragment is named through them.
  const keptLayout = { fragment: fragmentStart(language), blocks: state.blocks, block: blockSize, offset: state.offset, head: state.head };
  const keptFragment = (page: number) => recordFragment(keptLayout, page);
  const keptFile = (file: string) => {
    const known = kept.files.get(file);
    if (!known?.contents) throw new MissingFile(file);
    return { digest: known.contents, path: path.join(kept.dir, file), size: known.size };
  };
  const runtime = await officialPagefindRuntime();
  const refused = options.allowUnverifiedRuntime ? undefined : unverifiedRuntime(runtime);
  if (refused) throw new Error(refused);

  try {
    // Every kept file it may link or read, before anything is written.
    for (const record of records) if (typeof record === "number") keptFile(keptFragment(record));
    for (const chunk of state.chunks) keptFile(chunk.file);
    const keptRecordOf = (page: number) => keptRecord(keptFile(keptFragment(page)).path);
    // Each changed block, indexed as it was and as it is: the words whose entry differs.
    const patches = new Map<string, Map<number, Uint8Array | null>>();
    const fragments = new Map<number, Uint8Array>();
    // Blocks that did not change keep their keys and slots, and so their fragments' names.
    const keys = Array.from({ length: blocks }, (_, b) => state.blocks[b + firstPage - state.firstPage] as string);
    const head = Array.from({ length: Math.min(headBlocks, blocks) }, (_, b) => state.head[b + firstPage - state.firstPage] as readonly number[]);
    // A block as indexed on its own: its records, in its slots.
    const indexed = (block: number, off: number, pages: readonly number[], recordOf: (page: number) => SearchRecord) =>
      block < 0 ? undefined : IndexBuilder.block(language, { ...options, blockOffset: block === 0 ? off : 0, headBlocks: block < headBlocks ? 1 : 0 }, pages.map(recordOf));
    for (const page of changedPages) {
      const [block, keptBlock] = [page - firstPage, page - state.firstPage];
      const was = indexed(keptBlock, state.offset, recordsOf(keptBlock, state.pages, state.offset), keptRecordOf);
      const nowRecords = recordsOf(block, records.length, offset);
      const now = indexed(block, offset, nowRecords, (n) => {
        const record = records[n] as number | SearchRecord;
        return typeof record === "number" ? keptRecordOf(record) : record;
      });
      if (now) {
        nowRecords.forEach((n, i) => typeof records[n] !== "number" && fragments.set(n, now.fragments[i] as Uint8Array));
        keys[block] = blockKey(now.slots, now.fragments);
        if (block < head.length) head[block] = now.slots;
      }
      for (const word of new Set([...(was?.entries.keys() ?? []), ...(now?.entries.keys() ?? [])])) {
        const before = was?.entries.get(word)?.tail;
        const after = now?.entries.get(word)?.tail;
        if (before && after && Buffer.compare(before, after) === 0) continue;
        let patch = patches.get(word);
        if (!patch) patches.set(word, (patch = new Map()));
        patch.set(page, after ?? null);
      }
    }

    await clearBundle(outDir);
    await mkdir(path.join(outDir, "fragment"), { recursive: true });
    const output = new OutputFiles(outDir, options.reuse, options.over);
    const layout = { ...keptLayout, blocks: keys, offset, head };
    for (const [page, record] of records.entries()) {
      const name = recordFragment(layout, page);
      if (typeof record !== "number") await output.write(name, fragments.get(page) as Uint8Array, true);
      else {
        const from = keptFile(keptFragment(record));
        await output.link(name, from.path, from.size, from.digest);
      }
    }

    // Which chunk each changed word is in, or would be in.
    const chunks = state.chunks;
    const words = [...patches.keys()].sort((a, b) => (a < b ? -1 : 1));
    const dirty = new Map<number, string[]>();
    for (const word of words) {
      let lo = 0;
      let hi = chunks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((chunks[mid] as IndexChunk).last >= word) hi = mid;
        else lo = mid + 1;
      }
      // A word between two chunks ends the first, unless it is a piece: a chunk before a word in
      // pieces was cut there for the pieces, whatever its cost, so a word after it joins it.
      if (lo > 0 && word < (chunks[lo] as IndexChunk).first && !(chunks[lo - 1] as IndexChunk).pieced) lo--;
      const list = dirty.get(lo);
      if (list) list.push(word);
      else dirty.set(lo, [word]);
    }

    const sink = new ChunkSink(output, language, options.chunksPerPart ?? Infinity, false);
    await mkdir(path.join(outDir, "index"), { recursive: true });
    const cutter = new ChunkCutter(sink);
    let added = 0;
    let removed = 0;
    const wordAs = async (word: string, entries: readonly Entry[], existed: boolean) => {
      const patched = patch(entries, patches.get(word));
      if (existed && !patched.length) removed++;
      if (!existed && patched.length) added++;
      if (patched.length) await cutter.words(asWords(word, patched, pieceBytes));
    };
    for (let j = 0; j < chunks.length; j++) {
      const chunk = chunks[j] as IndexChunk;
      const changedWords = dirty.get(j);
      if (!changedWords && cutter.empty) {
        await sink.add(chunk.first, chunk.last, chunk.pieced, keptFile(chunk.file), chunk.span);
        continue;
      }
      const pending = [...(changedWords ?? [])];
      if (chunk.pieced) {
        // A word written in pieces: its pieces are the chunks from here.
        let m = 1;
        while (m < MAX_PIECES && chunks[j + m]?.pieced && chunks[j + m]?.first === pieceWord(chunk.first, m)) {
          pending.push(...(dirty.get(j + m) ?? []));
          m++;
        }
        for (const word of pending.filter((w) => w < chunk.first)) await wordAs(word, [], false);
        const readPiece = (file: string) => chunkWords(readChunk(keptFile(file).path));
        const lead = patches.has(chunk.first) ? leadingPieces(chunk.first, chunks.slice(j, j + m), patches.get(chunk.first) as ReadonlyMap<number, Uint8Array | null>, readPiece, pieceBytes) : undefined;
        if (lead) {
          // Only the pieces the change reaches are written again; the later ones are the kept ones, moved.
          await cutter.flush();
          await cutter.words(lead.pieces, true);
          for (const piece of chunks.slice(j + lead.pieces.length, j + m)) {
            const span = piece.span as PieceSpan;
            await sink.add(piece.first, piece.last, true, keptFile(piece.file), { end: span.end + lead.moved, last: span.last + lead.moved });
          }
        } else if (patches.has(chunk.first)) {
          const entries: Entry[] = [];
          for (const piece of chunks.slice(j, j + m)) for (const { entries: bytes } of readPiece(piece.file)) entries.push(...entriesOf(bytes));
          await wordAs(chunk.first, entries, true);
        } else {
          await cutter.flush();
          for (const piece of chunks.slice(j, j + m)) await sink.add(piece.first, piece.last, piece.pieced, keptFile(piece.file), piece.span);
        }
        // Words past the last chunk's last word are given to the last chunk: they follow the pieces.
        for (const word of pending.filter((w) => w > chunk.first)) await wordAs(word, [], false);
        j += m - 1;
        continue;
      }
      for (const { word, pages, entries } of chunkWords(readChunk(keptFile(chunk.file).path))) {
        while (pending.length && (pending[0] as string) < word) await wordAs(pending.shift() as string, [], false);
        if (pending[0] === word) {
          pending.shift();
          await wordAs(word, entriesOf(entries), true);
        } else await cutter.words([{ word, pages, slices: [entries], cost: entriesCost(entries) }]);
      }
      for (const word of pending) await wordAs(word, [], false);
    }
    await cutter.flush();

    const bundle = { language, runtime, blocks: keys, pages: records.length, blockSize, offset, firstPage, head, pageList: blockPageList(firstPage, blocks), sorts: [], fields: state.fields };
    const parts = await finishBundle(output, sink, [], bundle);
    const wordCount = state.words + added - removed;
    return {
      pages: records.length,
      words: wordCount,
      chunks: sink.chunks.length,
      parts,
      bytes: output.bytes,
      seconds: (performance.now() - started) / 1000,
      reused: output.reused,
      changed: patches.size,
      files: output.files,
      state: { blocks: keys, language, pages: records.length, offset, firstPage, head, words: wordCount, fields: state.fields, chunks: sink.chunks },
    };
  } catch (error) {
    if (error instanceof MissingFile) return undefined;
    throw error;
  }
}

class MissingFile extends Error {}

/** A word's entry for one page (a block): the page, and its locs and meta locs as written. */
interface Entry {
  readonly page: number;
  readonly tail: Uint8Array;
}

/** The record whose fragment this is, as far as indexing goes: its title, fields and text (the fragment's content holds them a line each, the text last). */
function keptRecord(file: string): SearchRecord {
  const fragment = JSON.parse(decoder.decode(readChunk(file))) as { url: string; content: string; meta: SearchRecord["meta"]; filters: SearchRecord["filters"] };
  const labels = fragment.meta.fields ? fragment.meta.fields.split("\n") : [];
  const lines = fragment.content.split("\n");
  return {
    url: fragment.url,
    title: lines[0] as string,
    fields: labels.map((label, i) => ({ label, text: lines[1 + i] as string })),
    text: lines.slice(1 + labels.length).join("\n"),
    meta: fragment.meta,
    filters: fragment.filters,
  };
}

/** A compressed file's contents, signature removed. */
function readChunk(file: string): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(file) as Uint8Array)).subarray(SIGNATURE_LENGTH);
}

/** Where a CBOR head starting at `at` ends. */
function headEnd(bytes: Uint8Array, at: number): number {
  const info = (bytes[at] as number) & 31;
  return at + 1 + (info < 24 ? 0 : 1 << (info - 24));
}

/** The words of a chunk: [[[word, [entry…], []]…]]. */
function chunkWords(raw: Uint8Array): { word: string; pages: number; entries: Uint8Array }[] {
  let p = headEnd(raw, 0);
  const count = cborArgument(raw, p);
  p = headEnd(raw, p);
  const out: { word: string; pages: number; entries: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    p = headEnd(raw, p);
    const length = cborArgument(raw, p);
    const start = headEnd(raw, p);
    const word = decoder.decode(raw.subarray(start, start + length));
    p = start + length;
    const pages = cborArgument(raw, p);
    const end = cborItemEnd(raw, p);
    out.push({ word, pages, entries: raw.subarray(headEnd(raw, p), end) });
    p = cborItemEnd(raw, end);
  }
  return out;
}

/** A word's entries with their pages (a piece counts from 0: its first delta is its first page). */
function entriesOf(bytes: Uint8Array): Entry[] {
  const out: Entry[] = [];
  let page = 0;
  for (let p = 0; p < bytes.length; ) {
    page += cborArgument(bytes, p + 1);
    const end = cborItemEnd(bytes, p);
    out.push({ page, tail: bytes.subarray(cborItemEnd(bytes, p + 1), end) });
    p = end;
  }
  return out;
}

/** Entries with `patch` (page → new tail, or null: none) applied, pages ascending. */
function patch(entries: readonly Entry[], changes: ReadonlyMap<number, Uint8Array | null> | undefined): Entry[] {
  if (!changes) return [...entries];
  const out = entries.filter((e) => !changes.has(e.page));
  for (const [page, tail] of changes) if (tail) out.push({ page, tail });
  return out.sort((a, b) => a.page - b.page);
}

/**
 * The first pieces of a word in pieces with `changes` applied, when the change leaves its later
 * pieces as they are (moved by `moved` bytes): the pieces are read up to the first entry past the
 * last changed page, and the later cuts (writer.ts, splitPieces: at sizes counted from the word's
 * start) must fall at the same entries. Undefined when they would not, or the change reaches the
 * last piece: the word is then written again whole.
 */
function leadingPieces(word: string, pieces: readonly IndexChunk[], changes: ReadonlyMap<number, Uint8Array | null>, read: (file: string) => { entries: Uint8Array }[], pieceBytes: number): { pieces: IndexWord[]; moved: number } | undefined {
  if (pieces.some((piece) => !piece.span)) return undefined;
  const lastChanged = Math.max(...changes.keys());
  const entries: Entry[] = [];
  let r = 0;
  while (r < pieces.length && !((entries.at(-1)?.page ?? -1) > lastChanged)) {
    for (const { entries: bytes } of read((pieces[r] as IndexChunk).file)) entries.push(...entriesOf(bytes));
    r++;
  }
  if (r === pieces.length || (pieces[r - 1] as IndexChunk).span?.end !== encodedLength(entries)) return undefined;
  const patched = patch(entries, changes);
  const all = encode(patched);
  const moved = all.length - encodedLength(entries);
  const lead = splitPieces(word, all, 0, pieceBytes);
  // The last of them must end where the kept pieces start: cut there, not before, not after.
  if (lead.length !== r || all.length < pieceEnd(r - 1, pieceBytes)) return undefined;
  for (let k = r; k < pieces.length - 1; k++) {
    const { end, last } = (pieces[k] as IndexChunk).span as PieceSpan;
    if (moved > 0 ? last + moved >= pieceEnd(k, pieceBytes) : end + moved < pieceEnd(k, pieceBytes)) return undefined;
  }
  return { pieces: lead, moved };
}

/** Where piece k of a word ends at the earliest (writer.ts, splitPieces). */
const pieceEnd = (k: number, pieceBytes: number) => pieceBytes * (2 ** (k + 1) - 1);

/** Entries as a word's bytes: each page a delta from the one before. */
function encode(entries: readonly Entry[]): Uint8Array {
  const out = new ByteWriter(entries.reduce((n, e) => n + e.tail.length + 10, 0));
  let last = 0;
  for (const { page, tail } of entries) {
    out.array(3);
    out.head(0, page - last);
    out.append(tail);
    last = page;
  }
  return out.view();
}

/** The length of encode(entries), without encoding them. */
function encodedLength(entries: readonly Entry[]): number {
  let length = 0;
  let last = 0;
  for (const { page, tail } of entries) {
    const delta = page - last;
    length += 1 + (delta < 24 ? 1 : delta < 0x100 ? 2 : delta < 0x10000 ? 3 : 5) + tail.length;
    last = page;
  }
  return length;
}

/** A word with these entries as writer.ts writes it: whole, or in pieces. */
function asWords(word: string, entries: readonly Entry[], pieceBytes: number): IndexWord[] {
  const all = encode(entries);
  const cost = () => entries.reduce((sum, e) => sum + tailCost(e.tail), 0);
  if (all.length <= pieceBytes) return [{ word, pages: entries.length, slices: [all], cost: cost() }];
  // The cost of a word in pieces counts for nothing (each piece is a chunk of its own) unless it
  // comes out as one piece.
  const pieces = splitPieces(word, all, 0, pieceBytes);
  return pieces.length === 1 ? splitPieces(word, all, cost(), pieceBytes) : pieces;
}

/** The chunk cost of a word's entries (writer.ts, logEntry). */
function entriesCost(bytes: Uint8Array): number {
  let cost = 0;
  for (let p = 0; p < bytes.length; ) {
    const end = cborItemEnd(bytes, p);
    cost += tailCost(bytes.subarray(cborItemEnd(bytes, p + 1), end));
    p = end;
  }
  return cost;
}

/** One entry's cost as logEntry counts it: its locs, its meta locs, and the records (slots of the block) it has positions in. */
function tailCost(tail: Uint8Array): number {
  const locs = cborArgument(tail, 0);
  let p = headEnd(tail, 0);
  const slots = new Set<number>();
  let absolute = false;
  let position = 0;
  for (let i = 0; i < locs; i++) {
    const negative = (tail[p] as number) >> 5 === 1;
    const value = cborArgument(tail, p);
    p = headEnd(tail, p);
    if (negative) {
      absolute = true;
      continue;
    }
    position = absolute ? value : position + value;
    absolute = false;
    slots.add(Math.floor(position / BLOCK_STRIDE));
  }
  return locs + cborArgument(tail, p) + slots.size;
}
