import type { Archive } from "../content/load.ts";
import { newestFirst } from "../content/load.ts";
import type { ContentProblem } from "../content/problems.ts";

/**
 * What the local preview shows while content has errors: every valid article, and for a file that
 * is broken now, its last good version (so an article does not vanish mid-edit). A file that was
 * never valid is left out; the banner lists its errors.
 */
export function previewArchive(current: Archive, previous: Archive | undefined, errors: readonly ContentProblem[]): Archive {
  if (!previous || errors.length === 0) return current;
  const broken = new Set(errors.map((p) => p.file));
  const present = new Set(current.articles.map((a) => a.file));
  const kept = previous.articles.filter((a) => broken.has(a.file) && !present.has(a.file));
  if (kept.length === 0) return current;
  return Object.freeze({
    ...current,
    articles: Object.freeze([...current.articles, ...kept].sort(newestFirst)),
    // Slugs of tags and reporters only the kept versions use.
    tagSlugs: new Map([...previous.tagSlugs, ...current.tagSlugs]),
    authorSlugs: new Map([...previous.authorSlugs, ...current.authorSlugs]),
  });
}
