import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { repoDir } from "../../../tests/support/project.ts";
import { loadArchiveOrThrow } from "../../content/load.ts";
import { links } from "../../core/urls.ts";
import { markdownToText } from "../../render/markdown.ts";
import { finishSearchRecord, pendingSearchRecord, searchRecord, searchText, texted, type SearchRecord } from "./records.ts";
import { facetsOf } from "./site-search.ts";

describe("search records of the seed archive", () => {
  let records: SearchRecord[];
  let archive: Awaited<ReturnType<typeof loadArchiveOrThrow>>;
  before(async () => {
    archive = await loadArchiveOrThrow({ rootDir: repoDir });
    records = archive.articles.map((a) => searchRecord(a, links()));
  });

  it("given their bodies' texts, leave the bodies behind and come out as the records made from them", () => {
    for (const [i, article] of archive.articles.entries()) {
      const record = texted(pendingSearchRecord(article, links()), markdownToText(article.body));
      assert.ok(!("body" in record), `${article.file}: no body beside its text`);
      assert.deepEqual(finishSearchRecord(record), records[i]);
    }
  });

  it("carry every field the article page shows, labelled as it labels them, one line each, in its order", () => {
    const leling = records.find((r) => r.title.startsWith("乐陵：重点项目")) as SearchRecord;
    assert.deepEqual(
      leling.fields.map((f) => f.label),
      ["报纸", "地区", "记者", "通讯员", "标签", "日期说明"],
    );
    assert.equal(leling.fields.find((f) => f.label === "通讯员")?.text, "贾鹏");
    assert.match(leling.fields.find((f) => f.label === "日期说明")?.text ?? "", /^版面未印出版日期/);
    assert.equal(leling.fields.find((f) => f.label === "报纸")?.text, "大众日报");
    // A county's article is found by its city's and province's names too.
    assert.deepEqual(leling.fields.find((f) => f.label === "地区")?.text.split(" "), ["山东省", "德州市", "乐陵市"]);
    assert.equal(leling.fields.find((f) => f.label === "记者")?.text, "张海峰");
    for (const r of records) for (const f of r.fields) assert.doesNotMatch(f.text, /\n/);
    // The editor's note is searched with the body.
    assert.match(leling.text, /本文印刷标题未被OCR收录/);
    assert.equal(leling.meta.fields, leling.fields.map((f) => f.label).join("\n"));
    assert.equal(searchText(leling), [leling.title, ...leling.fields.map((f) => f.text), leling.text].join("\n"));
  });

  it("name the paper and its printed page in a result's meta line as the site's lists name them", () => {
    const zuofeng = records.find((r) => r.title === "作风一变事业兴") as SearchRecord;
    assert.equal(zuofeng.meta.source, "齐鲁晚报 B02-B03版");
    const unpaged = archive.articles.findIndex((a) => !a.page);
    assert.equal(records[unpaged]?.meta.source, archive.articles[unpaged]?.source.name);
  });

  it("give the search page every article's filter values, page numbers as deltas in the records' order", () => {
    const facets = facetsOf(records.map((r) => r.filters));
    assert.equal(facets.pages, records.length);
    for (const [name, values] of Object.entries(facets.filters)) {
      for (const [value, deltas] of values) {
        let page = 0;
        const pages = deltas.map((d) => (page += d));
        const expected = records.flatMap((r, i) => (r.filters[name as keyof SearchRecord["filters"]].includes(value) ? [i] : []));
        assert.deepEqual(pages, expected, `${name} ${value}`);
      }
    }
    const years = (facets.filters["year"] ?? []).map(([y]) => y);
    assert.deepEqual(years, [...years].sort());
  });
});
