/**
 * `npm run import -- [--out DIR] FILE…`: turns OCR'd pages and Jekyll posts into draft articles
 * for an editor to finish (see src/import/run.ts). Prints each file's encoding and every draft
 * written; exits 1 when a file could not be imported, 2 on a usage error.
 */
import { runImport } from "../import/run.ts";
import { parseCommand, UsageError } from "./args.ts";

const usage = `usage: npm run import -- [--out DIR] FILE…

Makes a draft article (draft: true) from each article in each FILE — an OCR'd newspaper page
(plain text; a page of several articles gives several drafts) or a Jekyll post. What the source
does not state is left as 【待填】 for an editor to fill in.

  --out DIR   write the drafts into DIR instead of content/<year>/ (or content/drafts/ while
              the date is unknown)

Files may be UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK.`;

let files: string[] = [];
let outDir: string | undefined;
let usageError: string | undefined;
try {
  const { values, positionals } = parseCommand(process.argv.slice(2), { out: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (values.out === "") throw new UsageError("--out needs a folder");
  outDir = values.out;
  files = positionals;
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  usageError = error.message;
}
if (!usageError && files.length === 0) usageError = "no files given";
if (usageError) {
  console.error(`error: ${usageError}\n\n${usage}`);
  process.exitCode = 2;
} else {
  process.exitCode = await runImport({
    files,
    outDir,
    cwd: process.cwd(),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
