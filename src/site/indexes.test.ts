import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Article } from "../content/article.ts";
import type { Archive } from "../content/load.ts";
import type { Place, Source } from "../content/registry.ts";
import { parseCalendarDate, type DatePrecision } from "../core/dates.ts";
import { buildIndexes, issuesOf } from "./indexes.ts";

const paper: Source = { name: "大众日报", slug: "dazhong-ribao", kind: "报纸", description: undefined, url: undefined };

function at(iso: string, page: string | undefined, datePrecision: DatePrecision = "day", pageName?: string): Article {
  const parsed = parseCalendarDate(iso);
  assert.ok(parsed.ok);
  return { date: parsed.date, page, pageName, datePrecision, source: paper, title: `${iso} ${page ?? "?"}` } as unknown as Article;
}

describe("issuesOf", () => {
  it("groups a newspaper's articles by issue and printed page, pages in print order, unknown page last", () => {
    const issues = issuesOf([at("2022-01-07", "B02-B03"), at("2022-01-07", undefined), at("2022-01-07", "A10"), at("2022-01-07", "A2"), at("2021-10-22", "B02")]);
    assert.deepEqual(issues.map((i) => [i.date.iso, i.pages.map((p) => p.page ?? "?")]), [
      ["2022-01-07", ["A2", "A10", "B02-B03", "?"]],
      ["2021-10-22", ["B02"]],
    ]);
  });

  it("orders numbered pages as numbers: 2 before 10", () => {
    const [issue] = issuesOf([at("2021-10-22", "10"), at("2021-10-22", "2"), at("2021-10-22", "1")]);
    assert.deepEqual(issue?.pages.map((p) => p.page), ["1", "2", "10"]);
  });

  it("names a page where one of its articles' records does", () => {
    const [issue] = issuesOf([at("2021-10-22", "B02-B03"), at("2021-10-22", "B02-B03", "day", "关注")]);
    assert.deepEqual(issue?.pages.map((p) => [p.page, p.name, p.articles.length]), [["B02-B03", "关注", 2]]);
  });

  it("puts an estimated day in an issue marked estimated, and leaves out dates known only to the ten days, month or year", () => {
    const issues = issuesOf([at("2022-01-07", undefined, "about"), at("2022-01-07", undefined, "about"), at("2021-11-06", undefined, "year"), at("2019-03-01", undefined, "xun"), at("2021-10-22", "3")]);
    assert.deepEqual(issues.map((i) => [i.date.iso, i.estimated, i.articles.length]), [
      ["2022-01-07", true, 2],
      ["2021-10-22", false, 1],
    ]);
  });

  it("calls an issue estimated only when none of its articles has the printed date", () => {
    const [issue] = issuesOf([at("2022-01-07", "1", "about"), at("2022-01-07", "1", "day")]);
    assert.equal(issue?.estimated, false);
  });
});

describe("buildIndexes", () => {
  it("lists an article once under a place, however many of its places lie within it", () => {
    const place = (name: string, ...ancestors: Place[]): Place => ({ name, slug: name, parent: ancestors.at(-1), children: [], ancestors });
    const shandong = place("山东省");
    const dezhou = place("德州市", shandong);
    const leling = place("乐陵市", shandong, dezhou);
    const yucheng = place("禹城市", shandong, dezhou);
    const of = (article: Article, places: Place[], tags: string[]) => ({ ...article, places, tags, authors: [] }) as unknown as Article;
    const both = of(at("2021-10-22", "A1"), [leling, yucheng], ["作风建设"]);
    const one = of(at("2021-10-21", "A2"), [dezhou], ["作风建设", "民生实事"]);
    const archive = { articles: [both, one], places: new Map([shandong, dezhou, leling, yucheng].map((p) => [p.name, p])), sources: new Map([[paper.name, paper]]), tagSlugs: new Map(), authorSlugs: new Map() } as unknown as Archive;
    const indexes = buildIndexes(archive);
    const listed = (p: Place) => indexes.placeOf.get(p)?.articles.map((a) => a.title);
    assert.deepEqual(listed(shandong), [both.title, one.title]);
    assert.deepEqual(listed(dezhou), [both.title, one.title]);
    assert.deepEqual(listed(yucheng), [both.title]);
    assert.deepEqual(indexes.numbers.of(indexes.placeOf.get(shandong)?.articles ?? []), Int32Array.from([0, 1]));
    assert.deepEqual(indexes.placeOf.get(dezhou)?.direct, 1);
    assert.deepEqual(indexes.tagOf.get("作风建设")?.articles.length, 2);
  });
});
