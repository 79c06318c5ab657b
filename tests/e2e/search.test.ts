import assert from "node:assert/strict";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { matchRanges } from "../../src/browser/search.ts";
import type { SearchRecord } from "../../src/search/bundle/records.ts";
import { bigrams, encodeTerm, indexTerms, queryBigrams, queryParts, queryTerms } from "../../src/search/analyzer/terms.ts";
import { DEFAULT_SITE_URL } from "../../src/core/urls.ts";
import { repoDir } from "../support/project.ts";
import { SEED_SITE } from "../support/sites.ts";
import { measureSearch, openSearchSite, sampleQueries, type SearchSite } from "../support/search-quality.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

describe("search terms", { timeout: TEST_TIMEOUT_MS }, () => {
  it("index Chinese as overlapping bigrams and every character on its own", () => {
    assert.deepEqual(bigrams("德州市乐陵"), ["德", "德州", "州", "州市", "市", "市乐", "乐", "乐陵", "陵"]);
  });

  it("split a query the same way, so 乐陵市 is found inside 德州市乐陵市代表团", () => {
    assert.deepEqual(queryBigrams("乐陵市"), ["乐陵", "陵市"]);
    const indexed = new Set(indexTerms("德州市乐陵市代表团"));
    assert.ok(queryTerms("乐陵市").every((t) => indexed.has(t)));
  });

  it("treat letters and digits alike, so 21 is found inside 2021", () => {
    assert.deepEqual(bigrams("ETC异常 2021年"), ["e", "et", "t", "tc", "c", "c异", "异", "异常", "常", "2", "20", "0", "02", "2", "21", "1", "1年", "年"]);
    assert.deepEqual(bigrams("Ｆｕｌｌ"), ["f", "fu", "u", "ul", "l", "ll", "l"]);
    assert.ok(new Set(indexTerms("2021年")).has(encodeTerm("21")));
  });

  it("encode terms as digits, 7 per character", () => {
    assert.equal(encodeTerm("乐陵"), "00200480038517");
    assert.deepEqual(indexTerms("乐陵"), ["0020048", "00200480038517", "0038517"]);
  });

  it("mark matches at their place in the original text, even where normalizing changes its length", () => {
    assert.deepEqual(matchRanges("…作风建设", ["作风"]), [[1, 3]]);
    assert.deepEqual(matchRanges("ＥＴＣ异常 etc", ["etc"]), [[0, 3], [6, 9]]);
    assert.deepEqual(matchRanges("𠀀字作风", ["字作"]), [[2, 4]]);
    assert.deepEqual(matchRanges("乐陵市乐陵", ["乐陵", "陵市"]), [[0, 5]]);
  });

  it("treat spaces and punctuation in a query as separators between required parts", () => {
    assert.deepEqual(queryParts(" 乐陵  “作风” "), ["乐陵", "作风"]);
    assert.deepEqual(queryBigrams("<script>"), ["sc", "cr", "ri", "ip", "pt"]);
  });
});

