import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ByteWriter, cborArgument, cborItemEnd } from "./cbor.ts";

describe("reading the writer's CBOR back", () => {
  it("finds where a page entry ends, nested arrays and every argument size included", () => {
    const out = new ByteWriter();
    // A page entry as the index holds it, then a second item that must not be read into it.
    out.array(3);
    out.head(0, 300);
    out.array(2);
    out.head(0, 23);
    out.head(0, 70_000);
    out.array(0);
    const entryEnd = out.view().length;
    out.head(0, 5);
    const bytes = out.view();
    assert.equal(cborItemEnd(bytes, 0), entryEnd);
    assert.equal(cborArgument(bytes, 1), 300);
    assert.equal(cborArgument(bytes, 0), 3);
    assert.equal(cborArgument(bytes, entryEnd), 5);
    assert.equal(cborItemEnd(bytes, entryEnd), bytes.length);
  });
});
