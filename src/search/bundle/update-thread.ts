/**
 * The kept search index's update (pagefind/update.ts) on a thread of its own, while the main thread
 * walks the pages. A republication of a large archive writes its whole index after its pages
 * (plugin.ts, THREAD_BODY_BYTES), and so its update came after them too: a CPU profile of one
 * article added to a 100,000-article archive showed the update (reading and patching the chunks
 * of the article's words) on the main thread after the page walk, with the second core idle
 * through both (BUILD_REPORT prints the "search" stage; README, Performance).
 */
import type { Worker } from "node:worker_threads";
import { threadError, tsWorker, type PostedError } from "../../render/text-thread.ts";
import type { KeptIndex } from "../pagefind/update.ts";
import type { PagefindWriteResult, PagefindWriterOptions } from "../pagefind/writer.ts";
import type { SearchRecord } from "./records.ts";

/** What the thread is given (workerData): updatePagefindIndex's arguments. */
export interface UpdateJob {
  readonly kept: KeptIndex;
  readonly records: readonly (number | SearchRecord)[];
  readonly outDir: string;
  readonly options: PagefindWriterOptions;
}

/** The thread's one message: the update (null: declined, as updatePagefindIndex's undefined), or why it failed. */
export type UpdateMessage = { readonly result: PagefindWriteResult | null } | { readonly error: PostedError };

const WORKER = new URL("./update-thread-worker.ts", import.meta.url).href;

/** One update of a kept index, on a thread started by `update`; `cancel` ends it (a build that failed meanwhile). */
export class UpdateThread {
  #worker: Worker | undefined;
  #failure: Error | undefined;

  /** Why the update failed, once it has (Node's ERR_WORKER_OUT_OF_MEMORY when the thread ran out of memory). */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** updatePagefindIndex, on the thread. */
  readonly update = (kept: KeptIndex, records: readonly (number | SearchRecord)[], outDir: string, options: PagefindWriterOptions): Promise<PagefindWriteResult | undefined> => {
    if (this.#worker) throw new Error("an UpdateThread updates one index");
    const job: UpdateJob = { kept, records, outDir, options };
    const worker = tsWorker(WORKER, job);
    this.#worker = worker;
    return new Promise((resolve, reject) => {
      // The first outcome settles the update; the exit that follows it changes nothing.
      let settled = false;
      const settle = (outcome: { readonly result: PagefindWriteResult | undefined } | { readonly error: Error }) => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        if ("result" in outcome) resolve(outcome.result);
        else reject((this.#failure = outcome.error));
      };
      worker.once("message", (message: UpdateMessage) => settle("error" in message ? { error: threadError(message.error) } : { result: message.result ?? undefined }));
      worker.once("error", (error) => settle({ error }));
      worker.once("exit", (code) => settle({ error: new Error(`the search index's update thread stopped (exit code ${code})`) }));
    });
  };

  async cancel(): Promise<void> {
    await this.#worker?.terminate();
  }
}
