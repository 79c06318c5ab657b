/**
 * The search index's thread (search-thread.ts): takes batches of records from the main thread,
 * makes each record's text and writes the index as writePagefindIndex does in one thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { postedError } from "../../render/text-thread.ts";
import { writePagefindIndex } from "../pagefind/writer.ts";
import { finishSearchRecord, type PendingSearchRecord, type SearchRecord, type TextedSearchRecord } from "./records.ts";
import { TAKEN, WAITS, type ThreadJob, type ThreadMessage } from "./search-thread.ts";

const port = parentPort;
if (!port) throw new Error("search-thread-worker.ts runs as a worker thread (search-thread.ts)");
const job = workerData as ThreadJob;
const counts = new Int32Array(job.counts);
const post = (message: ThreadMessage) => port.postMessage(message);

interface Batch {
  readonly records: readonly (PendingSearchRecord | TextedSearchRecord)[];
  readonly last: boolean;
}
const queue: Batch[] = [];
let wake: (() => void) | undefined;
port.on("message", (batch: Batch) => {
  queue.push(batch);
  wake?.();
});

async function* records(): AsyncGenerator<SearchRecord> {
  for (;;) {
    if (!queue.length) {
      // Waiting: the main thread sends a batch at once (SearchThread.followsPages).
      Atomics.add(counts, WAITS, 1);
      post({ waits: true });
      while (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
    }
    const batch = queue.shift() as Batch;
    // Taken: the main thread may send the next while these are indexed.
    Atomics.add(counts, TAKEN, 1);
    post({ took: true });
    for (const record of batch.records) yield finishSearchRecord(record);
    if (batch.last) return;
  }
}

try {
  const result = await writePagefindIndex(records(), job.outDir, job.options);
  post({ result });
} catch (error) {
  post({ error: postedError(error) });
}
// The main thread ends the thread once it has the result.
