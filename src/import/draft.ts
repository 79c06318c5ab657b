/**
 * A draft article file: front matter in the order editors write it, `draft: true`, 【待填】 for
 * every required field the source does not state, and the importer's notes as YAML comments
 * (kept with the file for the editor, never part of the article). Drafts are written where the
 * archive's convention puts them — `content/<year>/<date>-<slug>.md`, or `content/drafts/<slug>.md`
 * while the date is unknown — and never over an existing file.
 */
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
import { conventionalPath, frontMatterText } from "../content/scaffold.ts";
import { slugify } from "../core/slugs.ts";
import { DRAFT_FIELDS, FILL_IN, REQUIRED_FIELDS, type ImportedArticle } from "./imported.ts";

export interface Origin {
  /** The source file as the user named it. */
  readonly file: string;
  readonly encoding: string;
  /** Position on a page of several articles. */
  readonly index: number;
  readonly count: number;
}

/** Comment text on one line (a newline would end the comment and corrupt the YAML). */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ");

export function renderDraft(article: ImportedArticle, origin: Origin): string {
  const lines: string[] = ["---"];
  const where = origin.count > 1 ? `, article ${origin.index + 1} of ${origin.count}` : "";
  lines.push(`# Imported by \`npm run import\` from ${oneLine(path.basename(origin.file))} (${origin.encoding}${where}).`);
  lines.push(`# ${FILL_IN} marks what the source does not state: \`npm run check\` refuses this file until an editor fills it in.`);
  // Notes in front-matter order, then those about the article as a whole.
  const rank = (field: string | undefined) => (field === undefined ? DRAFT_FIELDS.length : DRAFT_FIELDS.indexOf(field as (typeof DRAFT_FIELDS)[number]));
  const notes = [...article.notes].sort((a, b) => rank(a.field) - rank(b.field));
  for (const note of notes) lines.push(`# ${note.field ? `${note.field}: ` : ""}${oneLine(note.text)}`);
  const fields = Object.fromEntries(DRAFT_FIELDS.map((field) => [field, article.fields[field] ?? (REQUIRED_FIELDS.has(field) ? FILL_IN : undefined)]));
  lines.push(`${frontMatterText({ ...fields, draft: true })}---`, article.body.trim(), "");
  return lines.join("\n");
}

/**
 * Where the draft goes: `content/2021/2021-10-22-zuo-feng-yi-bian-shi-ye-xing.md` (the same
 * convention as `npm run new`), or `content/drafts/<slug>.md` while the date is 【待填】 — an
 * undated file in a year folder would be misfiled once the editor finds the date.
 */
export function draftPath(article: ImportedArticle): string {
  const title = article.fields.title;
  const known = typeof title === "string" && title !== FILL_IN ? title : "";
  const date = article.fields.date;
  if (typeof date === "string" && date !== FILL_IN) return conventionalPath({ title: known || "untitled", date });
  return `content/drafts/${slugify(known, "file") || "untitled"}.md`;
}

/**
 * Writes `text` at `file`, or at `file-2.md`, `file-3.md` … when it exists. The exclusive-create
 * flag makes the check and the write one step, so a file appearing meanwhile is not overwritten.
 */
export async function writeNewFile(file: string, text: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const stem = file.replace(/\.md$/, "");
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? file : `${stem}-${n}.md`;
    try {
      const handle = await open(candidate, "wx");
      try {
        await handle.writeFile(text, "utf8");
      } finally {
        await handle.close();
      }
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
