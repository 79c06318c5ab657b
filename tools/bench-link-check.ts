/**
 * How the link check finds the links of a built site's pages: the figures behind its one pass of
 * ATTRIBUTE (src/output/link-check.ts). Reads up to `--sample` HTML pages of a built site, then
 * times, one after another on this thread, an indexOf pass for each attribute (`href="`, then
 * `src="`, each found checked for the space before it), one pass of the regular expression's
 * `exec` and one of its `test`, and the whole of `LinkCheck.collect` over the same pages.
 *
 *   npx tsx tools/bench-link-check.ts --site _site [--sample 20000]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ATTRIBUTE, LinkCheck } from "../src/output/link-check.ts";
import { sampleFiles } from "./lib/sample-files.ts";

const { values } = parseArgs({ options: { site: { type: "string" }, sample: { type: "string", default: "20000" } } });
if (!values.site) throw new Error("usage: bench-link-check.ts --site <built site> [--sample N]");
const root = values.site;
const sample = Number(values.sample);

const pages = sampleFiles(root, /\.html$/, sample).map((file) => [`/${path.relative(root, file).replace(/index\.html$/, "")}`, readFileSync(file, "utf8")] as const);
const chars = pages.reduce((n, [, text]) => n + text.length, 0);
console.log(`${pages.length} pages, ${(chars / 1e6).toFixed(0)} million characters`);

const ways: Record<string, () => number> = {
  // As the check did before: each attribute's name searched, then the space before it checked.
  "indexOf, once per attribute": () => {
    let found = 0;
    for (const [, text] of pages) for (const attribute of ['href="', 'src="']) for (let at = text.indexOf(attribute); at !== -1; at = text.indexOf(attribute, at + attribute.length)) if (text[at - 1] === " ") found++;
    return found;
  },
  "regular expression, exec": () => {
    let found = 0;
    const attribute = new RegExp(ATTRIBUTE.source, "g");
    for (const [, text] of pages) for (attribute.lastIndex = 0; attribute.exec(text); ) found++;
    return found;
  },
  "regular expression, test": () => {
    let found = 0;
    const attribute = new RegExp(ATTRIBUTE.source, "g");
    for (const [, text] of pages) for (attribute.lastIndex = 0; attribute.test(text); ) found++;
    return found;
  },
  "LinkCheck.collect (distinct targets)": () => {
    const check = new LinkCheck("/", new Set(pages.map(([route]) => route)));
    let found = 0;
    for (const [route, text] of pages) found += check.collect(route, text).length;
    return found;
  },
};
for (let round = 1; round <= 3; round++) {
  for (const [name, run] of Object.entries(ways)) {
    const start = performance.now();
    const found = run();
    console.log(`round ${round}  ${name.padEnd(38)} ${(performance.now() - start).toFixed(0).padStart(6)} ms  ${found} found`);
  }
}
