import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { leadOf, renderBody } from "./markdown.ts";

describe("Markdown an editor may slip into", () => {
  it("leaves out a heading with no text instead of writing an empty <h2>", () => {
    assert.equal(renderBody("## \n\n正文。\n\n#\n").html.value, "<p>正文。</p>\n");
    assert.equal(renderBody("## 小标题\n").html.value, "<h2>小标题</h2>\n");
  });
});

describe("an article's lead", () => {
  it("is never cut between the halves of a character past U+FFFF", () => {
    const lead = leadOf(`${"字".repeat(119)}𠮷${"字".repeat(10)}`);
    assert.doesNotMatch(lead, /[\ud800-\udbff](?![\udc00-\udfff])/);
    assert.equal(lead, `${"字".repeat(119)}…`);
  });
});
