import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { searchText } from "../../src/search/bundle/records.ts";
import { normalizeText, phraseTerms, queryParts } from "../../src/search/analyzer/terms.ts";
import type { PartsJson } from "../../src/search/pagefind/layout.ts";
import { DEFAULT_SITE_URL } from "../../src/core/urls.ts";
import { builtSite } from "../support/sites.ts";
import { measureSearch, openSearchSite, pageThroughResults, sampleQueries, type SearchSite } from "../support/search-quality.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";
import { tempDir } from "../support/project.ts";

/**
 * The site's index split as a large archive's is (src/search/bundle/site-search.ts): a small
 * generated archive with small thresholds, so that it has several parts and blocks.
 */
describe("the search page over an index split into parts and blocks, in Chromium", { timeout: TEST_TIMEOUT_MS }, () => {
  const env = { SITE_URL: DEFAULT_SITE_URL, SEARCH_BLOCK_SIZE: "8", SEARCH_PART_CHUNKS: "6", SEARCH_PIECE_BYTES: "400" };
  let site: SearchSite;
  let layout: PartsJson;
  let index: string;
  /** The part holding an encoded term. */
  const partOf = (term: string) => layout.parts.filter((first) => first <= term).length;
  const partsOf = (query: string) => new Set(queryParts(query).flatMap(phraseTerms).map(partOf));

  before(async () => {
    const dir = await tempDir("archive-search-split-");
    await generateCorpus({ count: 300, outDir: dir, seed: 17, tags: 40, authors: 60 });
    site = await openSearchSite(dir, env);
    index = path.join(await builtSite(dir, env), "pagefind");
    layout = JSON.parse(await readFile(path.join(index, "parts.json"), "utf8")) as PartsJson;
  });
  after(() => site?.close());

  it("is written as several parts, each a bundle of its own, with eight articles per index page", async () => {
    assert.ok(layout.parts.length >= 3, `${layout.parts.length + 1} parts`);
    assert.equal(layout.block, 8);
    // 38 blocks, numbered to end at 40 (blockNumbering): what the page reads starts at page 2.
    assert.equal(layout.firstPage, 2);
    assert.equal(layout.pages, site.records.length);
    assert.deepEqual([...layout.parts].sort(), layout.parts, "parts in word order");
    for (let k = 1; k <= layout.parts.length; k++) assert.ok(existsSync(path.join(index, `p${k}`, "pagefind-entry.json")), `part ${k}`);
    assert.ok(!existsSync(path.join(index, `p${layout.parts.length + 1}`)));
  });

  it("reads no part before a query, and then only the parts its words are in", async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${site.server.url}search/`);
    await page.waitForSelector("[data-search][data-state=done]");
    const partRequests = () => [...new Set(requested.flatMap((p) => /\/pagefind\/p(\d+)\//.exec(p)?.[1] ?? []))].map(Number).sort((a, b) => a - b);
    assert.deepEqual(partRequests(), [], "no part is loaded before a query");

    const last = layout.parts.length;
    const query = sampleQueries(site.records, 400, 3).find((q) => {
      const parts = partsOf(q);
      return parts.size === 1 && parts.has(last);
    });
    assert.ok(query, "a query whose words are all in the last part");
    await page.evaluate(() => document.querySelector("[data-search]")?.setAttribute("data-state", "changing"));
    await page.locator("#search-q").fill(query);
    await page.waitForSelector("[data-search][data-state=done]");
    assert.deepEqual(partRequests(), [last], `${query} loads part ${last} alone`);
    const truth = site.records.filter((r) => normalizeText(searchText(r)).includes(normalizeText(query))).length;
    assert.match((await page.locator("[data-search-status]").textContent()) ?? "", new RegExp(`找到 ${truth} 篇`));
    assert.deepEqual(requested.filter((p) => /pagefind(-worker)?\.js$|\.pagefind$/.test(p)), [], "the page reads the index without Pagefind's runtime");
    await context.close();
  });

  it("finds every article containing a query whose words live only in later parts, and nothing else", async () => {
    const queries = sampleQueries(site.records, 600, 23).filter((q) => ![...partsOf(q)].includes(0)).slice(0, 120);
    assert.ok(queries.length >= 60, `${queries.length} queries`);
    const quality = await measureSearch(site.page, site.records, queries, { indexOnly: true });
    assert.deepEqual(quality.misses, []);
    assert.equal(quality.recall, 1);
    assert.equal(quality.precision, 1);
  });

  it("finds every article containing a random 1–4-character substring, and nothing else", async () => {
    const quality = await measureSearch(site.page, site.records, sampleQueries(site.records, 200, 29), { indexOnly: true });
    assert.deepEqual(quality.misses, []);
    assert.equal(quality.recall, 1);
    assert.equal(quality.precision, 1);
  });

  it("pages through every result of the most frequent character with 更多结果", async () => {
    const counts = new Map<string, number>();
    for (const r of site.records) for (const c of new Set(normalizeText(searchText(r)).match(/\p{Script=Han}/gu))) counts.set(c, (counts.get(c) ?? 0) + 1);
    const [char, truth] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
    assert.ok(truth > 200, `${char} is in ${truth} articles`);
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.server.url}search/?q=${encodeURIComponent(char)}`);
    await page.waitForSelector("[data-search][data-state=done]");
    assert.match((await page.locator("[data-search-status]").textContent()) ?? "", new RegExp(`找到 ${truth} 篇`));
    const urls = await pageThroughResults(page);
    const expected = site.records.filter((r) => normalizeText(searchText(r)).includes(char)).map((r) => r.url);
    assert.equal(urls.length, truth);
    assert.deepEqual([...urls].sort(), [...expected].sort());
    await context.close();
  });
});
