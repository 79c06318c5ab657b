/**
 * What the build writes, checked as a browser, a crawler and a search engine would read it: every
 * HTML page against html-validate's recommended rules (with the project's `.htmlvalidate.json`),
 * sitemap.xml as well-formed XML listing every page but the 404 page, and robots.txt pointing to it.
 * Two builds: the seed archive (complete, with search) as published from the origin's root, and a
 * generated archive with hostile content (markup in titles and bodies, paginated listings) as
 * published from a sub-path.
 */
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { HtmlValidate, type ConfigData } from "html-validate";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { articleText, listFiles, repoDir, tempDir, validFields } from "../support/project.ts";
import { builtSite, SEED_SITE } from "../support/sites.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

interface Site {
  readonly name: string;
  readonly dir: string;
  /** SITE_URL + PATH_PREFIX: what every URL in sitemap.xml starts with. */
  readonly base: string;
}

const HOSTILE_BODY = `本报乐陵讯\u3000第一段，含有{{ site.title }}和{% include "x" %}以及 <b>粗体</b> & 符号。

## 第一节 <i>小标题</i>

<script>alert("body")</script>

<div class="x">未闭合的 <p> 标签

[危险链接](javascript:alert(1)) [外部链接](https://example.com/a?b=1&c=2)

::: photo
付女士给乐陵市人社局送锦旗 <img src=x onerror=alert(1)>
:::
`;

async function build(name: string, rootDir: string, env: { SITE_URL: string; PATH_PREFIX?: string; SKIP_SEARCH?: string }): Promise<Site> {
  return { name, dir: await builtSite(rootDir, env), base: env.SITE_URL + (env.PATH_PREFIX ?? "/") };
}

/** Site-relative paths of the HTML pages written: "index.html" → "", "tags/x/index.html" → "tags/x/". */
async function htmlPages(site: Site): Promise<string[]> {
  return (await listFiles(site.dir)).filter((f) => f.endsWith(".html")).map((f) => f.replace(/(^|\/)index\.html$/, "$1"));
}

