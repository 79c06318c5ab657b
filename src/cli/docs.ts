/**
 * `npm run docs`: regenerates the field table and the registries in docs/editing.md from the
 * schema and content/_data. `npm test` fails when the committed guide is out of date.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { regenerateGuide } from "../content/guide.ts";
import { registriesOrExit } from "./common.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const registries = await registriesOrExit(path.join(repo, "content", "_data"), repo);
const file = path.join(repo, "docs", "editing.md");
const before = await readFile(file, "utf8");
const after = regenerateGuide(before, registries);
if (after !== before) await writeFile(file, after);
console.log(after === before ? "docs/editing.md is up to date" : "docs/editing.md regenerated");
