/**
 * The build cache: what one production build keeps in one folder (`.cache/` at the project root,
 * or BUILD_CACHE) so that the next build redoes only what changed, and writes only the files whose
 * bytes changed, while its output stays byte-identical to a clean build's (tests/e2e/cache.test.ts).
 *
 *   cache.json      what made the cache (format, project, digests of the generator and registries)
 *                   and the SHA-1 of each list below, so that a damaged or cut-off list is detected
 *   records.jsonl   per article file, its bytes' git blob id and what validating it gave (the record,
 *                   its problems, its body warnings, its fingerprint, its lead); the body is not
 *                   kept: it is the tail of the file, read from it when a page asks for it. A file
 *                   git has committed and not seen changed is not read at all (git-files.ts)
 *   pages.bin       per output route, the digest of its inputs, its file, and its links (page-store.ts)
 *   files/          every output file once, named by the SHA-1 of its bytes (page-store.ts)
 *   lines.json      per line of /data/articles.json or of each monthly volume in files/, the
 *                   article's fingerprint and the line's length (record-lines.ts)
 *   search/, search.jsonl   the last search index (hard links), its files' sizes and the SHA-1 of
 *                   their contents (before compression), with the digest of every input of the
 *                   index: reused whole when no article, registry or search code changed, written
 *                   again otherwise, its files whose contents did not change linked from here, or,
 *                   when the published index is this one, left where they are (SearchPlacement)
 *   search-state.json   what the index was written with (each page's article, its word index's
 *                   chunks): a few articles edited, their blocks are changed in the last index
 *                   (search/pagefind/update.ts)
 *   gone/           the last index's files an update replaced, removed on a thread by the next build
 *
 * What invalidates what (each digest covers Node's version, package.json and package-lock.json):
 * records: the registries, the gate's code (src/core, src/content), the lead's
 * (src/render/markdown.ts, html.ts) and their stored form (stored-result.ts); pages: a page's own inputs
 * (SitePage.key), site-wide ones (settings, registries, hand-written pages) and the code that
 * renders (src/ but the search index, the browser scripts and the stylesheet, which no page
 * embeds); the search index: any article, the registries, the path prefix and the search code
 * (src/search, and the Markdown-to-text of src/render/markdown.ts).
 *
 * Never trusted blindly: a cache of another format, made for another project, or whose lists do
 * not match their recorded digests, is reported in one line and emptied; a stored file that is
 * missing or of the wrong size is rendered again.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Article, ArticleResult } from "../content/article.ts";
import type { Bytes } from "../content/decode.ts";
import { blobId } from "../content/git-files.ts";
import type { FileToValidate, ValidationCache } from "../content/load.ts";
import type { ContentProblem } from "../content/problems.ts";
import { readRegistryFiles, type Registries, type RegistryFiles } from "../content/registry.ts";
import { FileWriterThread, linesInPieces, removeTree, removeTreeBeside, writeChunks } from "../output/file-writer.ts";
import { PAGE_LIST, PageStore } from "../output/page-store.ts";
import { sha1 } from "../core/digest.ts";
import { outputPathFor, routes } from "../core/urls.ts";
import { FileScan } from "../output/file-scan.ts";
import { updateInPlace } from "../output/publish.ts";
import { BUNDLE_ENTRIES, type BundleFile, type ReusableFiles } from "../search/pagefind/writer.ts";
import type { Piece, RecordLines } from "../render/data.ts";
import type { SiteSearchOptions } from "../search/bundle/site-search.ts";
import { KeptLines, LINE_LIST } from "./record-lines.ts";
import { revivedResult, storedResult, type StoredResult } from "./stored-result.ts";
import { validateOnThread } from "./validation-thread.ts";

/** Bumped whenever the layout of the cache changes: a cache of another format is never read. */
const CACHE_FORMAT = 3;

const MANIFEST = "cache.json";
const RECORDS = "records.jsonl";
const SEARCH = "search";
const SEARCH_LIST = "search.jsonl";
const SEARCH_STATE = "search-state.json";
/** The standard marker of a cache folder (bford.info/cachedir): backup tools skip it; and it tells this cache from other files. */
const TAG = "CACHEDIR.TAG";
const GONE = "gone";
const TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# The build cache of the archive generator (npm run build). Safe to delete.\n";

