import { sha1 } from "../core/digest.ts";
import { rmSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { endianness } from "node:os";
import path from "node:path";
import { removeTree, writeChunks } from "./file-writer.ts";
import type { Bytes } from "../content/decode.ts";
import type { Piece } from "../render/data.ts";
import { FileScan } from "./file-scan.ts";
import { Paths } from "./paths.ts";
import { fileOfRoute, outputPathFor } from "../core/urls.ts";

/**
 * The store's list of routes, beside its files: a line of JSON giving the lengths of what follows,
 * the paths (routes and link targets) as a JSON list, then the table's columns as they are in
 * memory (`Columns`). Read and written without a value per page: a list of JSON lines, one per
 * page, took most of the time of opening and saving the cache of a large archive
 * (`tools/bench-cache.ts` prints the "load" and "cache" stages).
 */
export const PAGE_LIST = "pages.bin";
const FILES = "files";
/** Bytes of a SHA-1 digest: a page's key and its file's hash are kept as bytes, not as text. */
const DIGEST = 20;

/** Rows per block of a FileTable, and link targets per block of its targets. */
const ROWS = 4096;
const TARGETS = 1 << 18;

/** One block of a FileTable's rows, a field per array. */
interface Rows {
  readonly routes: Int32Array;
  readonly keys: Uint8Array;
  /** 1 where the row has a key (a page made every time has none). */
  readonly keyed: Uint8Array;
  readonly hashes: Uint8Array;
  readonly sizes: Float64Array;
  /** Where the row's link targets are: a block of targets, the first, how many. */
  readonly targetBlock: Uint32Array;
  readonly firstTarget: Uint32Array;
  readonly targetCount: Uint32Array;
}

const rowBlock = (): Rows => ({
  routes: new Int32Array(ROWS),
  keys: new Uint8Array(ROWS * DIGEST),
  keyed: new Uint8Array(ROWS),
  hashes: new Uint8Array(ROWS * DIGEST),
  sizes: new Float64Array(ROWS),
  targetBlock: new Uint32Array(ROWS),
  firstTarget: new Uint32Array(ROWS),
  targetCount: new Uint32Array(ROWS),
});

/** A FileTable's rows as one array per field (the page list's layout): `counts` targets per row, one after the other in `targets`. */
interface Columns {
  readonly routes: Int32Array;
  readonly keyed: Uint8Array;
  readonly keys: Uint8Array;
  readonly hashes: Uint8Array;
  readonly sizes: Float64Array;
  readonly counts: Uint32Array;
  readonly targets: Int32Array;
}

/** The columns in the order the page list holds them. */
const COLUMN_ORDER = ["routes", "keyed", "keys", "hashes", "sizes", "counts", "targets"] as const;

/**
 * What was written at each route, in blocks of typed arrays: a build of hundreds of thousands of
 * pages keeps no object, digest text or list of targets per page, and grows a block at a time
 * (doubling arrays would leave up to half of them unused). A route is a number in the store's
 * table of paths, where the links to it hold the same string; files are found by their hash
 * through an index of their own.
 */
class FileTable {
  readonly #paths: Paths;
  count = 0;
  readonly #blocks: Rows[] = [];
  /** Row + 1 of each path that is a route here, by the path's number. */
  #rowOf = new Int32Array(1024);
  readonly #targets: Int32Array[] = [];
  #targetsUsed = TARGETS;
  /** Row + 1 of the first row of each hash, by open addressing on the hash's first bytes. */
  #byHash = new Int32Array(1024);
  /**
   * Per row, the first row of the same bytes, for a table read from a page list until a row is
   * added: a republication asks it of nearly every row, and a probe of `#byHash` each time was a
   * visible part of its page walk (a CPU profile of an addition: `rowOfHash` under `reuse`).
   */
  #firstRows: Int32Array | undefined;

  constructor(paths: Paths) {
    this.#paths = paths;
  }

  /**
   * The table of `columns` (read from a page list), checked: every route and target a number in
   * `paths`, no route twice, sizes whole numbers, targets adding up. Throws when they are not.
   */
  static fromColumns(paths: Paths, columns: Columns): FileTable {
    const table = new FileTable(paths);
    const { routes, keyed, keys, hashes, sizes, counts, targets } = columns;
    const rows = routes.length;
    const named = paths.list.length;
    table.#rowOf = new Int32Array(named);
    let first = 0;
    for (let row = 0; row < rows; row++) {
      const id = routes[row] as number;
      const count = counts[row] as number;
      if (!(id >= 0 && id < named) || table.#rowOf[id] !== 0 || (keyed[row] as number) > 1 || !Number.isSafeInteger(sizes[row]) || (sizes[row] as number) < 0 || first + count > targets.length) throw new Error(`row ${row} is not a stored page`);
      for (let t = first; t < first + count; t++) if (!((targets[t] as number) >= 0 && (targets[t] as number) < named)) throw new Error(`row ${row} links to no path`);
      table.#rowOf[id] = row + 1;
      first += count;
    }
    if (first !== targets.length) throw new Error("its links do not add up");
    for (let start = 0; start < rows; start += ROWS) {
      const end = Math.min(rows, start + ROWS);
      const block = rowBlock();
      block.routes.set(routes.subarray(start, end));
      block.keyed.set(keyed.subarray(start, end));
      block.keys.set(keys.subarray(start * DIGEST, end * DIGEST));
      block.hashes.set(hashes.subarray(start * DIGEST, end * DIGEST));
      block.sizes.set(sizes.subarray(start, end));
      block.targetCount.set(counts.subarray(start, end));
      table.#blocks.push(block);
    }
    table.#targets.push(targets);
    table.#targetsUsed = targets.length;
    let at = 0;
    for (let row = 0; row < rows; row++) {
      const block = table.#at(row);
      block.firstTarget[row % ROWS] = at;
      at += counts[row] as number;
    }
    table.count = rows;
    // At most half full (see #index), each file's bytes indexed at their first row.
    let slots = 1024;
    while (slots < (rows + 1) * 2) slots *= 2;
    table.#byHash = new Int32Array(slots);
    const firstRows = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      const hash = table.#hashBytes(row);
      const first = table.rowOfHash(hash);
      if (first === undefined) table.#put(row, hash);
      firstRows[row] = first ?? row;
    }
    table.#firstRows = firstRows;
    return table;
  }

  /**
   * The rows as columns (`fromColumns` reads them back), with every path renumbered in the order
   * the rows first name it: `paths` lists them, the routes and link targets of these rows only.
   */
  columns(): { paths: string[]; columns: Columns } {
    const rows = this.count;
    // Per path number, its number in the list plus one (0: not listed yet); an array, not a Map:
    // every link target of every row is renumbered.
    const renumbered = new Int32Array(this.#paths.list.length);
    const paths: string[] = [];
    const number = (id: number) => {
      let to = (renumbered[id] as number) - 1;
      if (to === -1) renumbered[id] = (to = paths.push(this.#paths.list[id] as string) - 1) + 1;
      return to;
    };
    let total = 0;
    for (let row = 0; row < rows; row++) total += this.#at(row).targetCount[row % ROWS] as number;
    const columns: Columns = { routes: new Int32Array(rows), keyed: new Uint8Array(rows), keys: new Uint8Array(rows * DIGEST), hashes: new Uint8Array(rows * DIGEST), sizes: new Float64Array(rows), counts: new Uint32Array(rows), targets: new Int32Array(total) };
    const { targets } = columns;
    let at = 0;
    for (let row = 0; row < rows; row++) {
      columns.routes[row] = number(this.#at(row).routes[row % ROWS] as number);
      for (const id of this.targets(row)) targets[at++] = number(id);
    }
    for (let start = 0, b = 0; start < rows; start += ROWS, b++) {
      const block = this.#blocks[b] as Rows;
      const end = Math.min(rows, start + ROWS);
      columns.keyed.set(block.keyed.subarray(0, end - start), start);
      columns.keys.set(block.keys.subarray(0, (end - start) * DIGEST), start * DIGEST);
      columns.hashes.set(block.hashes.subarray(0, (end - start) * DIGEST), start * DIGEST);
      columns.sizes.set(block.sizes.subarray(0, end - start), start);
      columns.counts.set(block.targetCount.subarray(0, end - start), start);
    }
    return { paths, columns };
  }

  /** The row of `route`, if it has one. */
  row(route: string): number | undefined {
    const id = this.#paths.find(route);
    return id === undefined ? undefined : this.rowOfPath(id);
  }

  /** The row of the path numbered `id` (Paths), if it has one. */
  rowOfPath(id: number): number | undefined {
    const row = this.#rowOf[id] ?? 0;
    return row ? row - 1 : undefined;
  }

  /** The row's route as its number in the table's Paths. */
  routeOf(row: number): number {
    return this.#at(row).routes[row % ROWS] as number;
  }

  /** The first row of a file of this hash (as bytes), if any. */
  rowOfHash(hash: ArrayLike<number>): number | undefined {
    const mask = this.#byHash.length - 1;
    for (let slot = hashSlot(hash) & mask; ; slot = (slot + 1) & mask) {
      const row = (this.#byHash[slot] as number) - 1;
      if (row === -1) return undefined;
      if (this.hasHash(row, hash)) return row;
    }
  }

  add(route: string, key: string, hash: string, size: number, targets: ArrayLike<number>): void {
    this.addBytes(this.#paths.id(route), key ? Buffer.from(key, "base64url") : undefined, Buffer.from(hash, "hex"), size, targets);
  }

  /** `add`, given the key's and the hash's bytes (undefined: no key), and the route as its number in the table's Paths. */
  addBytes(id: number, keyBytes: Bytes | undefined, hashBytes: Bytes, size: number, targets: ArrayLike<number>): void {
    this.#firstRows = undefined;
    if (id >= this.#rowOf.length) this.#rowOf = grown(this.#rowOf, Math.max(id + 1, Math.ceil(this.#rowOf.length * 1.5)));
    let row = (this.#rowOf[id] as number) - 1;
    if (row === -1) {
      row = this.count++;
      if (row === this.#blocks.length * ROWS) this.#blocks.push(rowBlock());
      this.#rowOf[id] = row + 1;
    }
    const block = this.#at(row);
    const i = row % ROWS;
    block.routes[i] = id;
    if (keyBytes) block.keys.set(keyBytes, i * DIGEST);
    else block.keys.fill(0, i * DIGEST, (i + 1) * DIGEST);
    block.keyed[i] = keyBytes ? 1 : 0;
    block.hashes.set(hashBytes, i * DIGEST);
    block.sizes[i] = size;
    if (this.#targetsUsed + targets.length > (this.#targets.at(-1)?.length ?? 0)) {
      this.#targets.push(new Int32Array(Math.max(TARGETS, targets.length)));
      this.#targetsUsed = 0;
    }
    (this.#targets.at(-1) as Int32Array).set(targets, this.#targetsUsed);
    block.targetBlock[i] = this.#targets.length - 1;
    block.firstTarget[i] = this.#targetsUsed;
    block.targetCount[i] = targets.length;
    this.#targetsUsed += targets.length;
    if (this.rowOfHash(hashBytes) === undefined) this.#index(row, hashBytes);
  }

  /** The first row of the same bytes as `row`. */
  firstRowOfBytes(row: number): number {
    return this.#firstRows?.[row] ?? (this.rowOfHash(this.#hashBytes(row)) as number);
  }

  /** Whether the row has this key (as `PageStore.keyOf` gives it): compared without making the row's key as text. */
  hasKey(row: number, key: string): boolean {
    const block = this.#at(row);
    const i = row % ROWS;
    if (!block.keyed[i] || key.length !== KEY_CHARS) return false;
    const keys = block.keys;
    // Four characters of base64url per three bytes; the last two bytes are in its last three.
    for (let c = 0, b = i * DIGEST; c < KEY_CHARS; c += 4, b += 3) {
      const v = (sextet(key, c) << 18) | (sextet(key, c + 1) << 12) | (sextet(key, c + 2) << 6) | (c + 3 < KEY_CHARS ? sextet(key, c + 3) : 0);
      if (v < 0 || keys[b] !== v >>> 16 || keys[b + 1] !== ((v >>> 8) & 255) || (c + 3 < KEY_CHARS && keys[b + 2] !== (v & 255))) return false;
    }
    return true;
  }

  /** The row's key as bytes (a view of the table), undefined when it has none. */
  keyBytes(row: number): Buffer | undefined {
    const block = this.#at(row);
    const i = row % ROWS;
    return block.keyed[i] ? Buffer.from(block.keys.buffer, i * DIGEST, DIGEST) : undefined;
  }

  hash(row: number): string {
    return this.#hashBytes(row).toString("hex");
  }

  /** The row's hash as bytes (a view of the table). */
  hashBytes(row: number): Buffer {
    return this.#hashBytes(row);
  }

  size(row: number): number {
    return this.#at(row).sizes[row % ROWS] as number;
  }

  /** The row's link targets: a view of the table. */
  targets(row: number): Int32Array {
    const block = this.#at(row);
    const i = row % ROWS;
    const first = block.firstTarget[i] as number;
    return (this.#targets[block.targetBlock[i] as number] as Int32Array).subarray(first, first + (block.targetCount[i] as number));
  }

  /** Whether the row's file has this hash (as bytes). */
  hasHash(row: number, hash: ArrayLike<number>): boolean {
    const hashes = this.#at(row).hashes;
    const at = (row % ROWS) * DIGEST;
    for (let i = 0; i < DIGEST; i++) if (hashes[at + i] !== hash[i]) return false;
    return true;
  }

  #at(row: number): Rows {
    return this.#blocks[Math.floor(row / ROWS)] as Rows;
  }

  #hashBytes(row: number): Buffer {
    return Buffer.from(this.#at(row).hashes.buffer, (row % ROWS) * DIGEST, DIGEST);
  }

  #index(row: number, hash: ArrayLike<number>): void {
    // At most half full, so that a probe ends soon.
    if ((this.count + 1) * 2 > this.#byHash.length) {
      this.#byHash = new Int32Array(this.#byHash.length * 2);
      for (let r = 0; r < this.count; r++) if (r !== row && this.rowOfHash(this.#hashBytes(r)) === undefined) this.#put(r, this.#hashBytes(r));
    }
    this.#put(row, hash);
  }

  #put(row: number, hash: ArrayLike<number>): void {
    const mask = this.#byHash.length - 1;
    let slot = hashSlot(hash) & mask;
    while (this.#byHash[slot] !== 0) slot = (slot + 1) & mask;
    this.#byHash[slot] = row + 1;
  }
}

/** Characters of a key as base64url text (a SHA-1 digest, unpadded). */
const KEY_CHARS = 27;
/** The value of each base64url character by its code, -1 for any other. */
const SEXTETS = new Int8Array(128).fill(-1);
for (const [value, char] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].entries()) SEXTETS[char.charCodeAt(0)] = value;
/** The value of the base64url character at `at` (negative when it is none, which makes the whole value negative). */
const sextet = (text: string, at: number): number => SEXTETS[text.charCodeAt(at)] ?? -64;

/** The stored file of these bytes, in the store's folder. */
const storedName = (hash: string) => `${FILES}/${hash.slice(0, 2)}/${hash.slice(2)}`;

/** A SHA-1's first four bytes as a number: already as evenly spread as any hash of it. */
const hashSlot = (hash: ArrayLike<number>): number => ((hash[0] as number) | ((hash[1] as number) << 8) | ((hash[2] as number) << 16) | ((hash[3] as number) << 24)) >>> 0;

/** A typed array of `length` starting with `from`'s elements. */
function grown<T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(from: T, length: number): T {
  const to = new (from.constructor as new (length: number) => T)(length);
  to.set(from);
  return to;
}

/**
 * What the last write of the site put at each route, so that the page writer renders again only
 * the pages whose inputs changed (`SitePage.key`, with everything site-wide) and writes only the
 * files whose bytes changed: per route, the digest of those inputs and the SHA-1 of the bytes.
 *
 * A production build's store is kept in its build cache (src/build/cache.ts) with the files
 * themselves, each once, named by the SHA-1 of its bytes (`files/ab/cdef…`). The writer gives a
 * route of the new output folder a hard link to the stored file, and links new bytes into the
 * store: the new output folder is still a complete folder of its own, swapped in whole.
 *
 * The preview's store (`inPlace`) keeps no files: the preview writes into the same folder again,
 * where the last rebuild's files still are, and leaves each one whose bytes did not change.
 *
 * Never trusted blindly: a stored file that is missing or whose size is not the one recorded (a
 * truncated cache, an output file edited in place through its link) is rendered again and counted
 * in `damaged`; a list that does not parse is refused by `read` (the cache then starts empty).
 */
export class PageStore {
  readonly #dir: string;
  readonly #inPlace: boolean;
  readonly #salt: string;
  readonly #paths: Paths;
  readonly #previous: FileTable;
  readonly #next: FileTable;
  /** Per row of `#previous`, its file as found on disk: 0 not looked for yet, 1 intact, 2 missing or of another size. */
  #checked: Uint8Array | undefined;
  /** Per first row of a file's bytes in `#previous`, its stored file's inode once looked at (-1 not yet, -2 missing). */
  #inodes: Float64Array | undefined;
  /** The published folder this build updates in place (`update`), if it does. */
  #publishedDir: string | undefined;
  /** The last build's files, looked at on a thread of their own (`checkFiles`). */
  #scan: FileScan | undefined;
  /** Per first row of a file's bytes in `#previous`, 1 when a row of this build holds those bytes (its file stays). */
  #stays: Uint8Array | undefined;
  /** Stored files found missing or of the wrong size. */
  damaged = 0;
  /** Files this build made rather than kept (`keep`), and who is told when they reach a count (`whenMade`). */
  #made = 0;
  #whenMade: { readonly count: number; readonly then: () => void } | undefined;

  /**
   * `dir`: the cache folder the store keeps its files in, or the output folder of a store in
   * place. `salt`: stands for everything that changes every page's bytes without changing its key
   * (the generator's code, its dependencies).
   */
  private constructor(dir: string, salt: string, paths: Paths, previous?: FileTable, inPlace = false) {
    this.#dir = dir;
    this.#inPlace = inPlace;
    this.#salt = salt;
    this.#paths = paths;
    this.#previous = previous ?? new FileTable(paths);
    this.#next = new FileTable(paths);
  }

  /** Pages the last build stored. */
  get size(): number {
    return this.#previous.count;
  }

  /** An empty store in `dir` (a clean build, or a cache that could not be trusted). */
  static empty(dir: string, salt: string): PageStore {
    return new PageStore(dir, salt, new Paths([]));
  }

  /** The preview's store for a rebuild into `outDir`: it starts from what `last` (the last rebuild that succeeded) wrote there. */
  static inPlace(outDir: string, last?: PageStore): PageStore {
    if (!last || last.#dir !== outDir) return new PageStore(outDir, "", new Paths([]), undefined, true);
    return new PageStore(outDir, "", last.#paths, last.#next, true);
  }

  /** The store as the last build left it, given its list (PAGE_LIST); throws when the list is not one this code wrote. */
  static read(dir: string, salt: string, list: Bytes): PageStore {
    const { paths, columns } = decodeList(list);
    const named = new Paths(paths);
    if (named.size !== paths.length) throw new Error(`${PAGE_LIST} names a path twice`);
    try {
      return new PageStore(dir, salt, named, FileTable.fromColumns(named, columns));
    } catch (error) {
      throw new Error(`${PAGE_LIST}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The digest under which a page is stored: its inputs (SitePage.key and site-wide ones) and the salt. */
  keyOf(inputs: string): string {
    return sha1(`${this.#salt}\u0000${inputs}`, "base64url");
  }

  /** Where the store keeps the file with these bytes. */
  #stored(hash: string): string {
    return path.join(this.#dir, storedName(hash));
  }

  static hashOf(content: string | Uint8Array): string {
    return sha1(content, "hex");
  }

  /**
   * Whether the store holds intact the file of this hash and size (from the last build or this
   * one); in place, whether it is the file the last write left at `route`.
   */
  holds(route: string, hash: string, size: number): boolean {
    return this.#holds(route, Buffer.from(hash, "hex"), size);
  }

  #holds(route: string, bytes: Bytes, size: number, before = this.#previous.rowOfHash(bytes)): boolean {
    // Found intact once already (most kept pages of a republication share no bytes with another).
    if (before !== undefined && this.#checked?.[before] === 1 && !this.#inPlace && this.#previous.size(before) === size) return true;
    if (this.#inPlace) {
      const row = this.#previous.row(route);
      return row !== undefined && this.#previous.hasHash(row, bytes) && this.#previous.size(row) === size;
    }
    // Written by this build, or else found intact once.
    const kept = this.#next.rowOfHash(bytes);
    if (kept !== undefined) return this.#next.size(kept) === size;
    // Only files the last build listed are looked for on disk: anything else is not the store's.
    if (before === undefined || this.#previous.size(before) !== size) return false;
    this.#checked ??= new Uint8Array(this.#previous.count);
    if (this.#checked[before]) return this.#checked[before] === 1;
    if (this.#scan?.stored(before) ?? this.#storedInode(before, this.#previous.hash(before), size) !== undefined) {
      this.#checked[before] = 1;
      return true;
    }
    // Counted once, and made again by the caller (the writer replaces the damaged file).
    this.#checked[before] = 2;
    this.damaged++;
    return false;
  }

  /**
   * For the page writer, before it renders a page: when the last build wrote `route` from the
   * same inputs (`key`) and its file is intact, records it for this build, and returns its links
   * and the stored file to link at the route (`link`; undefined when the published folder, or the
   * preview's, already has it there). Undefined when the page must be rendered. Works on the
   * store's rows, without a digest's text or a path per page: most pages of a republication take
   * this way.
   */
  reuse(route: string, key: string): { readonly targets: Int32Array; readonly link: string | undefined } | undefined {
    const previous = this.#previous;
    // The route's number, once: both tables number paths in the store's Paths.
    const id = key ? this.#paths.find(route) : undefined;
    const row = id === undefined ? undefined : previous.rowOfPath(id);
    if (row === undefined || !previous.hasKey(row, key)) return undefined;
    const hash = previous.hashBytes(row);
    const size = previous.size(row);
    const first = previous.firstRowOfBytes(row);
    if (!this.#holds(route, hash, size, first)) return undefined;
    const targets = previous.targets(row);
    this.#next.addBytes(id as number, previous.keyBytes(row), hash, size, targets);
    this.#stay(first);
    if (this.#inPlace || this.#published(route, row, first, size)) return { targets, link: undefined };
    return { targets, link: this.#stored(hash.toString("hex")) };
  }

  /**
   * Makes this build an update of `publishedDir`, the folder the last build that kept this store
   * published (cli/build.ts checks that it is): a file there that is already the store's file of
   * the same bytes (`published`) is left where it is, not linked into the new output.
   */
  update(publishedDir: string): void {
    this.#publishedDir = publishedDir;
  }

  /**
   * Starts looking, on a thread of its own (FileScan), at the files the last build left: each
   * stored file, and with a published folder to update (`update` first), each file there. `holds`
   * and `published` then take its answers instead of asking the file system themselves.
   */
  checkFiles(): void {
    const previous = this.#previous;
    if (this.#inPlace || this.#scan || previous.count === 0) return;
    const stored: string[] = [];
    const published: string[] | undefined = this.#publishedDir === undefined ? undefined : [];
    const sizes = new Float64Array(previous.count);
    const firstRow = new Int32Array(previous.count);
    for (let row = 0; row < previous.count; row++) {
      const first = previous.firstRowOfBytes(row);
      firstRow[row] = first;
      sizes[row] = previous.size(row);
      // Only the first row of the same bytes names the stored file (its hash as text, once).
      stored.push(first === row ? storedName(previous.hash(row)) : "");
      published?.push(fileOfRoute(this.#paths.list[previous.routeOf(row)] as string));
    }
    this.#scan = new FileScan({ storeDir: this.#dir, stored, sizes, firstRow, publishedDir: this.#publishedDir, published });
  }

  /** Stops looking at the last build's files (`checkFiles`), if it still is. */
  async stopChecking(): Promise<void> {
    await this.#scan?.stop();
  }

  /** The inode of the stored file of `row` (the first row of its bytes), if it is there with its size. */
  #storedInode(row: number, hash: string, size: number): number | undefined {
    this.#inodes ??= new Float64Array(this.#previous.count).fill(-1);
    if (this.#inodes[row] === -1) {
      const found = statSync(this.#stored(hash), { throwIfNoEntry: false });
      this.#inodes[row] = found?.isFile() && found.size === size ? found.ino : -2;
    }
    const ino = this.#inodes[row] as number;
    return ino >= 0 ? ino : undefined;
  }

  /**
   * Whether the published folder holds at `route` the store's file of these bytes: the same inode,
   * as the last build linked it. A file replaced there by hand, or missing, is not. Asked only
   * after `holds` said yes, which found the stored file intact (or did not look: then, no).
   */
  published(route: string, hash: string, size: number): boolean {
    return this.#published(route, this.#previous.row(route), this.#previous.rowOfHash(Buffer.from(hash, "hex")), size);
  }

  /** `published`, given the route's row in the last build's table (if it has one) and the first row there of the file's bytes (if any). */
  #published(route: string, row: number | undefined, before: number | undefined, size: number): boolean {
    if (this.#publishedDir === undefined) return false;
    if (before === undefined || this.#previous.size(before) !== size || this.#checked?.[before] !== 1) return false;
    // The scan compared the file at this route with the stored file of the bytes the last build put there.
    const scanned = row !== undefined && this.#previous.firstRowOfBytes(row) === before ? this.#scan?.published(row) : undefined;
    if (scanned !== undefined) return scanned;
    const ino = this.#storedInode(before, this.#previous.hash(before), size);
    const found = statSync(path.join(this.#publishedDir, outputPathFor(route)), { throwIfNoEntry: false });
    return ino !== undefined && found !== undefined && found.isFile() && found.ino === ino;
  }

  /** Routes the last build wrote that this one did not (a deleted article, a tag nobody uses any more). */
  gone(): string[] {
    const gone: string[] = [];
    // By the routes' numbers: both tables number paths in the store's Paths.
    for (let row = 0; row < this.#previous.count; row++) {
      const id = this.#previous.routeOf(row);
      if (this.#next.rowOfPath(id) === undefined) gone.push(this.#paths.list[id] as string);
    }
    return gone;
  }

  /** The file the last build put at `route`, if the store holds it intact: where, its hash and size. */
  previousFile(route: string): { path: string; hash: string; size: number } | undefined {
    const row = this.#previous.row(route);
    if (row === undefined || this.#inPlace) return undefined;
    const hash = this.#previous.hash(row);
    const size = this.#previous.size(row);
    return this.holds(route, hash, size) ? { path: this.#stored(hash), hash, size } : undefined;
  }

  /** The file this build put at `route`, if it wrote one: its hash and size. */
  nextFile(route: string): { hash: string; size: number } | undefined {
    const row = this.#next.row(route);
    return row === undefined ? undefined : { hash: this.#next.hash(row), size: this.#next.size(row) };
  }

  /** Whether this build wrote `route`. */
  wrote(route: string): boolean {
    return this.#next.row(route) !== undefined;
  }

  /**
   * Records what this write put at `route`; returns where the store keeps its bytes (the writer
   * links the file there or from there), undefined in place.
   */
  keep(route: string, key: string, hash: string, size: number, targets: ArrayLike<number>): string | undefined {
    this.#next.add(route, key, hash, size, targets);
    const before = this.#previous.rowOfHash(Buffer.from(hash, "hex"));
    if (before !== undefined) this.#stay(before);
    if (++this.#made === this.#whenMade?.count) this.#whenMade.then();
    return this.#inPlace ? undefined : this.#stored(hash);
  }

  /** Notes that a row of this build holds the bytes of the last build's `first` row (the first of those bytes): `save` keeps their file. */
  #stay(first: number): void {
    (this.#stays ??= new Uint8Array(this.#previous.count))[first] = 1;
  }

  /** Calls `then` once, when this build has made `count` files rather than kept them. */
  whenMade(count: number, then: () => void): void {
    this.#whenMade = { count: this.#made + count, then };
  }

  /** The table that numbers the routes and link targets of the store's pages (`keep`, `reuse`). */
  get paths(): Paths {
    return this.#paths;
  }

  /**
   * Writes the list of what this build put where, and deletes the stored files no route holds any
   * more; in place, deletes the pages that are gone (a deleted article, a tag nobody uses any more).
   * Returns the list's SHA-1 (the cache's manifest records it, to tell a cut-off list); "" in place.
   */
  async save(): Promise<string> {
    await this.stopChecking();
    const next = this.#next;
    if (this.#inPlace) {
      for (const route of this.gone()) await rm(path.join(this.#dir, outputPathFor(route)), { force: true });
      return "";
    }
    await mkdir(this.#dir, { recursive: true });
    const list = path.join(this.#dir, PAGE_LIST);
    const { paths, columns } = next.columns();
    const written = await writeChunks(`${list}.tmp`, encodeList(paths, columns));
    await rename(`${list}.tmp`, list);
    const previous = this.#previous;
    // Synchronously: the build waits for nothing else now, and a file at a time through libuv's
    // pool cost a round trip each (an addition that moves every list page deletes thousands).
    for (let row = 0; row < previous.count; row++) {
      // Each file once (at its first row), and only if no route holds it any more.
      if (previous.firstRowOfBytes(row) === row && !this.#stays?.[row]) rmSync(this.#stored(previous.hash(row)), { force: true });
    }
    return written.hash;
  }

  /** Forgets every stored file (a cache that cannot be trusted, or a clean build). */
  static async clear(dir: string): Promise<void> {
    removeTree(path.join(dir, FILES));
    await rm(path.join(dir, PAGE_LIST), { force: true });
  }
}

/** The page list's bytes: its header line, its paths, its columns (PAGE_LIST). */
function encodeList(paths: readonly string[], columns: Columns): Piece[] {
  const named = JSON.stringify(paths);
  const header = { endianness: endianness(), paths: Buffer.byteLength(named), rows: columns.routes.length, targets: columns.targets.length };
  return [`${JSON.stringify(header)}\n`, named, ...COLUMN_ORDER.map((name) => new Uint8Array(columns[name].buffer, columns[name].byteOffset, columns[name].byteLength))];
}

/** The paths and columns of a page list (`encodeList`); throws when its bytes are not one. */
function decodeList(list: Bytes): { paths: string[]; columns: Columns } {
  const bytes = Buffer.from(list.buffer, list.byteOffset, list.byteLength);
  const newline = bytes.indexOf(10);
  const header = newline > 0 ? (JSON.parse(bytes.toString("utf8", 0, newline)) as Record<string, unknown>) : undefined;
  const { endianness: order, paths: pathBytes, rows, targets } = header ?? {};
  if (order !== endianness() || ![pathBytes, rows, targets].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) throw new Error(`${PAGE_LIST} is not a page list of this machine's generator`);
  const n = rows as number;
  const lengths = { routes: n, keyed: n, keys: n * DIGEST, hashes: n * DIGEST, sizes: n, counts: n, targets: targets as number };
  const types = { routes: Int32Array, keyed: Uint8Array, keys: Uint8Array, hashes: Uint8Array, sizes: Float64Array, counts: Uint32Array, targets: Int32Array };
  let at = newline + 1 + (pathBytes as number);
  const columns: Record<string, ArrayBufferView> = {};
  for (const name of COLUMN_ORDER) {
    // Copied out: a typed array of 8-byte values cannot start at any byte of the file.
    const column = new types[name](lengths[name]);
    const size = column.byteLength;
    if (at + size > bytes.length) throw new Error(`${PAGE_LIST} is cut off`);
    new Uint8Array(column.buffer).set(bytes.subarray(at, at + size));
    columns[name] = column;
    at += size;
  }
  if (at !== bytes.length) throw new Error(`${PAGE_LIST} is longer than its header says`);
  const paths = JSON.parse(bytes.toString("utf8", newline + 1, newline + 1 + (pathBytes as number))) as unknown;
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === "string")) throw new Error(`${PAGE_LIST} does not list its paths`);
  return { paths, columns: columns as unknown as Columns };
}
