import { readFileSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { compareDates, type CalendarDate } from "../core/dates.ts";
import { assignSlugs } from "../core/slug-assignment.ts";
import { routes } from "../core/urls.ts";
import { articleValidator, type Article, type ArticleResult } from "./article.ts";
import { HELD_BODY_BYTES, releaseBodies } from "./body.ts";
import type { Bytes } from "./decode.ts";
import { articleFingerprint } from "./fingerprint.ts";
import { committedFiles } from "./git-files.ts";
import { ContentError, quote, type ContentProblem } from "./problems.ts";
import { readRegistryFiles, registriesFrom, sameRegistryFiles, type RegistryFiles, type Registries } from "./registry.ts";
import { articleBodyWarnings, editorialWarnings } from "./warnings.ts";

export interface Archive extends Registries {
  /** Published articles (and drafts when asked for), newest first. */
  readonly articles: readonly Article[];
  /** URL slug of every tag. */
  readonly tagSlugs: ReadonlyMap<string, string>;
  /** URL slug of every reporter. */
  readonly authorSlugs: ReadonlyMap<string, string>;
}

export interface LoadOptions {
  /** Project root; file names in messages are relative to it. */
  readonly rootDir: string;
  /** Folder of articles, relative to rootDir. */
  readonly contentDir?: string;
  /** Include drafts (the local preview does, the production build never). */
  readonly includeDrafts?: boolean;
  /** "Today" for the future-date warning (default: today in China). */
  readonly today?: CalendarDate;
  /**
   * The local preview: an archive of the articles that are valid, even when others are not (the
   * problems still list every error). Never for a build that publishes.
   */
  readonly lenient?: boolean;
  /** UTF-16 bytes of bodies kept in memory (default HELD_BODY_BYTES); past them, a body is read again from its file when asked for (body.ts). */
  readonly heldBodyBytes?: number;
  /**
   * Called with each article whose body is let go, while it is still held: what a later stage works
   * out once from every body (its lead, shown in every list) is worked out then, not from another read.
   */
  readonly beforeBodyRelease?: (article: Article) => void;
  /** Validation results of earlier builds (the production build's cache): a file whose bytes did not change is not validated again. */
  readonly cache?: ValidationCache | undefined;
  /** Files to validate from which the cache validates some beside (default VALIDATED_BESIDE_FROM; tests set fewer). */
  readonly validatedBesideFrom?: number;
}

/**
 * Results of validating files, kept between builds by the build cache (src/build/cache.ts). It
 * keys them by the file's name and its bytes' git blob id (git-files.ts); the registries and the
 * gate's code are its own to check (a cache made with others is not used).
 */
export interface ValidationCache {
  /** Whether it keeps any result: a cache that keeps none (a clean build) has no use for git's listing. */
  readonly keeps: boolean;
  /** The kept result of validating `file` whose bytes have this blob id against these registries, if there is one: the file is not read. */
  kept(file: string, digest: string, registries: Registries): ArticleResult | undefined;
  /** What validating `file` with these bytes against these registries gives: a kept result, or `validate()`'s (then kept). */
  result(file: string, bytes: Bytes, registries: Registries, validate: () => ArticleResult): ArticleResult;
  /**
   * Validates files of `files` elsewhere (a thread of its own), as `result` would each, while the
   * loader validates others: each side takes the next file by Atomics.add on `next` (a shared
   * Int32). `put` is given each result and its file's index. `from`: the registries' folder and
   * files, as `registries` was made from them. Rejects when that fails: the loader then validates
   * what is left.
   */
  validateBeside?(files: readonly FileToValidate[], registries: Registries, from: { readonly dataDir: string; readonly registryFiles: RegistryFiles }, next: Int32Array, put: (index: number, result: ArticleResult) => void): Promise<void>;
  /** The body warnings of an article: kept ones, or `compute`'s (then kept). */
  bodyWarnings(article: Article, compute: (article: Article) => readonly ContentProblem[]): readonly ContentProblem[];
}

/** An article file to read: its name in messages (relative to the project) and its absolute path. */
export interface FileToValidate {
  readonly file: string;
  readonly absolute: string;
}

/**
 * Files to validate from which a ValidationCache that can (`validateBeside`) validates some on a
 * thread of its own. Below it the thread's start, and the main thread's reviving what it hands
 * back, cost about what it saves: clean builds of 10,000 files showed no gain, of 100,000 a clear
 * one (`npm run bench` prints the load stage; README, Performance).
 */
const VALIDATED_BESIDE_FROM = 20_000;

export interface LoadResult {
  readonly archive: Archive | undefined;
  /** Every error and warning found, all files at once. */
  readonly problems: readonly ContentProblem[];
  /** Article files read (with the build cache, those git has not committed as they are, or that the cache does not know). */
  readonly read: number;
  /** Of them, those read and validated on a thread beside the main one (ValidationCache.validateBeside). */
  readonly readBeside?: number;
}

const toPosix = (p: string) => p.split(path.sep).join("/");

/** A name an editor may have given an article that is not read as one (not `.md`, exactly). */
const MARKDOWN_LIKE = /\.(md|markdown|mdown|mkdn|mkd)$/i;

/**
 * Markdown files under the content folder, skipping `_data` and other `_`/`.` folders and files;
 * sorted for determinism. Files that look like articles but are not read as one (`a.MD`,
 * `a.markdown`) and symbolic links are added to `unread`, with why.
 */
export async function findArticleFiles(dir: string, unread: { file: string; why: string }[] = []): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) unread.push({ file: full, why: "a symbolic link (articles and their folders must be in the content folder itself)" });
    else if (entry.isDirectory()) found.push(...(await findArticleFiles(full, unread)));
    else if (!MARKDOWN_LIKE.test(entry.name)) continue;
    else if (!entry.isFile()) unread.push({ file: full, why: "not a file" });
    else if (entry.name.endsWith(".md")) found.push(full);
    else unread.push({ file: full, why: "an article's file name ends in .md (lower case)" });
  }
  return found.sort();
}

