import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCodes } from "./run-codes.ts";
import { bigrams, queryParts } from "./terms.ts";

/** The runs of runCodes as strings. */
function runs(text: string): string[] {
  const { codes, length } = runCodes(text, new Int32Array(1));
  const out: string[] = [];
  let run: number[] = [];
  for (const code of codes.subarray(0, length)) {
    if (code >= 0) run.push(code);
    else {
      out.push(String.fromCodePoint(...run));
      run = [];
    }
  }
  return out;
}

describe("runCodes", () => {
  it("gives each run's code points, astral ones whole, each run ended by -1", () => {
    const { codes, length } = runCodes("乐陵 𠀀a，Ｃ++", new Int32Array(1));
    assert.deepEqual([...codes.subarray(0, length)], [0x4e50, 0x9675, -1, 0x20000, 0x61, -1, 0x63, 0x2b, 0x2b, -1]);
  });

  it("gives the terms of bigrams: each character, then it with the next unless the run ends", () => {
    const text = "德州市乐陵 ETC异常 2021年 𠀀a C++";
    const { codes, length } = runCodes(text);
    const terms: string[] = [];
    for (let i = 0; i < length; i++) {
      const code = codes[i] as number;
      if (code < 0) continue;
      terms.push(String.fromCodePoint(code));
      const next = codes[i + 1] as number;
      if (next >= 0) terms.push(String.fromCodePoint(code, next));
    }
    assert.deepEqual(terms, bigrams(text));
  });

  it("finds the runs the search page's queries are split into (RUN), for every character", () => {
    for (const text of ["C++ 与 AT&T、C# a&&b &x y&z+# c++c #+a 2021年 \ud800x 𠀀&𠀁 😀a ＡＴ＆Ｔ ﷺ", String.fromCharCode(...Array.from({ length: 0x10000 }, (_, c) => c))]) {
      assert.deepEqual(runs(text), queryParts(text));
    }
  });
});
