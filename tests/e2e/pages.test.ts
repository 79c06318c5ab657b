import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { TEST_TIMEOUT_MS } from "../support/process.ts";
import { articleText, fixtureProject, runScript, validFields } from "../support/project.ts";

/** A fixture project with one article and the given hand-written pages (path under pages/ → text). */
async function projectWithPages(pages: Record<string, string>): Promise<string> {
  const dir = await fixtureProject({ "2021/leling.md": articleText(validFields()) });
  for (const [file, text] of Object.entries(pages)) {
    await mkdir(path.dirname(path.join(dir, "pages", file)), { recursive: true });
    await writeFile(path.join(dir, "pages", file), text);
  }
  return dir;
}

const ABOUT = `---
title: 关于本档案
description: 本档案收录什么、从哪里来
---
本档案收录 {{ archive.articles.length }} 篇报道，按[地区]({{ "/counties/" | url }})浏览。
`;

describe("a hand-written page in pages/", { timeout: TEST_TIMEOUT_MS }, () => {
  let dir = "";
  let about = "";
  let stdout = "";
  before(async () => {
    dir = await projectWithPages({ "about.md": ABOUT });
    const result = await runScript("build", dir, { SKIP_SEARCH: "1" });
    assert.equal(result.status, 0, result.stderr);
    stdout = result.stdout;
    about = await readFile(path.join(dir, "_site", "about", "index.html"), "utf8");
  });

  it("is rendered by Eleventy at its URL in the site's layout: header, navigation, footer and stylesheet", () => {
    assert.match(about, /<title>关于本档案 · [^<]+<\/title>/);
    assert.match(about, /<meta name="description" content="本档案收录什么、从哪里来">/);
    assert.match(about, /<link rel="stylesheet" href="\/assets\/site\.css">/);
    assert.match(about, /<header class="site-header">[\s\S]*<nav class="site-nav"/);
    assert.match(about, /<h1>关于本档案<\/h1>/);
    assert.match(about, /<footer class="site-footer">/);
  });

  it("reads the archive's records as Eleventy global data", () => {
    assert.match(about, /本档案收录 1 篇报道，按<a href="\/counties\/">地区<\/a>浏览。/);
  });

  it("is linked from the footer of every page, record pages and its own", async () => {
    const home = await readFile(path.join(dir, "_site", "index.html"), "utf8");
    for (const page of [home, about]) assert.match(page, /<footer class="site-footer">[\s\S]*<nav class="footer-nav"[^>]*><ul>\s*<li><a href="\/about\/">关于本档案<\/a><\/li>/);
  });

  it("is listed in the sitemap", async () => {
    const sitemap = await readFile(path.join(dir, "_site", "sitemap.xml"), "utf8");
    assert.match(sitemap, /<loc>http:\/\/localhost:8080\/about\/<\/loc>/);
  });

  it("is counted in Eleventy's own summary", () => {
    assert.match(stdout, /Wrote 1 file/);
  });
});

describe("the site's own layout", { timeout: TEST_TIMEOUT_MS }, () => {
  it("replaces the generator's when it has the same name (base) in pages/_includes/", async () => {
    const dir = await projectWithPages({
      "about.md": ABOUT,
      "_includes/base.njk": "<!doctype html><title>{{ title }}</title><body class=\"own-layout\">{{ content | safe }}</body>\n",
    });
    const result = await runScript("build", dir, { SKIP_SEARCH: "1" });
    assert.equal(result.status, 0, result.stderr);
    const about = await readFile(path.join(dir, "_site", "about", "index.html"), "utf8");
    assert.match(about, /^<!doctype html><title>关于本档案<\/title><body class="own-layout"><p>本档案收录 1 篇报道/);
  });
});

