import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { sha1 } from "./digest.ts";

describe("the digest", () => {
  it("is the SHA-1 a hash object gives, of text and of bytes, in each encoding", () => {
    for (const data of ["", "作风建设 乐陵市", new Uint8Array([0, 1, 2, 255]), Buffer.from("禹城市")]) {
      for (const encoding of ["hex", "base64", "base64url"] as const) {
        assert.equal(sha1(data, encoding), createHash("sha1").update(data as string | Uint8Array).digest(encoding), `${String(data)} ${encoding}`);
      }
    }
    assert.equal(sha1("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  });
});
