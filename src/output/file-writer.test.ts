import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { linesInPieces, writeChunks } from "./file-writer.ts";

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