const GENERATOR = fileURLToPath(new URL("../..", import.meta.url));

type Part = "records" | "pages" | "search";

interface Manifest {
  readonly format: number;
  readonly project: string;
  readonly generator: Record<Part, string>;
  readonly registries: string;
  /** SHA-1 of records.jsonl and pages.bin. */
  readonly records: string;
  readonly pages: string;
  /** The search index kept: the digest of its inputs, the SHA-1 of search.jsonl and of search-state.json (if there is one). */
  readonly search: { readonly inputs: string; readonly list: string; readonly state?: string | null } | null;
  /** The folder the build that made the cache published, which the next build may update in place. */
  readonly output?: PublishedOutput | null;
  /** SHA-1 of lines.json, if there is one. */
  readonly lines?: string | null;
}

/** A published output folder as the cache knows it. */
interface PublishedOutput {
  /**
   * Its real path, and its modification time to the nanosecond as the build left it: a folder put
   * there by anything else (a build without the cache swaps in a new one) has another. Not its
   * inode: a CI runner that restores the cache and the folder from one tar archive gets new
   * inodes, and the same times.
   */
  readonly dir: string;
  readonly folder: string;
  /** Its files that are not the page store's nor the search index's (hand-written pages, scripts), relative. */
  readonly extras: readonly string[];
}

/** The kept search index's files: path in the index, size, and the SHA-1 of its contents (OutputFiles.write). */
type SearchList = readonly (readonly [string, number, string?])[];

/**
 * How the search index reached the output folder: the published one is this build's already
 * (nothing in it); laid over the published one (only what changed in it: `gone` lists the
 * published files to remove once it is moved in, `last` the files to move in after the others);
 * or whole.
 */
export type SearchPlacement = { readonly placed: "published" } | { readonly placed: "over"; readonly gone: readonly string[]; readonly last: readonly string[] } | { readonly placed: "whole" };

/** What a search index writer is given of the last index: its files by contents, and the index itself with the state it was written with. */
export interface SearchWrite {
  readonly reuse: ReusableFiles;
  readonly kept: SiteSearchOptions["kept"];
  /** The kept index's folder, when the output is laid over a copy of it (SiteSearchOptions.over). */
  readonly over?: string;
}

/** The digest of every input of the search index, its code included (the build cache's key for it). */
export function searchInputs(archiveDigest: string, code = searchCode()): string {
  return sha1(`${code}\u0000${archiveDigest}`);
}

/** The digest of the code that makes the search index (src/search and what it imports), Node and the dependencies. */
export function searchCode(): string {
  return generatorDigests().search;
}

/**
 * A line of the last records.jsonl, as the cache holds it: the bytes' digest, and where the line
 * and its stored result (after the tab) are in the list's bytes. Kept as bytes, not as strings:
 * a kept line is written into the next list as it was, not encoded again.
 */
interface KeptRecord {
  readonly digest: string;
  readonly line: number;
  readonly json: number;
  /** Just past the line's "\n". */
  readonly end: number;
}

/** The kept records: the last list's bytes, and each file's line in them. */
interface KeptRecords {
  readonly bytes: Buffer;
  readonly lines: Map<string, KeptRecord>;
}

export interface BuildCacheOptions {
  /** The cache folder (absolute). */
  readonly dir: string;
  readonly rootDir: string;
  readonly contentDir: string;
  /** Where the one-line warnings about an unusable cache go (default: stderr). */
  readonly warn?: (line: string) => void;
}

/**
 * One build's view of the cache: opened before the content is loaded (it is the loader's
 * ValidationCache), its page store handed to the page writer, `searchIndex` around the search
 * stage, and `save` once the new output is in place.
 */
