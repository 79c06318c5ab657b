import type { Page } from "playwright-core";
import type { SearchRecord } from "../../src/search/records.ts";
import { normalizeText } from "../../src/search/terms.ts";

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

/** A deterministic PRNG (mulberry32), so a failing query can be reproduced. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random 1–4-character substrings of the articles' own text (runs of letters and digits:
 * punctuation and spaces separate query parts), each searched on the page and compared with
 * exact substring matching over the same records.
 */
export function sampleQueries(records: readonly SearchRecord[], count: number, seed: number): string[] {
  const next = random(seed);
  const queries = new Set<string>();
  while (queries.size < count) {
    const record = records[Math.floor(next() * records.length)] as SearchRecord;
    const text = `${record.title}\n${record.text}`;
    const runs = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => [...m[0]]).filter((r) => r.length > 0);
    const run = runs[Math.floor(next() * runs.length)] as string[];
    const length = Math.min(run.length, 1 + Math.floor(next() * 4));
    const start = Math.floor(next() * (run.length - length + 1));
    queries.add(run.slice(start, start + length).join(""));
  }
  return [...queries];
}

export async function measureSearch(page: Page, records: readonly SearchRecord[], queries: readonly string[]): Promise<Quality> {
  const texts = records.map((r) => [r.url, normalizeText(`${r.title}\n${r.text}`)] as const);
  let relevant = 0;
  let found = 0;
  let returned = 0;
  let correct = 0;
  let rawReturned = 0;
  let rawCorrect = 0;
  const misses: string[] = [];
  for (const q of queries) {
    const needle = normalizeText(q);
    const truth = new Set(texts.filter(([, t]) => t.includes(needle)).map(([url]) => url));
    const { hits, raw } = (await page.evaluate(
      async (query) => {
        const api = (window as unknown as { archiveSearch: { all(q: string): Promise<{ url: string }[]>; candidates(q: string): Promise<string[]> } }).archiveSearch;
        return { hits: (await api.all(query)).map((h) => h.url), raw: await api.candidates(query) };
      },
      q,
    )) as { hits: string[]; raw: string[] };
    relevant += truth.size;
    found += hits.filter((u) => truth.has(u)).length;
    returned += hits.length;
    correct += hits.filter((u) => truth.has(u)).length;
    rawReturned += raw.length;
    rawCorrect += raw.filter((u) => truth.has(u)).length;
    const missed = [...truth].filter((u) => !hits.includes(u));
    if (missed.length) misses.push(`${q}: ${missed.length} missed`);
  }
  return {
    queries: queries.length,
    recall: relevant ? found / relevant : 1,
    precision: returned ? correct / returned : 1,
    rawPrecision: rawReturned ? rawCorrect / rawReturned : 1,
    misses,
  };
}
