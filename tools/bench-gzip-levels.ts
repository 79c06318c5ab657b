/**
 * What each gzip level costs and gives on a built search index's files, and at level 1 the largest
 * memory level against the default: the figures behind the writer's GZIP
 * (src/search/pagefind/writer.ts). Word index chunks (CBOR, mostly small integers) and fragments
 * (JSON text) are measured apart: up to `--sample` files of each, read back and compressed again at
 * each level, one after another on this thread.
 *
 *   npx tsx tools/bench-gzip-levels.ts --index /tmp/site/pagefind [--sample 3000]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import { sampleFiles } from "./lib/sample-files.ts";

const { values } = parseArgs({ options: { index: { type: "string" }, sample: { type: "string", default: "3000" } } });
if (!values.index) throw new Error("usage: bench-gzip-levels.ts --index <site>/pagefind [--sample N]");
const root = values.index;
const sample = Number(values.sample);

for (const [name, kind] of [
  ["word index chunks", /\.pf_index$/],
  ["fragments", /\.pf_fragment$/],
] as const) {
  const contents = sampleFiles(root, kind, sample).map((file) => new Uint8Array(gunzipSync(readFileSync(file) as Uint8Array)));
  const raw = contents.reduce((n, b) => n + b.length, 0);
  console.log(`${name}: ${contents.length} files, ${(raw / 2 ** 20).toFixed(1)} MB before compression`);
  let base: { ms: number; bytes: number } | undefined;
  for (const [level, memLevel] of [[1, 8], [1, 9], [3, 8], [5, 8], [9, 8]] as const) {
    const start = performance.now();
    let bytes = 0;
    for (const b of contents) bytes += gzipSync(b, { level, memLevel }).length;
    const ms = performance.now() - start;
    base ??= { ms, bytes };
    console.log(`  level ${level}, memory level ${memLevel}: ${ms.toFixed(0).padStart(6)} ms (${(ms / base.ms).toFixed(2)}×)  ${(bytes / 2 ** 20).toFixed(2)} MB (${((bytes / base.bytes - 1) * 100).toFixed(1)} % against level 1, memory level 8)`);
  }
}
