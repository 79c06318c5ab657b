import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isInside } from "./folders.ts";

describe("isInside", () => {
  it("is true for a path under the folder, however it is written, and false for the folder, its parents and its neighbours", () => {
    assert.equal(isInside("/p/site/a/index.html", "/p/site"), true);
    assert.equal(isInside("/p/site/../site/a", "/p/site/"), true);
    assert.equal(isInside("/p/site", "/p/site"), false);
    assert.equal(isInside("/p", "/p/site"), false);
    assert.equal(isInside("/p/site-old/a", "/p/site"), false);
    assert.equal(isInside("/p/site/../../etc/passwd", "/p/site"), false);
    assert.equal(isInside("/p/site/..x/a", "/p/site"), true);
  });
});