/** The content gate: reads every article, validates all of them, and reports every problem at once. */
export async function loadArchive(options: LoadOptions): Promise<LoadResult> {
  return new Loader(options, false).load();
}

/**
 * Loads the archive again and again (the live preview): `load()` gives exactly what a fresh
 * `loadArchive(options)` would, but re-reads and re-validates only the articles whose size or
 * modification time changed, and those added; removed ones are forgotten. The checks across
 * files (URL and tag collisions, reporters' slugs, warnings) run over all articles each time.
 * When a registry (content/_data/*.yaml) changes, every article is validated again.
 * Calls to `load()` are queued: one runs at a time.
 */
export function createArchiveLoader(options: LoadOptions): { load(): Promise<LoadResult> } {
  const loader = new Loader(options, true);
  let last: Promise<unknown> = Promise.resolve();
  return {
    load() {
      const next = last.then(() => loader.load());
      last = next.catch(() => undefined);
      return next;
    },
  };
}

/** One article file as last read: its stat key and what validation made of it. */
interface FileRecord {
  readonly size: number;
  readonly mtimeMs: number;
  readonly result: ArticleResult;
}

interface RegistryState {
  readonly files: RegistryFiles;
  readonly registries: Registries | undefined;
  /** Problems found in the registry files. */
  readonly problems: readonly ContentProblem[];
  readonly validate: ((file: string, bytes: Bytes) => ArticleResult) | undefined;
}

class Loader {
  private readonly rootDir: string;
  private readonly contentRoot: string;
  private registryState: RegistryState | undefined;
  private records = new Map<string, FileRecord>();
  /** Body warnings of the articles of the last load, kept while their Article objects are. */
  private bodyWarnings = new WeakMap<Article, readonly ContentProblem[]>();

