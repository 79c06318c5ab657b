import { Worker } from "node:worker_threads";

// The thread's whole program: plain CommonJS so it runs the same under tsx, node or a bundler.
const PROGRAM = `
const { parentPort } = require("node:worker_threads");
const { mkdirSync, writeFileSync } = require("node:fs");
const { dirname } = require("node:path");
const made = new Set();
parentPort.on("message", (batch) => {
  try {
    for (const [file, content] of batch) {
      const dir = dirname(file);
      if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
      writeFileSync(file, content);
    }
    parentPort.postMessage({ done: true });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

/** Files per message, and messages queued before the renderer waits: at most BATCH × QUEUED pages in flight. */
const BATCH = 64;
const QUEUED = 6;

/**
 * Writes files on a thread of its own, so the file system's work (tens of thousands of small
 * files, each an open, a write and a close) runs on the second core while the main thread
 * renders the next pages. Each file is one synchronous write there: cheaper than three round
 * trips through libuv's pool per file with fs/promises.
 */
export class FileWriterThread {
  readonly #worker = new Worker(PROGRAM, { eval: true });
  #batch: [string, string][] = [];
  #queued = 0;
  #error: Error | undefined;
  #wake: (() => void) | undefined;

  constructor() {
    this.#worker.on("message", (message: { done?: true; error?: string }) => {
      this.#queued--;
      if (message.error && !this.#error) this.#error = new Error(`writing the site failed: ${message.error}`);
      this.#wake?.();
    });
    this.#worker.on("error", (error) => {
      this.#error ??= error;
      this.#queued = 0;
      this.#wake?.();
    });
  }

  /** Queues a file; waits only when the thread is behind by more than QUEUED batches. */
  async write(file: string, content: string): Promise<void> {
    this.#batch.push([file, content]);
    if (this.#batch.length >= BATCH) await this.#send(QUEUED);
  }

  /** Waits until everything queued is on disk. */
  async drain(): Promise<void> {
    await this.#send(0);
  }

  async close(): Promise<void> {
    try {
      await this.drain();
    } finally {
      await this.#worker.terminate();
    }
  }

  async #send(allowed: number): Promise<void> {
    if (this.#batch.length) {
      this.#worker.postMessage(this.#batch);
      this.#batch = [];
      this.#queued++;
    }
    while (this.#queued > allowed && !this.#error) await new Promise<void>((resolve) => (this.#wake = resolve));
    if (this.#error) throw this.#error;
  }
}
