import { createHash } from "node:crypto";
import type { Article } from "../content/article.ts";

/**
 * Short digests of records, for the preview's incremental rebuild: a page whose inputs have the
 * same fingerprints as last time renders to the same bytes and is not rendered again.
 */
const cache = new WeakMap<Article, string>();

// Places and newspapers stand in by slug: their details belong to the registries (site-wide).
const flat = (_key: string, value: unknown) => (value && typeof value === "object" && "slug" in value && "name" in value ? (value as { slug: string }).slug : value);

export function articleFingerprint(article: Article | undefined): string {
  if (!article) return "-";
  let digest = cache.get(article);
  if (!digest) {
    digest = createHash("sha1").update(JSON.stringify(article, flat)).digest("base64url").slice(0, 16);
    cache.set(article, digest);
  }
  return digest;
}

/** The fingerprint an earlier build computed for a record of the same file, bytes and registries (the build cache), so it is not computed again. */
export function rememberFingerprint(article: Article, fingerprint: string): void {
  cache.set(article, fingerprint);
}

export function listFingerprint(articles: readonly Article[]): string {
  return createHash("sha1").update(articles.map(articleFingerprint).join()).digest("base64url");
}

/** The articles' days in their order, as a digest (a listing's calendars show them): numbers, not text joined. */
export function datesDigest(articles: readonly Article[]): string {
  const days = new Int32Array(articles.length);
  for (let i = 0; i < articles.length; i++) {
    const { year, month, day } = (articles[i] as Article).date;
    days[i] = year * 10_000 + month * 100 + day;
  }
  return createHash("sha1").update(days).digest("base64url");
}

export function digest(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value, flat)).digest("base64url");
}
