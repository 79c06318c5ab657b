import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { articleText, fixtureProject, runScript, runScriptWith, validFields } from "../support/project.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

const LONG = "乐陵市坚持以实干论英雄、以实干促发展，持续完善崇尚实干、加油鼓劲的正向激励体系。“关键少数”率先垂范，干在一线，每周六周日或节假日，市主要领导率队下沉调研。";

describe("npm run check", { timeout: TEST_TIMEOUT_MS }, () => {
  it("passes valid content, counting articles and drafts", async () => {
    const dir = await fixtureProject({
      "2021/a.md": articleText(validFields(), `${LONG}\n`),
      "2021/b.md": articleText(validFields({ title: "草稿", draft: "true" }), `${LONG}\n`),
    });
    const result = await runScript("check", dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^checked 2 articles \(1 drafts\) in \d+\.\d\d s: no errors\n$/);
    assert.equal(result.stderr, "");
  });

  it("prints every error in every file at once and exits 1", async () => {
    const dir = await fixtureProject({
      "a.md": articleText(validFields({ place: "乐陵" }), `${LONG}\n`),
      "b.md": articleText(validFields({ title: "另一篇", date: "2021-02-30", tittle: "x" }), `${LONG}\n`),
    });
    const result = await runScript("check", dir);
    assert.equal(result.status, 1);
    assert.equal(
      result.stderr,
      [
        'content/a.md:6:8 place: unknown place "乐陵" — did you mean 乐陵市?',
        'content/b.md:3:7 date: impossible date "2021-02-30" — 2021-02 has 28 days',
        'content/b.md:9 tittle: unknown field "tittle" — did you mean title?',
        "3 errors in 2 files",
        "",
      ].join("\n"),
    );
    assert.equal(result.stdout, "");
  });

  it("warns about editorial slips without failing", async () => {
    const dir = await fixtureProject({
      "1.md": articleText(validFields({ tags: '[作风建设, "营商环境 "]' }), `${LONG}\n\n第二段。\n\n${LONG}\n`),
      "2.md": articleText(validFields({ title: "作风一变事业兴", date: "2099-01-01", tags: "[作风建没, 作风建设]" }), "短。\n"),
      "3.md": articleText(validFields({ title: "第三篇", tags: "[作风建设, ＡＢＣ]" }), ""),
      "4.md": articleText(validFields({ title: "第四篇", tags: "[作风建设]" }), `${LONG}\n`),
    });
    const result = await runScript("check", dir, { TZ: "UTC" });
    assert.equal(result.status, 0, result.stderr);
    const warnings = result.stderr.trim().split("\n");
    assert.deepEqual(warnings, [
      'warning: content/1.md:7 tags: "营商环境 " has spaces at its start or end',
      `warning: content/1.md:14 this paragraph repeats the one on line 10 (an OCR repeat?): "${LONG.slice(0, 24)}…"`,
      "warning: content/2.md the article's text is only 2 characters long",
      "warning: content/2.md date: 2099-01-01 is after today (" + warnings.find((w) => w.includes("after today"))?.match(/today \((\d{4}-\d\d-\d\d)/)?.[1] + " in China)",
      "warning: content/2.md title: the same title as content/1.md",
      'warning: content/2.md tags: tag "作风建没" differs by one character from "作风建设" (4 articles) — the same tag?',
      "warning: content/3.md the article has no text yet",
      'warning: content/3.md:7 tags: tag "ＡＢＣ" has full-width letters or digits; write "ABC"',
    ]);
  });

  it("reads the articles from the folder --content names, and refuses an unknown option with the usage", async () => {
    const dir = await fixtureProject({ "2021/a.md": articleText(validFields({ place: "乐陵" }), `${LONG}\n`) });
    await rename(path.join(dir, "content"), path.join(dir, "articles"));
    const result = await runScriptWith("check", dir, ["--content", "articles"]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'articles/2021/a.md:6:8 place: unknown place "乐陵" — did you mean 乐陵市?\n1 error in 1 file\n');
    const wrong = await runScriptWith("check", dir, ["--contents", "articles"]);
    assert.equal(wrong.status, 2);
    assert.equal(wrong.stderr, "unknown option --contents\nusage: npm run check -- [--content DIR]\n");
  });

  it("takes --content as an absolute path inside the project, and refuses a folder not there or outside it by name", async () => {
    const dir = await fixtureProject({ "2021/a.md": articleText(validFields({ place: "乐陵" }), `${LONG}\n`) });
    const absolute = await runScriptWith("check", dir, ["--content", path.join(dir, "content")]);
    assert.equal(absolute.stderr, 'content/2021/a.md:6:8 place: unknown place "乐陵" — did you mean 乐陵市?\n1 error in 1 file\n');
    const missing = await runScriptWith("check", dir, ["--content", "contnet"]);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, '--content "contnet": no such folder\nusage: npm run check -- [--content DIR]\n');
    for (const outside of ["/nonexistent", "../content"]) {
      const refused = await runScriptWith("check", dir, ["--content", outside]);
      assert.equal(refused.status, 2, outside);
      assert.equal(refused.stderr, `--content ${JSON.stringify(outside)}: the articles' folder must be inside the project (${dir})\nusage: npm run check -- [--content DIR]\n`);
    }
  });

  it("passes an article that still says county, warning with the file, the field and the value to rename it", async () => {
    const dir = await fixtureProject({
      "old.md": articleText({ ...validFields({ place: undefined }), county: "乐陵市" }, `${LONG}\n`),
      "both.md": articleText({ ...validFields({ title: "两个都写" }), county: "乐陵市" }, `${LONG}\n`),
    });
    const both = await runScript("check", dir);
    assert.equal(both.status, 1);
    assert.match(both.stderr, /^content\/both\.md:9 county: is the old name of place, which is also given — keep place only$/m);
    await rm(path.join(dir, "content", "both.md"));
    const result = await runScript("check", dir);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, 'warning: content/old.md:8 county: "乐陵市" — county is the old name of place: rename the field to place\n');
  });
});
