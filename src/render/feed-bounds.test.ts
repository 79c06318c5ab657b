import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Article } from "../content/article.ts";
import { calendarDate } from "../core/dates.ts";
import { links } from "../core/urls.ts";
import { atomFeed, FEED_ENTRY_MAX_BYTES, FEED_FILE_MAX_BYTES, jsonFeed } from "./feeds.ts";

const info = { siteName: "档案", siteDescription: "说明", links: links("/", "https://example.org") };
const article = (slug: string, body: string) =>
  ({ slug, title: slug, date: calendarDate(2021, 10, 22), body, tags: ["作风建设"], authors: ["马志勇"], source: { name: "齐鲁晚报" }, page: undefined }) as unknown as Article;

describe("full-text feeds", () => {
  it("carry a huge article's lead and a link, not its text", () => {
    const huge = article("huge", `开头一段文字。\n\n${"很长的正文。".repeat(400_000)}\n`);
    const feed = atomFeed({ page: "/", articles: [huge, article("small", "短文。\n")], fullText: true }, info);
    assert.ok(Buffer.byteLength(feed) < 10_000, `${Buffer.byteLength(feed)} bytes`);
    assert.match(feed, /开头一段文字。.*阅读全文/s);
    assert.match(feed, /&lt;p&gt;短文。&lt;\/p&gt;/);
  });

  it("stop carrying full texts once a file's would pass the bound, in both formats", () => {
    const big = (i: number) => article(`a${i}`, `${"一段正文。".repeat(Math.floor(FEED_ENTRY_MAX_BYTES / 16))}\n`);
    const source = { page: "/", articles: Array.from({ length: 30 }, (_, i) => big(i)), fullText: true };
    for (const feed of [atomFeed(source, info), jsonFeed(source, info)]) {
      const bytes = Buffer.byteLength(feed);
      assert.ok(bytes < FEED_FILE_MAX_BYTES * 1.5, `${bytes} bytes`);
      assert.ok(bytes > FEED_FILE_MAX_BYTES / 2, "the first entries still carry their full text");
      assert.match(feed, /阅读全文/);
    }
  });
});
