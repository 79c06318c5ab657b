import { XMLBuilder } from "fast-xml-parser";
import type { Article } from "../content/article.ts";
import { bodyByteLength } from "../content/body.ts";
import { formatArticleDate, isEstimated, isoDateTime, machineDate } from "../core/dates.ts";
import { escapeHtml, html } from "./html.ts";
import { articleLead, renderBody } from "./markdown.ts";
import { routes, type Links } from "../core/urls.ts";

/** Entries per feed: the latest 50 articles of the archive, a place or a tag. */
export const FEED_LENGTH = 50;

/**
 * The bounds on a full-text feed (the archive's and each place's), so one huge article cannot
 * make feeds that readers and XML tools refuse: an entry whose rendered text is over
 * FEED_ENTRY_MAX_BYTES carries its lead and a link instead, and so does every entry once the
 * full texts of one feed file would pass FEED_FILE_MAX_BYTES. Stated in the README.
 */
export const FEED_ENTRY_MAX_BYTES = 128 * 1024;
export const FEED_FILE_MAX_BYTES = 1024 * 1024;

/** One subscribable list: the whole archive, a place or a tag. */
export interface FeedSource {
  /** What the feed follows ("乐陵市", "标签：作风建设"); none for the whole archive. See feedTitle. */
  readonly topic?: string | undefined;
  /** Route of the HTML page the feed belongs to (its first page). */
  readonly page: string;
  /** Articles, newest first; the feed takes the latest FEED_LENGTH. */
  readonly articles: readonly Article[];
  /**
   * Whole article text in each entry (the archive and place feeds), or only its lead (tag feeds:
   * thousands of tags would otherwise repeat the archive's full text many times over).
   */
  readonly fullText: boolean;
}

export interface FeedInfo {
  readonly siteName: string;
  readonly siteDescription: string;
  readonly links: Links;
}

/** A feed's title, the same in the feed and in the pages announcing it: "作风建设报道档案 · 乐陵市". */
export function feedTitle(siteName: string, topic?: string): string {
  return topic ? `${siteName} · ${topic}` : siteName;
}

/** The topic of a tag's feed. */
export const tagFeedTopic = (tag: string) => `标签：${tag}`;

// Each feed is written twice (Atom, JSON Feed): its entries, bodies rendered, are made once.
const made = new WeakMap<FeedSource, ReturnType<typeof feedEntries>>();
function entries(source: FeedSource, links: Links): ReturnType<typeof feedEntries> {
  let list = made.get(source);
  if (!list) made.set(source, (list = feedEntries(source, links)));
  return list;
}

function feedEntries(source: FeedSource, links: Links) {
  let budget = FEED_FILE_MAX_BYTES;
  return source.articles.slice(0, FEED_LENGTH).map((article) => {
    const url = links.absolute(routes.article(article));
    const estimated = isEstimated(article.datePrecision);
    const dateLabel = formatArticleDate(article.date, article.datePrecision);
    // An estimated date is said in words in the entry itself, as on the article's page.
    const said = estimated ? `日期：${dateLabel}。` : "";
    const summary = said + articleLead(article);
    let content: string | undefined;
    if (source.fullText) {
      // A body's HTML is never shorter than its Markdown by much: one past the bound is not rendered at all.
      const full = bodyByteLength(article) <= FEED_ENTRY_MAX_BYTES ? (said ? `<p>${escapeHtml(said)}</p>\n` : "") + renderBody(article.body).html.value : undefined;
      const bytes = full === undefined ? Infinity : Buffer.byteLength(full);
      if (full !== undefined && bytes <= FEED_ENTRY_MAX_BYTES && bytes <= budget) {
        content = full;
        budget -= bytes;
      } else content = html`<p>${summary}</p><p><a href="${url}">阅读全文</a></p>`.value;
    }
    return {
      article,
      url,
      // Midnight of the date the archive files it under (Atom's required <updated>, feed order).
      date: isoDateTime(article.date),
      // The date as the record knows it, for readers ("约2022年1月上旬（推定）"), and for machines ("2022-01").
      dateLabel,
      machineDate: machineDate(article.date, article.datePrecision),
      // The paper prints the date: only then does a feed give a publication instant.
      exact: !estimated,
      summary,
      content,
      // The reporters, or the newspaper when no reporter is named.
      authors: article.authors.length ? article.authors : [article.source.name],
    };
  });
}

// Builds XML from plain objects, escaping every text and attribute value ("@" marks attributes).
const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", textNodeName: "#text", format: true, suppressEmptyNode: true });

/** Atom 1.0 (RFC 4287), built with fast-xml-parser's XMLBuilder: the library escapes, not us. */
export function atomFeed(source: FeedSource, info: FeedInfo): string {
  const { links } = info;
  const items = entries(source, links);
  const feed = {
    "@xmlns": "http://www.w3.org/2005/Atom",
    "@xml:lang": "zh-CN",
    title: feedTitle(info.siteName, source.topic),
    subtitle: info.siteDescription,
    id: links.absolute(source.page),
    link: [
      { "@rel": "alternate", "@type": "text/html", "@href": links.absolute(source.page) },
      { "@rel": "self", "@type": "application/atom+xml", "@href": links.absolute(routes.feed(source.page, "atom")) },
    ],
    // An empty feed still needs <updated>: the archive's own epoch, not the build time (builds are reproducible).
    updated: items[0]?.date ?? "2019-01-01T00:00:00+08:00",
    author: { name: info.siteName },
    entry: items.map(({ article, url, date, exact, summary, content, authors }) => ({
      title: article.title,
      id: url,
      link: { "@rel": "alternate", "@type": "text/html", "@href": url },
      // <published> claims an instant: given only for a printed date. <updated> is required by
      // RFC 4287; for an estimate it is the date the archive files the entry under.
      ...(exact ? { published: date } : {}),
      updated: date,
      author: authors.map((name) => ({ name })),
      category: article.tags.map((tag) => ({ "@term": tag })),
      summary,
      ...(content !== undefined ? { content: { "@type": "html", "#text": content } } : {}),
      source: { title: `${article.source.name}${article.page ? ` ${article.page}` : ""}` },
    })),
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({ feed })}`;
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
export function jsonFeed(source: FeedSource, info: FeedInfo): string {
  const { links } = info;
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: feedTitle(info.siteName, source.topic),
    description: info.siteDescription,
    home_page_url: links.absolute(source.page),
    feed_url: links.absolute(routes.feed(source.page, "json")),
    language: "zh-CN",
    authors: [{ name: info.siteName }],
    items: entries(source, links).map((item) => ({
      id: item.url,
      url: item.url,
      title: item.article.title,
      summary: item.summary,
      ...(item.content !== undefined ? { content_html: item.content } : { content_text: item.summary }),
      // JSON Feed's date_published is an RFC 3339 instant: only for a printed date. Every item
      // carries the date as known in an extension (https://www.jsonfeed.org/version/1.1/#extensions).
      ...(item.exact ? { date_published: item.date } : {}),
      _archive: { date: item.machineDate, date_label: item.dateLabel, date_precision: item.article.datePrecision },
      authors: item.authors.map((name) => ({ name })),
      tags: item.article.tags,
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
