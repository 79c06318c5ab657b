/** The thread of update-thread.ts: updates the kept index as its job says and posts the outcome. */
import { parentPort, workerData } from "node:worker_threads";
import { postedError } from "../../render/text-thread.ts";
import { updatePagefindIndex } from "../pagefind/update.ts";
import type { UpdateJob, UpdateMessage } from "./update-thread.ts";

const port = parentPort;
if (!port) throw new Error("update-thread-worker.ts runs as a worker thread (update-thread.ts)");
const { kept, records, outDir, options } = workerData as UpdateJob;
let message: UpdateMessage;
try {
  message = { result: (await updatePagefindIndex(kept, records, outDir, options)) ?? null };
} catch (error) {
  message = { error: postedError(error) };
}
port.postMessage(message);
