/**
 * Posts from Jekyll sites that reposted newspaper articles: YAML front matter (title, date), then
 * a body of HTML paragraphs mixed with Markdown, ending with the original article's address
 * (`<http://…>`), a "（文章来源：大众日报）" credit and the site's navigation ("返回首页").
 *
 * The post's date is when the site reposted it, which the archive takes as the article's date
 * (converted to the calendar day in China when the post gives a time zone). The site's own
 * categories and tags are not the archive's themes, so tags stay 【待填】.
 */
import { DateTime } from "luxon";
import { splitFrontMatter } from "../content/frontmatter.ts";
import { ARCHIVE_ZONE, parseCalendarDate } from "../core/dates.ts";
import { parseByline } from "./byline.ts";
import { quote } from "./cjk.ts";
import { readPlace } from "./place.ts";
import { htmlToMarkdown } from "./html.ts";
import { ArticleBuilder, type ImportedArticle } from "./imported.ts";
import type { RegistryNames } from "./registry-names.ts";

type JekyllPost = { readonly data: Record<string, unknown>; readonly body: string };

/**
 * The site's front matter and the body, when the text is a Jekyll post (front matter with a title
 * or a date), split by the archive's own splitter (YAML only: front matter that is code is never run).
 */
export function jekyllPost(text: string): JekyllPost | undefined {
  const split = splitFrontMatter(text);
  if (!split.ok || split.source.frontMatter.errors.length > 0) return undefined;
  const data = split.source.frontMatter.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  if (!("title" in data) && !("date" in data)) return undefined;
  return { data: data as Record<string, unknown>, body: split.source.body };
}

const NAVIGATION = /返回|首页|上一篇|下一篇|分享|打印|关闭|收藏|顶部/;
const LINK = /\[([^\]]*)\]\(([^)]*)\)/g;
const SOURCE = /^[（(]?\s*(?:文章|稿件|新闻)?来源\s*[:：]\s*([^）)]+?)\s*[）)]?$/;
const HTML_TAG = /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>/;

