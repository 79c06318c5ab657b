/**
 * The production build's search index, written on a thread of its own while the main thread
 * renders the pages. The build is otherwise one thread (the file writer's thread takes part of the
 * second core): a CPU profile of a complete build showed the second core idle through the search
 * stage, which `npm run bench` prints as the largest. Here the main thread hands over each
 * article's record but its text (cheap: fields, links, where the body is), a few batches ahead
 * (WINDOW × BATCH records held at most); the thread reads the body, makes the text (Markdown to
 * text, the costly part) and indexes it (search-thread-worker.ts).
 *
 * The main thread sends batches whenever the thread has taken one: between pages (`pump`, which
 * the page walk calls: a message from the thread waits for the main thread's event loop, which a
 * busy page walk seldom gives it) and from its event loop once it waits for the index.
 *
 * A thread that follows the page walk (`followsPages`) also takes each record's body text from
 * the article page that made it (`hand`), so the body is not read and parsed once more here. The
 * walk renders the articles in the records' order. A batch waits until the walk has passed its
 * pages (`pageWalked`) while the thread has another to index, or while the walk is among the
 * article pages and will soon pass the next. A thread that waits while the walk is elsewhere (not
 * begun, or writing the open data) is sent a few records at once, and makes their texts, as it
 * does those of pages the build cache kept. The walk's end (`walkEnded`) sends the rest.
 *
 * With a prelude (`prelude`: its batches' size), the thread does not wait for the walk until it has
 * passed its first article page: until then it is sent batches as if it did not follow, and makes
 * their texts. The production build begins the index before its site model, and its walk writes
 * other pages (the open data's) before the articles: that time the second core was half idle.
 */
import type { Worker } from "node:worker_threads";
import { threadError, tsWorker, type PostedError, type TextThread } from "../../render/text-thread.ts";
import type { PagefindWriteResult, PagefindWriterOptions } from "../pagefind/writer.ts";
import { texted, withNote, withText, type PendingSearchRecord, type SearchRecord, type TextedSearchRecord } from "./records.ts";

/** Records per message, and messages sent ahead of the thread (defaults; tests send fewer). */
const BATCH = 128;
const WINDOW = 4;
/**
 * Handed texts held for records not yet sent, at most: a walk further ahead hands texts the thread
 * does not keep. Enough that a clean build of the benchmark's largest archive keeps them all
 * (README, Performance).
 */
const HELD = 8192;
/**
 * Records per message of a prelude (the production build's): larger than BATCH, as the main thread
 * sends none while it builds the site model and checks the routes, seconds of a large archive's build.
 */
export const PRELUDE_BATCH = 8 * BATCH;
/** Records sent to a thread that waits when the walk has passed none (a small batch: the walk may hand the next ones' texts meanwhile). */
const WAITED = 8;

/** What the thread is given (workerData). */
export interface ThreadJob {
  readonly outDir: string;
  readonly options: PagefindWriterOptions;
  /** Int32s the thread counts in: the batches it has taken (TAKEN), the times it has waited for one (WAITS). */
  readonly counts: SharedArrayBuffer;
}

export const TAKEN = 0;
export const WAITS = 1;

/** Messages from the thread: it took a batch, or waits for one (either lets the main thread send the next), or it has ended. */
export type ThreadMessage = { readonly took: true } | { readonly waits: true } | { readonly result: PagefindWriteResult } | { readonly error: PostedError };

const WORKER = new URL("./search-thread-worker.ts", import.meta.url).href;

/**
 * One search index written on a thread. `pump` may be called any time (it sends nothing before
 * `write` or after the last batch) and throws once the write has failed, so that a page walk
 * that pumps stops at once, not minutes later; `cancel` ends the thread, for a build that failed
 * before it waited for the index.
 */
export class SearchThread {
  readonly #batch: number;
  readonly #window: number;
  /** Texts handed by the pages, by record number (at most #held: of a walk further ahead, the thread makes the texts); article pages walked; records taken. */
  readonly #handed = new Map<number, string>();
  readonly #held: number;
  #following: boolean;
  readonly #prelude: number;
  #walked = 0;
  #next = 0;
  /** The last page walked was an article page. */
  #amongArticles = false;
  /** The thread's waits answered by a batch. */
  #answered = 0;
  #worker: Worker | undefined;
  #records: Iterator<PendingSearchRecord> | undefined;
  #counts: Int32Array | undefined;
  #sent = 0;
  #ended = false;
  #failure: Error | undefined;
  #settle: { resolve: (result: PagefindWriteResult) => void; reject: (error: Error) => void } | undefined;
  #started = 0;
  #seconds: number | undefined;

  constructor({ batch = BATCH, window = WINDOW, held = HELD, followsPages = false, prelude = 0 }: { batch?: number; window?: number; held?: number; followsPages?: boolean; prelude?: number } = {}) {
    this.#batch = batch;
    this.#window = window;
    this.#following = followsPages;
    this.#prelude = prelude;
    this.#held = held;
  }

