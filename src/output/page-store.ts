import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { linesInPieces, removeTree, writeChunks } from "./file-writer.ts";
import { FileScan } from "./file-scan.ts";
import { keptTarget } from "./link-check.ts";
import { outputPathFor } from "../core/urls.ts";

/** What a write put at one route: the digest of its inputs, its bytes' hash and size, and the links on it. */
export interface StoredFile {
  /** "" for a file made every time (a page without `SitePage.key`, the sitemap). */
  readonly key: string;
  readonly hash: string;
  readonly size: number;
  /** Link targets on the page, as numbers in the store's table of targets (see LinkCheck.targets). */
  readonly targets: ArrayLike<number>;
}

/** The store's list of routes, beside its files: one JSON line of link targets, then one line per route. */
export const PAGE_LIST = "pages.jsonl";
const FILES = "files";
const NO_TARGETS = new Int32Array(0);
/** Bytes of a SHA-1 digest: a page's key and its file's hash are kept as bytes, not as text. */
const DIGEST = 20;

/** Paths (link targets, routes) numbered, each held once as its own string. */
class Paths {
  readonly list: string[];
  readonly #ids = new Map<string, number>();

  constructor(list: string[]) {
    this.list = list;
    list.forEach((p, i) => this.#ids.set(p, i));
  }

  find(path: string): number | undefined {
    return this.#ids.get(path);
  }

  /** The path's number, numbering it first if it has none. */
  id(path: string): number {
    let id = this.#ids.get(path);
    if (id === undefined) {
      const kept = keptTarget(path);
      id = this.list.push(kept) - 1;
      this.#ids.set(kept, id);
    }
    return id;
  }
}

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

  constructor(paths: Paths) {
    this.#paths = paths;
  }

