/**
 * Validation of article files on a thread of its own (validation-thread-worker.ts), for a clean
 * build of a large archive: the gate's work (reading, YAML, the schema, body warnings,
 * fingerprints, leads) was a single core's for the first seconds of the build, the other one idle
 * (`npm run bench`, README, Performance). The thread runs the same gate over its share of the files
 * and hands back each result in the build cache's stored form (stored-result.ts), which the main
 * thread revives as it would a kept one.
 */
import { threadError, tsWorker, type PostedError } from "../render/text-thread.ts";
import type { FileToValidate } from "../content/load.ts";
import type { RegistryFiles } from "../content/registry.ts";

/** What the thread is given (workerData). */
export interface ValidationJob {
  readonly files: readonly FileToValidate[];
  /** An Int32 shared with the main thread: the index of the next file not yet taken by either (Atomics.add). */
  readonly next: SharedArrayBuffer;
  readonly rootDir: string;
  /** The registries' folder, and their files' bytes as the main thread read them. */
  readonly dataDir: string;
  readonly registryFiles: RegistryFiles;
}

/**
 * A batch of results: each the index of the file, its blob id and its stored result; `end` when no
 * file is left to take; or why the thread failed.
 */
export type ValidationMessage = { readonly lines: readonly (readonly [number, string, string])[]; readonly end: boolean } | { readonly error: PostedError };

const WORKER = new URL("./validation-thread-worker.ts", import.meta.url).href;

/**
 * Validates files of the job on a thread, which takes them one at a time as the caller does
 * (`next`), calling `take` with the index, blob id and stored result of each; resolves once no file
 * is left to take and the thread's results are taken, rejects when the thread fails (or `take` throws).
 */
export function validateOnThread(job: ValidationJob, take: (index: number, digest: string, stored: string) => void): Promise<void> {
  const worker = tsWorker(WORKER, job);
  let taken = 0;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve();
    };
    worker.on("message", (message: ValidationMessage) => {
      // After a failure the caller validates what is left itself: a late batch is not taken.
      if (settled) return;
      if ("error" in message) return settle(threadError(message.error));
      try {
        for (const [index, digest, stored] of message.lines) {
          take(index, digest, stored);
          taken++;
        }
      } catch (error) {
        return settle(error as Error);
      }
      if (message.end) settle();
    });
    worker.once("error", (error) => settle(error));
    worker.once("exit", (code) => settle(new Error(`the validation thread stopped (exit code ${code}) after ${taken} files`)));
  });
}
