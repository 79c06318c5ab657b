import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { regenerateGuide } from "./guide.ts";
import { loadRegistries } from "./registry.ts";
import { fieldDocs } from "./schema.ts";
import { repoDir } from "../../tests/support/project.ts";

describe("the editors' guide", () => {
  it("is up to date with the schema and the registries (run npm run docs)", async () => {
    const registries = await loadRegistries(path.join(repoDir, "content", "_data"), repoDir, []);
    assert.ok(registries);
    const text = await readFile(path.join(repoDir, "docs", "editing.md"), "utf8");
    assert.equal(text, regenerateGuide(text, registries));
    for (const field of fieldDocs()) assert.ok(text.includes(`| \`${field.name}\` |`), field.name);
    assert.ok(text.includes("- 乐陵市（`leling-shi`）"));
  });
});
