import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalizeLineBreaks, splitFrontMatter } from "./frontmatter.ts";

describe("splitFrontMatter", () => {
  it("gives a body that is the tail of the file's text, line breaks made \\n, which the build cache reads again", () => {
    const files = [
      "---\ntitle: 一\n---\n正文。\n",
      "---\r\ntitle: 二\r\n---\r\n第一段。\r\n\r\n第二段。",
      "---\rtitle: 三\r---\r正文\r",
      "---\ntitle: 四\n---",
      "---\ntitle: 五\n---\n",
      "---   \ntitle: 六\n---  \n\n\n正文\n---\n后面\n",
    ];
    for (const file of files) {
      const split = splitFrontMatter(file);
      assert.ok(split.ok, JSON.stringify(file));
      assert.ok(normalizeLineBreaks(file).endsWith(split.source.body), JSON.stringify(file));
    }
    assert.equal((splitFrontMatter(files[1] as string) as { source: { body: string } }).source.body, "第一段。\n\n第二段。");
  });
});
