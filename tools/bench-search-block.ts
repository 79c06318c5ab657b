/**
 * What indexing one block of the search index on its own costs on a build's heap: the figures
 * behind IndexBuilder.block's small first posting log (src/search/pagefind/writer.ts). An update
 * of the index (pagefind/update.ts) indexes each changed block twice, as it was and as it is,
 * while the build holds every record; a buffer the size of the clean build's batches, allocated
 * there, makes V8 collect the whole heap.
 *
 *   npx tsx tools/generate-corpus.ts --count 1000 --out /tmp/c1k
 *   npx tsx tools/bench-search-block.ts /tmp/c1k [heap MB, 1000 by default]
 */
import { loadArchiveOrThrow } from "../src/content/load.ts";
import { links } from "../src/core/urls.ts";
import { searchRecord } from "../src/search/bundle/records.ts";
import { searchSplit } from "../src/search/bundle/site-search.ts";
import { IndexBuilder } from "../src/search/pagefind/writer.ts";

const [root = ".", heapArg = "1000"] = process.argv.slice(2);
const archive = await loadArchiveOrThrow({ rootDir: root, contentDir: "content" });
// The site's split, as the build writes the index: a block of its size, the first one.
const options = { numberFragments: true, ...searchSplit() };
const records = archive.articles.slice(0, options.blockSize).map((article) => searchRecord(article, links()));
// What the log would start at were it sized like a batch, as block() sets one: never regrouped.
const batchSized = (1 << 26) + (1 << 20);

/** Milliseconds of `fn`: the median of seven runs after a warm-up. */
function ms(fn: () => unknown): number {
  const times: number[] = [];
  for (let r = -1; r < 7; r++) {
    const start = performance.now();
    fn();
    if (r >= 0) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[3] as number;
}

function report(heap: string): void {
  const small = ms(() => IndexBuilder.block("unknown", options, records));
  const large = ms(() => IndexBuilder.block("unknown", options, records, batchSized));
  console.log(`heap ${heap}: one block of ${records.length} articles, its posting log starting at 1 MiB: ${small.toFixed(1)} ms; at ${batchSized / 2 ** 20} MiB: ${large.toFixed(1)} ms`);
}

report("as loaded");
// A build's heap: many small objects that live for the whole build, as the records do.
const held: { n: number; s: string; a: number[] }[] = [];
while (process.memoryUsage().heapUsed < Number(heapArg) * 2 ** 20) for (let i = 0; i < 100_000; i++) held.push({ n: i, s: `s${i}`, a: [i] });
report(`of ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
