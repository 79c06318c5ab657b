import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { containsQuery, indexTerms, queryParts, queryTerms } from "./terms.ts";

describe("queries with symbols", () => {
  it("keep C++, C# and AT&T whole instead of single letters", () => {
    assert.deepEqual(queryParts("C++ 与 AT&T、C#"), ["c++", "与", "at&t", "c#"]);
    assert.ok(containsQuery("学习C++编程", queryParts("C++")));
    assert.equal(containsQuery("学习C语言", queryParts("C++")), false);
  });

  it("find the text that holds them, and only it", () => {
    const holds = (text: string, query: string) => queryTerms(query).every((t) => indexTerms(text).includes(t));
    assert.ok(holds("美国AT&T公司", "AT&T"));
    assert.ok(holds("学习C++编程", "c++"));
    assert.equal(holds("AT与T", "AT&T"), false);
    assert.equal(holds("学习C语言", "C++"), false);
  });
});
