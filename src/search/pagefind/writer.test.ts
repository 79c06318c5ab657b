import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { BLOCK_STRIDE, CUTTER_MEMORY, ChunkCutter, OutputFiles, type ChunkSink } from "./writer.ts";
import { BODY_MAX_LENGTH } from "../../content/markdown.ts";
import { TITLE_MAX_LENGTH } from "../../content/schema.ts";
import { BODY_AT, FIELDS_AT } from "../analyzer/terms.ts";

const SIGNATURE = "pagefind_dcd";

describe("an article's positions", () => {
  it("hold the longest title and body the content gate lets through", () => {
    // Each position is a character (or less): a title starts at 0, the body at BODY_AT, and a record
    // of a block must stay under BLOCK_STRIDE; past these the build would fail on an article check passed.
    assert.ok(TITLE_MAX_LENGTH < FIELDS_AT, `a title of ${TITLE_MAX_LENGTH} characters runs into the fields at ${FIELDS_AT}`);
    assert.ok(BODY_AT + BODY_MAX_LENGTH <= BLOCK_STRIDE, `a body of ${BODY_MAX_LENGTH} characters from ${BODY_AT} passes ${BLOCK_STRIDE}`);
  });
});

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

describe("the word index's chunks", () => {
  it("hold each waiting word's entries as read, in the cutter's memory, in more of it when full, in their own past its size, and the memory is taken again once they are written", async () => {
    const written: Uint8Array[] = [];
    // The cutter hands each chunk over and reuses its own buffer once the sink is done with it.
    const sink = { add: async (_first: string, _last: string, _pieced: boolean, contents: Uint8Array) => void written.push(contents.slice()) } as unknown as ChunkSink;
    const cutter = new ChunkCutter(sink);
    // The first three fill the memory, the fourth needs more, the fifth is larger than all of it.
    const sizes = [3, 1_000, CUTTER_MEMORY - 2_000, CUTTER_MEMORY / 4, CUTTER_MEMORY + 1, 7];
    const words = [];
    for (const [i, size] of sizes.entries()) {
      const entries = cutter.take(size);
      entries.fill(i + 1);
      const word = { word: String(i), pages: 1, slices: [entries], cost: 1 };
      words.push(word);
      await cutter.words([word]);
    }
    // Taken one after another while the words wait: none overwrote another.
    for (const [i, { slices }] of words.entries()) assert.ok((slices[0] as Uint8Array).every((byte) => byte === i + 1), `word ${i}`);
    await cutter.flush();
    assert.equal(written.length, 1);
    const chunk = written[0] as Uint8Array;
    for (const [i, size] of sizes.entries()) assert.equal(chunk.filter((byte) => byte === i + 1).length, size, `word ${i}'s entries in the chunk`);
    const [first, , third, fourth, fifth, last] = words.map(({ slices }) => slices[0] as Uint8Array);
    assert.equal(third?.buffer, first?.buffer);
    assert.notEqual(fourth?.buffer, first?.buffer);
    assert.equal(last?.buffer, fourth?.buffer);
    assert.equal(fifth?.buffer.byteLength, CUTTER_MEMORY + 1);
    // With no word waiting, the next word's entries go at the start of the memory the last one was in.
    const next = cutter.take(16);
    assert.equal(next.buffer, last?.buffer);
    assert.equal(next.byteOffset, 0);
  });
});
