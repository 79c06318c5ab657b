import { mkdir } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
import { escapeHtml } from "../html.ts";
import type { SearchRecord } from "./records.ts";
import { indexTerms } from "./terms.ts";

export interface SearchIndexStats {
  readonly pages: number;
  readonly seconds: number;
}

/**
 * Writes the Pagefind bundle for the records into `outDir` (the site's `pagefind/` folder).
 * Text reaches Pagefind as encoded bigram terms (src/search/terms.ts) with segmentation off
 * (forceLanguage "en"); the title sits in an <h1> so Pagefind weights title matches above body
 * matches; meta, filters and the date sort are given outside the indexed body. The original text
 * travels in meta so the search page can show excerpts and check matches exactly.
 */
export async function writeSearchIndex(records: Iterable<SearchRecord>, outDir: string): Promise<SearchIndexStats> {
  const started = performance.now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
  if (!index) throw new Error(`search index: ${errors.join("; ")}`);
  let pages = 0;
  try {
    for (const record of records) {
      const span = (attribute: string, key: string, value: string) => `<span ${attribute}="${key}">${escapeHtml(value)}</span>`;
      const html = [
        `<html lang="en"><body><main data-pagefind-body>`,
        `<h1>${escapeHtml(indexTerms(record.title).join(" "))}</h1>`,
        `<p>${escapeHtml(indexTerms(record.text).join(" "))}</p>`,
        `</main>`,
        ...Object.entries(record.meta).map(([k, v]) => span("data-pagefind-meta", k, v)),
        span("data-pagefind-meta", "text", record.text),
        ...Object.entries(record.filters).flatMap(([k, values]) => values.map((v) => span("data-pagefind-filter", k, v))),
        span("data-pagefind-sort", "date", record.sort.date),
        `</body></html>`,
      ].join("");
      const added = await index.addHTMLFile({ url: record.url, content: html });
      if (added.errors.length) throw new Error(`search index: ${record.url}: ${added.errors.join("; ")}`);
      pages++;
    }
    await mkdir(path.dirname(outDir), { recursive: true });
    const written = await index.writeFiles({ outputPath: outDir });
    if (written.errors.length) throw new Error(`search index: ${written.errors.join("; ")}`);
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
  return { pages, seconds: (performance.now() - started) / 1000 };
}
