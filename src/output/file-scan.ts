import { Worker } from "node:worker_threads";

// The thread's whole program: plain CommonJS, as file-writer.ts's, so it runs the same under tsx,
// node or a bundler. Per row, in order: the stored file (given only on the first row of its bytes)
// is there with its size; the published file at the row's route is that same file (its inode).
const PROGRAM = `
const { workerData } = require("node:worker_threads");
const { statSync } = require("node:fs");
const { state, progress, storeDir, stored, sizes, firstRow, publishedDir, published } = workerData;
const storedFiles = stored.split("\\n");
const publishedFiles = published === undefined ? undefined : published.split("\\n");
const inodes = new Float64Array(sizes.length).fill(-1);
try {
  for (let row = 0; row < sizes.length; row++) {
    let flags = 8;
    const file = storedFiles[row];
    if (file) {
      const found = statSync(storeDir + "/" + file, { throwIfNoEntry: false });
      if (found && found.isFile() && found.size === sizes[row]) { inodes[row] = found.ino; flags |= 1; }
    }
    const first = firstRow[row];
    if (publishedFiles && inodes[first] !== -1) {
      const found = statSync(publishedDir + "/" + publishedFiles[row], { throwIfNoEntry: false });
      if (found && found.isFile() && found.ino === inodes[first]) flags |= 2;
    }
    state[row] = flags;
    if (row % 256 === 255 || row === sizes.length - 1) { Atomics.store(progress, 0, row + 1); Atomics.notify(progress, 0); }
  }
} catch (error) {
  Atomics.store(progress, 0, -1);
  Atomics.notify(progress, 0);
}
`;

/** How long the main thread waits for the thread to move on before it makes the calls itself. */
const STALLED_MS = 30_000;

/**
 * Whether the last build's files are still as it left them — each stored file there with its size,
 * each published file the stored one — found on a thread of their own. A republication keeps
 * almost every page, and asking the file system twice per kept page (two `stat` calls) was the
 * largest part of the page walk on the main thread (a CPU profile of an edit rebuild:
 * `node --cpu-prof`, `statSync` under PageStore.holds and published). Started before the archive
 * is loaded, the thread is done before the walk needs its answers; if it fails or stalls, the
 * answers are `undefined` and the page store makes the calls itself, as before.
 */
export class FileScan {
  readonly #state: Uint8Array;
  readonly #progress: Int32Array;
  readonly #worker: Worker;
  #failed = false;

  /**
   * `stored`: per row, the stored file's path under `storeDir` on the first row of its bytes, ""
   * on the others; `firstRow`: per row, the first row of the same bytes; `published`: per row, the
   * file's path under `publishedDir`, when there is a published folder to compare.
   */
  constructor(input: { storeDir: string; stored: readonly string[]; sizes: Float64Array; firstRow: Int32Array; publishedDir?: string | undefined; published?: readonly string[] | undefined }) {
    this.#state = new Uint8Array(new SharedArrayBuffer(input.sizes.length));
    this.#progress = new Int32Array(new SharedArrayBuffer(4));
    const workerData = {
      state: this.#state,
      progress: this.#progress,
      storeDir: input.storeDir,
      stored: input.stored.join("\n"),
      sizes: input.sizes,
      firstRow: input.firstRow,
      publishedDir: input.publishedDir,
      published: input.published?.join("\n"),
    };
    this.#worker = new Worker(PROGRAM, { eval: true, workerData });
    // Unref'd: a build that ends (or fails) before the scan does is not held open by it.
    this.#worker.unref();
    this.#worker.on("error", () => (this.#failed = true));
  }

  /** Whether the stored file of `row` (the first row of its bytes) is there with its size; undefined: ask the file system. */
  stored(row: number): boolean | undefined {
    const flags = this.#flags(row);
    return flags === undefined ? undefined : (flags & 1) === 1;
  }

  /** Whether the published file at `row`'s route is the stored file of its bytes; undefined: ask the file system. */
  published(row: number): boolean | undefined {
    const flags = this.#flags(row);
    return flags === undefined ? undefined : (flags & 2) === 2;
  }

  /** Stops the thread if it is still running. */
  async stop(): Promise<void> {
    await this.#worker.terminate();
  }

  #flags(row: number): number | undefined {
    if (this.#failed || row >= this.#state.length) return undefined;
    let seen = Atomics.load(this.#progress, 0);
    let since = performance.now();
    while (seen >= 0 && seen <= row) {
      // The main thread may wait (Node allows Atomics.wait there): the walk cannot go on without the answer.
      Atomics.wait(this.#progress, 0, seen, 1000);
      const now = Atomics.load(this.#progress, 0);
      if (now !== seen) since = performance.now();
      else if (performance.now() - since > STALLED_MS) this.#failed = true;
      if (this.#failed) return undefined;
      seen = now;
    }
    if (seen < 0) {
      this.#failed = true;
      return undefined;
    }
    return this.#state[row];
  }
}
