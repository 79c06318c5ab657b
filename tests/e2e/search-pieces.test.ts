import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { searchText, type SearchRecord } from "../../src/search/bundle/records.ts";
import { encodeTerm, normalizeText, pieceWord } from "../../src/search/analyzer/terms.ts";
import { decodeCbor, type CborValue } from "../../src/search/pagefind/cbor.ts";
import { DEFAULT_SITE_URL } from "../../src/core/urls.ts";
import { builtSite } from "../support/sites.ts";
import { openSearchSite, pageThroughResults, type SearchSite } from "../support/search-quality.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

/**
 * A frequent word written in pieces, newest articles first (the writer's pieceBytes): an archive
 * of more than 2,000 articles (so the filter values are not loaded with the index, nor every
 * piece with them) and small pieces.
 */
describe("the search page over a frequent word written in pieces, in Chromium", { timeout: TEST_TIMEOUT_MS }, () => {
  const env = { SITE_URL: DEFAULT_SITE_URL, SEARCH_BLOCK_SIZE: "8", SEARCH_PIECE_BYTES: "500" };
  let site: SearchSite;
  /** Index word → the chunk file holding it (path below pagefind/). */
  const chunkOf = new Map<string, string>();
  let bigram = "";
  /** The articles containing the bigram, newest first. */
  let newest: string[] = [];
  /** The same in the page's order for a word in pieces: title, then fields, then body; newest first. */
  let expected: string[] = [];

  let dir = "";

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "archive-search-pieces-"));
    await generateCorpus({ count: 2_100, outDir: dir, seed: 5, tags: 40, authors: 60 });
    site = await openSearchSite(dir, env);
    const index = path.join(await builtSite(dir, env), "pagefind");
    for (const file of await readdir(index, { recursive: true })) {
      if (!file.endsWith(".pf_index")) continue;
      const chunk = decodeCbor(new Uint8Array(gunzipSync(new Uint8Array(await readFile(path.join(index, file))))).subarray(12)) as CborValue[][][];
      for (const word of chunk[0] ?? []) chunkOf.set(word[0] as string, file);
    }
    // A bigram in a few hundred articles: several pieces, and few enough results to page through.
    const texts = site.records.map((r) => normalizeText(searchText(r)));
    const articles = new Map<string, number>();
    for (const text of texts) {
      const chars = [...text];
      const seen = new Set(chars.slice(1).map((c, i) => `${chars[i] ?? ""}${c}`).filter((b) => /^\p{Script=Han}{2}$/u.test(b)));
      for (const b of seen) articles.set(b, (articles.get(b) ?? 0) + 1);
    }
    bigram = [...articles].filter(([b, n]) => n >= 150 && n <= 250 && chunkOf.has(pieceWord(encodeTerm(b), 2))).sort((a, b) => (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "";
    const record = (i: number) => site.records[i] as SearchRecord;
    const tier = (i: number) => {
      if (normalizeText(record(i).title).includes(bigram)) return 0;
      return record(i).fields.some((f) => normalizeText(f.text).includes(bigram)) ? 1 : 2;
    };
    const found = texts.flatMap((t, i) => (t.includes(bigram) ? [i] : []));
    newest = found.map((i) => record(i).url);
    expected = found.sort((a, b) => tier(a) - tier(b) || a - b).map((i) => record(i).url);
  });
  after(async () => {
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const search = async (page: Page, q: string) => {
    await page.evaluate(() => document.querySelector("[data-search]")?.setAttribute("data-state", "changing"));
    await page.locator("#search-q").fill(q);
    await page.waitForSelector("[data-search][data-state=done]");
  };

  it("shows a frequent word's newest results from its first piece alone, and says more may follow", async () => {
    assert.ok(bigram, "a bigram in 150–250 articles, written in at least three pieces");
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const chunks: string[] = [];
    page.on("request", (r) => {
      const file = /\/pagefind\/(.*\.pf_index)$/.exec(new URL(r.url()).pathname)?.[1];
      if (file) chunks.push(file);
    });
    await page.goto(`${site.server.url}search/?sort=newest`);
    await page.waitForSelector("[data-search][data-state=done]");
    await search(page, bigram);
    const term = encodeTerm(bigram);
    assert.deepEqual([...new Set(chunks)], [chunkOf.get(term)], "only the chunk of the first piece");
    assert.match((await page.locator("[data-search-status]").textContent()) ?? "", /^找到 \d+ 篇以上/);
    const urls = await page.locator(".search-hit .summary-title a").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    assert.deepEqual(urls, newest.slice(0, 10));
    await context.close();
  });

  it("pages with 更多结果 through exactly the articles containing it, title matches first, newest first", async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.server.url}search/?q=${encodeURIComponent(bigram)}`);
    await page.waitForSelector("[data-search][data-state=done]");
    const urls = await pageThroughResults(page);
    assert.deepEqual(urls, expected);
    assert.match((await page.locator("[data-search-status]").textContent()) ?? "", new RegExp(`^找到 ${expected.length} 篇包含`));
    await context.close();
  });
});
