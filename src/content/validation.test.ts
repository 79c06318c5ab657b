import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { loadArchive } from "./load.ts";
import { formatProblem } from "./problems.ts";
import { articleText, fixtureProject, validFields } from "../../tests/support/project.ts";

/** Loads a fixture archive and returns its error lines as the editor sees them. */
async function errorsFor(articles: Record<string, string | Uint8Array>): Promise<string[]> {
  const dir = await fixtureProject(articles);
  const { archive, problems } = await loadArchive({ rootDir: dir });
  const errors = problems.filter((p) => p.severity === "error").map(formatProblem);
  assert.equal(archive, undefined, "an archive with errors must not load");
  return errors;
}

const article = (overrides: Record<string, string | undefined>, body?: string) => articleText(validFields(overrides), body);

describe("content validation", () => {
  it("accepts a valid article and makes a typed record of it", async () => {
    const dir = await fixtureProject({ "2021/a.md": article({ place: "[乐陵市, 德州市]", correspondents: "[贾鹏]" }) });
    const { archive, problems } = await loadArchive({ rootDir: dir });
    assert.deepEqual(problems.filter((p) => p.severity === "error"), []);
    const [a] = archive?.articles ?? [];
    assert.ok(a);
    assert.equal(a.file, "content/2021/a.md");
    assert.equal(a.date.iso, "2021-10-22");
    assert.equal(a.source.slug, "qilu-wanbao");
    assert.deepEqual(a.places.map((p) => p.name), ["乐陵市", "德州市"]);
    assert.deepEqual(a.places[0]?.ancestors.map((p) => p.name), ["山东省", "德州市"]);
    assert.equal(a.slug, "zuo-feng-yi-bian-shi-ye-xing");
    assert.equal(a.draft, false);
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.tags));
  });

  it("names the file, line, field and value of an unknown place, with a suggestion", async () => {
    assert.deepEqual(await errorsFor({ "2021/leling.md": article({ place: "乐陵" }) }), [
      'content/2021/leling.md:6:8 place: unknown place "乐陵" — did you mean 乐陵市?',
    ]);
  });

  it("reports an unknown place inside a list on that item's line", async () => {
    assert.deepEqual(await errorsFor({ "x.md": articleText(validFields({ place: "\n  - 乐陵市\n  - 禹城" })) }), [
      'content/x.md:8:5 place: unknown place "禹城" — did you mean 禹城市?',
    ]);
  });

  it("reads the old name county as place, warning with the file, the field and the value to rename it", async () => {
    const dir = await fixtureProject({ "2021/old.md": articleText({ ...validFields({ place: undefined }), county: "[乐陵市, 德州市]" }) });
    const { archive, problems } = await loadArchive({ rootDir: dir });
    assert.deepEqual(archive?.articles[0]?.places.map((p) => p.name), ["乐陵市", "德州市"]);
    const warnings = problems.filter((p) => p.field === "county");
    assert.deepEqual(warnings.map(formatProblem), ['content/2021/old.md:8 county: "[乐陵市, 德州市]" — county is the old name of place: rename the field to place']);
    assert.deepEqual(warnings.map((p) => p.severity), ["warning"]);
  });

  it("warns about a date before 1900 (a mistyped year), naming the file, the field and the value, and still loads it", async () => {
    const dir = await fixtureProject({ "2021/typo.md": article({ date: "0021-10-22" }), "2021/first.md": article({ title: "第一篇", date: "1900-01-01" }) });
    const { archive, problems } = await loadArchive({ rootDir: dir });
    assert.equal(archive?.articles.length, 2);
    const warnings = problems.filter((p) => p.field === "date");
    assert.deepEqual(warnings.map(formatProblem), ["content/2021/typo.md date: 0021-10-22 is before 1900, earlier than any newspaper here — a mistyped year?"]);
    assert.deepEqual(warnings.map((p) => p.severity), ["warning"]);
  });

  it("names an old-name field as written, at its own line and column, when its value is wrong", async () => {
    assert.deepEqual(await errorsFor({ "x.md": articleText({ county: "乐陵", ...validFields({ place: undefined }) }) }), [
      'content/x.md:2:9 county: unknown place "乐陵" — did you mean 乐陵市?',
    ]);
    assert.deepEqual(await errorsFor({ "x.md": articleText({ county: "【待填】", ...validFields({ place: undefined }) }) }), [
      "content/x.md:2 county: not filled in yet (【待填】, left by npm run import or new) — expected a place from content/_data/places.yaml, or a list of places, e.g. 乐陵市",
    ]);
  });

  it("refuses an article that gives both county and place, naming the file and the old field", async () => {
    assert.deepEqual(await errorsFor({ "x.md": articleText({ ...validFields(), county: "德州市" }) }), [
      "content/x.md:9 county: is the old name of place, which is also given — keep place only",
    ]);
  });

  it("reports an unknown newspaper with the closest name", async () => {
    assert.deepEqual(await errorsFor({ "x.md": article({ source: "齐鲁晚" }) }), [
      'content/x.md:4:9 source: unknown newspaper "齐鲁晚" — did you mean 齐鲁晚报?',
    ]);
  });

  it("reports missing and empty required fields", async () => {
    assert.deepEqual(await errorsFor({ "x.md": article({ title: undefined, authors: "[]", tags: '[作风建设, ""]' }) }), [
      "content/x.md title: missing — expected text, e.g. 作风一变事业兴",
      "content/x.md:6:14 tags: item 2 is empty — expected a list of tags, e.g. [作风建设, 民生实事]",
      "content/x.md:7:10 authors: empty — expected a list of names, e.g. [马志勇]",
    ]);
    assert.deepEqual(await errorsFor({ "y.md": article({ title: "" }) }), ["content/y.md:2:8 title: empty — expected text, e.g. 作风一变事业兴"]);
  });

  it("refuses impossible dates instead of rolling them over", async () => {
    assert.deepEqual(await errorsFor({ "a.md": article({ date: "2021-02-30" }), "b.md": article({ date: "2021-13-01" }) }), [
      'content/a.md:3:7 date: impossible date "2021-02-30" — 2021-02 has 28 days',
      'content/b.md:3:7 date: impossible date "2021-13-01" — there is no month 13',
    ]);
  });

  it("records how precise a date is, printed (day) unless the editor says it is an estimate", async () => {
    const dir = await fixtureProject({ "a.md": article({}), "b.md": article({ title: "另一篇", date_precision: "xun", date_note: "原文未印日期，据文意定为上旬" }) });
    const { archive } = await loadArchive({ rootDir: dir });
    assert.deepEqual(archive?.articles.map((a) => [a.title, a.datePrecision]).sort(), [["作风一变事业兴", "day"], ["另一篇", "xun"]]);
  });

  it("refuses an estimated date without a date_note saying how it was estimated, and an unknown precision", async () => {
    const errors = await errorsFor({ "a.md": article({ date_precision: "month" }), "b.md": article({ date_precision: "week", date_note: "说明" }) });
    assert.equal(errors.length, 2, errors.join("\n"));
    assert.match(errors[0] ?? "", /^content\/a\.md:\d+:\d+ date_precision: "month" marks the date as an estimate — add a date_note saying how it was estimated, or write date_precision: day$/);
    assert.match(errors[1] ?? "", /^content\/b\.md:\d+:\d+ date_precision: expected one of day, about, xun, month, year, e\.g\. xun; got "week"$/);
  });

  it("reports an estimate without a date_note beside the file's other errors, and not for a precision it refuses", async () => {
    const errors = await errorsFor({ "a.md": article({ date_precision: "month", place: "乐陵" }), "b.md": article({ date_precision: "week" }) });
    assert.equal(errors.length, 3, errors.join("\n"));
    assert.match(errors.join("\n"), /a\.md:\d+:\d+ date_precision: "month" marks the date as an estimate/);
    assert.match(errors.join("\n"), /a\.md:\d+:\d+ place: unknown place "乐陵"/);
    assert.match(errors.join("\n"), /b\.md:\d+:\d+ date_precision: expected one of day/);
  });

  it("reports values of the wrong type with what was expected", async () => {
    assert.deepEqual(await errorsFor({ "x.md": article({ date: "20211022", authors: "5", draft: "yes", place: "{a: 1}", tags: "[作风, 1]" }) }), [
      "content/x.md:3:7 date: expected a date YYYY-MM-DD, e.g. 2021-10-22; got number 20211022",
      "content/x.md:6:8 place: expected a place from content/_data/places.yaml, or a list of places, e.g. 乐陵市; got a mapping (key: value pairs)",
      "content/x.md:7:7 tags: expected a list of tags, e.g. [作风建设, 民生实事]; got a list holding number 1",
      "content/x.md:8:10 authors: expected a list of names, e.g. [马志勇]; got number 5",
      'content/x.md:9:8 draft: expected true or false, e.g. true; got "yes"',
    ]);
  });

  it("reports an unknown key with the field it was probably meant to be", async () => {
    const text = article({}).replace("title:", "tittle:");
    assert.deepEqual(await errorsFor({ "x.md": text }), [
      "content/x.md title: missing — expected text, e.g. 作风一变事业兴",
      'content/x.md:2 tittle: unknown field "tittle" — did you mean title?',
    ]);
  });

  it("reports broken YAML with its line", async () => {
    assert.deepEqual(await errorsFor({ "x.md": article({ title: '"作风一变' }) }), [
      'content/x.md:2 YAML: Missing closing "quote — check the quoting and indentation',
    ]);
    assert.deepEqual(await errorsFor({ "y.md": article({}).replace("page: B02-B03", "title: 重复") }), [
      "content/y.md:5:1 title: YAML: this field is written twice; keep one",
    ]);
  });

  it("refuses a file that is not valid UTF-8, naming the byte offset", async () => {
    const utf8 = (text: string) => [...new TextEncoder().encode(text)];
    const gbk = new Uint8Array([...utf8("---\ntitle: "), 0xd7, 0xf7, 0xb7, 0xe7, ...utf8("\n---\n")]); // 作风 in GBK
    assert.deepEqual(await errorsFor({ "gbk.md": gbk }), ["content/gbk.md:2 not valid UTF-8: byte 0xd7 at offset 11 — save the file as UTF-8, or let `npm run import -- FILE` convert it from GBK or UTF-16 into a draft"]);
  });

  it("refuses JavaScript front matter without running it", async () => {
    const marker = path.join(tmpdir(), `archive-pwned-${process.pid}`);
    const js = `---js\n{ title: (require("fs").writeFileSync(${JSON.stringify(marker)}, "ran"), "t") }\n---\n正文\n`;
    const javascript = js.replace("---js", "---javascript");
    assert.deepEqual(await errorsFor({ "a.md": js, "b.md": javascript }), [
      'content/a.md:1 front matter must be YAML (found "---js"); code in front matter is never run',
      'content/b.md:1 front matter must be YAML (found "---javascript"); code in front matter is never run',
    ]);
    assert.equal(existsSync(marker), false, "the front-matter code ran");
  });

  it("refuses files without front matter or with unclosed front matter", async () => {
    assert.deepEqual(await errorsFor({ "a.md": "只有正文\n", "b.md": "---\ntitle: a\n" }), [
      'content/a.md:1 no front matter: the file must start with a line "---", then YAML fields, then "---"',
      'content/b.md:1 front matter is not closed: add a line "---" after the last field',
    ]);
  });

  it("refuses two articles that would be published at the same URL, naming both files", async () => {
    assert.deepEqual(await errorsFor({ "a.md": article({}), "b.md": article({ page: "A1" }) }), [
      "content/b.md slug: same URL /articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing/ as content/a.md — give one of them a different slug",
    ]);
  });

  it("reports every problem in every file at once", async () => {
    const errors = await errorsFor({
      "1.md": article({ place: "乐陵" }),
      "2.md": article({ date: "2021-02-30", source: "不存在的报" }),
      "3.md": "---js\n{}\n---\n",
      "ok.md": article({ title: "另一篇" }),
    });
    assert.deepEqual(errors.map((e) => e.split(" ")[0]), ["content/1.md:6:8", "content/2.md:3:7", "content/2.md:4:9", "content/3.md:1"]);
  });

  it("refuses fields import left to be filled in, naming each", async () => {
    assert.deepEqual(await errorsFor({ "x.md": article({ place: "【待填】", authors: "[马志勇, 【待填】]", draft: "true" }) }), [
      "content/x.md:6 place: not filled in yet (【待填】, left by npm run import or new) — expected a place from content/_data/places.yaml, or a list of places, e.g. 乐陵市",
      "content/x.md:8 authors: not filled in yet (【待填】, left by npm run import or new) — expected a list of names, e.g. [马志勇]",
    ]);
  });

  it("leaves drafts out unless asked for", async () => {
    const dir = await fixtureProject({ "a.md": article({ draft: "true" }), "b.md": article({ title: "已发表" }) });
    assert.deepEqual((await loadArchive({ rootDir: dir })).archive?.articles.map((a) => a.title), ["已发表"]);
    assert.equal((await loadArchive({ rootDir: dir, includeDrafts: true })).archive?.articles.length, 2);
  });
});