export class BuildCache implements ValidationCache {
  readonly dir: string;
  readonly pages: PageStore;
  /**
   * Whether this build is expected to make little of the site: the last build's records, pages,
   * search index and open data lines were all made by this generator from these registries. A
   * build of other links (another SITE_URL) makes everything again all the same: `whenRemaking`.
   */
  readonly republishes: boolean;
  #onRemaking: (() => void) | undefined;
  readonly #identity: Omit<Manifest, "records" | "pages" | "search">;
  readonly #rootDir: string;
  readonly #warn: (line: string) => void;
  /** Kept results: the last list's bytes, and by file its line there (the bytes' digest, the stored JSON). */
  readonly #records: KeptRecords;
  /** Per file: a kept line, a result to store, or a result stored already (by the validation thread). */
  readonly #nextRecords = new Map<string, KeptRecord | { digest: string; result: ArticleResult } | { digest: string; stored: string }>();
  readonly #bodyWarnings = new WeakMap<Article, readonly ContentProblem[]>();
  readonly #search: Manifest["search"];
  #nextSearch: Manifest["search"];
  readonly #output: PublishedOutput | null;
  #nextOutput: PublishedOutput | null = null;
  readonly #linesList: string | null;
  #lines: KeptLines | undefined;
  #damagedRecords = 0;
  /** The kept search index's list (null: damaged), once read. */
  #searchFiles: SearchList | null | undefined;
  /** Its files looked at on a thread of their own while the archive loads (`updates`). */
  #searchScan: FileScan | undefined;
  /** Files of the kept index the new one does not have, when it was laid over it (`searchIndex`). */
  #searchGone: readonly string[] | undefined;
  /** The removal of gone/ (the files the last build replaced), begun when the cache is opened. */
  #emptying: Promise<void> = Promise.resolve();

  private constructor(dir: string, rootDir: string, identity: Omit<Manifest, "records" | "pages" | "search">, warn: (line: string) => void, kept: { manifest: Manifest; pages: PageStore; records: KeptRecords } | undefined) {
    this.dir = dir;
    this.#rootDir = rootDir;
    this.#identity = identity;
    this.#warn = warn;
    this.pages = kept?.pages ?? PageStore.empty(dir, identity.generator.pages);
    this.#records = kept && kept.manifest.generator.records === identity.generator.records && kept.manifest.registries === identity.registries ? kept.records : { bytes: Buffer.alloc(0), lines: new Map() };
    this.#search = kept?.manifest.search ?? null;
    this.#nextSearch = this.#search;
    this.#output = kept?.manifest.output ?? null;
    this.#linesList = kept?.manifest.lines ?? null;
    const same = (part: Part) => kept?.manifest.generator[part] === identity.generator[part];
    this.republishes = this.#records.lines.size > 0 && same("pages") && this.pages.size > 0 && same("search") && Boolean(this.#search?.state) && this.#linesList !== null;
  }