describe("hand-written pages the build refuses", { timeout: TEST_TIMEOUT_MS }, () => {
  it("fails on a link that points at nothing, naming the page, its file and the link once", async () => {
    const dir = await projectWithPages({ "about.md": "---\ntitle: 关于\n---\n[旧页](/no-such-page/)\n" });
    const result = await runScript("build", dir, { SKIP_SEARCH: "1" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^\[11ty\] 1 internal link points at nothing:\n\[11ty\] {3}\/about\/ \(\.\/pages\/about\.md\) → \/no-such-page\/$/m);
    assert.equal(result.stderr.split("no-such-page").length - 1, 1, result.stderr);
    assert.match(result.stderr, /build failed: _site\/ was not changed/);
  });

  it("fails on a page at the URL of an archive page instead of overwriting either", async () => {
    const dir = await projectWithPages({ "tags.md": "---\ntitle: 标签\npermalink: /tags/\n---\n标签\n" });
    const result = await runScript("build", dir, { SKIP_SEARCH: "1" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /\.\/pages\/tags\.md: its URL \/tags\/ is a page of the archive; give it another permalink/);
    assert.equal(result.stderr.split("is a page of the archive").length - 1, 1, result.stderr);
  });

  it("fails on pages at the path of any other file the build writes, naming each", async () => {
    const at = (permalink: string) => `---\ntitle: 占位\npermalink: ${permalink}\n---\n占位\n`;
    const dir = await projectWithPages({ "feed.md": at("/feed.xml"), "css.md": at("/assets/site.css"), "ico.md": at("/favicon.ico"), "robots.md": at("/robots.txt"), "data.md": at("/data/articles.json") });
    const result = await runScript("build", dir, { SKIP_SEARCH: "1" });
    assert.equal(result.status, 1, result.stderr);
    for (const expected of [
      "./pages/feed.md: its URL /feed.xml is a page of the archive; give it another permalink",
      "./pages/css.md: it would be written in /assets/, where the build writes its own files; give it another permalink",
      "./pages/ico.md: it would be written in /favicon.ico, where the build writes its own files; give it another permalink",
      "./pages/data.md: its URL /data/articles.json is a page of the archive; give it another permalink",
    ]) assert.ok(result.stderr.includes(expected), `${expected}\n${result.stderr}`);
    assert.match(result.stderr, /build failed: _site\/ was not changed/);
    // The build's other files are only known once the pages are written; robots.txt is refused then.
    const robots = await projectWithPages({ "robots.md": at("/robots.txt") });
    const second = await runScript("build", robots, { SKIP_SEARCH: "1" });
    assert.equal(second.status, 1, second.stderr);
    assert.ok(second.stderr.includes("./pages/robots.md: its file /robots.txt is one the build writes; give it another permalink"), second.stderr);
  });

  it("fails on a page whose permalink would leave the site's folder, and writes nothing there", async () => {
    const dir = await projectWithPages({ "out.md": "---\ntitle: 出界\npermalink: ../../escaped/index.html\n---\n出界\n" });
    const result = await runScript("build", dir, { SKIP_SEARCH: "1" });
    assert.equal(result.status, 1);
    const escaped = path.resolve(dir, "..", "escaped", "index.html");
    assert.ok(result.stderr.includes(`./pages/out.md: its permalink would write ${escaped}, outside the site's folder; give it a permalink inside the site (such as /about/)`), result.stderr);
    assert.equal(existsSync(escaped), false);
    assert.match(result.stderr, /build failed: _site\/ was not changed/);
  });

  it("fails on a template Eleventy cannot render, printing Eleventy's message once", async () => {
    const dir = await projectWithPages({ "bad.njk": "---\ntitle: 坏页\n---\n{{ title | no_such_filter }}\n" });
    const result = await runScript("build", dir, { SKIP_SEARCH: "1" });
    assert.equal(result.status, 1);
    // Eleventy's own account: the page, then each cause (filter not found: no_such_filter).
    assert.match(result.stderr, /filter not found: no_such_filter/);
    assert.equal(result.stderr.split("Having trouble rendering njk template ./pages/bad.njk").length - 1, 1, result.stderr);
    assert.match(result.stderr, /build failed: _site\/ was not changed\n$/);
  });
});
