import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { FileWriterThread, linesInPieces, writeChunks } from "./file-writer.ts";

describe("writing a file from pieces", () => {
  it("writes a file of many pieces, waiting for the disk, and gives its size and SHA-1; an empty one too", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "write-chunks-"));
    try {
      // Each piece is 64 KiB: the stream waits to drain past 1 MiB, many times over.
      const piece = "数".repeat(64 * 1024 / 3 + 1);
      const large = Array.from({ length: 64 }, () => piece);
      const text = large.join("");
      const file = path.join(dir, "data", "articles", "2021-10.jsonl");
      assert.deepEqual(await writeChunks(file, large), { bytes: Buffer.byteLength(text), hash: createHash("sha1").update(text).digest("hex") });
      assert.equal(await readFile(file, "utf8"), text);
      assert.deepEqual(await writeChunks(path.join(dir, "empty"), []), { bytes: 0, hash: createHash("sha1").digest("hex") });
      assert.equal(await readFile(path.join(dir, "empty"), "utf8"), "");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("join lines a few at a time, each ended by a newline, and nothing for no lines", () => {
    assert.deepEqual([...linesInPieces(["a", "b", "c"], 2)], ["a\nb\n", "c\n"]);
    assert.deepEqual([...linesInPieces([], 2)], []);
  });
});

describe("the writer thread", () => {
  it("writes text and bytes alike, moving the bytes' buffer rather than copying it", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "writer-thread-"));
    const files = new FileWriterThread();
    try {
      const bytes = new TextEncoder().encode("<p>作风建设</p>");
      // A view into a larger buffer is copied: moving it would take the rest of the buffer too.
      const shared = new Uint8Array(16);
      const view = shared.subarray(0, 4).fill(0x61);
      await files.write(path.join(dir, "a", "index.html"), bytes);
      await files.write(path.join(dir, "b", "index.html"), "<p>作风建设</p>");
      await files.write(path.join(dir, "c.txt"), view);
      await files.drain();
      assert.equal(await readFile(path.join(dir, "a", "index.html"), "utf8"), "<p>作风建设</p>");
      assert.equal(await readFile(path.join(dir, "b", "index.html"), "utf8"), "<p>作风建设</p>");
      assert.equal(await readFile(path.join(dir, "c.txt"), "utf8"), "aaaa");
      assert.equal(bytes.byteLength, 0, "the bytes were moved to the thread");
      assert.equal(shared.byteLength, 16, "a view's buffer stays");
    } finally {
      await files.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("writes text it encoded into the batch's buffers, batch after batch, a text longer than a buffer too", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "writer-thread-"));
    const files = new FileWriterThread();
    try {
      // Enough pages for many batches, so that buffers come back and are filled again.
      const texts = Array.from({ length: 1000 }, (_, i) => `<p>${"作风建设".repeat(i % 7 === 0 ? 2000 : 5)} ${i}</p>`);
      texts.push(`<p>${"数".repeat(1 << 20)}</p>`);
      const first = files.encode(texts[0] as string);
      await files.write(path.join(dir, "0.html"), first);
      for (const [i, text] of texts.entries()) if (i > 0) await files.write(path.join(dir, `${i}.html`), files.encode(text));
      await files.drain();
      for (const [i, text] of texts.entries()) assert.equal(await readFile(path.join(dir, `${i}.html`), "utf8"), text, `${i}.html`);
      assert.equal(first.byteLength, 0, "the bytes went to the thread with their buffer");
    } finally {
      await files.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

});
