import assert from "node:assert/strict";
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it, before } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { sitemapFiles } from "../../src/render/sitemap.ts";
import { links } from "../../src/core/urls.ts";
import { articleText, fixtureProject, listFiles, runScript, runScriptWith, validFields } from "../support/project.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

const BODY = `本报乐陵讯\u3000第一段，含有{{ site.title }}和{% include "x" %}。

## 第一节 小标题

<script>alert("body")</script>

[危险链接](javascript:alert(1))

::: photo
付女士给乐陵市人社局送锦旗
:::
`;

describe("the production build over fixture content", { timeout: TEST_TIMEOUT_MS }, () => {
  let dir = "";
  let site = "";
  let page = "";
  before(async () => {
    dir = await fixtureProject({
      "2021/leling.md": articleText(
        validFields({
          subtitle: "探寻乐陵高质量发展背后的“核心密码”",
          correspondents: "[贾鹏, 于东钧]",
          editor: "常学艺",
          url: "https://example.com/news/1.html",
          title: '"<b>作风</b>一变事业兴"',
          date_note: "版面印有日期",
        }),
        BODY,
      ),
      "2022/draft.md": articleText(validFields({ title: "未完成的草稿", date: "2022-01-07", draft: "true" })),
      "2019/lingcheng.md": articleText(validFields({ title: "陵城：狠抓落实", date: "2019-03-01", source: "德州新闻网", place: "陵城区", page: undefined })),
    });
    const result = await runScript("build", dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /built 2 articles, \d+ pages into _site\/ in \d+\.\d+ s/);
    site = path.join(dir, "_site");
    page = await readFile(path.join(site, "articles/2021/10/22/b-zuo-feng-b-yi-bian-shi-ye-xing/index.html"), "utf8");
  });

  it("writes the home page, each published article with its citation files, every index page, the search page and its index, feeds, the open data, the date pages' old paths (archive/) that redirect, and nothing else", async () => {
    const files = await listFiles(site);
    assert.ok(files.includes("pagefind/pagefind.js") && files.includes("pagefind/pagefind-entry.json"), "no search index");
    assert.deepEqual(files.filter((f) => !f.startsWith("pagefind/")), [
      "404.html",
      "archive/2019/03/01/index.html",
      "archive/2019/03/index.html",
      "archive/2019/index.html",
      "archive/2021/10/22/index.html",
      "archive/2021/10/index.html",
      "archive/2021/index.html",
      "archive/index.html",
      "articles/2019/03/01/ling-cheng-hen-zhua-luo-shi/citation.bib",
      "articles/2019/03/01/ling-cheng-hen-zhua-luo-shi/citation.json",
      "articles/2019/03/01/ling-cheng-hen-zhua-luo-shi/citation.ris",
      "articles/2019/03/01/ling-cheng-hen-zhua-luo-shi/index.html",
      "articles/2021/10/22/b-zuo-feng-b-yi-bian-shi-ye-xing/citation.bib",
      "articles/2021/10/22/b-zuo-feng-b-yi-bian-shi-ye-xing/citation.json",
      "articles/2021/10/22/b-zuo-feng-b-yi-bian-shi-ye-xing/citation.ris",
      "articles/2021/10/22/b-zuo-feng-b-yi-bian-shi-ye-xing/index.html",
      "assets/cite.js",
      "assets/favicon.svg",
      "assets/search.js",
      "assets/site.css",
      "authors/index.html",
      "authors/ma-zhi-yong/index.html",
      "counties/dezhou/feed.json",
      "counties/dezhou/feed.xml",
      "counties/dezhou/index.html",
      "counties/index.html",
      "counties/leling-shi/feed.json",
      "counties/leling-shi/feed.xml",
      "counties/leling-shi/index.html",
      "counties/lingcheng-qu/feed.json",
      "counties/lingcheng-qu/feed.xml",
      "counties/lingcheng-qu/index.html",
      "counties/shandong/feed.json",
      "counties/shandong/feed.xml",
      "counties/shandong/index.html",
      "data/article.schema.json",
      "data/articles.csv",
      "data/articles.json",
      "data/index.html",
      "data/newspapers.json",
      "data/places.json",
      "dates/2019/03/01/index.html",
      "dates/2019/03/index.html",
      "dates/2019/index.html",
      "dates/2021/10/22/index.html",
      "dates/2021/10/index.html",
      "dates/2021/index.html",
      "dates/index.html",
      "favicon.ico",
      "feed.json",
      "feed.xml",
      "index.html",
      "robots.txt",
      "search/index.html",
      "sitemap.xml",
      "sources/dezhou-xinwenwang/index.html",
      "sources/index.html",
      "sources/qilu-wanbao/2021/10/22/index.html",
      "sources/qilu-wanbao/index.html",
      "tags/index.html",
      "tags/min-sheng-shi-shi/feed.json",
      "tags/min-sheng-shi-shi/feed.xml",
      "tags/min-sheng-shi-shi/index.html",
      "tags/zuo-feng-jian-she/feed.json",
      "tags/zuo-feng-jian-she/feed.xml",
      "tags/zuo-feng-jian-she/index.html",
    ]);
  });

  it("never publishes drafts", async () => {
    const home = await readFile(path.join(site, "index.html"), "utf8");
    assert.doesNotMatch(home, /未完成的草稿/);
  });

  it("shows the article's metadata in Chinese", () => {
    assert.match(page, /<html lang="zh-CN">/);
    assert.match(page, /<dd><a href="\/dates\/2021\/10\/22\/"><time datetime="2021-10-22">2021年10月22日 星期五<\/time><\/a><\/dd>/);
    assert.match(page, /<dd><a href="\/sources\/qilu-wanbao\/">齐鲁晚报<\/a><span class="sep" aria-hidden="true">·<\/span><a href="\/sources\/qilu-wanbao\/2021\/10\/22\/">当期各版<\/a><span class="sep" aria-hidden="true">·<\/span>B02-B03版<\/dd>/);
    assert.match(page, /<a href="\/counties\/shandong\/">山东省<\/a><span class="sep" aria-hidden="true">›<\/span><a href="\/counties\/dezhou\/">德州市<\/a><span class="sep" aria-hidden="true">›<\/span><a href="\/counties\/leling-shi\/">乐陵市<\/a>/);
    assert.match(page, /<dt>记者<\/dt><dd><a href="\/authors\/ma-zhi-yong\/">马志勇<\/a><\/dd>/);
    assert.match(page, /<dt>通讯员<\/dt><dd>贾鹏 于东钧<\/dd>/);
    assert.match(page, /<dt>编辑<\/dt><dd>常学艺<\/dd>/);
    assert.match(page, /<li><a href="\/tags\/zuo-feng-jian-she\/">作风建设<\/a><\/li><li><a href="\/tags\/min-sheng-shi-shi\/">民生实事<\/a><\/li>/);
    assert.match(page, /探寻乐陵高质量发展背后的“核心密码”/);
    assert.match(page, /<a href="https:\/\/example.com\/news\/1.html" rel="noopener noreferrer">/);
    assert.match(page, /版面印有日期/);
  });

  it("escapes titles and keeps the body's template syntax, HTML and scripts inert", () => {
    assert.match(page, /<h1>&lt;b&gt;作风&lt;\/b&gt;一变事业兴<\/h1>/);
    assert.match(page, /<title>&lt;b&gt;作风&lt;\/b&gt;一变事业兴 · 作风建设报道档案<\/title>/);
    assert.match(page, /含有\{\{ site.title \}\}和\{% include &quot;x&quot; %\}。/);
    assert.match(page, /&lt;script&gt;alert\(&quot;body&quot;\)&lt;\/script&gt;/);
    // The scripts on an article page are its JSON-LD data block and the site's own citation
    // script; nothing from the article is executable.
    assert.deepEqual(page.match(/<script[^>]*>/g), ['<script type="application/ld+json">', '<script type="module" src="/assets/cite.js">']);
    assert.doesNotMatch(page, /href="javascript:/);
  });

  it("renders section headings and photo captions", () => {
    assert.match(page, /<h2>第一节 小标题<\/h2>/);
    assert.match(page, /<figure class="photo">.*付女士给乐陵市人社局送锦旗.*<\/figure>/s);
  });

  it("marks only the article content for the search index", async () => {
    assert.equal((page.match(/data-pagefind-body/g) ?? []).length, 1);
    assert.match(page, /<article class="article" data-pagefind-body>/);
    for (const other of ["index.html", "404.html"]) {
      assert.doesNotMatch(await readFile(path.join(site, other), "utf8"), /data-pagefind-body/);
    }
  });

  it("lists the latest articles, newest first, on the home page", async () => {
    const home = await readFile(path.join(site, "index.html"), "utf8");
    assert.match(home, /<h1>作风建设报道档案<\/h1>/);
    const order = [...home.matchAll(/<h3 class="summary-title"><a href="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(order, ["/articles/2021/10/22/b-zuo-feng-b-yi-bian-shi-ye-xing/", "/articles/2019/03/01/ling-cheng-hen-zhua-luo-shi/"]);
  });

  it("links under the path prefix when the site is served from a sub-path", async () => {
    const out = path.join(dir, "_prefixed");
    const result = await runScript("build", dir, { PATH_PREFIX: "/archive/", OUTPUT_DIR: out });
    assert.equal(result.status, 0, result.stderr);
    const home = await readFile(path.join(out, "index.html"), "utf8");
    assert.match(home, /href="\/archive\/assets\/site.css"/);
    assert.match(home, /href="\/archive\/articles\/2019\/03\/01\/ling-cheng-hen-zhua-luo-shi\/"/);
    assert.doesNotMatch(home, /href="\/articles\//);
  });

  it("writes byte-identical output whatever the machine's time zone, and with the search index written on a thread or after the pages", async () => {
    const outputs: string[] = [];
    const threads: unknown[] = [];
    const builds = [
      { TZ: "UTC" },
      { TZ: "America/Los_Angeles" },
      { TZ: "Pacific/Kiritimati" },
      { TZ: "UTC", SEARCH_THREAD: "0" },
    ];
    for (const [i, env] of builds.entries()) {
      const out = path.join(dir, `_out-${i}`);
      const report = path.join(dir, `report-${i}.json`);
      const result = await runScript("build", dir, { ...env, OUTPUT_DIR: out, BUILD_REPORT: report });
      assert.equal(result.status, 0, result.stderr);
      const reported = JSON.parse(await readFile(report, "utf8")) as { searchThread?: number; stages: Record<string, number> };
      threads.push(reported.searchThread);
      // The thread's own time is reported beside the wait for it.
      assert.equal("search thread" in reported.stages, reported.searchThread === 1, JSON.stringify(reported.stages));
      const files = await listFiles(out);
      assert.ok(files.some((f) => f.startsWith("pagefind/index/")), "the search index is compared too");
      outputs.push((await Promise.all(files.map(async (f) => `${f}\n${(await readFile(path.join(out, f))).toString("base64")}`))).join("\n"));
    }
    // A small archive's index is written on a thread unless SEARCH_THREAD=0 says otherwise.
    assert.deepEqual(threads, [1, 1, 1, 0]);
    for (const output of outputs.slice(1)) assert.equal(output, outputs[0]);
  });
});

describe("what search engines and feed readers see", { timeout: TEST_TIMEOUT_MS }, () => {
  let dir = "";
  let out = "";
  before(async () => {
    dir = await fixtureProject({
      "2021/leling.md": articleText(validFields({ title: '"</script><b>作风</b>一变事业兴"', correspondents: "[贾鹏]" }), "本报乐陵讯　春华秋实，岁物丰成。\n"),
      "2019/lingcheng.md": articleText(validFields({ title: "陵城：狠抓落实", date: "2019-03-01", source: "德州新闻网", place: "陵城区", page: undefined })),
    });
    out = path.join(dir, "_published");
    const result = await runScript("build", dir, { SITE_URL: "https://archive.example.org", PATH_PREFIX: "/archive/", OUTPUT_DIR: out });
    assert.equal(result.status, 0, result.stderr);
  });

  it("gives every page a canonical URL and Open Graph tags on the published origin", async () => {
    const page = await readFile(path.join(out, "tags/zuo-feng-jian-she/index.html"), "utf8");
    assert.match(page, /<link rel="canonical" href="https:\/\/archive\.example\.org\/archive\/tags\/zuo-feng-jian-she\/">/);
    assert.match(page, /<meta property="og:url" content="https:\/\/archive\.example\.org\/archive\/tags\/zuo-feng-jian-she\/">/);
    assert.match(page, /<meta property="og:type" content="website">/);
    assert.match(page, /<meta property="og:locale" content="zh_CN">/);
  });

  it("describes each article as a schema.org NewsArticle that parses as JSON and cannot break out of its script", async () => {
    const files = (await listFiles(out)).filter((f) => f.startsWith("articles/") && f.endsWith(".html"));
    const leling = await readFile(path.join(out, files.find((f) => f.includes("2021")) ?? ""), "utf8");
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(leling)?.[1] ?? "";
    assert.doesNotMatch(json, /<\/script>|</);
    const data = JSON.parse(json) as Record<string, unknown>;
    assert.equal(data["@type"], "NewsArticle");
    assert.equal(data["headline"], "</script><b>作风</b>一变事业兴");
    // A date, never an invented midnight: only as precise as the record (here a printed day).
    assert.equal(data["datePublished"], "2021-10-22");
    assert.deepEqual(data["author"], [{ "@type": "Person", name: "马志勇" }]);
    assert.deepEqual(data["publisher"], { "@type": "Organization", name: "齐鲁晚报" });
    assert.deepEqual(data["contentLocation"], [{ "@type": "Place", name: "乐陵市" }]);
    assert.equal(data["inLanguage"], "zh-CN");
    assert.match(String(data["url"]), /^https:\/\/archive\.example\.org\/archive\/articles\/2021\/10\/22\/[a-z0-9-]+\/$/);
    assert.match(String(data["description"]), /^本报乐陵讯/);
    assert.match(leling, /<meta property="og:type" content="article">/);
  });

  it("publishes the archive's Atom feed: valid XML, newest first, +08:00 dates, titles and bodies escaped", async () => {
    const xml = await readFile(path.join(out, "feed.xml"), "utf8");
    assert.equal(XMLValidator.validate(xml), true);
    const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml).feed;
    assert.equal(feed.xmlns, "http://www.w3.org/2005/Atom");
    assert.equal(feed.id, "https://archive.example.org/archive/");
    assert.equal(feed.updated, "2021-10-22T00:00:00+08:00");
    assert.deepEqual(feed.link.map((l: { rel: string; href: string }) => [l.rel, l.href]), [
      ["alternate", "https://archive.example.org/archive/"],
      ["self", "https://archive.example.org/archive/feed.xml"],
    ]);
    const entries = feed.entry as Record<string, unknown>[];
    assert.deepEqual(entries.map((e) => e["published"]), ["2021-10-22T00:00:00+08:00", "2019-03-01T00:00:00+08:00"]);
    assert.equal(entries[0]?.["title"], "</script><b>作风</b>一变事业兴");
    assert.match(xml, /<title>&lt;\/script&gt;&lt;b&gt;作风&lt;\/b&gt;一变事业兴<\/title>/);
    assert.match(String((entries[0]?.["content"] as Record<string, string>)["#text"]), /^<p>本报乐陵讯/);
    assert.match(String((entries[0]?.["link"] as Record<string, string>)["href"]), /^https:\/\/archive\.example\.org\/archive\/articles\/2021\/10\/22\/[a-z0-9-]+\/$/);
  });

  it("publishes the same feed as JSON Feed 1.1", async () => {
    const feed = JSON.parse(await readFile(path.join(out, "feed.json"), "utf8")) as { version: string; feed_url: string; items: Record<string, unknown>[] };
    assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
    assert.equal(feed.feed_url, "https://archive.example.org/archive/feed.json");
    assert.deepEqual(feed.items.map((i) => [i["title"], i["date_published"]]), [
      ["</script><b>作风</b>一变事业兴", "2021-10-22T00:00:00+08:00"],
      ["陵城：狠抓落实", "2019-03-01T00:00:00+08:00"],
    ]);
    assert.match(String(feed.items[0]?.["content_html"]), /^<p>本报乐陵讯/);
  });

  it("gives each place and tag its own feeds, announced in the page head and offered on the page", async () => {
    const page = await readFile(path.join(out, "tags/zuo-feng-jian-she/index.html"), "utf8");
    assert.match(page, /<link rel="alternate" type="application\/atom\+xml" title="作风建设报道档案 · 标签：作风建设" href="\/archive\/tags\/zuo-feng-jian-she\/feed\.xml">/);
    assert.match(page, /<link rel="alternate" type="application\/feed\+json" title="作风建设报道档案 · 标签：作风建设" href="\/archive\/tags\/zuo-feng-jian-she\/feed\.json">/);
    assert.match(page, /<link rel="alternate" type="application\/atom\+xml" title="作风建设报道档案" href="\/archive\/feed\.xml">/);
    assert.match(page, /订阅：<a href="\/archive\/tags\/zuo-feng-jian-she\/feed\.xml"/);
    const county = await readFile(path.join(out, "counties/leling-shi/feed.xml"), "utf8");
    assert.equal(XMLValidator.validate(county), true);
    assert.match(county, /<title>作风建设报道档案 · 乐陵市<\/title>/);
    assert.equal((county.match(/<entry>/g) ?? []).length, 1);
    // Tag feeds carry each article's lead, not its whole text.
    const tag = JSON.parse(await readFile(path.join(out, "tags/zuo-feng-jian-she/feed.json"), "utf8")) as { items: Record<string, unknown>[] };
    assert.equal(tag.items.length, 2);
    assert.equal(tag.items[0]?.["content_html"], undefined);
    assert.match(String(tag.items[0]?.["content_text"]), /^本报乐陵讯/);
  });

  it("lists every page but the 404 page and the date pages' old paths (archive/, redirects) in sitemap.xml, and robots.txt points to it", async () => {
    const sitemap = await readFile(path.join(out, "sitemap.xml"), "utf8");
    const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]).sort();
    const pages = (await listFiles(out))
      .filter((f) => f.endsWith(".html") && f !== "404.html" && !f.startsWith("archive/"))
      .map((f) => `https://archive.example.org/archive/${f.replace(/index\.html$/, "")}`)
      .sort();
    assert.deepEqual(listed, pages);
    assert.match(sitemap, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
    assert.equal(await readFile(path.join(out, "robots.txt"), "utf8"), "User-agent: *\nAllow: /\n\nSitemap: https://archive.example.org/archive/sitemap.xml\n");
  });

  it("splits the sitemap into an index of files past the protocol's limit", () => {
    const files = sitemapFiles(["/", "/a/", "/b/", "/404.html", "/c/"], links("/", "https://x.org"), 2);
    assert.deepEqual(files.map((f) => f.path), ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml", "robots.txt"]);
    // Taken one file after the other, as the page writer does: the parts share one walk of the pages.
    const content = files.map((f) => [...f.chunks()].join(""));
    assert.match(content[2] ?? "", /<sitemapindex[^>]*>\n<sitemap><loc>https:\/\/x\.org\/sitemap-1\.xml<\/loc><\/sitemap>\n<sitemap><loc>https:\/\/x\.org\/sitemap-2\.xml<\/loc><\/sitemap>\n<\/sitemapindex>/);
    assert.deepEqual(content.slice(0, 2).map((c) => c.match(/<loc>[^<]*<\/loc>/g)), [["<loc>https://x.org/</loc>", "<loc>https://x.org/a/</loc>"], ["<loc>https://x.org/b/</loc>", "<loc>https://x.org/c/</loc>"]]);
  });

  it("refuses a SITE_URL that is not http(s)", () => {
    for (const bad of ["ftp://x.org", "archive.example.org", "not a url"]) {
      assert.throws(() => links("/", bad), /SITE_URL must start with http:\/\/ or https:\/\//, bad);
    }
  });
});

describe("a build with bad deployment settings", { timeout: TEST_TIMEOUT_MS }, () => {
  it("names the bad PATH_PREFIX or SITE_URL in one line and builds nothing", async () => {
    const dir = await fixtureProject({ "a.md": articleText(validFields()) });
    const prefix = await runScript("build", dir, { PATH_PREFIX: "../x" });
    assert.equal(prefix.status, 1);
    assert.equal(prefix.stderr, 'PATH_PREFIX must be a path like /archive/ (letters, digits, - _ . ~), got "../x"\nbuild failed: _site/ was not changed\n');
    const site = await runScript("build", dir, { SITE_URL: "ftp://x.org" });
    assert.equal(site.status, 1);
    assert.match(site.stderr, /^SITE_URL must start with http:\/\/ or https:\/\/, got "ftp:\/\/x\.org"\n/);
    assert.deepEqual((await readdir(dir)).sort(), ["content"]);
  });

  it("names an OUTPUT_DIR that cannot be created in one line, before rendering anything", async () => {
    const dir = await fixtureProject({ "a.md": articleText(validFields()) });
    await writeFile(path.join(dir, "a-file"), "");
    const result = await runScript("build", dir, { OUTPUT_DIR: "a-file/site" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /\nOUTPUT_DIR "a-file\/site": cannot create its folder \(EEXIST: file already exists, mkdir '[^']*a-file'\)\nbuild failed: a-file\/site\/ was not changed\n$/);
    assert.deepEqual((await readdir(dir)).sort(), ["a-file", "content"]);
  });

  it("refuses an OUTPUT_DIR it would replace with the project or other files in it, and changes nothing", async () => {
    const dir = await fixtureProject({ "a.md": articleText(validFields()) });
    await mkdir(path.join(dir, "notes"));
    await writeFile(path.join(dir, "notes", "todo.txt"), "todo");
    const refusals = {
      ".": 'OUTPUT_DIR ".": a build replaces its whole folder, and it holds the project; name a folder of its own, such as _site\nbuild failed: ./ was not changed\n',
      content: 'OUTPUT_DIR "content": a build replaces its whole folder, and it holds the articles; name a folder of its own, such as _site\nbuild failed: content/ was not changed\n',
      notes: 'OUTPUT_DIR "notes": a build replaces its whole folder, and it holds files that are not a built site (todo.txt; no index.html); name a folder of its own, such as _site\nbuild failed: notes/ was not changed\n',
    };
    for (const [output, stderr] of Object.entries(refusals)) {
      const result = await runScript("build", dir, { OUTPUT_DIR: output, SKIP_SEARCH: "1" });
      assert.equal(result.status, 1, output);
      assert.equal(result.stderr, stderr);
    }
    assert.deepEqual((await readdir(dir)).sort(), ["content", "notes"]);
    assert.deepEqual(await readdir(path.join(dir, "notes")), ["todo.txt"]);
    assert.ok((await readdir(path.join(dir, "content"))).includes("a.md"));
  });

  it("warns without SITE_URL, naming everything that would point at localhost, and builds", async () => {
    const dir = await fixtureProject({ "a.md": articleText(validFields()) });
    const result = await runScript("build", dir, { SITE_URL: undefined, CI: undefined, SKIP_SEARCH: "1" });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stderr.split("\n")[0],
      "warning: SITE_URL is not set: canonical links, Open Graph tags, the articles' JSON-LD, the feeds, sitemap.xml and robots.txt point at http://localhost:8080; set SITE_URL to the published origin (SITE_URL=https://archive.example.org npm run build), or SITE_URL=http://localhost:8080 for a local build on purpose",
    );
    assert.match(await readFile(path.join(dir, "_site", "robots.txt"), "utf8"), /Sitemap: http:\/\/localhost:8080\/sitemap\.xml/);
  });

  it("refuses under CI to build without SITE_URL, leaving the site alone, unless the default is asked for", async () => {
    const dir = await fixtureProject({ "a.md": articleText(validFields()) });
    const refused = await runScript("build", dir, { SITE_URL: undefined, CI: "true", SKIP_SEARCH: "1" });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^SITE_URL is not set: under CI the build refuses to write http:\/\/localhost:8080 into canonical links, Open Graph tags, the articles' JSON-LD, the feeds, sitemap\.xml and robots\.txt; set SITE_URL to/);
    assert.match(refused.stderr, /\nbuild failed: _site\/ was not changed\n$/);
    assert.deepEqual(await readdir(dir), ["content"]);
    const asked = await runScript("build", dir, { SITE_URL: "http://localhost:8080", CI: "true", SKIP_SEARCH: "1" });
    assert.equal(asked.status, 0, asked.stderr);
    assert.doesNotMatch(asked.stderr, /SITE_URL/);
  });

  it("says so in one line when BUILD_REPORT cannot be written, after building the site", async () => {
    const dir = await fixtureProject({ "a.md": articleText(validFields()) });
    const result = await runScript("build", dir, { BUILD_REPORT: "no-such-folder/report.json", SKIP_SEARCH: "1" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /\nBUILD_REPORT "no-such-folder\/report\.json": cannot write the report: ENOENT \(the site was built\)\n$/);
    assert.ok((await readdir(path.join(dir, "_site"))).includes("index.html"));
  });
});

describe("a build over bad content", { timeout: TEST_TIMEOUT_MS }, () => {
  it("reports every problem, exits non-zero and leaves the previous site untouched", async () => {
    const dir = await fixtureProject({
      "a.md": articleText(validFields({ place: "乐陵" })),
      "b.md": articleText(validFields({ title: "另一篇", date: "2021-02-30" })),
    });
    await mkdir(path.join(dir, "_site"));
    await writeFile(path.join(dir, "_site", "index.html"), "previous site");
    const result = await runScript("build", dir);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /content\/a\.md:6:8 place: unknown place "乐陵" — did you mean 乐陵市\?/);
    assert.match(result.stderr, /content\/b\.md:3:7 date: impossible date "2021-02-30" — 2021-02 has 28 days/);
    assert.match(result.stderr, /2 errors in 2 files/);
    assert.match(result.stderr, /build failed: _site\/ was not changed/);
    assert.deepEqual(await readdir(path.join(dir, "_site")), ["index.html"]);
    assert.equal(await readFile(path.join(dir, "_site", "index.html"), "utf8"), "previous site");
    assert.deepEqual((await readdir(dir)).sort(), ["_site", "content"]);
  });

  it("refuses an old path that is the path of a page the site generates, found while the pages are written, and leaves the previous site untouched", async () => {
    const dir = await fixtureProject({ "a.md": articleText(validFields({ aliases: "/tags/" })) });
    await mkdir(path.join(dir, "_site"));
    await writeFile(path.join(dir, "_site", "index.html"), "previous site");
    const result = await runScript("build", dir);
    assert.equal(result.status, 1, result.stdout);
    assert.match(result.stderr, /content\/a\.md aliases: old path "\/tags\/" is the path of a page the site generates — choose another path/);
    assert.match(result.stderr, /build failed: _site\/ was not changed/);
    assert.deepEqual(await readdir(path.join(dir, "_site")), ["index.html"]);
    assert.deepEqual((await readdir(dir)).sort(), ["_site", "content"]);
  });
});

describe("the build's output check", { timeout: TEST_TIMEOUT_MS }, () => {
  it("fails the build on a link into the site that points at nothing, naming the page, its file and the link once", async () => {
    const dir = await fixtureProject({
      "2021/leling.md": articleText(validFields(), "见[另一篇报道](/archive/articles/2021/10/23/mei-you/)，及[外部链接](https://example.org/x/)。\n"),
    });
    await mkdir(path.join(dir, "_site"));
    await writeFile(path.join(dir, "_site", "index.html"), "previous site");
    const result = await runScript("build", dir, { PATH_PREFIX: "/archive/" });
    assert.equal(result.status, 1, result.stdout);
    // Printed by Eleventy, whose build it stops, each line marked [11ty]; and by nothing else.
    assert.match(result.stderr, /^\[11ty\] 1 internal link points at nothing:\n\[11ty\] {3}\/articles\/2021\/10\/22\/[a-z0-9-]+\/ \(content\/2021\/leling\.md\) → \/archive\/articles\/2021\/10\/23\/mei-you\/$/m);
    assert.equal(result.stderr.split("points at nothing").length - 1, 1, result.stderr);
    assert.equal(result.stderr.split("mei-you").length - 1, 1, result.stderr);
    assert.match(result.stderr, /build failed: _site\/ was not changed/);
    assert.deepEqual(await readdir(path.join(dir, "_site")), ["index.html"]);
    assert.deepEqual((await readdir(dir)).sort(), ["_site", "content"]);
  });
});

describe("a build of an archive written with the old field name county", { timeout: TEST_TIMEOUT_MS }, () => {
  it("builds it as place, warning once per file with the file, the field and the value", async () => {
    const dir = await fixtureProject({ "2021/old.md": articleText({ ...validFields({ place: undefined }), county: "[乐陵市, 德州市]" }, `${"乐陵市坚持以实干论英雄。".repeat(6)}\n`) });
    const result = await runScript("build", dir, { SKIP_SEARCH: "1" });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, 'warning: content/2021/old.md:8 county: "[乐陵市, 德州市]" — county is the old name of place: rename the field to place\n');
    const article = await readFile(path.join(dir, "_site", "articles", "2021", "10", "22", "zuo-feng-yi-bian-shi-ye-xing", "index.html"), "utf8");
    assert.match(article, /href="\/counties\/leling-shi\/"/);
  });
});

describe("a build of a project whose articles are in another folder", { timeout: TEST_TIMEOUT_MS }, () => {
  it("reads them from --content DIR, and refuses an unknown option with the usage", async () => {
    const dir = await fixtureProject({ "2021/leling.md": articleText(validFields({ title: "放在别处的文章" })) });
    await rename(path.join(dir, "content"), path.join(dir, "articles"));
    const result = await runScriptWith("build", dir, ["--content", "articles"], { SKIP_SEARCH: "1" });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /built 1 articles, \d+ pages into _site\/ in \d+\.\d+ s/);
    assert.match(await readFile(path.join(dir, "_site", "index.html"), "utf8"), /放在别处的文章/);
    const unknown = await runScriptWith("build", dir, ["--contnet", "articles"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option --contnet\nusage: npm run build -- \[--content DIR\] \[--pages DIR\]/);
    // A folder named that is not there is a mistake, not a project without hand-written pages.
    const missing = await runScriptWith("build", dir, ["--content", "articles", "--pages", "pagse"]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, '--pages "pagse": no such folder\nusage: npm run build -- [--content DIR] [--pages DIR]\n');
  });
});
