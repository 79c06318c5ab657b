/**
 * `npm run import -- FILE…`: each source file is decoded, read as a Jekyll post or an OCR page,
 * and written as one draft per article. A file that fails (unreadable, undecodable, empty) is
 * reported by name and the others are still imported; the exit status says whether all were.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatProblem, type ContentProblem } from "../content/problems.ts";
import { loadRegistries } from "../content/registry.ts";
import { decodeSource } from "./decode.ts";
import { draftPath, renderDraft, writeNewFile } from "./draft.ts";
import { FILL_IN, unfilledFields, type ImportedArticle } from "./imported.ts";
import { importJekyll, jekyllPost } from "./jekyll.ts";
import { importPlainText } from "./plaintext.ts";
import { registryNames, type RegistryNames } from "./registry-names.ts";

export interface ImportOptions {
  readonly files: readonly string[];
  /** Write every draft into this folder instead of content/<year>/ or content/drafts/. */
  readonly outDir?: string | undefined;
  /** The project root: registries are read from content/_data, drafts go to content/. */
  readonly cwd: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Imports every file; returns the process exit code (0 when every file was imported). */
export async function runImport(options: ImportOptions): Promise<number> {
  const { cwd, out, err } = options;
  const problems: ContentProblem[] = [];
  const registries = await loadRegistries(path.join(cwd, "content", "_data"), cwd, problems);
  if (!registries) {
    for (const p of problems) err(formatProblem(p));
    err("import needs the registries in content/_data — run it from the archive's folder");
    return 1;
  }
  const names = registryNames(registries);
  const shown = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
  };

  const failed: string[] = [];
  let written = 0;
  for (const file of options.files) {
    const result = await importFile(path.resolve(cwd, file), names);
    if (!result.ok) {
      err(`error: ${file}: ${result.message}`);
      failed.push(file);
      continue;
    }
    const { articles, encoding } = result;
    out(`${file}: ${encoding} — ${articles.length} ${articles.length === 1 ? "article" : "articles"}`);
    for (const [index, article] of articles.entries()) {
      const conventional = draftPath(article);
      const target = options.outDir ? path.resolve(cwd, options.outDir, path.posix.basename(conventional)) : path.join(cwd, conventional);
      const text = renderDraft(article, { file, encoding, index, count: articles.length });
      try {
        const savedAs = await writeNewFile(target, text);
        const unfilled = unfilledFields(article);
        out(`  wrote ${shown(savedAs)}${unfilled.length ? `  (${FILL_IN} ${unfilled.join(", ")})` : ""}`);
        written++;
      } catch (error) {
        err(`error: ${file}: cannot write ${shown(target)}: ${(error as Error).message}`);
        failed.push(file);
      }
    }
  }
  const summary = `${written} ${written === 1 ? "draft" : "drafts"} written from ${options.files.length - failed.length} of ${options.files.length} ${options.files.length === 1 ? "file" : "files"}`;
  if (failed.length) {
    err(`${summary}; not imported: ${[...new Set(failed)].join(", ")}`);
    return 1;
  }
  out(summary);
  return 0;
}

type FileResult = { ok: true; encoding: string; articles: ImportedArticle[] } | { ok: false; message: string };

async function importFile(file: string, names: RegistryNames): Promise<FileResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : (error as Error).message };
  }
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { ok: false, message: `cannot decode it at byte offset ${decoded.offset}: ${decoded.reason}` };
  const encoding = decoded.lineEndings === "LF" ? decoded.encoding : `${decoded.encoding}, ${decoded.lineEndings} line endings`;
  const text = decoded.text.replace(/^\uFEFF/, "");
  if (!text.trim()) return { ok: false, message: `${encoding}, but there is no text in it` };
  const post = jekyllPost(text);
  const articles = post ? importJekyll(post, names) : importPlainText(text, names);
  return { ok: true, encoding, articles };
}
