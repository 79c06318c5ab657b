/**
 * Bodies' plain text (Markdown to text, as markdownToText makes it) on a thread of its own. A large
 * archive's search index is written after its pages, on the main thread, and its open data need
 * the same texts: parsing each body again was among the largest costs of those two stages while
 * the second core had little to do (BUILD_REPORT prints them, "data" and "search"; README,
 * Performance). Also how the build's threads start under tsx (`tsWorker`) and hand their errors
 * back (`postedError`, `threadError`).
 */
import { Worker } from "node:worker_threads";
import type { PortableBody } from "../content/body.ts";
import { ContentError, type ContentProblem } from "../content/problems.ts";

/** An error of a thread, as it is posted: a content error keeps its problems (they name the file). */
export interface PostedError {
  readonly message: string;
  readonly stack?: string | undefined;
  readonly problems?: readonly ContentProblem[] | undefined;
}

export function postedError(error: unknown): PostedError {
  const e = error as Error & { problems?: unknown };
  return { message: e.message, stack: e.stack, problems: Array.isArray(e.problems) ? (e.problems as ContentProblem[]) : undefined };
}

/** The thread's error as the main thread's: a content error stays one. */
export function threadError(error: PostedError): Error {
  if (error.problems) return new ContentError(error.problems);
  const copy = new Error(error.message);
  if (error.stack) copy.stack = error.stack;
  return copy;
}

/** A thread running `worker` (a .ts module's URL): it registers tsx itself, as loader hooks given on the command line do not reach threads. */
export function tsWorker(worker: string, workerData?: unknown): Worker {
  const start = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(start)}`), { workerData, execArgv: [] });
}

/** Messages from the text thread: a batch's texts, in order, or why they could not be made. */
export type TextMessage = { readonly id: number } & ({ readonly texts: readonly string[] } | { readonly error: PostedError });

const WORKER = new URL("./text-thread-worker.ts", import.meta.url).href;

/** Items and bodies per message, and messages sent ahead (defaults; tests send fewer). */
const BATCH = 128;
const WINDOW = 4;

/**
 * A thread that makes bodies' texts, started when first asked: `texts` may be called from several
 * places at once (each call is answered on its own), `close` ends it.
 */
export class TextThread {
  /** Texts worth asking this thread for at once: fewer are quicker made where they are needed than its start. */
  readonly least: number;
  #worker: Worker | undefined;
  readonly #asked = new Map<number, { resolve: (texts: readonly string[]) => void; reject: (error: Error) => void }>();
  #sent = 0;
  #stopped: Error | undefined;

  constructor({ least = BATCH }: { least?: number } = {}) {
    this.least = least;
  }

  /** The texts of `bodies`, in their order; rejects with the first body's error (a ContentError names its file). */
  texts(bodies: readonly PortableBody[]): Promise<readonly string[]> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const worker = (this.#worker ??= this.#start());
    const id = this.#sent++;
    const texts = new Promise<readonly string[]>((resolve, reject) => this.#asked.set(id, { resolve, reject }));
    worker.postMessage({ id, bodies });
    return texts;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#stop(new Error("the text thread was closed"));
    if (!worker) return;
    worker.removeAllListeners("exit");
    await worker.terminate();
  }

  /**
   * `items` with the text of each one's body (`bodyOf`), in order, asked for `window` batches ahead
   * of the caller, which meanwhile uses the texts before them.
   */
  async *ahead<T>(items: Iterable<T>, bodyOf: (item: T) => PortableBody, { batch = BATCH, window = WINDOW }: { batch?: number; window?: number } = {}): AsyncGenerator<[T, string]> {
    const pending = items[Symbol.iterator]();
    const asked: { items: T[]; texts: Promise<readonly string[]> }[] = [];
    /** Asks for the next batch's texts; false once the items have ended. */
    const ask = (): boolean => {
      const next: T[] = [];
      while (next.length < batch) {
        const item = pending.next();
        if (item.done) break;
        next.push(item.value);
      }
      if (!next.length) return false;
      const texts = this.texts(next.map(bodyOf));
      // Awaited in turn below; a batch after a failed one never is.
      texts.catch(() => undefined);
      asked.push({ items: next, texts });
      return true;
    };
    while (asked.length < window && ask());
    for (let done = asked.shift(); done; done = asked.shift()) {
      const made = await done.texts;
      ask();
      for (const [i, item] of done.items.entries()) yield [item, made[i] as string];
    }
  }

  #start(): Worker {
    const worker = tsWorker(WORKER);
    worker.on("message", (message: TextMessage) => {
      const waiting = this.#asked.get(message.id);
      this.#asked.delete(message.id);
      if ("texts" in message) waiting?.resolve(message.texts);
      else waiting?.reject(threadError(message.error));
    });
    worker.on("error", (error) => this.#stop(error));
    worker.on("exit", (code) => this.#stop(new Error(`the text thread stopped (exit code ${code})`)));
    return worker;
  }

  #stop(error: Error): void {
    this.#stopped ??= error;
    for (const { reject } of this.#asked.values()) reject(error);
    this.#asked.clear();
  }
}