  constructor(
    private readonly options: LoadOptions,
    /** Remember files between loads (stat each file to see whether it changed). */
    private readonly remember: boolean,
  ) {
    this.rootDir = path.resolve(options.rootDir);
    this.contentRoot = path.join(this.rootDir, options.contentDir ?? "content");
  }

  async load(): Promise<LoadResult> {
    const { rootDir, contentRoot, options } = this;
    const dataDir = path.join(contentRoot, "_data");
    const registryFiles = await readRegistryFiles(dataDir);
    if (!this.registryState || !sameRegistryFiles(this.registryState.files, registryFiles)) {
      const registryProblems: ContentProblem[] = [];
      const registries = registriesFrom(registryFiles, dataDir, rootDir, registryProblems);
      this.registryState = { files: registryFiles, registries, problems: registryProblems, validate: registries && articleValidator(registries) };
      this.records = new Map();
    }
    const { registries, validate } = this.registryState;
    const problems: ContentProblem[] = [...this.registryState.problems];
    if (!registries || !validate) return { archive: undefined, problems, read: 0 };

    const unread: { file: string; why: string }[] = [];
    const files = await findArticleFiles(contentRoot, unread);
    for (const { file, why } of unread.sort((a, b) => (a.file < b.file ? -1 : 1))) problems.push({ severity: "warning", file: toPosix(path.relative(rootDir, file)), message: `not read as an article: ${why}` });
    const cache = options.cache;
    const bodyWarnings = this.remember ? this.bodyWarningsOf : cache ? (a: Article) => cache.bodyWarnings(a, articleBodyWarnings) : articleBodyWarnings;
    // What is worked out once from each body, worked out as it is read while a thread validates
    // beside (which does the same for its files, stored-result.ts): so the two share all of it.
    const alongside = (article: Article) => {
      bodyWarnings(article);
      articleFingerprint(article);
      options.beforeBodyRelease?.(article);
    };
    const { results, read, readBeside } = this.remember ? this.readChanged(files, validate) : await readAll(files, rootDir, validate, cache && { cache, registries, from: { dataDir, registryFiles }, committed: cache.keeps ? committedFiles(contentRoot) : undefined, besideFrom: options.validatedBesideFrom ?? VALIDATED_BESIDE_FROM, alongside });
    const articles: Article[] = [];
    for (const result of results) {
      for (const p of result.problems) problems.push(p);
      if (result.article) articles.push(result.article);
    }
    problems.push(...findUrlCollisions(articles));
    const tags = assignSlugs(articles.flatMap((a) => a.tags), "error");
    problems.push(...tagProblems(articles, tags));
    const authors = assignSlugs(articles.flatMap((a) => a.authors), "disambiguate");
    problems.push(...editorialWarnings(articles, options.today, bodyWarnings));

    const broken = new Set(problems.filter((p) => p.severity === "error").map((p) => p.file));
    if (broken.size && !options.lenient) return { archive: undefined, problems, read, readBeside };
    // Leniently, a file with any error is left out (a URL or tag collision names the later file).
    const published = articles.filter((a) => !broken.has(a.file) && (options.includeDrafts || !a.draft)).sort(newestFirst);
    releaseBodies(published, rootDir, options.heldBodyBytes ?? HELD_BODY_BYTES, (article) => {
      articleFingerprint(article);
      options.beforeBodyRelease?.(article);
    });
    const archive: Archive = { ...registries, articles: Object.freeze(published), tagSlugs: tags.slugs, authorSlugs: authors.slugs };
    return { archive: Object.freeze(archive), problems, read, readBeside };
  }

  private readonly bodyWarningsOf = (article: Article): readonly ContentProblem[] => {
    let warnings = this.bodyWarnings.get(article);
    if (!warnings) this.bodyWarnings.set(article, (warnings = articleBodyWarnings(article)));
    return warnings;
  };