  /** The row of `route`, if it has one. */
  row(route: string): number | undefined {
    const id = this.#paths.find(route);
    const row = id === undefined ? 0 : (this.#rowOf[id] ?? 0);
    return row ? row - 1 : undefined;
  }

  /** Every route with its row, in the order they were added. */
  *rows(): Generator<[string, number]> {
    for (let row = 0; row < this.count; row++) yield [this.#paths.list[this.#at(row).routes[row % ROWS] as number] as string, row];
  }

  /** The first row of a file of this hash (as bytes), if any. */
  rowOfHash(hash: ArrayLike<number>): number | undefined {
    const mask = this.#byHash.length - 1;
    for (let slot = hashSlot(hash) & mask; ; slot = (slot + 1) & mask) {
      const row = (this.#byHash[slot] as number) - 1;
      if (row === -1) return undefined;
      if (this.#sameHash(row, hash)) return row;
    }
  }

  add(route: string, key: string, hash: string, size: number, targets: ArrayLike<number>): void {
    const id = this.#paths.id(route);
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
    const keyBytes = key ? Buffer.from(key, "base64url") : undefined;
    if (keyBytes) block.keys.set(keyBytes, i * DIGEST);
    block.keyed[i] = keyBytes ? 1 : 0;
    const hashBytes = Buffer.from(hash, "hex");
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
    return this.rowOfHash(this.#hashBytes(row)) as number;
  }

  key(row: number): string {
    const block = this.#at(row);
    const i = row % ROWS;
    return block.keyed[i] ? Buffer.from(block.keys.buffer, i * DIGEST, DIGEST).toString("base64url") : "";
  }

  hash(row: number): string {
    return this.#hashBytes(row).toString("hex");
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

  file(row: number): StoredFile {
    return { key: this.key(row), hash: this.hash(row), size: this.size(row), targets: this.targets(row) };
  }

  #at(row: number): Rows {
    return this.#blocks[Math.floor(row / ROWS)] as Rows;
  }

  #sameHash(row: number, hash: ArrayLike<number>): boolean {
    const hashes = this.#at(row).hashes;
    const at = (row % ROWS) * DIGEST;
    for (let i = 0; i < DIGEST; i++) if (hashes[at + i] !== hash[i]) return false;
    return true;
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
  #published: string | undefined;
  /** The last build's files, looked at on a thread of their own (`checkFiles`). */
  #scan: FileScan | undefined;
  /** Stored files found missing or of the wrong size. */
  damaged = 0;

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

  /** An empty store in `dir` (a clean build, or a cache that could not be trusted). */
  static empty(dir: string, salt: string): PageStore {
    return new PageStore(dir, salt, new Paths([]));
  }

  /** The preview's store for a rebuild into `outDir`: it starts from what `last` (the last rebuild that succeeded) wrote there. */
  static inPlace(outDir: string, last?: PageStore): PageStore {
    if (!last || last.#dir !== outDir) return new PageStore(outDir, "", new Paths([]), undefined, true);
    return new PageStore(outDir, "", last.#paths, last.#next, true);
  }

  /** The store as the last build left it, given its list's text; throws when the list is not one this code wrote. */
  static read(dir: string, salt: string, list: string): PageStore {
    const lines = list.split("\n");
    if (lines.at(-1) !== "") throw new Error(`${PAGE_LIST} is cut off`);
    lines.pop();
    const head = JSON.parse(lines[0] ?? "null") as unknown;
    if (!Array.isArray(head) || !head.every((t) => typeof t === "string")) throw new Error(`${PAGE_LIST} does not start with its link targets`);
    const paths = new Paths(head as string[]);
    const previous = new FileTable(paths);
    for (let i = 1; i < lines.length; i++) {
      const entry = JSON.parse(lines[i] as string) as unknown;
      if (!Array.isArray(entry) || entry.length !== 5) throw new Error(`${PAGE_LIST} line ${i + 1} is not a stored page`);
      const [route, key, hash, size, targets] = entry as unknown[];
      const valid =
        typeof route === "string" &&
        typeof key === "string" &&
        (key === "" || Buffer.from(key, "base64url").toString("base64url") === key) &&
        (key === "" || key.length === 27) &&
        typeof hash === "string" &&
        /^[0-9a-f]{40}$/.test(hash) &&
        Number.isSafeInteger(size) &&
        Array.isArray(targets) &&
        targets.every((t) => Number.isInteger(t) && t >= 0 && t < head.length);
      if (!valid) throw new Error(`${PAGE_LIST} line ${i + 1} is not a stored page`);
      previous.add(route, key, hash, size as number, targets as number[]);
    }
    return new PageStore(dir, salt, paths, previous);
  }

  /** The digest under which a page is stored: its inputs (SitePage.key and site-wide ones) and the salt. */
  keyOf(inputs: string): string {
    return createHash("sha1").update(this.#salt).update("\u0000").update(inputs).digest("base64url");
  }

  /** Where the store keeps the file with these bytes. */
  #stored(hash: string): string {
    return path.join(this.#dir, storedName(hash));
  }

  static hashOf(content: string): string {
    return createHash("sha1").update(content).digest("hex");
  }

  /** What the last build wrote at `route`, if its inputs are the same (`key`) and its file is intact. */
  reusable(route: string, key: string): StoredFile | undefined {
    const row = this.#previous.row(route);
    if (row === undefined || this.#previous.key(row) !== key) return undefined;
    const before = this.#previous.file(row);
    return this.holds(route, before.hash, before.size) ? before : undefined;
  }

  /**
   * Whether the store holds intact the file of this hash and size (from the last build or this
   * one); in place, whether it is the file the last write left at `route`.
   */
  holds(route: string, hash: string, size: number): boolean {
    if (this.#inPlace) {
      const row = this.#previous.row(route);
      return row !== undefined && this.#previous.hash(row) === hash && this.#previous.size(row) === size;
    }
    // Written by this build, or else found intact once.
    const bytes = Buffer.from(hash, "hex");
    const kept = this.#next.rowOfHash(bytes);
    if (kept !== undefined) return this.#next.size(kept) === size;
    // Only files the last build listed are looked for on disk: anything else is not the store's.
    const before = this.#previous.rowOfHash(bytes);
    if (before === undefined || this.#previous.size(before) !== size) return false;
    this.#checked ??= new Uint8Array(this.#previous.count);
    if (this.#checked[before]) return this.#checked[before] === 1;
    if (this.#scan?.stored(before) ?? this.#storedInode(before, hash, size) !== undefined) {
      this.#checked[before] = 1;
      return true;
    }
    // Counted once, and made again by the caller (the writer replaces the damaged file).
    this.#checked[before] = 2;
    this.damaged++;
    return false;
  }

  /**
   * Makes this build an update of `publishedDir`, the folder the last build that kept this store
   * published (cli/build.ts checks that it is): a file there that is already the store's file of
   * the same bytes (`published`) is left where it is, not linked into the new output.
   */
  update(publishedDir: string): void {
    this.#published = publishedDir;
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
    const published: string[] | undefined = this.#published === undefined ? undefined : [];
    const sizes = new Float64Array(previous.count);
    const firstRow = new Int32Array(previous.count);
    for (const [route, row] of previous.rows()) {
      const first = previous.firstRowOfBytes(row);
      firstRow[row] = first;
      sizes[row] = previous.size(row);
      // Only the first row of the same bytes names the stored file (its hash as text, once).
      stored.push(first === row ? storedName(previous.hash(row)) : "");
      published?.push(outputPathFor(route));
    }
    this.#scan = new FileScan({ storeDir: this.#dir, stored, sizes, firstRow, publishedDir: this.#published, published });
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
    if (this.#published === undefined) return false;
    const bytes = Buffer.from(hash, "hex");
    const before = this.#previous.rowOfHash(bytes);
    if (before === undefined || this.#previous.size(before) !== size || this.#checked?.[before] !== 1) return false;
    // The scan compared the file at this route with the stored file of the bytes the last build put there.
    const row = this.#previous.row(route);
    const scanned = row !== undefined && this.#previous.firstRowOfBytes(row) === before ? this.#scan?.published(row) : undefined;
    if (scanned !== undefined) return scanned;
    const ino = this.#storedInode(before, hash, size);
    const found = statSync(path.join(this.#published, outputPathFor(route)), { throwIfNoEntry: false });
    return ino !== undefined && found !== undefined && found.isFile() && found.ino === ino;
  }

  /** Routes the last build wrote that this one did not (a deleted article, a tag nobody uses any more). */
  gone(): string[] {
    const gone: string[] = [];
    for (const [route] of this.#previous.rows()) if (this.#next.row(route) === undefined) gone.push(route);
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
    return this.#inPlace ? undefined : this.#stored(hash);
  }

  /** Link targets as numbers in the store's table, and back. */
  targetIds(targets: readonly string[]): Int32Array {
    // One empty list for every page without links (every page of the preview, which checks none).
    if (targets.length === 0) return NO_TARGETS;
    return Int32Array.from(targets, (t) => this.#paths.id(t));
  }

  targetsOf(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => this.#paths.list[id] as string);
  }

  /** The link target of this number in the store's table. */
  readonly targetPath = (id: number): string => this.#paths.list[id] as string;

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
    // Targets are numbered in the order the list first names them, before its first line lists them.
    const used = new Int32Array(this.#paths.list.length).fill(-1);
    const targets: string[] = [];
    for (const [, row] of next.rows()) {
      for (const id of next.targets(row)) if (used[id] === -1) used[id] = targets.push(this.#paths.list[id] as string) - 1;
    }
    function* lines(): Generator<string> {
      yield JSON.stringify(targets);
      for (const [route, row] of next.rows()) yield JSON.stringify([route, next.key(row), next.hash(row), next.size(row), Array.from(next.targets(row), (id) => used[id])]);
    }
    await mkdir(this.#dir, { recursive: true });
    const list = path.join(this.#dir, PAGE_LIST);
    const [written] = await writeChunks([{ file: `${list}.tmp`, chunks: linesInPieces(lines()) }]);
    await rename(`${list}.tmp`, list);
    for (const [, row] of this.#previous.rows()) {
      const hash = this.#previous.hash(row);
      const bytes = Buffer.from(hash, "hex");
      // Each file once (at its first row), and only if no route holds it any more.
      if (this.#previous.rowOfHash(bytes) === row && next.rowOfHash(bytes) === undefined) await rm(this.#stored(hash), { force: true });
    }
    return (written as { hash: string }).hash;
  }

  /** Forgets every stored file (a cache that cannot be trusted, or a clean build). */
  static async clear(dir: string): Promise<void> {
    removeTree(path.join(dir, FILES));
    await rm(path.join(dir, PAGE_LIST), { force: true });
  }
}
