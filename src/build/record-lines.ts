import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Article } from "../content/article.ts";
import { articleFingerprint } from "../content/fingerprint.ts";
import { PageStore } from "../output/page-store.ts";
import { DATA_FILES, type RecordLines } from "../render/data.ts";

/** The list of the lines, in the cache folder beside the page store's list. */
export const LINE_LIST = "lines.json";

/** Per line of the file at `route` (of `hash`), the article's fingerprint and the line's bytes; `context` stands for all else a line shows. */
interface LineList {
  readonly context: string;
  readonly route: string;
  readonly hash: string;
  readonly keys: readonly string[];
  readonly lengths: readonly number[];
}

/** Where line `i` starts in the file at `route`, and the file's size: "[\n" + lines joined with ",\n" + "\n]\n", or each line + "\n". */
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

/**
 * The lines of articles.json and .jsonl that the last build wrote (render/data.ts, RecordLines),
 * read back from that build's file in the page store: an unchanged article's line is copied from
 * there instead of being made again from its Markdown, which was most of a republication's "data"
 * stage (`tools/bench-cache.ts` prints the stage). The list of lines is checked against the file
 * it describes (its hash, the size the lines add up to) before any line is used.
 */
export class KeptLines implements RecordLines {
  readonly #context: string;
  readonly #previous: LineList | undefined;
  readonly #at = new Map<string, [offset: number, length: number]>();
  #fd: number | undefined;
  #next: { keys: string[]; lengths: number[] } | undefined;
  /** Lines read back from the last build's file. */
  copied = 0;
  /** Whether the list the manifest vouched for was damaged (and so not used). */
  damaged = false;

  private constructor(context: string, previous: LineList | undefined, file: string | undefined) {
    this.#context = context;
    this.#previous = previous;
    if (previous && file) {
      const { offsets } = layout(previous.route, previous.lengths);
      previous.keys.forEach((key, i) => this.#at.set(key, [offsets[i] as number, previous.lengths[i] as number]));
      this.#fd = openSync(file, "r");
    }
  }

  /**
   * The lines the last build kept in `dir`, if its list is the one the cache's manifest recorded
   * (`listHash`), made in the same `context` (the generator, the settings, the registries), and the
   * file it describes is in the store, intact.
   */
  static open(dir: string, listHash: string | null, context: string, store: PageStore): KeptLines {
    let previous: LineList | undefined;
    let file: string | undefined;
    let damaged = false;
    if (listHash) {
      try {
        const text = readFileSync(path.join(dir, LINE_LIST), "utf8");
        if (PageStore.hashOf(text) !== listHash) throw new Error(`${LINE_LIST} is damaged`);
        const list = JSON.parse(text) as LineList;
        if (!Array.isArray(list.keys) || !Array.isArray(list.lengths) || list.keys.length !== list.lengths.length) throw new Error(`${LINE_LIST} is damaged`);
        // Made in other settings, or for a file the store no longer holds intact: not used.
        const stored = list.context === context ? store.previousFile(list.route) : undefined;
        if (stored && stored.hash === list.hash && layout(list.route, list.lengths).size === stored.size) {
          previous = list;
          file = stored.path;
        }
      } catch {
        // A list that cannot be read is not used: every line is made again (the cache counts it).
        damaged = true;
      }
    }
    const lines = new KeptLines(context, previous, file);
    lines.damaged = damaged;
    return lines;
  }

  get(article: Article): Uint8Array | undefined {
    const at = this.#fd === undefined ? undefined : this.#at.get(articleFingerprint(article));
    if (!at) return undefined;
    const [offset, length] = at;
    const line = new Uint8Array(length);
    if (readSync(this.#fd as number, line, 0, length, offset) !== length) return undefined;
    this.copied++;
    return line;
  }

  begin(): void {
    this.#next = { keys: [], lengths: [] };
  }

  add(article: Article, bytes: number): void {
    this.#next?.keys.push(articleFingerprint(article));
    this.#next?.lengths.push(bytes);
  }

  /**
   * Lists the lines for the next build, of the file this build put in the store (or, when it
   * made no data files, kept the last one's), and returns the list's SHA-1; null when there is none.
   */
  async save(dir: string, store: PageStore): Promise<string | null> {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    const file = path.join(dir, LINE_LIST);
    let list: LineList | undefined;
    if (this.#next) {
      const route = store.nextFile(DATA_FILES.jsonl) ? DATA_FILES.jsonl : DATA_FILES.json;
      const written = store.nextFile(route);
      if (written && layout(route, this.#next.lengths).size === written.size) list = { context: this.#context, route, hash: written.hash, ...this.#next };
    } else if (this.#previous && store.nextFile(this.#previous.route)?.hash === this.#previous.hash) {
      list = this.#previous;
    }
    if (!list) {
      await rm(file, { force: true });
      return null;
    }
    const text = JSON.stringify(list);
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
    return PageStore.hashOf(text);
  }
}
