import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareDates, type CalendarDate } from "../dates.ts";
import { assignSlugs } from "../taxonomy.ts";
import { routes } from "../urls.ts";
import { articleValidator, type Article } from "./article.ts";
import { ContentError, type ContentProblem } from "./problems.ts";
import { loadRegistries, type Registries } from "./registry.ts";
import { editorialWarnings } from "./warnings.ts";

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
}

export interface LoadResult {
  readonly archive: Archive | undefined;
  /** Every error and warning found, all files at once. */
  readonly problems: readonly ContentProblem[];
}

const toPosix = (p: string) => p.split(path.sep).join("/");
const READ_BATCH = 256;

/** Markdown files under the content folder, skipping `_data` and other `_`/`.` folders; sorted for determinism. */
export async function findArticleFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findArticleFiles(full)));
    else if (entry.isFile() && entry.name.endsWith(".md")) found.push(full);
  }
  return found.sort();
}

/** The content gate: reads every article, validates all of them, and reports every problem at once. */
export async function loadArchive(options: LoadOptions): Promise<LoadResult> {
  const rootDir = path.resolve(options.rootDir);
  const contentRoot = path.join(rootDir, options.contentDir ?? "content");
  const problems: ContentProblem[] = [];
  const registries = await loadRegistries(path.join(contentRoot, "_data"), rootDir, problems);
  if (!registries) return { archive: undefined, problems };

  const validate = articleValidator(registries);
  const files = await findArticleFiles(contentRoot);
  const articles: Article[] = [];
  // Read in bounded batches: opening 100,000 files at once exceeds the open-file limit (EMFILE).
  for (let start = 0; start < files.length; start += READ_BATCH) {
    const batch = files.slice(start, start + READ_BATCH);
    const contents = await Promise.all(batch.map((f) => readFile(f)));
    batch.forEach((absolute, i) => {
      const result = validate(toPosix(path.relative(rootDir, absolute)), contents[i] as Buffer);
      problems.push(...result.problems);
      if (result.article) articles.push(result.article);
    });
  }
  problems.push(...findUrlCollisions(articles));
  const tags = assignSlugs(articles.flatMap((a) => a.tags), "error");
  problems.push(...tagProblems(articles, tags));
  const authors = assignSlugs(articles.flatMap((a) => a.authors), "disambiguate");
  problems.push(...editorialWarnings(articles, options.today));

  const broken = new Set(problems.filter((p) => p.severity === "error").map((p) => p.file));
  if (broken.size && !options.lenient) return { archive: undefined, problems };
  // Leniently, a file with any error is left out (a URL or tag collision names the later file).
  const published = articles.filter((a) => !broken.has(a.file) && (options.includeDrafts || !a.draft)).sort(newestFirst);
  const archive: Archive = { ...registries, articles: Object.freeze(published), tagSlugs: tags.slugs, authorSlugs: authors.slugs };
  return { archive: Object.freeze(archive), problems };
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
  const fileWith = (tag: string) => articles.find((a) => a.tags.includes(tag));
  const problems: ContentProblem[] = [];
  for (const { names, slug } of tags.collisions) {
    const [first, second] = names.map(fileWith);
    problems.push({
      severity: "error",
      file: second?.file ?? "",
      field: "tags",
      message: `tag ${JSON.stringify(names[1])} would share the URL ${routes.tag(slug)} with tag ${JSON.stringify(names[0])} in ${first?.file} — use one spelling`,
    });
  }
  for (const name of tags.unspellable) {
    problems.push({ severity: "error", file: fileWith(name)?.file ?? "", field: "tags", message: `tag ${JSON.stringify(name)} has no letters or characters to make a URL from` });
  }
  return problems;
}

/** Two articles that would be written to the same URL are an error naming both, never an overwrite. */
function findUrlCollisions(articles: readonly Article[]): ContentProblem[] {
  const seen = new Map<string, Article>();
  const problems: ContentProblem[] = [];
  for (const article of articles) {
    const route = routes.article(article);
    const other = seen.get(route);
    if (other) {
      problems.push({
        severity: "error",
        file: article.file,
        field: "slug",
        message: `same URL ${route} as ${other.file} — give one of them a different slug`,
      });
    } else seen.set(route, article);
  }
  return problems;
}

