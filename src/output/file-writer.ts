import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Piece, Pieces } from "../render/data.ts";

// The thread's whole program: plain CommonJS so it runs the same under tsx, node or a bundler.
const PROGRAM = `
const { parentPort, workerData } = require("node:worker_threads");
const done = new Int32Array(workerData.done);
const returned = workerData.returned;
const { copyFileSync, linkSync, mkdirSync, unlinkSync, writeFileSync } = require("node:fs");
const { dirname } = require("node:path");
const made = new Set();
const folder = (file) => {
  const dir = dirname(file);
  if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
};
// A hard link, or a copy where links cannot go (another file system, too many links to one file).
const link = (from, to, replace) => {
  try { linkSync(from, to); } catch (error) {
    // A file the store did not list (left by a build that failed) is replaced, never trusted.
    if (error.code === "EEXIST" && replace) { unlinkSync(to); return link(from, to, false); }
    if (error.code !== "EXDEV" && error.code !== "EMLINK" && error.code !== "EPERM") throw error;
    copyFileSync(from, to);
  }
};
parentPort.on("message", ({ batch, buffers }) => {
  try {
    // [file, content, , keep] writes, and links the new file at keep too when given (a store of
    // files that may already hold it); [file, null, from] links an unchanged file.
    for (const [file, content, from, keep] of batch) {
      folder(file);
      if (content === null) link(from, file, false);
      else {
        writeFileSync(file, content);
        if (keep) { folder(keep); link(file, keep, true); }
      }
    }
    // The buffers the batch's bytes were encoded into go back, to be filled again (a batch of
    // links only has none: nothing is posted that nobody reads).
    if (buffers.length) returned.postMessage(buffers, buffers);
    Atomics.add(done, 0, 1);
    parentPort.postMessage({ done: true });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

/** Files per message, and messages queued before the renderer waits: at most BATCH × QUEUED pages in flight. */
const BATCH = 64;
const QUEUED = 6;
/** Bytes of each buffer text is encoded into (`encode`): a batch of article pages fills one or two. */
const BUFFER = 1 << 21;

/**
 * Removes a folder and everything in it, if it is there. Not fs/promises' rm, which starts a request
 * on every entry of a folder at once: for a large archive's output (hundreds of thousands of files)
 * the pending requests held more memory than any build stage (a rebuild's peak in
 * `tools/bench-cache.ts`). This walks the tree one entry at a time, blocking the thread it runs on.
 */
export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Removes a folder and everything in it on a thread of its own, resolving once that is done or
 * has failed (what is left is removed the next time). Freeing thousands of small files is the
 * file system's work, which would otherwise hold up the thread that asks for it.
 */
export function removeTreeBeside(dir: string): Promise<void> {
  const worker = new Worker(`require("node:fs").rmSync(require("node:worker_threads").workerData, { recursive: true, force: true });`, { eval: true, workerData: dir });
  worker.on("error", () => undefined);
  return new Promise((resolve) => worker.once("exit", () => resolve()));
}

/**
 * Writes files on a thread of its own, so the file system's work (tens of thousands of small
 * files, each an open, a write and a close) runs on the second core while the main thread
 * renders the next pages. Each file is one synchronous write there: cheaper than three round
 * trips through libuv's pool per file with fs/promises. The thread starts with the first file:
 * a rebuild of the preview that changes nothing, or only a few files, would spend more on it.
 */
export class FileWriterThread {
  #worker: Worker | undefined;
  #batch: [string, string | Uint8Array | null, (string | undefined)?, (string | undefined)?][] = [];
  /** The buffers of the batch's contents given as bytes: moved to the thread, not copied. */
  #moved: ArrayBuffer[] = [];
  /** Where `encode` puts the next text, and how much of it is used. */
  #buffer: Uint8Array | undefined;
  #used = 0;
  /**
   * Buffers the thread handed back, empty, and the port they come back on: read when a buffer is
   * wanted, not in a turn of the event loop, which a page walk that never waits for the thread
   * does not take (the buffers would wait there, and a new one be made for every batch).
   */
  readonly #spare: ArrayBuffer[] = [];
  #returned: MessagePort | undefined;
  /** Batches sent, and batches the thread has written (counted there: read without a turn of this thread's event loop). */
  #sent = 0;
  readonly #done = new Int32Array(new SharedArrayBuffer(4));
  #error: Error | undefined;
  #wake: (() => void) | undefined;

  /**
   * Queues a file, also linked at `keep` when given (where a store of files keeps it); waits only
   * when the thread is behind by more than QUEUED batches. Bytes that are the whole of their buffer
   * are moved to the thread, as are those `encode` made: the caller must not use them again.
   */
  async write(file: string, content: string | Uint8Array, keep?: string): Promise<void> {
    this.#batch.push([file, content, undefined, keep]);
    if (typeof content !== "string" && content.byteOffset === 0 && content.byteLength === content.buffer.byteLength && !this.#moved.includes(content.buffer as ArrayBuffer)) this.#moved.push(content.buffer as ArrayBuffer);
    if (this.#batch.length >= BATCH) await this.#send(QUEUED);
  }

  /**
   * `text` as UTF-8, in a buffer that is moved to the thread with the batch being gathered and
   * handed back to be filled again: quicker than a buffer of its own for each page, made and
   * dropped (`tools/bench-encode.ts` compares the two). The bytes are read-only and valid until
   * the batch is sent: give them to `write` before the next `write` or `link`.
   */
  encode(text: string): Uint8Array {
    // At most three bytes per UTF-16 unit.
    const most = text.length * 3;
    if (!this.#buffer || this.#buffer.length - this.#used < most) {
      const buffer = most <= BUFFER ? (this.#spareBuffer() ?? new ArrayBuffer(BUFFER)) : new ArrayBuffer(most);
      this.#buffer = new Uint8Array(buffer);
      this.#used = 0;
      this.#moved.push(buffer);
    }
    const { written } = utf8.encodeInto(text, this.#buffer.subarray(this.#used));
    const bytes = this.#buffer.subarray(this.#used, this.#used + written);
    this.#used += written;
    return bytes;
  }

  #spareBuffer(): ArrayBuffer | undefined {
    for (let message; this.#returned && this.#spare.length < QUEUED && (message = receiveMessageOnPort(this.#returned)); ) {
      for (const buffer of message.message as ArrayBuffer[]) if (buffer.byteLength === BUFFER) this.#spare.push(buffer);
    }
    return this.#spare.pop();
  }

  /**
   * Queues a hard link at `file` to the existing file `from` (a copy across file systems): the
   * file's bytes are not written again.
   */
  async link(file: string, from: string): Promise<void> {
    this.#batch.push([file, null, from]);
    if (this.#batch.length >= BATCH) await this.#send(QUEUED);
  }

  /** Whether a file queued now is queued without waiting for the thread (see write). */
  get hasRoom(): boolean {
    return this.#sent - Atomics.load(this.#done, 0) < QUEUED;
  }

  /** Waits until everything queued is on disk. */
  async drain(): Promise<void> {
    await this.#send(0);
  }

  async close(): Promise<void> {
    try {
      await this.drain();
    } finally {
      await this.#worker?.terminate();
      this.#returned?.close();
    }
  }

  async #send(allowed: number): Promise<void> {
    if (this.#batch.length) {
      this.#worker ??= this.#start();
      this.#worker.postMessage({ batch: this.#batch, buffers: this.#moved }, this.#moved);
      this.#batch = [];
      this.#moved = [];
      this.#buffer = undefined;
      this.#sent++;
    }
    while (this.#sent - Atomics.load(this.#done, 0) > allowed && !this.#error) await new Promise<void>((resolve) => (this.#wake = resolve));
    if (this.#error) throw this.#error;
  }

  #start(): Worker {
    const { port1, port2 } = new MessageChannel();
    this.#returned = port1;
    const worker = new Worker(PROGRAM, { eval: true, workerData: { done: this.#done.buffer, returned: port2 }, transferList: [port2] });
    worker.on("message", (message: { done?: true; error?: string }) => {
      if (message.error && !this.#error) this.#error = new Error(`writing the site failed: ${message.error}`);
      this.#wake?.();
    });
    worker.on("error", (error) => {
      this.#error ??= error;
      this.#wake?.();
    });
    return worker;
  }
}

const utf8 = new TextEncoder();

/**
 * Writes a file from pieces made as they are written, through a file stream (libuv's pool writes
 * while this thread makes the next piece), waiting whenever the stream is behind: a few pieces are
 * held at most, never the whole file. Returns its size and SHA-1 (PageStore.hashOf's digest).
 */
export async function writeChunks(file: string, chunks: Pieces): Promise<{ bytes: number; hash: string }> {
  await mkdir(path.dirname(file), { recursive: true });
  // Pieces are small (a few records): the stream gathers a MiB of them before it waits.
  const stream = createWriteStream(file, { highWaterMark: 1 << 20 });
  const failed = new Promise<never>((_, reject) => stream.once("error", reject));
  failed.catch(() => undefined);
  const closed = new Promise<void>((resolve) => stream.once("close", resolve));
  const digest = createHash("sha1");
  let bytes = 0;
  /** Writes a piece; what to wait for before the next, if anything. */
  const put = (piece: Piece): Promise<unknown> | undefined => {
    // Encoded once, then counted, hashed and written as those bytes: given the string, each of the
    // three would encode it again (`npm run bench` prints this stage, "data").
    const encoded = typeof piece === "string" ? utf8.encode(piece) : piece;
    bytes += encoded.length;
    digest.update(encoded);
    return stream.write(encoded) ? undefined : Promise.race([once(stream, "drain"), failed]);
  };
  // Pieces made here are taken without a turn of the event loop each (a sitemap has one a page).
  if (Symbol.asyncIterator in chunks) for await (const piece of chunks) await put(piece);
  else
    for (const piece of chunks) {
      const wait = put(piece);
      if (wait) await wait;
    }
  stream.end();
  await Promise.race([closed, failed]);
  return { bytes, hash: digest.digest("hex") };
}

/**
 * Lines, each ended by "\n", joined a few thousand at a time: pieces for writeChunks, so a list of
 * hundreds of thousands of lines is never one string.
 */
export function* linesInPieces(lines: Iterable<string>, perPiece = 4096): Generator<string> {
  let piece: string[] = [];
  for (const line of lines) {
    piece.push(line);
    if (piece.length === perPiece) {
      yield `${piece.join("\n")}\n`;
      piece = [];
    }
  }
  if (piece.length) yield `${piece.join("\n")}\n`;
}
