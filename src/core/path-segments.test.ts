import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSafePathSegment, isSlug, slugify } from "./slugs.ts";
import { outputPathFor } from "./urls.ts";

describe("path segments", () => {
  it("refuse names Windows reserves, trailing dots and spaces, and separators", () => {
    for (const bad of ["con", "CON", "prn", "aux", "nul", "com1", "COM9", "lpt1", "nul.txt", "a.", "a ", ".", "..", "a/b", "a\\b", "a:b", ""]) {
      assert.equal(isSafePathSegment(bad), false, bad);
    }
    for (const good of ["console", "com10", "lpt", "nul-0", "prn-1", "2021", "index.html"]) assert.equal(isSafePathSegment(good), true, good);
  });

  it("are never a reserved name when made from a name, and a slug field cannot be one", () => {
    assert.deepEqual(["NUL", "COM1", "prn.", "Con", "aux"].map((t) => slugify(t)), ["nul-0", "com1-0", "prn-0", "con-0", "aux-0"]);
    assert.equal(isSlug("con"), false);
    assert.equal(isSlug("con-1"), true);
  });

  it("are checked once more before a page is written", () => {
    assert.throws(() => outputPathFor("/tags/nul/"), /unsafe path segment "nul"/);
    assert.equal(outputPathFor("/tags/nul-0/"), "tags/nul-0/index.html");
  });
});