  /** Validation results of `files`, reading only those new or changed since the last load. */
  private readChanged(files: readonly string[], validate: (file: string, bytes: Bytes) => ArticleResult): { results: ArticleResult[]; read: number; readBeside: 0 } {
    const previous = this.records;
    const records = new Map<string, FileRecord>();
    const results: ArticleResult[] = [];
    let read = 0;
    for (const absolute of files) {
      // A file removed since it was listed is skipped, as if it had not been listed.
      const now = statSync(absolute, { throwIfNoEntry: false });
      if (!now) continue;
      let record = previous.get(absolute);
      if (!record || record.size !== now.size || record.mtimeMs !== now.mtimeMs) {
        const bytes = readIfPresent(absolute);
        if (!bytes) continue;
        read++;
        record = { size: now.size, mtimeMs: now.mtimeMs, result: validate(toPosix(path.relative(this.rootDir, absolute)), bytes) };
      }
      records.set(absolute, record);
      results.push(record.result);
    }
    this.records = records;
    return { results, read, readBeside: 0 };
  }
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Validation results of every file in `files`, in order. With the build cache, a file git knows
 * unchanged (`committed`: blob ids by absolute path) whose result the cache kept is not read; of
 * many files to validate, the cache validates some on a thread of its own (`validateBeside`).
 * Synchronous reads: for many small files they cost a third of fs/promises' (no promise and
 * thread-pool round trip per open, stat, read and close), and one file is open at a time.
 */
async function readAll(
  files: readonly string[],
  rootDir: string,
  validate: (file: string, bytes: Bytes) => ArticleResult,
  cached?: {
    cache: ValidationCache;
    registries: Registries;
    from: { dataDir: string; registryFiles: RegistryFiles };
    committed: ReadonlyMap<string, string> | undefined;
    /** Files to validate from which the cache validates some beside, and what to work out from each body here meanwhile. */
    besideFrom: number;
    alongside: (article: Article) => void;
  },
): Promise<{ results: ArticleResult[]; read: number; readBeside: number }> {
  const inRoot = rootDir.endsWith(path.sep) ? rootDir : rootDir + path.sep;
  const results: ArticleResult[] = new Array(files.length);
  const unread: FileToValidate[] = [];
  const at: number[] = [];
  files.forEach((absolute, i) => {
    // Most files are inside the project's folder: their name in it is a slice, without path.relative
    // normalizing each path again (a republication names every article file).
    const file = path.sep === "/" && absolute.startsWith(inRoot) ? absolute.slice(inRoot.length) : toPosix(path.relative(rootDir, absolute));
    const committed = cached?.committed?.get(absolute);
    const kept = committed === undefined ? undefined : cached?.cache.kept(file, committed, cached.registries);
    if (kept) results[i] = kept;
    else {
      unread.push({ file, absolute });
      at.push(i);
    }
  });
  let readBeside = 0;
  const put = (k: number, result: ArticleResult) => (results[at[k] as number] = result);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const beside = cached && unread.length >= cached.besideFrom ? cached.cache.validateBeside?.(unread, cached.registries, cached.from, next, (k, result) => (put(k, result), readBeside++)) : undefined;
  // Settled whatever happens here: a failure of the thread is seen below.
  beside?.catch(() => undefined);
  const validated = (k: number) => {
    const { file, absolute } = unread[k] as FileToValidate;
    const bytes = readFileSync(absolute);
    const result = cached ? cached.cache.result(file, bytes, cached.registries, () => validate(file, bytes)) : validate(file, bytes);
    if (beside && result.article) cached?.alongside(result.article);
    put(k, result);
  };
  for (let k = Atomics.add(next, 0, 1); k < unread.length; k = Atomics.add(next, 0, 1)) validated(k);
  // Files the thread took and did not validate, if it failed.
  if (beside && !(await beside.then(() => true, () => false))) for (let k = 0; k < unread.length; k++) if (results[at[k] as number] === undefined) validated(k);
  return { results, read: unread.length, readBeside };
}