describe("the files the build writes", { timeout: TEST_TIMEOUT_MS }, () => {
  const sites: Site[] = [];
  before(async () => {
    sites.push(await build("seed", repoDir, SEED_SITE));
    const project = await tempDir("archive-output-project-");
    // 45 articles over 4 tags: listings long enough to be split into pages (…/page/2/).
    await generateCorpus({ count: 45, outDir: project, seed: 5, tags: 4, authors: 6, shape: "light" });
    await mkdir(path.join(project, "content", "hostile"), { recursive: true });
    await writeFile(
      path.join(project, "content", "hostile", "leling.md"),
      articleText(
        validFields({
          title: '"</title><b>作风</b>一变事业兴 & <script>"',
          subtitle: '"<i>探寻</i>“核心密码”"',
          correspondents: "[贾鹏, 于东钧]",
          editor: "常学艺",
          url: "https://example.com/news/1.html?a=1&b=2",
          date_note: '"<版面>印有日期"',
          aliases: '[/2021/leling-zuofeng/, /old/作风&x=1.html]',
        }),
        HOSTILE_BODY,
      ),
    );
    sites.push(await build("generated", project, { SITE_URL: "https://example.org", PATH_PREFIX: "/archive/", SKIP_SEARCH: "1" }));
  });

  /** The project's configuration, as `npx html-validate _site/` in the checkout finds it. */
  const validator = async () => new HtmlValidate({ ...(JSON.parse(await readFile(path.join(repoDir, ".htmlvalidate.json"), "utf8")) as ConfigData), root: true });

  it("are valid HTML: every page passes html-validate's recommended rules (.htmlvalidate.json)", async () => {
    const html = await validator();
    const problems: string[] = [];
    let checked = 0;
    for (const site of sites) {
      const pages = await htmlPages(site);
      assert.ok(pages.length > 50, `${site.name}: only ${pages.length} pages`);
      for (const page of pages) {
        const file = path.join(site.dir, page.endsWith("/") || page === "" ? `${page}index.html` : page);
        const report = await html.validateString(await readFile(file, "utf8"), file);
        checked++;
        for (const result of report.results) {
          for (const m of result.messages) problems.push(`${site.name} /${page}:${m.line}:${m.column} [${m.ruleId}] ${m.message} (${JSON.stringify(m.selector)})`);
        }
      }
    }
    assert.ok(checked > 100);
    assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join("\n")}`);
  });

  it("are checked by a validator that does catch markup errors", async () => {
    const html = await validator();
    const home = await readFile(path.join(sites[0]?.dir ?? "", "index.html"), "utf8");
    const broken = home.replace('<main id="main" class="wrap">', '<main id="main" class="wrap"><div id="main"><p><div></p></div>').replace('<nav class="site-nav"', '<nav class="site-nav" aria-label="栏目"');
    const rules = new Set((await html.validateString(broken, "broken.html")).results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    for (const rule of ["no-dup-id", "close-order", "no-dup-attr"]) assert.ok(rules.has(rule), `${rule} not reported: ${[...rules].join(", ")}`);
  });

  it("include a sitemap.xml that parses as XML and lists every HTML page but 404.html, and a robots.txt pointing to it", async () => {
    for (const site of sites) {
      const xml = await readFile(path.join(site.dir, "sitemap.xml"), "utf8");
      const valid = XMLValidator.validate(xml);
      assert.equal(valid, true, `${site.name} sitemap.xml: ${JSON.stringify(valid)}`);
      const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "url" }).parse(xml) as {
        urlset?: { "@_xmlns": string; url: { loc: string }[] };
      };
      assert.equal(parsed.urlset?.["@_xmlns"], "http://www.sitemaps.org/schemas/sitemap/0.9");
      const listed = parsed.urlset.url.map((u) => u.loc);
      assert.equal(new Set(listed).size, listed.length, `${site.name}: a URL is listed twice`);
      // Old paths redirect, and only the page they lead to is listed: an article's (aliases), and
      // the date pages' from before they moved from archive/ to dates/.
      const redirects = new Set<string>();
      for (const p of await htmlPages(site)) if ((await readFile(path.join(site.dir, p.endsWith("/") || p === "" ? `${p}index.html` : p), "utf8")).includes('http-equiv="refresh"')) redirects.add(p);
      assert.equal([...redirects].filter((p) => !p.startsWith("archive/")).length, site.name === "generated" ? 2 : 0, site.name);
      assert.ok(redirects.has("archive/"), `${site.name}: the date index's old path does not redirect`);
      const expected = (await htmlPages(site)).filter((p) => p !== "404.html" && !redirects.has(p)).map((p) => site.base + p);
      assert.deepEqual([...listed].sort(), expected.sort(), site.name);

      const robots = await readFile(path.join(site.dir, "robots.txt"), "utf8");
      assert.match(robots, /^User-agent: \*$/m);
      const sitemaps = [...robots.matchAll(/^Sitemap: (\S+)$/gm)].map((m) => m[1]);
      assert.deepEqual(sitemaps, [`${site.base}sitemap.xml`], site.name);
    }
  });

  it("include the open data and each article's citation files, listing exactly the published articles", async () => {
    for (const site of sites) {
      const articlePages = (await htmlPages(site)).filter((p) => /^articles\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(p));
      const records = JSON.parse(await readFile(path.join(site.dir, "data", "articles.json"), "utf8")) as { url: string; title: string; text: string }[];
      assert.deepEqual(records.map((r) => r.url).sort(), articlePages.map((p) => site.base + p).sort(), site.name);
      const csv = await readFile(path.join(site.dir, "data", "articles.csv"), "utf8");
      assert.ok(csv.startsWith("\uFEFFid,url,title,") && csv.endsWith("\r\n"), site.name);
      for (const file of ["article.schema.json", "places.json", "newspapers.json"]) JSON.parse(await readFile(path.join(site.dir, "data", file), "utf8"));
      for (const page of articlePages) {
        const [record] = JSON.parse(await readFile(path.join(site.dir, page, "citation.json"), "utf8")) as { URL: string; type: string }[];
        assert.equal(record?.URL, site.base + page);
        assert.match(await readFile(path.join(site.dir, page, "citation.ris"), "utf8"), /^TY {2}- NEWS\n[\s\S]*\nER {2}- \n$/);
        assert.match(await readFile(path.join(site.dir, page, "citation.bib"), "utf8"), /^@article\{/);
      }
    }
    const generated = sites.find((s) => s.name === "generated");
    assert.ok(generated);
    const hostile = (JSON.parse(await readFile(path.join(generated.dir, "data", "articles.json"), "utf8")) as { title: string; url: string }[]).find((r) => r.title.includes("<script>"));
    assert.equal(hostile?.title, "</title><b>作风</b>一变事业兴 & <script>");
    const redirect = await readFile(path.join(generated.dir, "2021", "leling-zuofeng", "index.html"), "utf8");
    assert.ok(redirect.includes(`<link rel="canonical" href="${hostile.url}">`), redirect);
  });
});
