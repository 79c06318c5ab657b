import type { Article } from "../../content/article.ts";
import { bodyFrom, portableBody, type PortableBody } from "../../content/body.ts";
import { formatArticleDate } from "../../core/dates.ts";
import { markdownToText } from "../../render/markdown.ts";
import { sourceLine } from "../../render/templates/parts.ts";
import type { Links } from "../../core/urls.ts";
import { BYLINE_LABELS } from "../analyzer/terms.ts";

/** One labelled line an article page shows besides its title and body: 记者 张海峰. */
interface SearchField {
  readonly label: string;
  /** One line: whitespace (newlines included) is collapsed to single spaces. */
  readonly text: string;
}

/**
 * What the search index knows about one article: everything its page shows a reader, as the
 * original text (the indexer indexes it as bigrams, the search page shows it as written), the
 * fields a result shows, and the filters the search page offers. Only published articles get one.
 */
export interface SearchRecord {
  /** The article's href under the site's path prefix. */
  readonly url: string;
  readonly title: string;
  /**
   * The subtitle and metadata the page shows, in its order: ranked below the title, above the
   * body. Places come with the places they lie in (a county's article is found by its city).
   */
  readonly fields: readonly SearchField[];
  /** The body as plain text (photo captions included), then the editor's note. */
  readonly text: string;
  /** Shown with each result. `fields`: the labels of `fields`, one per line (for the fragment). */
  readonly meta: {
    readonly title: string;
    readonly date: string;
    readonly source: string;
    readonly places: string;
    readonly fields: string;
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
   * (see numberFragments in pagefind/writer.ts) without a sort index in every first download.
   */
  readonly sort?: { readonly date: string };
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** The fields of an article page a reader can search for besides title and body, labelled as the page labels them. */
function searchFields(article: Article): SearchField[] {
  const places = [...new Set(article.places.flatMap((p) => [...p.ancestors, p].map((a) => a.name)))];
  const fields: [string, string | undefined][] = [
    ["副题", article.subtitle],
    ["报纸", article.source.name],
    ["版面", article.page && (/版$/.test(article.page) ? article.page : `${article.page}版`)],
    ["地区", places.join(" ")],
    [BYLINE_LABELS.authors, article.authors.join(" ")],
    [BYLINE_LABELS.correspondents, article.correspondents.join(" ")],
    [BYLINE_LABELS.editor, article.editor],
    ["标签", article.tags.join(" ")],
    ["日期说明", article.dateNote],
  ];
  return fields.flatMap(([label, text]) => (text && oneLine(text) ? [{ label, text: oneLine(text) }] : []));
}

export function searchRecord(article: Article, links: Links): SearchRecord {
  return finishSearchRecord(pendingSearchRecord(article, links));
}

/**
 * A record whose text is still to be made from the article's body (the costly part, Markdown to
 * text): everything else, and the body as another thread can read it (search-thread.ts).
 */
export interface PendingSearchRecord extends Omit<SearchRecord, "text"> {
  readonly body: PortableBody;
  readonly note: string | undefined;
}

/**
 * A pending record whose body the article's page has made into text (SearchThread.hand): it
 * carries the text instead of the body, which is then neither read nor sent to the thread.
 */
export interface TextedSearchRecord extends Omit<PendingSearchRecord, "body"> {
  readonly bodyText: string;
}

/** `record` with its body's text in place of its body. */
export function texted({ body: _body, ...record }: PendingSearchRecord, bodyText: string): TextedSearchRecord {
  return { ...record, bodyText };
}

/** The record, its text made from the body, or given (on any thread). */
export function finishSearchRecord(record: PendingSearchRecord | TextedSearchRecord): SearchRecord {
  return withText(record, withNote("bodyText" in record ? record.bodyText : markdownToText(bodyFrom(record.body)), record.note));
}

/** A record's text: its body's, then the editor's note. */
export function withNote(text: string, note: string | undefined): string {
  return [text, note].filter(Boolean).join("\n");
}

/** The record with its text (`withNote`), made here or on another thread. */
export function withText({ url, title, fields, meta, filters }: Omit<SearchRecord, "text">, text: string): SearchRecord {
  return { url, title, fields, text, meta, filters };
}

export function pendingSearchRecord(article: Article, links: Links): PendingSearchRecord {
  const fields = searchFields(article);
  const title = oneLine(article.title);
  return {
    url: links.article(article),
    title,
    fields,
    body: portableBody(article),
    note: article.note,
    meta: {
      title,
      date: formatArticleDate(article.date, article.datePrecision),
      source: sourceLine(article),
      places: article.places.map((p) => p.name).join("、"),
      fields: fields.map((f) => f.label).join("\n"),
    },
    filters: searchFilters(article),
  };
}

/** The filters of an article's record (facets.json is made from them alone). */
export function searchFilters(article: Article): SearchRecord["filters"] {
  return {
    place: [...new Set(article.places.flatMap((p) => [...p.ancestors, p].map((a) => a.name)))],
    source: [article.source.name],
    tag: [...article.tags],
    year: [String(article.date.year)],
  };
}

/**
 * The text of a record as its fragment holds it (what the search page checks and shows): the
 * title, each field's text on a line of its own, then the body. Exact substring search is over this.
 */
export function searchText(record: Pick<SearchRecord, "title" | "fields" | "text">): string {
  return [record.title, ...record.fields.map((f) => f.text), record.text].join("\n");
}