describe("the search page over the seed archive, in Chromium", { timeout: TEST_TIMEOUT_MS }, () => {
  let site: SearchSite;
  let browser: Browser;
  let server: SearchSite["server"];
  let records: SearchRecord[];
  let page: Page;
  before(async () => {
    site = await openSearchSite(repoDir, SEED_SITE);
    ({ browser, server, records, page } = site);
  });
  after(() => site?.close());

  const SHOTS = path.join(repoDir, "test-results", "screenshots");
  const results = (p: Page) => p.locator("[data-search-results] .summary-title").allInnerTexts();
  const settled = (p: Page) => p.waitForSelector("[data-search][data-state=done]");
  /** Changes a control and waits until the page has shown that search's results. */
  async function change(p: Page, action: () => Promise<unknown>) {
    await p.evaluate(() => document.querySelector("[data-search]")?.setAttribute("data-state", "changing"));
    await action();
    await settled(p);
  }
  async function openSearch(query = "", width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const p = await context.newPage();
    await p.goto(`${server.url}search/${query}`);
    await settled(p);
    return p;
  }

  it("shows results while the reader types, without reloading, and puts the query in the URL", async () => {
    const p = await openSearch();
    await p.evaluate("window.notReloaded = true");
    await p.locator("#search-q").pressSequentially("述责述廉");
    await p.waitForFunction(() => document.querySelectorAll("[data-search-results] li").length > 0);
    assert.deepEqual(await results(p), ["德州率先开展市级同级述责述廉"]);
    assert.equal(await p.evaluate("window.notReloaded"), true);
    assert.equal(new URL(p.url()).searchParams.get("q"), "述责述廉");
    assert.match(await p.locator("[data-search-results] mark").first().innerText(), /述责述廉/);
    await p.context().close();
  });

  it("opens a shared search from its URL, and the back button returns to the previous search", async () => {
    const p = await openSearch("?q=乐陵市");
    assert.deepEqual((await results(p)).sort(), ["乐陵：重点项目“全程加速”成为常态", "作风一变事业兴"].sort());
    await change(p, () => p.locator("#search-q").fill("禹城"));
    await p.locator("#search-q").press("Enter");
    assert.equal(new URL(p.url()).searchParams.get("q"), "禹城");
    assert.ok((await results(p)).includes("禹城：干事一线造就“铺路型”干部"));
    await change(p, () => p.goBack());
    assert.equal(await p.locator("#search-q").inputValue(), "乐陵市");
    assert.equal((await results(p)).length, 2);
    await p.context().close();
  });

  it("filters by place, newspaper, tag and year, sorts by date, and keeps both in the URL", async () => {
    const p = await openSearch();
    const select = (name: string, value: string) => change(p, () => p.selectOption(`select[name="${name}"]`, value));
    await select("place", "禹城市");
    assert.equal(new URL(p.url()).searchParams.get("place"), "禹城市");
    assert.deepEqual((await results(p)).sort(), ["公安政务新媒体为何这么火", "禹城：干事一线造就“铺路型”干部"].sort());
    await select("place", "");
    await select("source", "齐鲁晚报");
    assert.deepEqual(await results(p), ["作风一变事业兴"]);
    await select("source", "");
    await select("year", "2019");
    assert.deepEqual(await results(p), ["陵城：狠抓落实一线“点兵”励担当"]);
    await select("year", "");
    await select("tag", "述责述廉");
    assert.deepEqual(await results(p), ["德州率先开展市级同级述责述廉"]);
    await select("tag", "");
    await change(p, () => p.locator("#search-q").fill("禹城"));
    await select("source", "大众日报");
    assert.deepEqual((await results(p)).sort(), ["公安政务新媒体为何这么火", "禹城：干事一线造就“铺路型”干部"].sort());
    await select("source", "");
    await change(p, () => p.locator("#search-q").fill("作风"));
    await select("sort", "oldest");
    assert.equal(new URL(p.url()).searchParams.get("sort"), "oldest");
    // The date each result is filed under, from its URL: a shown date may be an estimate (约2021年（推定）).
    const days = async () =>
      (await p.locator("[data-search-results] .summary-title a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))).map((href) => {
        const [, y, mo, d] = /\/articles\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(href) ?? [];
        return `${y}-${mo}-${d}`;
      });
    const oldest = await days();
    assert.ok(oldest.length >= 3);
    assert.deepEqual(oldest, [...oldest].sort());
    await select("sort", "newest");
    const newest = await days();
    assert.deepEqual(newest, [...oldest].sort().reverse());
    await p.screenshot({ path: path.join(SHOTS, "search-1280.png"), fullPage: true });
    await p.context().close();
  });

  it("ranks articles with the query in the title above body-only matches", async () => {
    const p = await openSearch("?q=作风");
    const titles = await results(p);
    const inTitle = titles.map((t) => t.includes("作风"));
    assert.ok(inTitle[0], `first result ${titles[0]} lacks 作风 in its title`);
    assert.ok(inTitle.lastIndexOf(true) < inTitle.indexOf(false) || !inTitle.includes(false), titles.join(" / "));
    await p.context().close();
  });

  it("says in words when nothing matches, and never turns a query into markup", async () => {
    const p = await openSearch("?q=" + encodeURIComponent('不存在的词语<img src=x onerror="window.pwned=1">'));
    assert.match(await p.locator("[data-search-status]").innerText(), /^没有找到包含“不存在的词语<img src=x onerror="window.pwned=1">”的报道。$/);
    assert.equal(await p.locator("main img").count(), 0);
    assert.equal(await p.evaluate("window.pwned"), undefined);
    await p.context().close();
  });

  it("works on a phone", async () => {
    await mkdir(SHOTS, { recursive: true });
    const p = await openSearch("?q=乐陵", 360);
    assert.ok((await results(p)).length >= 2);
    assert.ok((await p.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number <= 0);
    await p.screenshot({ path: path.join(SHOTS, "search-360.png"), fullPage: true });
    await p.context().close();
  });

  it("finds every article containing a random 1–4-character substring, and nothing else", async () => {
    const quality = await measureSearch(page, records, sampleQueries(records, 300, 20261121));
    console.log(`seed archive: ${quality.queries} queries, recall ${quality.recall}, precision ${quality.precision} (index alone ${quality.rawPrecision.toFixed(4)})`);
    assert.deepEqual(quality.misses, []);
    assert.equal(quality.recall, 1);
    assert.ok(quality.precision >= 0.98, `precision ${quality.precision}`);
  });
});

describe("the search page over a generated archive of 600 articles, in Chromium", { timeout: TEST_TIMEOUT_MS }, () => {
  let site: SearchSite;
  before(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "archive-search-generated-"));
    await generateCorpus({ count: 600, outDir: dir, seed: 11, tags: 60, authors: 80 });
    site = await openSearchSite(dir, { SITE_URL: DEFAULT_SITE_URL });
  });
  after(() => site?.close());

  it("finds every article containing a random 1–4-character substring, and nothing else", async () => {
    const quality = await measureSearch(site.page, site.records, sampleQueries(site.records, 300, 7));
    console.log(`generated archive: ${quality.queries} queries, recall ${quality.recall}, precision ${quality.precision} (index alone ${quality.rawPrecision.toFixed(4)})`);
    assert.deepEqual(quality.misses, []);
    assert.equal(quality.recall, 1);
    assert.ok(quality.precision >= 0.98, `precision ${quality.precision}`);
  });
});
