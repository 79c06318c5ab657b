import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeTerm, pieceWord } from "./terms.ts";

describe("the pieces of a frequent index word", () => {
  it("sort right after the word, in piece order, before any other word", () => {
    const words = ["乐", "乐陵", "陵", "陵市", "市", "一", "一九", "9", "90"].map(encodeTerm);
    const all = words.flatMap((w) => Array.from({ length: 36 }, (_, k) => pieceWord(w, k)));
    const sorted = [...all].sort();
    for (const word of words) {
      const at = sorted.indexOf(word);
      assert.deepEqual(sorted.slice(at, at + 36), Array.from({ length: 36 }, (_, k) => pieceWord(word, k)));
    }
  });

  it("are the word itself first, and no more than 36", () => {
    assert.equal(pieceWord("00200489", 0), "00200489");
    assert.equal(pieceWord("00200489", 35), "00200489-z");
    assert.throws(() => pieceWord("00200489", 36), /at most 36 pieces/);
  });
});
