/**
 * What reading and validating one front-matter block costs, each way, on the seed articles and a
 * generated corpus: the figures behind the content gate's choice of js-yaml for data, `yaml` for
 * positions only, and zod alone for validation (src/content/yaml.ts, schema.ts).
 *
 *   npx tsx tools/generate-corpus.ts --count 1000 --out /tmp/c13
 *   npx tsx tools/bench-content-gate.ts content /tmp/c13/content
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import jsYaml from "js-yaml";
import { findArticleFiles, loadArchive } from "../src/content/load.ts";
import { loadRegistries } from "../src/content/registry.ts";
import { frontMatterSchema } from "../src/content/schema.ts";
import { parseWithYamlOnly, parseYaml } from "../src/content/yaml.ts";

/** Microseconds per call of `fn` over `items`: the best of several rounds after a warm-up round. */
function perItem<T>(items: readonly T[], fn: (item: T) => unknown): number {
  const rounds = Math.max(5, Math.ceil(5000 / items.length));
  let best = Infinity;
  for (let r = -1; r < rounds; r++) {
    const start = performance.now();
    for (const item of items) fn(item);
    if (r >= 0) best = Math.min(best, ((performance.now() - start) * 1000) / items.length);
  }
  return best;
}

const dirs = process.argv.slice(2);
if (!dirs.length) dirs.push("content");
for (const dir of dirs) {
  const blocks = (await findArticleFiles(dir)).map((file) => {
    const text = readFileSync(file, "utf8");
    return text.slice(3, text.indexOf("\n---", 3));
  });
  const registries = await loadRegistries(path.join(dir, "_data"), process.cwd(), []);
  if (!registries) throw new Error(`no registries in ${dir}/_data`);
  const data = blocks.map((b) => parseYaml(b).data);
  const schema = frontMatterSchema(registries);
  const row = (name: string, us: number) => console.log(`  ${name.padEnd(46)} ${us.toFixed(1).padStart(7)} µs  (${((us * 10_000) / 1e6).toFixed(2)} s per 10,000)`);
  console.log(`${dir}: ${blocks.length} front-matter blocks, per block`);
  row("yaml: parseDocument + LineCounter + toJS", perItem(blocks, (b) => parseWithYamlOnly(b).data));
  row("js-yaml: load (CORE_SCHEMA)", perItem(blocks, (b) => jsYaml.load(b, { schema: jsYaml.CORE_SCHEMA })));
  row("parseYaml (js-yaml; yaml only for positions)", perItem(blocks, (b) => parseYaml(b).data));
  row("zod: frontMatterSchema.safeParse", perItem(data, (d) => schema.safeParse(d)));
  // The whole gate (read, decode, split, YAML, zod, body checks, cross-file checks), in CPU time:
  // on a shared machine wall time says more about the neighbours.
  let best = Infinity;
  for (let r = 0; r < 4; r++) {
    const cpu = process.cpuUsage();
    await loadArchive({ rootDir: path.dirname(dir), contentDir: path.basename(dir), includeDrafts: true });
    const used = process.cpuUsage(cpu);
    best = Math.min(best, (used.user + used.system) / 1000 / blocks.length);
  }
  row("loadArchive, CPU time per article", best * 1000);
}
