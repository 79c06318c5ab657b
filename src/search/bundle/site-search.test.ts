import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { indexBesidePages, searchSplit, searchThreadSetting } from "./site-search.ts";

describe("the search index's split, from the environment", () => {
  it("takes SEARCH_BLOCK_SIZE from 1 to the slots of a block placed by hash", () => {
    assert.equal(searchSplit({ SEARCH_BLOCK_SIZE: "1" }).blockSize, 1);
    assert.equal(searchSplit({ SEARCH_BLOCK_SIZE: "1024" }).blockSize, 1024);
    assert.equal(searchSplit({}).blockSize, 64);
  });

  it("refuses a block size past that, or not a whole number, naming the variable and the value", () => {
    assert.throws(() => searchSplit({ SEARCH_BLOCK_SIZE: "1500" }), /^Error: SEARCH_BLOCK_SIZE must be a whole number from 1 to 1024, not "1500"$/);
    assert.throws(() => searchSplit({ SEARCH_BLOCK_SIZE: "0" }), /SEARCH_BLOCK_SIZE must be a whole number from 1 to 1024, not "0"/);
    assert.throws(() => searchSplit({ SEARCH_PIECE_BYTES: "a lot" }), /SEARCH_PIECE_BYTES must be a whole number of at least 1, not "a lot"/);
  });
});

describe("where the search index is written, from the environment", () => {
  it("takes SEARCH_THREAD=1 for a thread of its own, 0 for after the pages, unset for by the archive's size and the build cache", () => {
    assert.equal(searchThreadSetting({ SEARCH_THREAD: "1" }), true);
    assert.equal(searchThreadSetting({ SEARCH_THREAD: "0" }), false);
    assert.equal(searchThreadSetting({}), undefined);
  });

  it("unset, writes a small archive's index beside its pages, and a large one's only in a build without kept pages", () => {
    const MB = 1024 * 1024;
    assert.equal(indexBesidePages(100 * MB, 500_000), true);
    assert.equal(indexBesidePages(900 * MB, 0), true, "a clean build");
    assert.equal(indexBesidePages(900 * MB, 500_000), false, "beside the build cache's kept pages");
  });

  it("refuses anything else, naming the variable and the value", () => {
    assert.throws(() => searchThreadSetting({ SEARCH_THREAD: "yes" }), /^Error: SEARCH_THREAD must be 1 \(the search index on a thread of its own\), 0 \(after the pages\) or unset \(by the archive's size and the build cache\), not "yes"$/);
  });
});