/** Like loadArchive, but throws a ContentError listing every problem when anything is wrong. */
export async function loadArchiveOrThrow(options: LoadOptions): Promise<Archive> {
  const { archive, problems } = await loadArchive(options);
  if (!archive) throw new ContentError(problems);
  return archive;
}

/** The archive's order: newest first, then by title and file. */
export function newestFirst(a: Article, b: Article): number {
  return compareDates(b.date, a.date) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || (a.file < b.file ? -1 : 1);
}

/** Tags that would share a URL (作风建设 / 作风建設) are an error naming a file that uses each. */
function tagProblems(articles: readonly Article[], tags: ReturnType<typeof assignSlugs>): ContentProblem[] {
  if (!tags.collisions.length && !tags.unspellable.length) return [];
  const firstUser = new Map<string, Article>();
  for (const a of articles) for (const t of a.tags) if (!firstUser.has(t)) firstUser.set(t, a);
  const problems: ContentProblem[] = [];
  for (const { names, slug } of tags.collisions) {
    const [first, second] = names.map((name) => firstUser.get(name));
    problems.push({
      severity: "error",
      file: second?.file ?? "",
      field: "tags",
      message: `tag ${quote(names[1] ?? "")} would share the URL ${routes.tag(slug)} with tag ${quote(names[0] ?? "")} in ${first?.file} — use one spelling`,
    });
  }
  for (const name of tags.unspellable) {
    problems.push({ severity: "error", file: firstUser.get(name)?.file ?? "", field: "tags", message: `tag ${quote(name)} has no letters or characters to make a URL from` });
  }
  return problems;
}

/**
 * Where an article's URL or old path (`aliases`) meets another's: `route` is `article`'s URL that
 * is `other`'s URL too (kind "url"), or `article`'s old path that is `other`'s URL ("alias-is-url";
 * `other` is `article` itself when it is its own URL) or also `other`'s old path ("alias-is-alias").
 */
export interface UrlCollision {
  readonly kind: "url" | "alias-is-url" | "alias-is-alias";
  readonly route: string;
  readonly article: Article;
  readonly other: Article;
}

/** The URL collisions among `articles`, in their order: the earlier article keeps its URL, the later one collides. */
export function urlCollisions(articles: readonly Article[]): UrlCollision[] {
  const seen = new Map<string, Article>();
  const collisions: UrlCollision[] = [];
  for (const article of articles) {
    const route = routes.article(article);
    const other = seen.get(route);
    if (other) collisions.push({ kind: "url", route, article, other });
    else seen.set(route, article);
  }
  const aliases = new Map<string, Article>();
  for (const article of articles) {
    for (const alias of article.aliases) {
      const page = seen.get(alias);
      const other = aliases.get(alias);
      if (page) collisions.push({ kind: "alias-is-url", route: alias, article, other: page });
      else if (other) collisions.push({ kind: "alias-is-alias", route: alias, article, other });
      else aliases.set(alias, article);
    }
  }
  return collisions;
}

/**
 * Two articles that would be written to the same URL are an error naming both, never an overwrite;
 * so is an old path (`aliases`) that is another article's URL or another old path.
 */
function findUrlCollisions(articles: readonly Article[]): ContentProblem[] {
  return urlCollisions(articles).map(({ kind, route, article, other }): ContentProblem => {
    if (kind === "url") return { severity: "error", file: article.file, field: "slug", message: `same URL ${route} as ${other.file} — give one of them a different slug` };
    const problem = kind === "alias-is-alias" ? `is also an old path of ${other.file}` : other === article ? "is this article's own URL" : `is the URL of ${other.file}`;
    return { severity: "error", file: article.file, field: "aliases", message: `old path ${JSON.stringify(route)} ${problem}` };
  });
}
