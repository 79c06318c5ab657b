import assert from "node:assert/strict";
import { mkdir} from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { matchRanges } from "../../src/browser/search.ts";
import { searchText, type SearchRecord } from "../../src/search/bundle/records.ts";
import { bigrams, encodeTerm, indexTerms, normalizeText, queryBigrams, queryParts, queryTerms } from "../../src/search/analyzer/terms.ts";
import { DEFAULT_SITE_URL } from "../../src/core/urls.ts";
import { repoDir, tempDir } from "../support/project.ts";
import { SEED_SITE } from "../support/sites.ts";
import { measureSearch, openSearchSite, sampleQueries, searchNames, type SearchSite } from "../support/search-quality.ts";
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

  it("encode terms as digits, 7 per character, a lone character ending in 9 (no bigram starts with it)", () => {
    assert.equal(encodeTerm("乐陵"), "00200480038517");
    assert.deepEqual(indexTerms("乐陵"), ["00200489", "00200480038517", "00385179"]);
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
    // The title match first; an article tagged 述责述廉 after it.
    assert.equal((await results(p))[0], "德州率先开展市级同级述责述廉");
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
    await select("from", "2019");
    await select("to", "2019");
    assert.deepEqual(await results(p), ["陵城：狠抓落实一线“点兵”励担当"]);
    await select("from", "");
    await select("to", "");
    await select("tag", "述责述廉");
    assert.ok((await results(p)).includes("德州率先开展市级同级述责述廉"));
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
    assert.deepEqual(newest, [...newest].sort().reverse());
    assert.ok((newest[0] as string) > (oldest[0] as string));
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

  type Api = { archiveSearch: { all(q: string, filters?: object, sort?: string, years?: object): Promise<{ url: string; title: string; field?: [string, string] }[]> } };
  const searchAll = (q: string, filters: object = {}, years: object = {}) =>
    page.evaluate(([q, filters, years]) => (window as unknown as Api).archiveSearch.all(q, filters, "relevance", years), [q, filters, years] as const);

  it("finds every article by each newspaper, reporter, correspondent, place (and the places it lies in) and tag it carries", async () => {
    const { names, misses } = await searchNames(page, records);
    assert.ok(names.has("大众日报") && names.has("张海峰") && names.has("作风建设"));
    assert.ok((names.get("作风建设")?.size ?? 0) >= 12);
    assert.deepEqual(misses, []);
  });

  it("says where a match is when it is neither in the title nor in the text", async () => {
    // Reporters named only in the byline field of some article (张海峰 is also in the editor's notes).
    const cases = records.flatMap((r) => (r.fields.find((f) => f.label === "记者")?.text.split(" ") ?? []).filter((n) => !`${r.title}\n${r.text}`.includes(n)).map((name) => ({ name, r })));
    assert.ok(cases.length > 0);
    for (const { name, r } of cases) {
      const hit = (await searchAll(name)).find((h) => h.url === r.url);
      assert.deepEqual(hit?.field, ["记者", r.fields.find((f) => f.label === "记者")?.text], name);
    }
    const { name } = cases[0] as { name: string };
    const p = await openSearch(`?q=${encodeURIComponent(name)}`);
    assert.match(await p.locator("[data-search-results] .search-where").first().innerText(), new RegExp(`^记者：.*${name}`));
    assert.match(await p.title(), new RegExp(`“${name}”的搜索结果`));
    await p.context().close();
  });

  it("names the reporter's byline on the articles they wrote though the text names them too, and on no other", async () => {
    // 张海峰 wrote some articles and is named in the editor's notes of more.
    const byline = (r: (typeof records)[number]) => r.fields.find((f) => f.label === "记者")?.text;
    const wrote = records.filter((r) => byline(r)?.split(" ").includes("张海峰"));
    const named = records.filter((r) => !wrote.includes(r) && r.text.includes("张海峰"));
    assert.ok(wrote.length > 0 && named.length > 0 && wrote.some((r) => r.text.includes("张海峰")));
    const hits = await searchAll("张海峰");
    for (const r of wrote) assert.deepEqual(hits.find((h) => h.url === r.url)?.field, ["记者", byline(r)], r.title);
    for (const r of named) assert.equal(hits.find((h) => h.url === r.url)?.field, undefined, r.title);
  });

  it("ranks title matches first, then subtitle and metadata, then body, each by occurrences then newest, for 3- and 4-character queries", async () => {
    const count = (text: string, q: string) => {
      let n = 0;
      for (let at = text.indexOf(q); at !== -1; at = text.indexOf(q, at + 1)) n++;
      return n;
    };
    const expected = (q: string) => {
      const needle = normalizeText(q);
      return records
        .map((r, index) => {
          const tier = normalizeText(r.title).includes(needle) ? 0 : r.fields.some((f) => normalizeText(f.text).includes(needle)) ? 1 : 2;
          return { r, index, tier, n: count(normalizeText(searchText(r)), needle) };
        })
        .filter((x) => x.n > 0)
        .sort((a, b) => a.tier - b.tier || b.n - a.n || a.index - b.index)
        .map((x) => x.r.url);
    };
    const titleWords = records.flatMap((r) => [...r.title.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => [...m[0]]).filter((c) => c.length >= 4).map((c) => [c.slice(0, 3).join(""), c.slice(-4).join("")])).flat();
    const queries = ["大比武", "作风建设", "述责述廉", "乐陵市", ...titleWords.slice(0, 20)];
    for (const q of queries) assert.deepEqual((await searchAll(q)).map((h) => h.url), expected(q), q);
    const big = await searchAll("大比武");
    assert.ok(big.length >= 2 && big[0]?.title.includes("大比武"), big.map((h) => h.title).join(" / "));
  });

  it("counts each filter value for the current query, filters a year range, names active filters and clears them", async () => {
    const p = await openSearch("?q=作风&from=2021&to=2022");
    const status = () => p.locator("[data-search-status]").innerText();
    assert.match(await status(), /年份：2021年–2022年/);
    const expectYears = (await searchAll("作风", {}, { from: "2021", to: "2022" })).length;
    assert.equal((await results(p)).length, Math.min(10, expectYears));
    // Counts on the newspaper choices are those of 作风 within 2021–2022.
    const label = await p.locator('select[name="source"] option[value="大众日报"]').innerText();
    const withSource = (await searchAll("作风", { source: "大众日报" }, { from: "2021", to: "2022" })).length;
    assert.equal(label, `大众日报（${withSource}）`);
    const clear = p.locator("[data-search-clear]");
    assert.ok(await clear.isVisible());
    await change(p, () => clear.click());
    assert.equal(new URL(p.url()).searchParams.get("from"), null);
    assert.ok(await clear.isHidden());
    await p.context().close();

    // A range given backwards is the years between its ends, in the status, the URL and the form.
    const backwards = await openSearch("?q=作风&from=2022&to=2021");
    assert.match(await backwards.locator("[data-search-status]").innerText(), /年份：2021年–2022年/);
    assert.equal((await results(backwards)).length, Math.min(10, expectYears));
    assert.equal(await backwards.locator('select[name="from"]').inputValue(), "2021");
    await backwards.context().close();

    // A value in a shared URL that no article carries is shown and explained, not dropped.
    const q = await openSearch("?place=不存在县");
    assert.match(await q.locator("[data-search-status]").innerText(), /没有地区为“不存在县”的报道/);
    assert.equal(await q.locator('select[name="place"]').inputValue(), "不存在县");
    await q.context().close();
  });

  it("folds the filters away on a phone, and keeps the result headings in order", async () => {
    const p = await openSearch("?q=乐陵", 360);
    assert.equal(await p.locator("details.search-filters").evaluate((d) => (d as HTMLDetailsElement).open), false);
    const first = await p.locator("[data-search-results] li").first().boundingBox();
    assert.ok(first && first.y < 640, `first result at ${first?.y}`);
    const levels = await p.locator("main h1, main h2, main h3").evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    levels.forEach((level, i) => assert.ok(i === 0 || level <= (levels[i - 1] as number) + 1, `heading levels ${levels.join(",")}`));
    await p.context().close();
  });

  it("neither searches nor announces nor changes the URL while an input method composes; committing searches once", async () => {
    const p = await openSearch();
    const cdp = await p.context().newCDPSession(p);
    await p.locator("#search-q").focus();
    await p.evaluate(() => {
      const w = window as unknown as { searches: number; statuses: string[] };
      w.searches = 0;
      w.statuses = [];
      const root = document.querySelector("[data-search]") as HTMLElement;
      new MutationObserver(() => root.dataset["state"] === "searching" && w.searches++).observe(root, { attributes: true, attributeFilter: ["data-state"] });
      const status = document.querySelector("[data-search-status]") as HTMLElement;
      new MutationObserver(() => w.statuses.push(status.textContent ?? "")).observe(status, { childList: true, characterData: true, subtree: true });
    });
    const before = p.url();
    // A pause adds a history entry; none here, whatever the machine's speed.
    await p.evaluate(() => document.querySelector("[data-search]")?.setAttribute("data-pause-ms", "600000"));
    const historyLength = await p.evaluate(() => history.length);
    for (const text of ["l", "le", "lel", "lelin", "leling"]) {
      await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
      await p.waitForFunction((t) => (document.querySelector("#search-q") as HTMLInputElement).value === t, text);
    }
    assert.equal(p.url(), before);
    assert.deepEqual(await p.evaluate(() => (window as unknown as { searches: number; statuses: string[] }).statuses), []);
    assert.equal(await p.evaluate(() => (window as unknown as { searches: number }).searches), 0);
    await change(p, () => cdp.send("Input.insertText", { text: "乐陵" }));
    assert.equal(new URL(p.url()).searchParams.get("q"), "乐陵");
    assert.equal(await p.evaluate(() => (window as unknown as { searches: number }).searches), 1);
    assert.ok((await results(p)).length >= 2);
    // One history entry for the search, whatever the keystrokes; Back returns to the empty page.
    await p.locator("#search-q").press("End");
    await change(p, () => p.locator("#search-q").pressSequentially("市"));
    await p.locator("#search-q").press("Enter");
    assert.equal(await p.evaluate(() => history.length), historyLength + 1);
    assert.equal(new URL(p.url()).searchParams.get("q"), "乐陵市");
    await change(p, () => p.goBack());
    assert.equal(await p.locator("#search-q").inputValue(), "");
    await p.context().close();
  });

  it("replaces the URL while the reader types, and gives each search paused on its own history entry", async () => {
    const p = await openSearch();
    const pauseAfter = (ms: number) => p.evaluate((ms) => document.querySelector("[data-search]")?.setAttribute("data-pause-ms", String(ms)), ms);
    const start = (await p.evaluate("history.length")) as number;
    const input = p.locator("#search-q");
    // However slow the machine, no pause between 乐 and 陵; then the reader pauses.
    await pauseAfter(600_000);
    await change(p, () => input.pressSequentially("乐"));
    await pauseAfter(1);
    await change(p, () => input.pressSequentially("陵"));
    assert.equal(await p.evaluate("history.length"), start + 1);
    await p.waitForSelector("[data-search]:not([data-typing])");
    await change(p, () => input.pressSequentially("市"));
    assert.equal(await p.evaluate("history.length"), start + 2);
    assert.equal(new URL(p.url()).searchParams.get("q"), "乐陵市");
    await change(p, () => p.goBack());
    assert.equal(await input.inputValue(), "乐陵");
    await p.context().close();
  });

  it("returns to the same results at the same place after 更多结果, opening a result and Back", async () => {
    const p = await openSearch("?q=市", 1280);
    await p.setViewportSize({ width: 1280, height: 500 });
    assert.equal((await results(p)).length, 10);
    await p.locator("[data-search-more]").click();
    await p.waitForFunction(() => document.querySelectorAll("[data-search-results] li").length > 10);
    const shown = (await results(p)).length;
    const last = p.locator("[data-search-results] li a").last();
    await last.scrollIntoViewIfNeeded();
    const scrollY = (await p.evaluate("window.scrollY")) as number;
    assert.ok(scrollY > 0);
    await Promise.all([p.waitForURL((u) => !u.pathname.startsWith("/search/")), last.click()]);
    await p.goBack();
    await p.waitForFunction((n) => document.querySelectorAll("[data-search-results] li").length === n && document.querySelector("[data-search]")?.getAttribute("data-state") === "done", shown);
    await p.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, scrollY);
    await p.context().close();
  });

  it("moves the focus to the first result 更多结果 adds, so the next Tab goes on through the new results", async () => {
    const p = await openSearch("?q=作风");
    const first = (await results(p)).length;
    assert.equal(first, 10);
    await p.locator("[data-search-more]").focus();
    await p.keyboard.press("Enter");
    await p.waitForFunction((n) => document.querySelectorAll("[data-search-results] li").length > n, first);
    const shown = (await results(p)).length;
    assert.ok(shown > first + 1, `${shown} results`);
    /** Which result's link has the focus (-1: none). */
    const focused = () => p.evaluate(() => [...document.querySelectorAll("[data-search-results] li")].findIndex((li) => li.querySelector("a") === document.activeElement));
    assert.equal(await focused(), first);
    await p.keyboard.press("Tab");
    assert.equal(await focused(), first + 1);
    await p.context().close();
  });

  it("without JavaScript, submits the form and offers the browse pages", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const p = await context.newPage();
    await p.goto(`${server.url}search/`);
    await p.locator("#search-q").fill("乐陵");
    await Promise.all([p.waitForURL(/q=/), p.locator("#search-q").press("Enter")]);
    assert.equal(new URL(p.url()).searchParams.get("q"), "乐陵");
    const links = await p.locator("noscript").innerHTML();
    for (const href of ["/tags/", "/counties/", "/dates/", "/sources/", "/authors/"]) assert.ok(links.includes(`href="${href}"`), href);
    await context.close();
  });

  it("finds every article containing a random 1–4-character substring, and nothing else", async () => {
    const quality = await measureSearch(page, records, sampleQueries(records, 300, 20261121));
    console.log(`seed archive: ${quality.queries} queries, recall ${quality.recall}, precision ${quality.precision} (index alone ${quality.rawPrecision.toFixed(4)})`);
    assert.deepEqual(quality.misses, []);
    assert.equal(quality.recall, 1);
    assert.ok(quality.precision >= 0.98, `precision ${quality.precision}`);
  });
});

describe("the search page over a generated archive of 1,000 articles, in Chromium", { timeout: TEST_TIMEOUT_MS }, () => {
  let site: SearchSite;
  before(async () => {
    const dir = await tempDir("archive-search-generated-");
    await generateCorpus({ count: 1000, outDir: dir, seed: 11, tags: 60, authors: 80, shape: "light" });
    site = await openSearchSite(dir, { SITE_URL: DEFAULT_SITE_URL });
  });
  after(() => site?.close());

  it("finds every article by each newspaper, reporter, correspondent, place and tag it carries", async () => {
    const { names, misses } = await searchNames(site.page, site.records);
    assert.ok(names.size > 100, `${names.size} names`);
    assert.deepEqual(misses, []);
  });

  it("finds every article containing a random 1–4-character substring, and nothing else", async () => {
    const quality = await measureSearch(site.page, site.records, sampleQueries(site.records, 300, 7), { indexOnly: true });
    console.log(`generated archive: ${quality.queries} queries, recall ${quality.recall}, precision ${quality.precision} (the index's matches)`);
    assert.deepEqual(quality.misses, []);
    assert.equal(quality.recall, 1);
    assert.ok(quality.precision >= 0.98, `precision ${quality.precision}`);
  });
});
