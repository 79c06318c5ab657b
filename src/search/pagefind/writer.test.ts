import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { OutputFiles } from "./writer.ts";

const SIGNATURE = "pagefind_dcd";

describe("the search index's files", () => {
  it("are each the signature and their own contents, gzipped, though the caller reuses its buffer and many are compressed at once", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "output-files-"));
    try {
      const output = new OutputFiles(dir);
      // Small files are compressed at once, large ones on the thread pool, many in flight.
      const sizes = [10, 40_000, 100, 70_000, 33_000, 5, 120_000, 40_000, 65_000, 31_000];
      const expected = sizes.map((size, i) => Uint8Array.from({ length: size }, (_, j) => (i * 31 + j * 7) % 251));
      const reused = new Uint8Array(Math.max(...sizes));
      for (const [i, contents] of expected.entries()) {
        reused.set(contents);
        await output.write(`f${i}`, reused.subarray(0, contents.length), true);
        // What a caller does next with its buffer does not reach a file still being written.
        reused.fill(0xee);
      }
      await output.drain();
      for (const [i, contents] of expected.entries()) {
        const unzipped = gunzipSync((await readFile(path.join(dir, `f${i}`))) as Uint8Array);
        assert.equal(unzipped.subarray(0, SIGNATURE.length).toString("latin1"), SIGNATURE, `f${i}`);
        assert.ok(Buffer.from(contents).equals(unzipped.subarray(SIGNATURE.length) as Uint8Array), `f${i} holds its own contents`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
