import type { Browser, Page } from "playwright-core";
import { mulberry32 } from "../../tools/lib/random.ts";
import { loadArchive } from "../../src/content/load.ts";
import { searchRecord, searchText, type SearchRecord } from "../../src/search/bundle/records.ts";
import { normalizeText } from "../../src/search/analyzer/terms.ts";
import { links } from "../../src/core/urls.ts";
import { serveStatic, type StaticServer } from "../../tools/lib/server.ts";
import { sharedBrowser } from "./shared-browser.ts";
import { builtSite } from "./sites.ts";

export interface Quality {
  readonly queries: number;
  /** Share of (query, article) pairs containing the query that the search returned. */
  readonly recall: number;
  /** Share of returned results that contain the query, after the page's check. */
  readonly precision: number;
  /** The same for Pagefind's raw candidates, before the page's check (the index alone). */
  readonly rawPrecision: number;
  readonly misses: readonly string[];
}

export interface SearchSite {
  readonly browser: Browser;
  readonly server: StaticServer;
  /** The search page, loaded and ready (window.archiveSearch defined). */
  readonly page: Page;
  /** What was indexed: the ground truth for recall and precision. */
  readonly records: SearchRecord[];
  close(): Promise<void>;
}

/** Builds the archive in `rootDir` (or takes it from the cache), serves it and opens its search page in the file's Chromium. */
export async function openSearchSite(rootDir: string, env: { SITE_URL: string }): Promise<SearchSite> {
  const server = await serveStatic(await builtSite(rootDir, env));
  const browser = await sharedBrowser();
  const { archive } = await loadArchive({ rootDir });
  const records = (archive?.articles ?? []).map((a) => searchRecord(a, links()));
  const page = await (await browser.newContext()).newPage();
  await page.addInitScript("globalThis.__name = (f) => f");
  await page.goto(`${server.url}search/`);
  await page.waitForFunction("window.archiveSearch !== undefined");
  return {
    browser,
    server,
    page,
    records,
    close: async () => {
      await page.context().close();
      await server.close();
    },
  };
}

/**
 * Random 1–4-character substrings of everything the articles' pages show (title, subtitle,
 * newspaper, page, places with their parents, people, tags, date note, body with captions,
 * editor's note: searchText), in runs of letters and digits (punctuation and spaces separate
 * query parts), each searched on the page and compared with exact substring matching over the
 * same text. Half are drawn from the fields other than title and body, which are short.
 */
export function sampleQueries(records: readonly SearchRecord[], count: number, seed: number): string[] {
  // The corpus generator's seeded PRNG, so a failing query can be reproduced.
  const next = mulberry32(seed);
  const queries = new Set<string>();
  while (queries.size < count) {
    const record = records[Math.floor(next() * records.length)] as SearchRecord;
    const text = next() < 0.5 && record.fields.length ? record.fields.map((f) => f.text).join("\n") : searchText(record);
    const runs = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => [...m[0]]).filter((r) => r.length > 0);
    const run = runs[Math.floor(next() * runs.length)] as string[];
    const length = Math.min(run.length, 1 + Math.floor(next() * 4));
    const start = Math.floor(next() * (run.length - length + 1));
    queries.add(run.slice(start, start + length).join(""));
  }
  return [...queries];
}

/**
 * `indexOnly`: compare the index's matches (page numbers, in the records' order) and load no
 * article, for large archives where a frequent character's query would load every article twice;
 * the page's own check against each article's text can then only remove results, never add.
 */
export async function measureSearch(page: Page, records: readonly SearchRecord[], queries: readonly string[], { indexOnly = false } = {}): Promise<Quality> {
  const texts = records.map((r) => [r.url, normalizeText(searchText(r))] as const);
  let relevant = 0;
  let returned = 0;
  let correct = 0;
  let rawReturned = 0;
  let rawCorrect = 0;
  const misses: string[] = [];
  for (const q of queries) {
    const needle = normalizeText(q);
    const truth = new Set(texts.filter(([, t]) => t.includes(needle)).map(([url]) => url));
    // One search gives both the page's checked results and Pagefind's raw candidates.
    const { hits, raw } = (await page.evaluate(
      async ([query, indexOnly]) => {
        const api = (window as unknown as { archiveSearch: { checked(q: string): Promise<{ hits: { url: string }[]; candidates: string[] }>; pages(q: string): Promise<number[]> } }).archiveSearch;
        if (indexOnly) return { pages: await api.pages(query) };
        const { hits, candidates } = await api.checked(query);
        return { hits: hits.map((h) => h.url), raw: candidates };
      },
      [q, indexOnly] as const,
    ).then((r: { pages?: number[]; hits?: string[]; raw?: string[] }) => {
      const urls = r.pages?.map((n) => records[n]?.url ?? `page ${n}`);
      return { hits: urls ?? r.hits ?? [], raw: urls ?? r.raw ?? [] };
    })) as { hits: string[]; raw: string[] };
    const shown = new Set(hits);
    relevant += truth.size;
    returned += hits.length;
    correct += hits.filter((u) => truth.has(u)).length;
    rawReturned += raw.length;
    rawCorrect += raw.filter((u) => truth.has(u)).length;
    const missed = [...truth].filter((u) => !shown.has(u));
    if (missed.length) misses.push(`${q}: ${missed.length} missed`);
  }
  return {
    queries: queries.length,
    // A correct hit is a found relevant article: the same count serves recall and precision.
    recall: relevant ? correct / relevant : 1,
    precision: returned ? correct / returned : 1,
    rawPrecision: rawReturned ? rawCorrect / rawReturned : 1,
    misses,
  };
}

/**
 * Searches every newspaper, place (with the places it lies in), tag, reporter and correspondent
 * name the records carry (records in the site's order); returns the names and, per name, the
 * articles carrying it that were not found.
 */
export async function searchNames(page: Page, records: readonly SearchRecord[]): Promise<{ names: Map<string, Set<string>>; misses: string[] }> {
  const names = new Map<string, Set<string>>();
  const add = (name: string, url: string) => {
    const urls = names.get(name) ?? new Set<string>();
    names.set(name, urls.add(url));
  };
  for (const r of records) {
    for (const value of [...r.filters.source, ...r.filters.place, ...r.filters.tag]) add(value, r.url);
    for (const f of r.fields) if (f.label === "记者" || f.label === "通讯员") for (const n of f.text.split(" ")) add(n, r.url);
  }
  const misses: string[] = [];
  // Page numbers are the records' order (the site indexes its articles in this order): no article
  // needs loading to know which were found.
  for (const [name, urls] of names) {
    const found = new Set(
      (await page.evaluate((q) => (window as unknown as { archiveSearch: { pages(q: string): Promise<number[]> } }).archiveSearch.pages(q), name)).map((n) => records[n]?.url),
    );
    const missed = [...urls].filter((u) => !found.has(u));
    if (missed.length) misses.push(`${name}: ${missed.length} of ${urls.size} articles missed`);
  }
  return { names, misses };
}

/** Clicks 更多结果 until it is hidden; returns the paths of every result shown, in order. */
export async function pageThroughResults(page: Page): Promise<string[]> {
  const more = page.locator("[data-search-more]");
  while (await more.isVisible()) {
    const shown = await page.locator(".search-hit").count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll(".search-hit").length > n || (document.querySelector("[data-search-more]") as HTMLElement).hidden, shown);
  }
  return page.locator(".search-hit .summary-title a").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}
