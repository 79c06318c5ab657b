/**
 * `npm run docs`: regenerates the field table and the registries in docs/editing.md from the
 * schema and content/_data. `npm test` fails when the committed guide is out of date.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatProblem, type ContentProblem } from "../content/problems.ts";
import { loadRegistries } from "../content/registry.ts";
import { regenerateGuide } from "../content/guide.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const problems: ContentProblem[] = [];
const registries = await loadRegistries(path.join(repo, "content", "_data"), repo, problems);
if (!registries) {
  for (const p of problems) console.error(formatProblem(p));
  process.exit(1);
}
const file = path.join(repo, "docs", "editing.md");
const before = await readFile(file, "utf8");
const after = regenerateGuide(before, registries);
if (after !== before) await writeFile(file, after);
console.log(after === before ? "docs/editing.md is up to date" : "docs/editing.md regenerated");
