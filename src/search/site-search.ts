import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Archive } from "../content/load.ts";
import type { Links } from "../urls.ts";
import { writeSearchIndex, type SearchIndexStats } from "./indexer.ts";
import { searchRecord } from "./records.ts";

const CLIENT = fileURLToPath(new URL("./client.ts", import.meta.url));

/** Bundles the search page's script (client.ts with the shared terms.ts) into one small ES module. */
export async function bundleSearchClient(outFile: string): Promise<void> {
  const result = await build({ entryPoints: [CLIENT], bundle: true, format: "esm", minify: true, target: "es2022", write: false, legalComments: "none" });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, result.outputFiles[0]?.contents ?? "");
}

/** Indexes every article of the archive (and nothing else) into the site's Pagefind bundle. */
export function writeSiteSearch(archive: Archive, links: Links, outDir: string): Promise<SearchIndexStats> {
  return writeSearchIndex(archive.articles.map((a) => searchRecord(a, links)), outDir);
}
