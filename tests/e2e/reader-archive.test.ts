import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../tools/lib/browser.ts";
import { serveStatic } from "../../tools/lib/server.ts";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";
import { listFiles, repoDir, runScript, tempDir } from "../support/project.ts";

/**
 * The seed archive as a reader meets it (issue 14): every kind of page at phone and desktop width
 * passes axe and is photographed into test-results/screenshots/reader-<kind>-<width>.png; the
 * printed issue, honest dates, the front page, the furniture of an article and the small things.
 */
const SHOTS = path.join(repoDir, "test-results", "screenshots");
const WIDTHS = [360, 1280] as const;
const LELING = "articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing/";
const QIHE = "articles/2022/01/07/qi-he-bai-yu-ci-gou-tong-yin-lai-wai-shang-tou-zi/";
const LINGCHENG = "articles/2019/03/01/ling-cheng-hen-zhua-luo-shi-yi-xian-dian-bing-li-dan-dang/";
const ZHANGDIAN = "articles/2021/11/06/gan-bu-hao-zuo-feng-jiu-shi-sheng-chan-li/";
const ISSUE = "sources/dazhong-ribao/2022/01/07/";

const PAGES: Record<string, string> = {
  home: "",
  article: LELING,
  "article-estimated": QIHE,
  tags: "tags/",
  tag: "tags/zuo-feng-jian-she/",
  places: "counties/",
  place: "counties/leling-shi/",
  archive: "dates/",
  year: "dates/2022/",
  month: "dates/2022/01/",
  day: "dates/2022/01/07/",
  sources: "sources/",
  paper: "sources/dazhong-ribao/",
  "web-source": "sources/dezhou-xinwenwang/",
  issue: ISSUE,
  authors: "authors/",
  author: "authors/zhang-shuang-shuang/",
  about: "about/",
  search: "search/?q=%E4%B9%90%E9%99%B5",
  "not-found": "no/such/page/",
};

