import { writePagefindIndex } from "./pagefind-writer.ts";
import type { SearchRecord } from "./records.ts";

export interface SearchIndexStats {
  readonly pages: number;
  readonly seconds: number;
  readonly bytes: number;
}

/**
 * Writes the search bundle for the records into `outDir` (the site's `pagefind/` folder): the
 * Pagefind runtime plus an index in Pagefind's format written by src/search/pagefind-writer.ts
 * from the records' bigram terms (src/search/terms.ts). Pagefind's own indexer would need about
 * 1.7 GB and 18 s per 1,000 articles for these terms; the writer a few bytes per position.
 * `buildId` (a hash of every record) names the fragments, which keeps the first query's download small.
 */
export async function writeSearchIndex(records: Iterable<SearchRecord>, outDir: string, buildId?: string): Promise<SearchIndexStats> {
  const result = await writePagefindIndex(records, outDir, buildId === undefined ? {} : { fragmentPrefix: buildId });
  return { pages: result.pages, seconds: result.seconds, bytes: result.bytes };
}
