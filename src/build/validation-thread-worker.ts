/** The thread of validation-thread.ts: validates its files with the gate and posts their stored results. */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { articleValidator } from "../content/article.ts";
import { blobId } from "../content/git-files.ts";
import { registriesFrom, type RegistryFiles } from "../content/registry.ts";
import { articleBodyWarnings } from "../content/warnings.ts";
import { postedError } from "../render/text-thread.ts";
import { storedResult } from "./stored-result.ts";
import type { FileToValidate } from "../content/load.ts";
import type { ValidationJob, ValidationMessage } from "./validation-thread.ts";

/** Results per message. */
const BATCH = 256;

const port = parentPort;
if (!port) throw new Error("validation-thread-worker.ts runs as a worker thread (validation-thread.ts)");
const { files, next, rootDir, dataDir, registryFiles } = workerData as ValidationJob;
const post = (message: ValidationMessage) => port.postMessage(message);
try {
  // Bytes come over as Uint8Arrays: Buffers again, as the registries are read from.
  const asRead = Object.fromEntries(Object.entries(registryFiles).map(([key, bytes]) => [key, bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])) as RegistryFiles;
  const registries = registriesFrom(asRead, dataDir, rootDir, []);
  if (!registries) throw new Error("the registries did not load on the validation thread");
  const validate = articleValidator(registries);
  const taking = new Int32Array(next);
  let lines: [number, string, string][] = [];
  for (let index = Atomics.add(taking, 0, 1); index < files.length; index = Atomics.add(taking, 0, 1)) {
    const { file, absolute } = files[index] as FileToValidate;
    const bytes = readFileSync(absolute);
    const result = validate(file, bytes);
    const article = result.article;
    lines.push([index, blobId(bytes), storedResult(result, article ? articleBodyWarnings(article) : null)]);
    if (lines.length === BATCH) {
      post({ lines, end: false });
      lines = [];
    }
  }
  post({ lines, end: true });
} catch (error) {
  post({ error: postedError(error) });
}