describe("the reader's archive in Chromium (seed archive)", { timeout: TEST_TIMEOUT_MS }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let out: string;
  before(async () => {
    out = await tempDir("archive-reader-");
    const build = await runScript("build", repoDir, { OUTPUT_DIR: out });
    assert.equal(build.status, 0, build.stderr);
    server = await serveStatic(out);
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens a page of the site in a fresh context; every route but the 404 test's must answer 200. */
  async function open(route: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const response = await page.goto(server.url + route);
    assert.equal(response?.status(), route === PAGES["not-found"] ? 404 : 200, route);
    return page;
  }

  for (const width of WIDTHS) {
    it(`passes axe on every kind of page at ${width}px, photographed`, async () => {
      const failures: string[] = [];
      for (const [kind, route] of Object.entries(PAGES)) {
        const page = await open(route, width);
        if (kind === "search") await page.locator("[data-search-results] li").first().waitFor({ timeout: 20_000 });
        const { violations } = await new AxeBuilder({ page }).analyze();
        for (const v of violations) failures.push(`${kind} (${route}) ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
        const overflow = (await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
        if (overflow > 0) failures.push(`${kind} scrolls sideways by ${overflow}px`);
        await page.screenshot({ path: path.join(SHOTS, `reader-${kind}-${width}.png`), fullPage: true });
        await page.context().close();
      }
      assert.deepEqual(failures, []);
    });
  }

  it("shows a printed issue: its pages in order with their articles, the paper's other issues", async () => {
    const page = await open(ISSUE);
    assert.equal(await page.locator("h1").innerText(), "大众日报\n2022年1月7日前后（推定）");
    assert.deepEqual(await page.locator(".printed-page > h2").allInnerTexts(), ["版次不详"]);
    assert.equal(await page.locator(".printed-page .summary").count(), 8);
    assert.equal(await page.locator(".printed-page .summary-lede").count(), 8);
    assert.equal(await page.locator('.adjacent a[rel="next"]').getAttribute("href"), "/sources/dazhong-ribao/2022/02/15/");
    await page.context().close();

    const leling = await open("sources/qilu-wanbao/2021/10/22/");
    assert.deepEqual(await leling.locator(".printed-page > h2").allInnerTexts(), ["B02-B03版 · 关注"]);
    await leling.context().close();
  });

  it("keeps a date's weekday on one line in the previous and next boxes at 360px, and every label inside its box", async () => {
    let weekdays = 0;
    for (const route of ["dates/2022/01/07/", ISSUE, "sources/dazhong-ribao/2022/02/15/"]) {
      const page = await open(route, 360);
      const boxes = await page.locator(".adjacent a").evaluateAll((links) =>
        links.map((a) => {
          const text = [...a.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes("星期"));
          // The lines the weekday (星期五, the end of the label) is laid out on.
          let weekdayLines = 0;
          if (text?.textContent) {
            const range = document.createRange();
            range.setStart(text, text.textContent.indexOf("星期"));
            range.setEnd(text, text.textContent.length);
            weekdayLines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          }
          return { label: a.textContent, weekdayLines, overflows: a.scrollWidth > a.clientWidth };
        }),
      );
      for (const box of boxes) {
        assert.ok(box.weekdayLines <= 1, `${route}: ${box.label}`);
        assert.ok(!box.overflows, `${route}: ${box.label} overflows`);
      }
      weekdays += boxes.filter((b) => b.weekdayLines).length;
      await page.context().close();
    }
    assert.ok(weekdays >= 3, `${weekdays} weekdays`);
  });

  it("offers a paper's issues as calendars (往期) and a web source's articles by date, with no issue or page", async () => {
    const paper = await open("sources/dazhong-ribao/");
    const hrefs = await paper.locator(".index-aside td.has-articles a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(hrefs, ["/sources/dazhong-ribao/2022/01/07/", "/sources/dazhong-ribao/2022/02/15/"]);
    await paper.context().close();
    const web = await open("sources/dezhou-xinwenwang/");
    assert.equal(await web.locator(".index-aside, .page-heading, .printed-page").count(), 0);
    assert.match(await web.locator(".summary-meta").first().innerText(), /约2019年3月上旬（推定）/);
    await web.context().close();
    const article = await open(LINGCHENG);
    assert.doesNotMatch(await article.locator(".meta").innerText(), /当期各版|版次/);
    await article.context().close();
  });

  it("links every printed article to its issue and names its page", async () => {
    const leling = await open(LELING);
    const source = leling.locator(".meta-row", { hasText: "来源" });
    assert.equal(await source.locator("a", { hasText: "当期各版" }).getAttribute("href"), "/sources/qilu-wanbao/2021/10/22/");
    assert.match(await source.innerText(), /B02-B03版 · 关注/);
    await leling.context().close();
  });

  it("says an estimated date is one wherever it is shown, and gives machines no more than the record knows", async () => {
    const cases = [
      [QIHE, "2022年1月7日前后（推定）", "2022-01-07"],
      [LINGCHENG, "约2019年3月上旬（推定）", "2019-03"],
      [ZHANGDIAN, "约2021年（推定）", "2021"],
      [LELING, "2021年10月22日 星期五", "2021-10-22"],
    ] as const;
    for (const [route, label, machine] of cases) {
      const page = await open(route);
      assert.equal(await page.locator(".meta time").innerText(), label, route);
      assert.equal(await page.locator(".meta time").getAttribute("datetime"), machine, route);
      const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}") as { datePublished: string };
      assert.equal(jsonLd.datePublished, machine, route);
      await page.context().close();
    }
    const sitemap = await readFile(path.join(out, "sitemap.xml"), "utf8");
    assert.match(sitemap, /ling-cheng-hen-zhua[^<]*\/<\/loc><lastmod>2019-03<\/lastmod>/);
    assert.match(sitemap, /gan-bu-hao-zuo-feng[^<]*\/<\/loc><lastmod>2021<\/lastmod>/);
    const feed = JSON.parse(await readFile(path.join(out, "feed.json"), "utf8")) as { items: { url: string; date_published?: string; summary: string; _archive: { date: string } }[] };
    const lingcheng = feed.items.find((i) => i.url.includes("ling-cheng-hen-zhua"));
    assert.equal(lingcheng?.date_published, undefined);
    assert.equal(lingcheng?._archive.date, "2019-03");
    assert.match(lingcheng?.summary ?? "", /^日期：约2019年3月上旬（推定）。/);
    // A year-only estimate is on its year's page, not on the day or month it is sorted under.
    assert.equal((await readFile(path.join(out, "dates/2021/index.html"), "utf8")).includes("gan-bu-hao-zuo-feng"), true);
    assert.equal((await readFile(path.join(out, "dates/2021/10/index.html"), "utf8")).includes("gan-bu-hao-zuo-feng"), false);
  });

  it("opens the archive from the front page: a search form without script, ways in with counts, a coverage chart with its figures, ledes", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url);
    const form = page.locator("main form[role=search]");
    assert.equal(await form.getAttribute("action"), "/search/");
    assert.equal(await form.getAttribute("method"), "get");
    await form.locator('input[name="q"]').fill("乐陵");
    await Promise.all([page.waitForURL(/\/search\/\?q=/), form.locator("button").click()]);
    assert.equal(new URL(page.url()).searchParams.get("q"), "乐陵");
    await page.goto(server.url);
    assert.deepEqual(await page.locator(".way h3").allInnerTexts(), ["按年份", "按地区", "按报纸", "按记者"]);
    assert.match(await page.locator(".way", { hasText: "按年份" }).innerText(), /2022年 9 篇/);
    assert.match((await page.locator("svg.coverage-chart").getAttribute("aria-label")) ?? "", /2019年3月至2022年2月每月收录篇数，最多为2022年1月（8 篇）/);
    assert.equal(await page.locator(".coverage-data tbody tr").count(), 4);
    assert.equal(await page.locator(".latest .summary-lede").count(), 10);
    await context.close();
  });

  it("keeps lists scannable: a lede per article, no repeated heading, no 第 1/1 页, only months with articles", async () => {
    const place = await open("counties/leling-shi/");
    assert.deepEqual(await place.locator("h2").allInnerTexts(), ["报道 2 篇"]);
    assert.equal(await place.locator(".summary-lede").count(), 2);
    assert.equal(await place.locator(".pagination").count(), 0);
    await place.context().close();
    const archive = await open("dates/");
    assert.equal(await archive.locator("table.calendar").count(), 0);
    assert.deepEqual(await archive.locator(".month-counts a").allInnerTexts(), ["1月", "2月", "10月", "3月"]);
    await archive.context().close();
    const month = await open("dates/2022/01/");
    const order = await month.evaluate(`[document.querySelector(".summaries").compareDocumentPosition(document.querySelector("table.calendar"))]`) as number[];
    assert.ok(((order[0] ?? 0) & 4) !== 0, "the calendar comes after the articles");
    assert.equal(await month.locator('.adjacent a[rel="next"]').getAttribute("href"), "/dates/2022/02/");
    assert.equal(await month.locator('.adjacent a[rel="prev"]').getAttribute("href"), "/dates/2021/10/");
    await month.context().close();
  });

  it("explains the editorial marks once, labels photo captions and sets the editor's notes apart", async () => {
    const page = await open(LELING);
    assert.equal(await page.locator(".article-body .lacuna").count(), 3);
    assert.equal(await page.locator(".marks dt .lacuna").count(), 1);
    assert.match(await page.locator(".marks").innerText(), /原报此处文字缺失或无法辨认/);
    assert.match(await page.locator(".marks").innerText(), /照片本身未收入本档案/);
    assert.ok((await page.locator("figure.photo .photo-label").count()) >= 5);
    assert.equal(await page.locator("aside.editor-notes h2").innerText(), "编者注");
    await page.context().close();
  });

  it("prints an article alone, with its address, source and reference, without the buttons and downloads", async () => {
    const page = await open(LELING);
    await page.locator("[data-cite-copy]").waitFor({ state: "visible", timeout: 30_000 });
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".citation-reference").isVisible(), true);
    for (const hidden of [".site-header", ".site-footer", ".breadcrumbs", ".article-nav", "[data-cite-copy]", ".citation-files"]) {
      assert.equal(await page.locator(hidden).first().isVisible(), false, hidden);
    }
    assert.match(await page.locator(".print-only").innerText(), /^本文网址：http:\/\/localhost:8080\/articles\/2021\/10\/22\//);
    assert.equal(await page.locator(".kicker").innerText(), "齐鲁晚报 B02-B03版");
    await page.context().close();
  });

  it("has a favicon on every page and no request that fails, a search box on the 404 page, 关于本档案 in every footer", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const failed: string[] = [];
    page.on("response", (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(server.url + LELING);
    await page.goto(server.url);
    assert.deepEqual(failed, []);
    assert.equal((await page.request.get(`${server.url}favicon.ico`)).status(), 200);
    assert.equal(await page.locator('link[rel="icon"][type="image/svg+xml"]').getAttribute("href"), "/assets/favicon.svg");
    assert.deepEqual(await page.locator(".footer-nav a").allInnerTexts(), ["关于本档案", "搜索", "订阅（Atom）", "订阅（JSON Feed）"]);
    await page.goto(`${server.url}no/such/page/`);
    assert.equal(await page.locator('main form[action="/search/"] input[name="q"]').count(), 1);
    await page.goto(`${server.url}about/`);
    assert.equal(await page.locator("h1").innerText(), "关于本档案");
    assert.match(await page.locator("main").innerText(), /〔原文缺损〕/);
    await context.close();
  });
});

describe("the reader's archive in Chromium (generated archive of 1,000 articles)", { timeout: TEST_TIMEOUT_MS }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let pages: Record<string, string>;
  before(async () => {
    const project = await tempDir("archive-reader-1000-");
    await generateCorpus({ count: 1000, outDir: project, seed: 14, shape: "light" });
    const out = path.join(project, "_site");
    const build = await runScript("build", project, { OUTPUT_DIR: out, SKIP_SEARCH: "1" });
    assert.equal(build.status, 0, build.stderr);
    const files = (await listFiles(out)).filter((f) => f.endsWith("index.html")).map((f) => f.slice(0, -"index.html".length));
    const first = (pattern: RegExp) => {
      const found = files.find((f) => pattern.test(f));
      assert.ok(found, `no page like ${pattern}`);
      return found;
    };
    // The busiest issue: the one with the most printed pages shows the most of an issue page.
    const issues = files.filter((f) => /^sources\/[a-z-]+\/\d{4}\/\d{2}\/\d{2}\/$/.test(f));
    const sizes = await Promise.all(issues.map(async (f) => ((await readFile(path.join(out, f, "index.html"), "utf8")).match(/class="printed-page"/g) ?? []).length));
    pages = {
      home: "",
      article: first(/^articles\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/),
      issue: issues[sizes.indexOf(Math.max(...sizes))] as string,
      paper: first(/^sources\/[a-z-]+\/page\/2\/$/).replace(/page\/2\/$/, ""),
      archive: "dates/",
      year: first(/^dates\/\d{4}\/$/),
      month: first(/^dates\/\d{4}\/\d{2}\/$/),
      day: first(/^dates\/\d{4}\/\d{2}\/\d{2}\/$/),
      tag: first(/^tags\/[^/]+\/page\/2\/$/),
      place: first(/^counties\/[^/]+\/$/),
    };
    server = await serveStatic(out);
    browser = await launchChromium();
    await mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of WIDTHS) {
    it(`passes axe on every kind of page at ${width}px, photographed`, async () => {
      const failures: string[] = [];
      for (const [kind, route] of Object.entries(pages)) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        const response = await page.goto(server.url + route);
        assert.equal(response?.status(), 200, route);
        const { violations } = await new AxeBuilder({ page }).analyze();
        for (const v of violations) failures.push(`${kind} (${route}) ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
        const overflow = (await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
        if (overflow > 0) failures.push(`${kind} scrolls sideways by ${overflow}px`);
        await page.screenshot({ path: path.join(SHOTS, `reader-1000-${kind}-${width}.png`), fullPage: true });
        await context.close();
      }
      assert.deepEqual(failures, []);
    });
  }
});
