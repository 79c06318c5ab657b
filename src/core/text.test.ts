import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeUnsafe, findUnsafeCharacter } from "./text.ts";

describe("characters no published text may hold", () => {
  it("are found wherever they are, and characters past U+FFFF are not among them", () => {
    const found = (text: string, multiline = false) => findUnsafeCharacter(text, multiline);
    assert.equal(found("作风 𠮷野家 ＡＢＣ"), undefined);
    assert.deepEqual(found("𠮷a\u0000"), { index: 3, description: "U+0000, a control character" });
    assert.equal(found("a\ud800b")?.description, "U+D800, half of a surrogate pair");
    assert.equal(found("𠮷\udc00")?.index, 2);
    assert.equal(found("a\u{1fffe}")?.description, "U+1FFFE, a noncharacter");
    assert.equal(found("a\u202eb")?.description, "U+202E, a bidirectional override");
    assert.equal(found("第一行\n\t第二行", true), undefined);
    assert.equal(found("第一行\n第二行")?.description, "U+000A, a tab or line break");
  });

  it("are written as escapes in messages", () => {
    assert.equal(escapeUnsafe("a\u202eb\u0000\n𠮷"), "a\\u{202E}b\\u{0}\\n𠮷");
  });
});