export function importJekyll(post: JekyllPost, names: RegistryNames): ImportedArticle[] {
  const a = new ArticleBuilder();
  const urls: string[] = [];
  const dropped: string[] = [];
  let images = 0;

  // The body, chunk by chunk: a chunk with HTML tags is HTML (kramdown's rule for raw HTML
  // blocks), anything else is already Markdown.
  const paragraphs: string[] = [];
  for (const chunk of post.body.split(/\n[ \t]*\n/)) {
    const trimmed = chunk.trim();
    if (!trimmed) continue;
    const autolink = /^<(https?:\/\/[^\s<>]+)>$/.exec(trimmed) ?? /^(https?:\/\/\S+)$/.exec(trimmed);
    if (autolink?.[1]) {
      urls.push(autolink[1]);
      continue;
    }
    const links = [...trimmed.matchAll(LINK)];
    if (links.length > 0 && trimmed.replace(LINK, "").replace(/[\s|｜/·•-]/g, "") === "" && links.every((l) => NAVIGATION.test(l[1] ?? ""))) {
      dropped.push(links.map((l) => l[1]).join(" "));
      continue;
    }
    if (HTML_TAG.test(trimmed)) {
      const converted = htmlToMarkdown(trimmed);
      images += converted.images;
      paragraphs.push(...converted.markdown.split(/\n{2,}/));
    } else {
      paragraphs.push(trimmed);
    }
  }

  // Credits inside the body: the 来源 line and the byline, read and taken out.
  const body: string[] = [];
  const sources: string[] = [];
  let bylineSeen = false;
  for (const paragraph of paragraphs) {
    const text = paragraph.trim();
    if (!text) continue;
    const source = SOURCE.exec(text);
    if (source?.[1] && text.length <= 40) {
      const name = source[1].trim();
      if (names.sources.includes(name)) sources.push(name);
      else a.note("source", `the post credits ${quote(text)}, which is not in content/_data/sources.yaml`);
      continue;
    }
    const byline = !bylineSeen && text.length <= 60 ? parseByline(text) : undefined;
    if (byline && !byline.photo) {
      bylineSeen = true;
      if (!byline.authors) a.fillIn("authors", `the byline ${quote(byline.printed)} names no 记者`);
      else if (byline.authors.ok) a.set("authors", byline.authors.names, `from the byline ${quote(byline.printed)}${byline.authors.note ? ` (${byline.authors.note})` : ""}`);
      else a.fillIn("authors", `cannot read the names in the byline ${quote(byline.printed)}: ${byline.authors.why}`);
      if (byline.correspondents?.ok) a.set("correspondents", byline.correspondents.names);
      else if (byline.correspondents) a.fillIn("correspondents", `cannot read the names in ${quote(byline.printed)}: ${byline.correspondents.why}`);
      continue;
    }
    body.push(text);
  }

  const title = typeof post.data.title === "string" ? post.data.title.trim() : undefined;
  if (title) a.set("title", title);
  else a.fillIn("title", "the post has no title");
  readPostDate(a, post.data.date);

  const distinctSources = [...new Set(sources)];
  if (distinctSources.length === 1) a.set("source", distinctSources[0], `from the credit ${quote(`（文章来源：${distinctSources[0]}）`)}`);
  else if (distinctSources.length > 1) a.fillIn("source", `the post credits several newspapers: ${distinctSources.join(", ")}`);
  else a.fillIn("source", "no 文章来源 credit names a newspaper from content/_data/sources.yaml");

  const distinctUrls = [...new Set(urls)];
  if (distinctUrls.length === 1) a.set("url", distinctUrls[0], "the original address the post links at its end");
  else if (distinctUrls.length > 1) a.fillIn("url", `the post links several addresses: ${distinctUrls.join(" ")}`);

  if (!bylineSeen) a.fillIn("authors", "the post has no byline (□… or 记者 …)");
  readPlace(a, title, body, names);
  const siteTags = [post.data.categories, post.data.tags].flat().filter((t) => typeof t === "string");
  if (siteTags.length) a.note("tags", `the old site filed it under ${siteTags.join(", ")} (its own categories, not the archive's themes)`);
  if (typeof post.data.author === "string") a.note("authors", `the post's front matter names ${quote(post.data.author)} as author (the site's, maybe not the reporter)`);
  if (dropped.length) a.note(undefined, `left out the site's navigation links: ${dropped.join("; ")}`);
  if (images) a.note(undefined, `left out ${images} image${images === 1 ? "" : "s"}; add a ::: photo caption where the page had one`);
  return [a.build(body.join("\n\n"))];
}

/**
 * Jekyll writes `2022-02-15 09:45:39 +0800`. With a time zone, the instant is turned into the
 * calendar day in China; without one, the date is taken as written.
 */
function readPostDate(a: ArticleBuilder, value: unknown): void {
  const text = value instanceof Date ? value.toISOString() : typeof value === "string" ? value.trim() : "";
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!match) {
    a.fillIn("date", text ? `the post's date ${quote(text)} is not a date Jekyll writes` : "the post has no date");
    return;
  }
  const [, y, mo, d, h, mi, s, zone] = match;
  let iso = `${y}-${(mo ?? "").padStart(2, "0")}-${(d ?? "").padStart(2, "0")}`;
  if (zone && h !== undefined) {
    const offset = zone === "Z" ? "+00:00" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const instant = DateTime.fromISO(`${iso}T${h.padStart(2, "0")}:${mi}:${s ?? "00"}${offset}`, { setZone: true });
    iso = instant.isValid ? (instant.setZone(ARCHIVE_ZONE).toISODate() ?? iso) : iso;
  }
  if (!parseCalendarDate(iso).ok) {
    a.fillIn("date", `the post's date ${quote(text)} is not a real day`);
    return;
  }
  const converted = zone && !/\+0?8:?00$/.test(zone) ? `, the day in China of ${text}` : ` (${text})`;
  a.set("date", iso, `the day the site posted it${converted}`);
}
