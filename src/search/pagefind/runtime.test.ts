import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unverifiedRuntime, VERIFIED_RUNTIMES, type PagefindRuntime } from "./runtime.ts";

const runtime = (version: string, content: (name: string) => string): PagefindRuntime => ({
  version,
  includeCharacters: [],
  files: new Map(["pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"].map((name) => [name, new TextEncoder().encode(content(name))])),
});

describe("the Pagefind runtime guard", () => {
  it("lists SHA-256 digests of the three runtime files for every verified version", () => {
    assert.ok(VERIFIED_RUNTIMES["1.5.2"]);
    for (const files of Object.values(VERIFIED_RUNTIMES)) {
      assert.deepEqual(Object.keys(files).sort(), ["pagefind-worker.js", "pagefind.js", "wasm.unknown.pagefind"]);
      for (const digest of Object.values(files)) assert.match(digest, /^[0-9a-f]{64}$/);
    }
  });

  it("refuses, in one line, a version the writer was not verified against, naming the command that checks it", () => {
    const message = unverifiedRuntime(runtime("1.6.0", (n) => n)) ?? "";
    assert.match(message, /^Pagefind 1\.6\.0 is installed, but the search index writer is verified only against Pagefind 1\.5\.2/);
    assert.match(message, /npm run search:compat -- --pagefind 1\.6\.0/);
    assert.doesNotMatch(message, /\n/);
  });

  it("refuses a verified version whose files differ, naming them", () => {
    const message = unverifiedRuntime(runtime("1.5.2", (n) => `changed ${n}`)) ?? "";
    assert.match(message, /^Pagefind 1\.5\.2: pagefind\.js, pagefind-worker\.js, wasm\.unknown\.pagefind differ/);
    assert.doesNotMatch(message, /\n/);
  });
});
