import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Archive } from "../../content/load.ts";
import type { Links } from "../../core/urls.ts";
import { writePagefindIndex, type PagefindWriteResult } from "../pagefind/writer.ts";
import { searchRecord } from "./records.ts";

const CLIENT = fileURLToPath(new URL("../../browser/search.ts", import.meta.url));

/** Bundles the search page's script (client.ts with the shared terms.ts) into one small ES module. */
export async function bundleSearchClient(outFile: string): Promise<void> {
  await bundleBrowserScript(CLIENT, outFile);
}

/** Bundles one of the site's scripts (src/browser/*.ts) into one small ES module. */
export async function bundleBrowserScript(entry: string, outFile: string): Promise<void> {
  const result = await build({ entryPoints: [entry], bundle: true, format: "esm", minify: true, target: "es2022", write: false, legalComments: "none" });
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, result.outputFiles[0]?.contents ?? "");
}

/**
 * Indexes every article of the archive (and nothing else) into the site's Pagefind bundle, written
 * by our own writer in Pagefind's format (why not Pagefind's indexer: see pagefind/writer.ts).
 * Articles go in newest first: the search page sorts by date in page order.
 */
export function writeSiteSearch(archive: Archive, links: Links, outDir: string): Promise<PagefindWriteResult> {
  const records = archive.articles.map((a) => searchRecord(a, links));
  // The build id changes with any record and names the fragments: see fragmentPrefix.
  const hash = createHash("sha1");
  for (const record of records) hash.update(JSON.stringify(record));
  const buildId = BigInt(`0x${hash.digest("hex").slice(0, 12)}`).toString(36).slice(0, 6);
  return writePagefindIndex(records, outDir, { fragmentPrefix: buildId });
}
