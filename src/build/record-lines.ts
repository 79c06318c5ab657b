import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "../content/article.ts";
import { articleFingerprint } from "../content/fingerprint.ts";
import { PageStore } from "../output/page-store.ts";
import { DATA_FILES, type RecordLines } from "../render/data.ts";

/** The list of the lines, in the cache folder beside the page store's list. */
export const LINE_LIST = "lines.json";

/** Per line of the file at `route` (of `hash`), the article's fingerprint and the line's bytes. */
interface FileLines {
  readonly route: string;
  readonly hash: string;
  readonly keys: readonly string[];
  readonly lengths: readonly number[];
}

/** The lines of each file of records; `context` stands for all else a line shows. */
interface LineList {
  readonly context: string;
  readonly files: readonly FileLines[];
}

/** Where line `i` starts in the file at `route`, and the file's size: "[\n" + lines joined with ",\n" + "\n]\n" (articles.json), or each line + "\n" (a volume). */
function layout(route: string, lengths: readonly number[]): { offsets: number[]; size: number } {
  const json = route === DATA_FILES.json;
  const offsets: number[] = [];
  let at = json ? 2 : 0;
  for (const length of lengths) {
    offsets.push(at);
    at += length + (json ? 2 : 1);
  }
  return { offsets, size: json ? Math.max(at, 4) + 1 : at };
}

function isFileLines(value: unknown): value is FileLines {
  const f = value as FileLines;
  return typeof f?.route === "string" && typeof f.hash === "string" && Array.isArray(f.keys) && Array.isArray(f.lengths) && f.keys.length === f.lengths.length;
}

/**
 * The lines of articles.json or of the monthly volumes that the last build wrote (render/data.ts,
 * RecordLines), read back from that build's files in the page store: an unchanged article's line is
 * copied from there instead of being made again from its Markdown, which was most of a
 * republication's "data" stage (`tools/bench-cache.ts` prints the stage). Each file's list of
 * lines is checked against the file it describes (its hash, the size the lines add up to) before
 * any of its lines is used.
 */
export class KeptLines implements RecordLines {
  readonly #context: string;
  /** The last build's lists still true of the store's files, by route. */
  readonly #previous = new Map<string, FileLines>();
  /** Per article fingerprint: which stored file, where its line starts, its length. */
  readonly #at = new Map<string, [file: number, offset: number, length: number]>();
  readonly #files: { path: string; fd?: number }[] = [];
  /** The lists of the files this build wrote, by route, in the order they were begun. */
  readonly #next = new Map<string, { keys: string[]; lengths: number[] }>();
  /** Lines read back from the last build's files. */
  copied = 0;

  /** Whether it keeps no line of the last build (made in other settings, or none kept). */
  get empty(): boolean {
    return this.#at.size === 0;
  }

  /** Whether the list the manifest vouched for was damaged (and so not used). */
  damaged = false;

  private constructor(context: string, previous: readonly { lines: FileLines; path: string }[]) {
    this.#context = context;
    for (const { lines, path: file } of previous) {
      this.#previous.set(lines.route, lines);
      const index = this.#files.push({ path: file }) - 1;
      const { offsets } = layout(lines.route, lines.lengths);
      lines.keys.forEach((key, i) => this.#at.set(key, [index, offsets[i] as number, lines.lengths[i] as number]));
    }
  }

  /**
   * The lines the last build kept in `dir`, if its list is the one the cache's manifest recorded
   * (`listHash`) and was made in the same `context` (the generator, the settings, the registries):
   * of each file it lists, those the store still holds intact.
   */
  static open(dir: string, listHash: string | null, context: string, store: PageStore): KeptLines {
    const previous: { lines: FileLines; path: string }[] = [];
    let damaged = false;
    if (listHash) {
      try {
        const text = readFileSync(path.join(dir, LINE_LIST), "utf8");
        if (PageStore.hashOf(text) !== listHash) throw new Error(`${LINE_LIST} is damaged`);
        const list = JSON.parse(text) as LineList | null;
        // Made in other settings, or by another version whose list may have another shape: not used, and not damaged.
        if (list?.context === context) {
          if (!Array.isArray(list.files) || !list.files.every(isFileLines)) throw new Error(`${LINE_LIST} is damaged`);
          // For a file the store no longer holds intact: not used.
          for (const lines of list.files) {
            const stored = store.previousFile(lines.route);
            if (stored && stored.hash === lines.hash && layout(lines.route, lines.lengths).size === stored.size) previous.push({ lines, path: stored.path });
          }
        }
      } catch {
        // A list that cannot be read is not used: every line is made again (the cache counts it).
        damaged = true;
      }
    }
    const lines = new KeptLines(context, previous);
    lines.damaged = damaged;
    return lines;
  }

  get(article: Article): Uint8Array | undefined {
    const at = this.#at.get(articleFingerprint(article));
    if (!at) return undefined;
    const [index, offset, length] = at;
    const file = this.#files[index] as { path: string; fd?: number };
    file.fd ??= openSync(file.path, "r");
    const line = new Uint8Array(length);
    if (readSync(file.fd, line, 0, length, offset) !== length) return undefined;
    this.copied++;
    return line;
  }

  begin(route: string): (article: Article, bytes: number) => void {
    const lines = { keys: [] as string[], lengths: [] as number[] };
    this.#next.set(route, lines);
    return (article, bytes) => {
      lines.keys.push(articleFingerprint(article));
      lines.lengths.push(bytes);
    };
  }

  /**
   * Lists the lines for the next build, of the files this build put in the store and of those it
   * kept from the last one, and returns the list's SHA-1; null when there is none.
   */
  async save(dir: string, store: PageStore): Promise<string | null> {
    for (const file of this.#files) if (file.fd !== undefined) closeSync(file.fd);
    this.#files.length = 0;
    const file = path.join(dir, LINE_LIST);
    const files: FileLines[] = [];
    for (const [route, lines] of this.#next) {
      const written = store.nextFile(route);
      if (written && layout(route, lines.lengths).size === written.size) files.push({ route, hash: written.hash, ...lines });
    }
    // A file this build did not make (its key unchanged) keeps its list while the store keeps its bytes.
    for (const [route, lines] of this.#previous) if (!this.#next.has(route) && store.nextFile(route)?.hash === lines.hash) files.push(lines);
    if (files.length === 0) {
      await rm(file, { force: true });
      return null;
    }
    const text = JSON.stringify({ context: this.#context, files } satisfies LineList);
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
    return PageStore.hashOf(text);
  }
}
