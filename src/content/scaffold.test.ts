import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { conventionalPath, frontMatterText, newArticleText } from "./scaffold.ts";

describe("the project's front-matter layout", () => {
  it("writes fields in the schema's order, lists in flow style, one place as a name", () => {
    const text = frontMatterText({ tags: ["作风建设", "民生实事"], place: ["乐陵市"], authors: ["马志勇"], date: "2021-10-22", source: "齐鲁晚报", title: "作风一变事业兴" });
    assert.equal(text, "title: 作风一变事业兴\ndate: 2021-10-22\nsource: 齐鲁晚报\nplace: 乐陵市\ntags: [作风建设, 民生实事]\nauthors: [马志勇]\n");
  });

  it("leaves out empty values, draft: false and the CMS's own _fields, and keeps unknown fields last for the gate to report", () => {
    const text = frontMatterText({ title: "标题", subtitle: "", correspondents: [], note: null, draft: false, _year: "2021", _stem: "x", colour: "红" });
    assert.equal(text, "title: 标题\ncolour: 红\n");
    assert.equal(frontMatterText({ title: "标题", place: ["德州市", "乐陵市"], draft: true }), "title: 标题\nplace: [德州市, 乐陵市]\ndraft: true\n");
  });

  it("is what npm run new writes", () => {
    const text = newArticleText({ title: "作风一变事业兴", date: "2021-10-22", places: ["乐陵市"], source: "齐鲁晚报", tags: ["作风建设"], authors: ["马志勇"] });
    assert.ok(text.startsWith("---\ntitle: 作风一变事业兴\ndate: 2021-10-22\nsource: 齐鲁晚报\nplace: 乐陵市\ntags: [作风建设]\nauthors: [马志勇]\ndraft: true\n---\n"), text);
  });

  it("puts a new article under its year in the content folder given, content/ by default", () => {
    const article = { title: "作风一变事业兴", date: "2021-10-22" };
    assert.equal(conventionalPath(article), "content/2021/2021-10-22-zuo-feng-yi-bian-shi-ye-xing.md");
    assert.equal(conventionalPath(article, "site/articles/"), "site/articles/2021/2021-10-22-zuo-feng-yi-bian-shi-ye-xing.md");
  });
});
