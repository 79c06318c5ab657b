import type { Article } from "../../content/article.ts";
import { formatArticleDate } from "../../core/dates.ts";
import { markdownToText } from "../../render/markdown.ts";
import type { Links } from "../../core/urls.ts";

/**
 * What the search index knows about one article: the original text (titles and bodies are
 * indexed as bigrams by the indexer, shown as written on the search page), the fields a result
 * shows, and the filters the search page offers. Only published articles get one.
 */
export interface SearchRecord {
  /** The article's href under the site's path prefix. */
  readonly url: string;
  readonly title: string;
  /** The body as plain text. */
  readonly text: string;
  /** Shown with each result. */
  readonly meta: {
    readonly title: string;
    readonly date: string;
    readonly source: string;
    readonly places: string;
  };
  /** place (with its parents: a city finds its counties), source, tag, year. */
  readonly filters: {
    readonly place: readonly string[];
    readonly source: readonly string[];
    readonly tag: readonly string[];
    readonly year: readonly string[];
  };
  /**
   * Sort keys for Pagefind (`date`: YYYY-MM-DD). The site's records carry none: they are indexed
   * newest first, so a page's number is its place in date order and the search page sorts by it
   * (see fragmentPrefix in pagefind-writer.ts) without a sort index in every first download.
   */
  readonly sort?: { readonly date: string };
}

export function searchRecord(article: Article, links: Links): SearchRecord {
  const places = article.places.flatMap((p) => [...p.ancestors, p].map((a) => a.name));
  return {
    url: links.article(article),
    title: article.title,
    text: [article.subtitle, markdownToText(article.body)].filter(Boolean).join("\n"),
    meta: {
      title: article.title,
      date: formatArticleDate(article.date, article.datePrecision),
      source: article.page ? `${article.source.name} ${article.page}` : article.source.name,
      places: article.places.map((p) => p.name).join("、"),
    },
    filters: {
      place: [...new Set(places)],
      source: [article.source.name],
      tag: [...article.tags],
      year: [String(article.date.year)],
    },
  };
}
