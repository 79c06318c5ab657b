import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { sitemapFiles } from "./sitemap.ts";
import { links } from "../core/urls.ts";

describe("the sitemap", () => {
  it("escapes what XML needs in a URL with the site's one escaper, and the URL reads back unchanged", () => {
    const site = links("/", "https://archive.example.org");
    const route = "/a&b/it's/<x>/";
    const xml = sitemapFiles([route], site).find((f) => f.path === "sitemap.xml")?.content ?? "";
    assert.equal(XMLValidator.validate(xml), true);
    assert.match(xml, /<loc>https:\/\/archive\.example\.org\/a&amp;b\/it&#39;s\/&lt;x&gt;\/<\/loc>/);
    const parsed = new XMLParser({ htmlEntities: true }).parse(xml) as { urlset: { url: { loc: string } } };
    assert.equal(parsed.urlset.url.loc, `https://archive.example.org${route}`);
  });
});