  /** The body text of record `record`, made by its article page: kept until the record is sent, if the thread may want it. */
  hand(record: number, text: string): void {
    if (this.#following && this.#records && record >= this.#next && this.#handed.size < this.#held) this.#handed.set(record, text);
  }

  /** Handed texts held for records not yet sent. */
  get held(): number {
    return this.#handed.size;
  }

  /** The walk has passed a page (rendered or kept by the cache): an article page, or another. */
  pageWalked(article: boolean): void {
    if (article) this.#walked++;
    this.#amongArticles = article;
  }

  /** The walk has ended: the records left are sent, with the texts held. */
  walkEnded(): void {
    this.#following = false;
    this.#send();
  }

  /** Seconds from starting the thread to its end (its result, an error or `cancel`); undefined while it has not ended or never ran. */
  get seconds(): number | undefined {
    return this.#seconds;
  }

  /** Why the write failed, once it has (an error of the thread, of a record or `cancel`). */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Writes the index of `records` (in page order) into `outDir`, as writePagefindIndex does. */
  write(records: Iterable<PendingSearchRecord>, outDir: string, options: PagefindWriterOptions): Promise<PagefindWriteResult> {
    if (this.#worker) throw new Error("a SearchThread writes one index");
    const counts = new SharedArrayBuffer(8);
    const job: ThreadJob = { outDir, options, counts };
    const worker = tsWorker(WORKER, job);
    this.#worker = worker;
    this.#started = performance.now();
    this.#records = records[Symbol.iterator]();
    this.#counts = new Int32Array(counts);
    const written = new Promise<PagefindWriteResult>((resolve, reject) => (this.#settle = { resolve, reject }));
    worker.on("message", (message: ThreadMessage) => {
      if ("took" in message || "waits" in message) this.#send();
      else if ("result" in message) this.#finish({ result: message.result });
      else this.#finish({ error: threadError(message.error) });
    });
    worker.on("error", (error) => this.#finish({ error }));
    worker.on("exit", (code) => this.#finish({ error: new Error(`the search index's thread stopped (exit code ${code})`) }));
    this.#send();
    return written;
  }

  /** Sends batches until `window` are ahead of the thread; throws the write's failure, once it has failed. */
  pump(): void {
    this.#send();
    if (this.#failure) throw this.#failure;
  }

  /** `pump` without the throw (the thread's messages call it); a record that cannot be made fails `write`. */
  #send(): void {
    const worker = this.#worker;
    const records = this.#records;
    const counts = this.#counts;
    if (!worker || !records || !counts) return;
    try {
      while (this.#sent - Atomics.load(counts, TAKEN) < this.#window) {
        const prelude = this.#prelude > 0 && this.#walked === 0;
        let size = prelude ? this.#prelude : this.#batch;
        if (this.#following && !prelude && this.#walked - this.#next < size) {
          // Following the walk: a batch of records whose pages it has passed; to a thread that
          // waits for one, those it has passed, or, with the walk elsewhere than the article
          // pages, a few whose texts the thread makes.
          if (Atomics.load(counts, WAITS) === this.#answered) return;
          if (this.#walked > this.#next) size = this.#walked - this.#next;
          else if (this.#amongArticles) return;
          else size = Math.min(WAITED, size);
        }
        const batch: (PendingSearchRecord | TextedSearchRecord)[] = [];
        let last = false;
        while (batch.length < size) {
          const next = records.next();
          if (next.done) {
            last = true;
            break;
          }
          const text = this.#handed.get(this.#next);
          this.#handed.delete(this.#next++);
          batch.push(text === undefined ? next.value : texted(next.value, text));
        }
        this.#sent++;
        this.#answered = Atomics.load(counts, WAITS);
        // The last batch (perhaps empty) ends the records.
        worker.postMessage({ records: batch, last });
        if (last) {
          this.#records = undefined;
          return;
        }
      }
    } catch (error) {
      this.#finish({ error: error as Error });
    }
  }

  /** Ends the thread, if it runs: `write` rejects. */
  async cancel(): Promise<void> {
    this.#finish({ error: new Error("the search index was cancelled") });
    await this.#worker?.terminate();
  }

  /** Settles `write` once (the first outcome wins) and ends the thread. */
  #finish(outcome: { readonly result: PagefindWriteResult } | { readonly error: Error }): void {
    if (this.#ended || !this.#worker) return;
    this.#ended = true;
    this.#seconds = (performance.now() - this.#started) / 1000;
    this.#records = undefined;
    this.#handed.clear();
    void this.#worker.terminate();
    if ("result" in outcome) this.#settle?.resolve(outcome.result);
    else {
      this.#failure = outcome.error;
      this.#settle?.reject(outcome.error);
    }
  }
}

/**
 * `pending` with their text (withNote), the bodies' made on `thread` (TextThread.ahead): for a
 * whole index written on this thread after the pages (a large archive, plugin.ts), which indexes
 * a batch while the thread makes the next ones' texts.
 */
export async function* textsOnThread(pending: Iterable<PendingSearchRecord>, thread: TextThread, batching?: { batch?: number; window?: number }): AsyncGenerator<SearchRecord> {
  for await (const [record, text] of thread.ahead(pending, (r) => r.body, batching)) yield withText(record, withNote(text, record.note));
}

/** `pages`, calling `pump` between them (see SearchThread), and `walked` with each once it is done with. */
export function* pumping<T>(pages: Iterable<T>, pump: () => void, walked?: (page: T) => void): Generator<T> {
  for (const page of pages) {
    pump();
    yield page;
    walked?.(page);
  }
}
