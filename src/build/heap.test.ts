import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HeapGrowth } from "./heap.ts";

describe("the build's heap growth", () => {
  it("is tightened and relaxed as the build learns how much it makes", () => {
    const heap = new HeapGrowth([]);
    assert.equal(heap.tight, false);
    heap.tighten();
    assert.equal(heap.tight, true);
    heap.relax();
    assert.equal(heap.tight, false);
  });

  it("is left as Node's command line set it", () => {
    for (const flag of ["--heap-growing-percent=50", "--heap-growing-percent"]) {
      const heap = new HeapGrowth(["--max-semi-space-size=32", flag]);
      heap.tighten();
      assert.equal(heap.tight, false, flag);
    }
  });
});
