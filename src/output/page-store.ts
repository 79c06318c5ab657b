import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { linesInPieces, writeChunks } from "./file-writer.ts";
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
  readonly #previous: ReadonlyMap<string, StoredFile>;
  readonly #next = new Map<string, StoredFile>();
  /** Files known to be in the store, with their size: checked once, or written by this build. */
  readonly #present = new Map<string, number>();
  readonly #previousSizes = new Map<string, number>();
  readonly #targetList: string[];
  readonly #targetIds = new Map<string, number>();
  /** Stored files found missing or of the wrong size. */
  damaged = 0;

  /**
   * `dir`: the cache folder the store keeps its files in, or the output folder of a store in
   * place. `salt`: stands for everything that changes every page's bytes without changing its key
   * (the generator's code, its dependencies).
   */
  private constructor(dir: string, salt: string, previous: Map<string, StoredFile>, targets: string[], inPlace = false) {
    this.#dir = dir;
    this.#inPlace = inPlace;
    this.#salt = salt;
    this.#previous = previous;
    this.#targetList = targets;
    targets.forEach((t, i) => this.#targetIds.set(t, i));
    for (const file of previous.values()) this.#previousSizes.set(file.hash, file.size);
  }

  /** An empty store in `dir` (a clean build, or a cache that could not be trusted). */
  static empty(dir: string, salt: string): PageStore {
    return new PageStore(dir, salt, new Map(), []);
  }

  /** The preview's store for a rebuild into `outDir`: it starts from what `last` (the last rebuild that succeeded) wrote there. */
  static inPlace(outDir: string, last?: PageStore): PageStore {
    if (!last || last.#dir !== outDir) return new PageStore(outDir, "", new Map(), [], true);
    return new PageStore(outDir, "", last.#next, last.#targetList, true);
  }

  /** The store as the last build left it, given its list's text; throws when the list is not one this code wrote. */
  static read(dir: string, salt: string, list: string): PageStore {
    const lines = list.split("\n");
    if (lines.at(-1) !== "") throw new Error(`${PAGE_LIST} is cut off`);
    lines.pop();
    const head = JSON.parse(lines[0] ?? "null") as unknown;
    if (!Array.isArray(head) || !head.every((t) => typeof t === "string")) throw new Error(`${PAGE_LIST} does not start with its link targets`);
    const previous = new Map<string, StoredFile>();
    for (let i = 1; i < lines.length; i++) {
      const entry = JSON.parse(lines[i] as string) as unknown;
      if (!Array.isArray(entry) || entry.length !== 5) throw new Error(`${PAGE_LIST} line ${i + 1} is not a stored page`);
      const [route, key, hash, size, targets] = entry as unknown[];
      const valid =
        typeof route === "string" &&
        typeof key === "string" &&
        typeof hash === "string" &&
        /^[0-9a-f]{40}$/.test(hash) &&
        Number.isSafeInteger(size) &&
        Array.isArray(targets) &&
        targets.every((t) => Number.isInteger(t) && t >= 0 && t < head.length);
      if (!valid) throw new Error(`${PAGE_LIST} line ${i + 1} is not a stored page`);
      // Typed: hundreds of thousands of pages with dozens of links each.
      previous.set(route, { key, hash, size: size as number, targets: Int32Array.from(targets as number[]) });
    }
    return new PageStore(dir, salt, previous, head as string[]);
  }

  /** The digest under which a page is stored: its inputs (SitePage.key and site-wide ones) and the salt. */
  keyOf(inputs: string): string {
    return createHash("sha1").update(this.#salt).update("\u0000").update(inputs).digest("base64url");
  }

  /** Where the store keeps the file with these bytes. */
  #stored(hash: string): string {
    return path.join(this.#dir, FILES, hash.slice(0, 2), hash.slice(2));
  }

  static hashOf(content: string): string {
    return createHash("sha1").update(content).digest("hex");
  }

  /** What the last build wrote at `route`, if its inputs are the same (`key`) and its file is intact. */
  reusable(route: string, key: string): StoredFile | undefined {
    const before = this.#previous.get(route);
    if (!before || before.key !== key) return undefined;
    return this.holds(route, before.hash, before.size) ? before : undefined;
  }

  /**
   * Whether the store holds intact the file of this hash and size (from the last build or this
   * one); in place, whether it is the file the last write left at `route`.
   */
  holds(route: string, hash: string, size: number): boolean {
    if (this.#inPlace) {
      const before = this.#previous.get(route);
      return before?.hash === hash && before.size === size;
    }
    const known = this.#present.get(hash);
    if (known !== undefined) return known === size;
    // Only files the last build listed are looked for on disk: anything else is not the store's.
    if (this.#previousSizes.get(hash) !== size) return false;
    const found = statSync(this.#stored(hash), { throwIfNoEntry: false });
    if (found?.isFile() && found.size === size) {
      this.#present.set(hash, size);
      return true;
    }
    // Counted once, and made again by the caller (the writer replaces the damaged file).
    this.#present.set(hash, -1);
    this.damaged++;
    return false;
  }

  /**
   * Records what this write put at `route`; returns where the store keeps its bytes (the writer
   * links the file there or from there), undefined in place.
   */
  keep(route: string, key: string, hash: string, size: number, targets: ArrayLike<number>): string | undefined {
    this.#present.set(hash, size);
    this.#next.set(route, { key, hash, size, targets });
    return this.#inPlace ? undefined : this.#stored(hash);
  }

  /** Link targets as numbers in the store's table, and back. */
  targetIds(targets: readonly string[]): Int32Array {
    // One empty list for every page without links (every page of the preview, which checks none).
    if (targets.length === 0) return NO_TARGETS;
    return Int32Array.from(targets, (t) => {
      let id = this.#targetIds.get(t);
      if (id === undefined) {
        const kept = keptTarget(t);
        id = this.#targetList.push(kept) - 1;
        this.#targetIds.set(kept, id);
      }
      return id;
    });
  }

  targetsOf(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => this.#targetList[id] as string);
  }

  /**
   * Writes the list of what this build put where, and deletes the stored files no route holds any
   * more; in place, deletes the pages that are gone (a deleted article, a tag nobody uses any more).
   * Returns the list's SHA-1 (the cache's manifest records it, to tell a cut-off list); "" in place.
   */
  async save(): Promise<string> {
    if (this.#inPlace) {
      for (const route of this.#previous.keys()) if (!this.#next.has(route)) await rm(path.join(this.#dir, outputPathFor(route)), { force: true });
      return "";
    }
    // Targets are numbered in the order the list first names them, before its first line lists them.
    const used = new Map<number, number>();
    for (const file of this.#next.values()) for (const id of Array.from(file.targets)) if (!used.has(id)) used.set(id, used.size);
    const targets = [...used.keys()].map((id) => this.#targetList[id]);
    const next = this.#next;
    function* lines(): Generator<string> {
      yield JSON.stringify(targets);
      for (const [route, file] of next) yield JSON.stringify([route, file.key, file.hash, file.size, Array.from(file.targets, (id) => used.get(id))]);
    }
    await mkdir(this.#dir, { recursive: true });
    const list = path.join(this.#dir, PAGE_LIST);
    const [written] = await writeChunks([{ file: `${list}.tmp`, chunks: linesInPieces(lines()) }]);
    await rename(`${list}.tmp`, list);
    const kept = new Set([...this.#next.values()].map((f) => f.hash));
    for (const hash of this.#previousSizes.keys()) if (!kept.has(hash)) await rm(this.#stored(hash), { force: true });
    return (written as { hash: string }).hash;
  }

  /** Forgets every stored file (a cache that cannot be trusted, or a clean build). */
  static async clear(dir: string): Promise<void> {
    await rm(path.join(dir, FILES), { recursive: true, force: true });
    await rm(path.join(dir, PAGE_LIST), { force: true });
  }
}
