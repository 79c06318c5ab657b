import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { sitemapFiles } from "./sitemap.ts";
import { links } from "../core/urls.ts";

describe("the sitemap", () => {
  it("escapes what XML needs in a URL with the site's one escaper, and the URL reads back unchanged", () => {
    const site = links("/", "https://archive.example.org");
    const route = "/a&b/it's/<x>/";
    const xml = [...(sitemapFiles([route], site).find((f) => f.path === "sitemap.xml")?.chunks() ?? [])].join("");
    assert.equal(XMLValidator.validate(xml), true);
    assert.match(xml, /<loc>https:\/\/archive\.example\.org\/a&amp;b\/it&#39;s\/&lt;x&gt;\/<\/loc>/);
    const parsed = new XMLParser({ htmlEntities: true }).parse(xml) as { urlset: { url: { loc: string } } };
    assert.equal(parsed.urlset.url.loc, `https://archive.example.org${route}`);
  });

  it("writes each URL on a line of its own, with the date where the page has one, and an empty list as a blank line", () => {
    const site = links("/", "https://x.org");
    const text = (pages: (string | { route: string; lastmod?: string })[]) => sitemapFiles(pages, site).map((f) => [f.path, [...f.chunks()].join("")]);
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
    const robots = ["robots.txt", "User-agent: *\nAllow: /\n\nSitemap: https://x.org/sitemap.xml\n"];
    assert.deepEqual(text(["/", { route: "/a/", lastmod: "2021-10" }, "/404.html"]), [
      ["sitemap.xml", `${head}<url><loc>https://x.org/</loc></url>\n<url><loc>https://x.org/a/</loc><lastmod>2021-10</lastmod></url>\n</urlset>\n`],
      robots,
    ]);
    assert.deepEqual(text([]), [["sitemap.xml", `${head}\n</urlset>\n`], robots]);
  });

  it("gives its files a key that changes with any URL, date or the site's address, and only then", () => {
    const key = (pages: (string | { route: string; lastmod?: string })[], origin = "https://x.org") => sitemapFiles(pages, links("/", origin)).map((f) => f.key);
    const pages = ["/", { route: "/a/", lastmod: "2021-10" }];
    assert.deepEqual(key(pages), key(["/", { route: "/a/", lastmod: "2021-10" }, "/404.html"]));
    for (const other of [key(["/", { route: "/a/", lastmod: "2021-11" }]), key(["/", "/a/"]), key([...pages, "/b/"]), key(pages, "https://y.org")]) assert.notDeepEqual(other, key(pages));
  });
});