  /**
   * The cache in `dir`, checked: anything that cannot be trusted is reported in one line and the
   * build starts from an empty cache (the folder's cache files are removed). Undefined when `dir`
   * holds other files than a cache's: the build then runs without one and touches nothing there.
   */
  static async open(options: BuildCacheOptions): Promise<BuildCache | undefined> {
    const warn = options.warn ?? ((line: string) => console.error(line));
    const dir = options.dir;
    const shown = path.relative(process.cwd(), dir) || ".";
    const identity = {
      format: CACHE_FORMAT,
      project: path.join(realpathSync(options.rootDir), options.contentDir),
      generator: generatorDigests(),
      registries: sha1(JSON.stringify(Object.values(await readRegistryFiles(path.join(options.rootDir, options.contentDir, "_data"))).map((b) => (b ? sha1(b) : null)))),
    };
    const entries = existsSync(dir) ? readdirSync(dir) : [];
    if (entries.length && !entries.includes(TAG)) {
      warn(`warning: build cache ${shown}/ not used: the folder holds other files (no ${TAG}); building without a cache — name an empty folder in BUILD_CACHE`);
      return undefined;
    }
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, TAG), TAG_TEXT);
    const holder = lock(dir);
    if (holder) {
      warn(`warning: build cache ${shown}/ not used: another build (process ${holder}) is using it; building without a cache`);
      return undefined;
    }
    if (entries.length === 0) return new BuildCache(dir, options.rootDir, identity, warn, undefined);
    // On the second core while the archive loads, which keeps the first busy.
    const emptying = entries.includes(GONE) ? removeTreeBeside(path.join(dir, GONE)) : undefined;
    let kept: { manifest: Manifest; pages: PageStore; records: KeptRecords } | undefined;
    try {
      kept = readCache(dir, identity);
    } catch (error) {
      warn(`warning: build cache ${shown}/ ignored: ${(error as Error).message}; building without it`);
      await clear(dir);
    }
    const cache = new BuildCache(dir, options.rootDir, identity, warn, kept);
    if (emptying) cache.#emptying = emptying;
    return cache;
  }

  get keeps(): boolean {
    return this.#records.lines.size > 0;
  }

  kept(file: string, digest: string, registries: Registries): ArticleResult | undefined {
    const kept = this.#records.lines.get(file);
    if (kept?.digest !== digest) return undefined;
    try {
      const result = this.#revive(file, JSON.parse(this.#records.bytes.toString("utf8", kept.json, kept.end - 1)) as StoredResult, registries);
      this.#nextRecords.set(file, kept);
      return result;
    } catch {
      this.#damagedRecords++;
      this.#records.lines.delete(file);
      return undefined;
    }
  }

  result(file: string, bytes: Bytes, registries: Registries, validate: () => ArticleResult): ArticleResult {
    const digest = blobId(bytes);
    const kept = this.kept(file, digest, registries);
    if (kept) return kept;
    const result = validate();
    this.#nextRecords.set(file, { digest, result });
    return result;
  }

  /**
   * Validates files of `files` on a thread of its own (validation-thread.ts), as `result` would
   * each, taking them one at a time as the loader does (`next`): `put` is given each result and the
   * index of its file; the results are kept for the next build.
   */
  async validateBeside(files: readonly FileToValidate[], registries: Registries, from: { readonly dataDir: string; readonly registryFiles: RegistryFiles }, next: Int32Array, put: (index: number, result: ArticleResult) => void): Promise<void> {
    try {
      await validateOnThread({ files, next: next.buffer as SharedArrayBuffer, rootDir: this.#rootDir, ...from }, (index, digest, stored) => {
        const file = (files[index] as FileToValidate).file;
        put(index, this.#revive(file, JSON.parse(stored) as StoredResult, registries));
        this.#nextRecords.set(file, { digest, stored });
      });
    } catch (error) {
      this.#warn(`warning: validating article files on a thread of their own failed (${(error as Error).message}); the main thread validates them`);
      throw error;
    }
  }

  bodyWarnings(article: Article, compute: (article: Article) => readonly ContentProblem[]): readonly ContentProblem[] {
    let warnings = this.#bodyWarnings.get(article);
    if (!warnings) this.#bodyWarnings.set(article, (warnings = compute(article)));
    return warnings;
  }

  /**
   * Whether this build can update `outDir` in place: it is the folder the build that made the
   * cache published, still the same folder (not one another build put there: PublishedOutput), and
   * the last update of it was not cut off (`beginUpdate`). Then the page store leaves the files
   * there that did not change, and the output folder of this build holds only what changed.
   * Either way it starts the look at the last build's files, on threads of their own: the page
   * store's (PageStore.checkFiles) and the kept search index's (for `searchIndex`).
   */
  updates(outDir: string): boolean {
    const output = this.#output;
    const updates = output !== null && existsSync(outDir) && realpathSync(outDir) === output.dir && folderIdentity(outDir) === output.folder;
    if (updates) this.pages.update(outDir);
    // While the archive loads, on a thread of its own: which of the last build's files are intact.
    this.pages.checkFiles();
    const list = this.#search ? this.#searchList() : undefined;
    if (list?.length) {
      const files = list.map(([file]) => file);
      const published = updates ? path.join(outDir, routes.searchIndex()) : undefined;
      this.#searchScan = new FileScan({ storeDir: path.join(this.dir, SEARCH), stored: files, sizes: Float64Array.from(list, ([, size]) => size), firstRow: Int32Array.from(list, (_, row) => row), publishedDir: published, published: published === undefined ? undefined : files });
    }
    return updates;
  }

  /**
   * The files of the published folder this build does not make, given the files it wrote besides
   * the page store's and the search index (`extras`): pages of a deleted article, a hand-written
   * page removed. Only for a build that `updates`.
   */
  gone(extras: readonly string[]): string[] {
    const made = new Set(extras);
    const gone = this.pages.gone().map((route) => outputPathFor(route));
    for (const file of this.#output?.extras ?? []) if (!made.has(file) && !this.pages.wrote(`/${file}`)) gone.push(file);
    return gone;
  }

  /**
   * Called before an update in place begins: the cache stops vouching for the published folder
   * until `save` (the manifest is removed), so that an update cut off half way is never taken for
   * a site the cache describes; the next build then starts from an empty cache.
   */
  beginUpdate(): void {
    rmSync(path.join(this.dir, MANIFEST), { force: true });
  }

  /** Records the folder this build published and its files besides the store's and the search index's. */
  published(outDir: string, extras: readonly string[]): void {
    this.#nextOutput = { dir: realpathSync(outDir), folder: folderIdentity(outDir), extras: [...extras].sort() };
  }

  /**
   * The lines of the open data's article files the last build wrote, for this build's to copy
   * those of unchanged articles (record-lines.ts), given the digest of everything site-wide a
   * page shows (settings, registries, links).
   */
  recordLines(siteKey: string): RecordLines & { readonly copied: number } {
    if (!this.#lines) {
      this.#lines = KeptLines.open(this.dir, this.#linesList, this.pages.keyOf(`lines\u0000${siteKey}`), this.pages);
      if (this.#lines.empty) this.#remaking();
    }
    return this.#lines;
  }

  /**
   * Calls `then` once, if this build turns out to make much of the site again: the open data's
   * lines were made for other settings, or the page writer has rendered `pages` pages.
   */
  whenRemaking(pages: number, then: () => void): void {
    this.#onRemaking = then;
    this.pages.whenMade(pages, () => this.#remaking());
  }

  #remaking(): void {
    const then = this.#onRemaking;
    this.#onRemaking = undefined;
    then?.();
  }

  /**
   * The search index into `outDir`: linked from the cache when its inputs are those of the kept
   * index and every kept file is intact; otherwise `write()` writes it and the cache keeps it.
   * `write` is given the kept index's files by the SHA-1 of their contents before compression:
   * the writer links those whose contents it would write again (an article edited changes the
   * files of the words it holds; most others stay the same). When the build updates the published
   * site (`published`: its index folder) and that index is the kept one, file for file, `write` is
   * also told to lay `outDir` over it: `outDir` then holds only the files that changed, and the
   * result names the published files to remove (`gone`) and those to replace last (`last`).
   */
  async searchIndex(inputs: string, outDir: string, write: (last: SearchWrite) => Promise<{ files: ReadonlyMap<string, BundleFile>; state?: unknown }>, published?: string): Promise<SearchPlacement> {
    const same = this.#search?.inputs === inputs;
    const listed = this.#search ? this.#searchList() : undefined;
    const kept = listed && this.#storedIntact(listed) ? listed : undefined;
    if (listed && !kept) this.#damagedRecords++;
    const over = published !== undefined && kept !== undefined && this.#publishedIntact(kept, published);
    const keptDir = path.join(this.dir, SEARCH);
    if (same && kept) {
      if (over) return { placed: "published" };
      await linkFiles(kept.map(([file]) => file), keptDir, outDir);
      return { placed: "whole" };
    }
    const earlier = new Map<string, { path: string; size: number }>();
    for (const [file, size, contents] of kept ?? []) if (contents) earlier.set(contents, { path: path.join(keptDir, file), size });
    const state = kept && this.#keptSearchState();
    const files = new Map((kept ?? []).map(([file, size, contents]) => [file, { size, contents }]));
    const written = await write({ reuse: earlier, kept: state === undefined ? undefined : { dir: keptDir, files, state }, ...(over ? { over: keptDir } : {}) });
    earlier.clear();
    files.clear();
    // What outDir holds: the whole index, or laid over the published one, what changed.
    const staged = listFiles(outDir);
    const fresh = path.join(this.dir, `${SEARCH}.new`);
    removeTree(fresh);
    await linkFiles(staged, outDir, fresh);
    const sizes = new Map(written.files);
    for (const file of staged) if (!sizes.has(file)) sizes.set(file, { size: statSync(path.join(outDir, file)).size });
    const line = ([file, { size, contents }]: [string, BundleFile]) => JSON.stringify(contents ? [file, size, contents] : [file, size]);
    const list = `${[...sizes].sort(([a], [b]) => (a < b ? -1 : 1)).map(line).join("\n")}\n`;
    await writeFile(path.join(this.dir, `${SEARCH_LIST}.new`), list);
    const stateText = written.state === undefined ? undefined : JSON.stringify(written.state);
    await (stateText === undefined ? rm(path.join(this.dir, `${SEARCH_STATE}.new`), { force: true }) : writeFile(path.join(this.dir, `${SEARCH_STATE}.new`), stateText));
    this.#nextSearch = { inputs, list: sha1(list), state: stateText === undefined ? null : sha1(stateText) };
    if (!over) {
      this.#searchGone = undefined;
      return { placed: "whole" };
    }
    const gone = (kept ?? []).map(([file]) => file).filter((file) => !sizes.has(file));
    this.#searchGone = gone;
    return { placed: "over", gone, last: staged.filter((file) => BUNDLE_ENTRIES.includes(path.posix.basename(file))) };
  }

  /** Keeps what this build made for the next one; the last step of a build that succeeded. */
  async save(): Promise<void> {
    const dir = this.dir;
    await this.#emptying;
    await mkdir(dir, { recursive: true });
    // Without its manifest the folder is an unfinished cache until the new one is written.
    await rm(path.join(dir, MANIFEST), { force: true });
    // In the order of the files' names, as the loader lists them, whichever thread validated each.
    const entries = [...this.#nextRecords].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const { buffer, byteOffset, length } = this.#records.bytes;
    const kept = new Uint8Array(buffer, byteOffset, length);
    const store = (result: ArticleResult) => this.#store(result);
    // Kept lines as the bytes they were, a run of them next to each other in the last list as one
    // piece; new lines a few thousand to a piece.
    function* pieces(): Generator<Piece> {
      let run: [number, number] | undefined;
      const made: string[] = [];
      for (const [file, entry] of entries) {
        if ("line" in entry) {
          if (made.length) yield* linesInPieces(made.splice(0));
          if (run?.[1] === entry.line) run[1] = entry.end;
          else {
            if (run) yield kept.subarray(...run);
            run = [entry.line, entry.end];
          }
          continue;
        }
        if (run) yield kept.subarray(...run);
        run = undefined;
        made.push(`${JSON.stringify([file, entry.digest])}\t${"stored" in entry ? entry.stored : store(entry.result)}`);
        if (made.length === 4096) yield* linesInPieces(made.splice(0));
      }
      if (run) yield kept.subarray(...run);
      yield* linesInPieces(made);
    }
    const records = await writeChunks(path.join(dir, `${RECORDS}.tmp`), pieces());
    await rename(path.join(dir, `${RECORDS}.tmp`), path.join(dir, RECORDS));
    const pages = await this.pages.save();
    const lineList = this.#lines ? await this.#lines.save(dir, this.pages) : null;
    if (!lineList) await rm(path.join(dir, LINE_LIST), { force: true });
    if (this.#nextSearch !== this.#search) {
      if (this.#searchGone) {
        // The new index is the kept one with what changed moved over it, as the published one was.
        // The files it replaced are set aside, for the next build to remove (`#emptying`).
        updateInPlace(path.join(dir, `${SEARCH}.new`), path.join(dir, SEARCH), { gone: this.#searchGone, whole: [], keep: new Set(), trash: path.join(dir, GONE) });
        removeTree(path.join(dir, `${SEARCH}.new`));
      } else {
        removeTree(path.join(dir, SEARCH));
        await rename(path.join(dir, `${SEARCH}.new`), path.join(dir, SEARCH));
      }
      await rename(path.join(dir, `${SEARCH_LIST}.new`), path.join(dir, SEARCH_LIST));
      if (this.#nextSearch?.state) await rename(path.join(dir, `${SEARCH_STATE}.new`), path.join(dir, SEARCH_STATE));
      else await rm(path.join(dir, SEARCH_STATE), { force: true });
    }
    const manifest: Manifest = { ...this.#identity, records: (records as { hash: string }).hash, pages, search: this.#nextSearch, output: this.#nextOutput, lines: lineList };
    await writeFile(path.join(dir, `${MANIFEST}.tmp`), `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(path.join(dir, `${MANIFEST}.tmp`), path.join(dir, MANIFEST));
    const damaged = this.#damagedRecords + this.pages.damaged + (this.#lines?.damaged ? 1 : 0);
    if (damaged) this.#warn(`warning: build cache ${path.relative(process.cwd(), dir) || "."}/: ${damaged} damaged entr${damaged === 1 ? "y was" : "ies were"} not used and made again`);
  }

  /** The state the kept index was written with (search-state.json), if it is intact; undefined (and counted as damaged) if not. */
  #keptSearchState(): unknown {
    const digest = this.#search?.state;
    if (!digest) return undefined;
    try {
      const text = readFileSync(path.join(this.dir, SEARCH_STATE), "utf8");
      if (sha1(text) !== digest) throw new Error("search state damaged");
      return JSON.parse(text) as unknown;
    } catch {
      this.#damagedRecords++;
      return undefined;
    }
  }

  /**
   * The kept search index's files, sizes and the SHA-1 of their contents, if its list is intact
   * (read once); undefined (and counted as damaged) if not.
   */
  #searchList(): SearchList | undefined {
    if (this.#searchFiles !== undefined) return this.#searchFiles ?? undefined;
    try {
      const text = readFileSync(path.join(this.dir, SEARCH_LIST), "utf8");
      if (sha1(text) !== this.#search?.list) throw new Error("search list damaged");
      const files = text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as [string, number, string?]);
      for (const [file, size, contents] of files) {
        if (typeof file !== "string" || file.split("/").includes("..") || path.isAbsolute(file) || !Number.isSafeInteger(size) || (contents !== undefined && !/^[0-9a-f]{40}$/.test(contents))) throw new Error("search list damaged");
      }
      this.#searchFiles = files;
      return files;
    } catch {
      this.#damagedRecords++;
      this.#searchFiles = null;
      return undefined;
    }
  }

  /** Whether every file of the kept index is there with its size (the scan's answers, or the file system's). */
  #storedIntact(list: SearchList): boolean {
    return list.every(([file, size], row) => this.#searchScan?.stored(row) ?? statSync(path.join(this.dir, SEARCH, file), { throwIfNoEntry: false })?.size === size);
  }

  /** Whether the published index `dir` holds every file of the kept one, as the last build linked it (the same inode). */
  #publishedIntact(list: SearchList, dir: string): boolean {
    return list.every(([file], row) => this.#searchScan?.published(row) ?? sameFile(path.join(dir, file), path.join(this.dir, SEARCH, file)));
  }

  #store(result: ArticleResult): string {
    return storedResult(result, (result.article && this.#bodyWarnings.get(result.article)) ?? null);
  }

  #revive(file: string, stored: StoredResult, registries: Registries): ArticleResult {
    const { result, bodyWarnings } = revivedResult(file, stored, registries, this.#rootDir);
    if (result.article && bodyWarnings) this.#bodyWarnings.set(result.article, bodyWarnings);
    return result;
  }
}

/**
 * Takes the cache for this process (a file \`lock\` naming it, removed when the process exits), or
 * returns the id of the live process that holds it: two builds sharing a cache would delete
 * each other's files. A lock left by a process that is gone is taken over.
 */
function lock(dir: string): number | undefined {
  const file = path.join(dir, "lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${hostname()} ${process.pid}`, { flag: "wx" });
      process.once("exit", () => rmSync(file, { force: true }));
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock restored from another machine (a CI cache) names a process of that machine.
      const [host, pid] = readFileSync(file, "utf8").split(" ");
      const holder = Number(pid);
      if (host === hostname() && Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) return holder;
      rmSync(file, { force: true });
    }
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A folder's modification time in nanoseconds: see PublishedOutput. */
function folderIdentity(dir: string): string {
  return statSync(dir, { bigint: true }).mtimeNs.toString();
}

/** Whether two paths name the same file (hard links of one inode). */
function sameFile(a: string, b: string): boolean {
  const first = statSync(a, { throwIfNoEntry: false });
  const second = first && statSync(b, { throwIfNoEntry: false });
  return first !== undefined && second !== undefined && first.isFile() && first.ino === second.ino && first.dev === second.dev;
}

/** Reads and checks the kept cache; throws an error saying in a few words why it cannot be used. */
function readCache(dir: string, identity: Omit<Manifest, "records" | "pages" | "search">) {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), "utf8")) as Manifest;
  } catch (error) {
    throw new Error((error as NodeJS.ErrnoException).code === "ENOENT" ? `${MANIFEST} is missing (the last build stopped before saving it, or while updating the site in place)` : `${MANIFEST} is damaged`, { cause: error });
  }
  if (manifest?.format !== CACHE_FORMAT) throw new Error(`it is of format ${JSON.stringify(manifest?.format)}, this generator's is ${CACHE_FORMAT}`);
  if (manifest.project !== identity.project) throw new Error(`it was made for another project (${manifest.project})`);
  const read = (name: string, digest: string) => {
    const bytes = readFileSync(path.join(dir, name));
    if (sha1(bytes) !== digest) throw new Error(`${name} is damaged or cut off`);
    return bytes;
  };
  const bytes = read(RECORDS, manifest.records);
  if (bytes.length && bytes[bytes.length - 1] !== 10) throw new Error(`${RECORDS} is cut off`);
  const lines = new Map<string, KeptRecord>();
  for (let line = 0; line < bytes.length; ) {
    const end = bytes.indexOf(10, line) + 1;
    const tab = bytes.indexOf(9, line);
    if (tab === -1 || tab >= end) throw new Error(`${RECORDS} is damaged`);
    const [file, digest] = JSON.parse(bytes.toString("utf8", line, tab)) as [string, string];
    lines.set(file, { digest, line, json: tab + 1, end });
    line = end;
  }
  const records = { bytes, lines };
  const pages = PageStore.read(dir, identity.generator.pages, read(PAGE_LIST, manifest.pages));
  return { manifest, pages, records };
}

async function clear(dir: string): Promise<void> {
  for (const name of [MANIFEST, RECORDS, `${RECORDS}.tmp`, SEARCH_LIST, `${SEARCH_LIST}.new`, LINE_LIST]) await rm(path.join(dir, name), { force: true });
  for (const name of [SEARCH, `${SEARCH}.new`]) removeTree(path.join(dir, name));
  await PageStore.clear(dir);
}

/**
 * Digests of the generator, per part of the cache: its source files (src/, tests left out), its
 * version and its dependencies' (package.json, package-lock.json), and Node's version.
 */
function generatorDigests(): Record<Part, string> {
  const files = listFiles(path.join(GENERATOR, "src")).filter((f) => !f.endsWith(".test.ts"));
  const common = [process.version, ...["package.json", "package-lock.json"].map((f) => fileDigest(path.join(GENERATOR, f)))];
  const of = (keep: (file: string) => boolean) => sha1([...common, ...files.filter(keep).map((f) => `${f} ${fileDigest(path.join(GENERATOR, "src", f))}`)].join("\n"));
  const under = (file: string, ...folders: string[]) => folders.some((folder) => file.startsWith(`${folder}/`));
  return {
    // The records keep each article's lead, which render/markdown.ts works out, in stored-result.ts's form.
    records: of((f) => under(f, "core", "content") || f === "render/markdown.ts" || f === "render/html.ts" || f === "build/stored-result.ts"),
    pages: of((f) => !under(f, "search", "browser") && !f.endsWith(".css")),
    // The search records take the text of a body from render/markdown.ts, which no template changes.
    search: of((f) => under(f, "core", "content", "search") || f === "render/markdown.ts" || f === "render/html.ts"),
  };
}

function fileDigest(file: string): string {
  try {
    return sha1(readFileSync(file));
  } catch {
    return "-";
  }
}

/** Files under `dir`, relative, with "/" separators, sorted. */
function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) found.push(rel);
    }
  };
  walk("");
  return found.sort();
}

/** Links `files` (relative paths) of the folder `from` at the same paths under `to`, copied where a link cannot go. */
async function linkFiles(files: readonly string[], from: string, to: string): Promise<void> {
  const thread = new FileWriterThread();
  try {
    for (const file of files) await thread.link(path.join(to, file), path.join(from, file));
  } finally {
    await thread.close();
  }
}

