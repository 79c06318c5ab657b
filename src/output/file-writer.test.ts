import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { linesInPieces, writeChunks } from "./file-writer.ts";

describe("writing files from pieces, side by side", () => {
  it("finishes when a one-piece file closes while a large one is still waiting for the disk", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "write-chunks-"));
    try {
      // Each piece of the large file is 64 KiB; its stream waits to drain past 1 MiB, long after
      // the small file has been written and closed.
      const piece = "数".repeat(64 * 1024 / 3 + 1);
      const large = Array.from({ length: 64 }, () => piece);
      const made = await writeChunks([
        { file: path.join(dir, "robots.txt"), chunks: ["User-agent: *\n"] },
        { file: path.join(dir, "sitemap-1.xml"), chunks: large },
      ]);
      const text = large.join("");
      assert.deepEqual(made, [
        { bytes: 14, hash: createHash("sha1").update("User-agent: *\n").digest("hex") },
        { bytes: Buffer.byteLength(text), hash: createHash("sha1").update(text).digest("hex") },
      ]);
      assert.equal(await readFile(path.join(dir, "robots.txt"), "utf8"), "User-agent: *\n");
      assert.equal(await readFile(path.join(dir, "sitemap-1.xml"), "utf8"), text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("join lines a few at a time, each ended by a newline, and nothing for no lines", () => {
    assert.deepEqual([...linesInPieces(["a", "b", "c"], 2)], ["a\nb\n", "c\n"]);
    assert.deepEqual([...linesInPieces([], 2)], []);
  });
});
