import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HEAD_SLOTS, articleAt, blockNumbering, placeOf } from "./layout.ts";
import { headSlots } from "./writer.ts";

const urls = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `/articles/${from + i}/`);

describe("a block placed by hash", () => {
  it("gives each URL a slot of its own below HEAD_SLOTS", () => {
    const slots = headSlots(urls(0, 64));
    assert.equal(new Set(slots).size, 64);
    assert.ok(slots.every((slot) => Number.isInteger(slot) && slot >= 0 && slot < HEAD_SLOTS));
  });

  it("depends on the set of URLs, not their order", () => {
    const some = urls(0, 40);
    const slots = headSlots(some);
    const reversed = headSlots([...some].reverse());
    assert.deepEqual([...reversed].reverse(), slots);
  });

  it("keeps every other URL's slot when one is added, unless their homes meet", () => {
    const before = urls(0, 30);
    const slots = headSlots(before);
    const after = headSlots([...before.slice(0, 11), "/articles/new/", ...before.slice(11)]);
    const kept = [...after.slice(0, 11), ...after.slice(12)];
    assert.equal(kept.filter((slot, i) => slot !== slots[i]).length, 0);
  });

  it("moves a URL on to the next free slot when two homes meet, the same way whatever the order", () => {
    // Many URLs in a few slots' worth of homes must collide; each still gets a slot of its own.
    const many = urls(0, HEAD_SLOTS);
    const slots = headSlots(many);
    assert.equal(new Set(slots).size, HEAD_SLOTS);
    assert.deepEqual(headSlots([...many].reverse()).reverse(), slots);
    assert.throws(() => headSlots(urls(0, HEAD_SLOTS + 1)), /at most 1024/);
  });
});

describe("an index's layout", () => {
  // Blocks of 4; the first holds 3 articles (offset 1); the first two placed by hash.
  const layout = { block: 4, offset: 1, head: [[700, 5, 300], [12, 900, 3, 44]] };

  it("finds each article's block and slot, and the article in each block's slot", () => {
    const places = Array.from({ length: 15 }, (_, page) => placeOf(layout, page));
    assert.deepEqual(places.slice(0, 8), [
      { block: 0, slot: 700 },
      { block: 0, slot: 5 },
      { block: 0, slot: 300 },
      { block: 1, slot: 12 },
      { block: 1, slot: 900 },
      { block: 1, slot: 3 },
      { block: 1, slot: 44 },
      { block: 2, slot: 0 },
    ]);
    assert.deepEqual(places[14], { block: 3, slot: 3 });
    places.forEach(({ block, slot }, page) => assert.equal(articleAt(layout, block, slot), page));
    assert.equal(articleAt(layout, 0, 6), -1, "an empty slot of a block placed by hash");
  });
});

describe("how a site index's blocks are numbered", () => {
  it("ends the blocks with the oldest article and the page numbers at a multiple of about an eighth of the blocks", () => {
    // 100,000 articles: 1,563 blocks of 64, the first holding 32; pages end at 13 × 128.
    assert.deepEqual(blockNumbering(100_000, 64), { blockOffset: 32, firstPage: 1664 - 1563 });
    assert.deepEqual(blockNumbering(12, 64), { blockOffset: 52, firstPage: 0 });
    assert.deepEqual(blockNumbering(0, 64), { blockOffset: 0, firstPage: 0 });
    assert.deepEqual(blockNumbering(500, 1), { blockOffset: 0, firstPage: 0 }, "no blocks, no empty pages");
  });

  it("keeps the last page's number as articles are added one by one, but once in every eighth or so of the blocks", () => {
    const lastPage = (count: number) => {
      const { blockOffset, firstPage } = blockNumbering(count, 64);
      return firstPage + (count + blockOffset) / 64;
    };
    // From 1,025 blocks to 2,048 (numbered in multiples of 128): it moves at 1,153, 1,281 … 1,921.
    let moves = 0;
    for (let count = 1024 * 64 + 1; count < 2048 * 64; count++) if (lastPage(count + 1) !== lastPage(count)) moves++;
    assert.equal(moves, 7);
    for (let count = 1; count < 5000; count++) assert.ok(blockNumbering(count, 64).firstPage * 8 <= Math.ceil(count / 64), `${count} articles: empty pages are fewer than an eighth of the blocks`);
  });
});
