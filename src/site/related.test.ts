import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Article } from "../content/article.ts";
import { parseCalendarDate } from "../core/dates.ts";
import { relatedArticles } from "./related.ts";

/** An article with only what related articles are chosen by: its file, date, places and tags. */
function article(file: string, iso: string, places: readonly string[], tags: readonly string[] = []): Article {
  const parsed = parseCalendarDate(iso);
  assert.ok(parsed.ok);
  return { file, date: parsed.date, places: places.map((name) => ({ name })), tags } as unknown as Article;
}

/** The files of each article's related articles, in the archive's order (newest first). */
function relatedFiles(articles: readonly Article[], count?: number): string[][] {
  const related = relatedArticles(articles, count);
  return articles.map((_, i) => related.at(i).map((r) => r.file));
}

describe("relatedArticles", () => {
  it("relates only articles that share a place, never an article to itself", () => {
    const articles = [article("a.md", "2021-10-03", ["乐陵市"]), article("b.md", "2021-10-02", ["禹城市"]), article("c.md", "2021-10-01", ["乐陵市"])];
    assert.deepEqual(relatedFiles(articles), [["c.md"], [], ["a.md"]]);
  });

  it("puts more shared places and tags first, then the nearer date", () => {
    const articles = [
      article("own.md", "2021-10-10", ["乐陵市", "德州市"], ["作风建设", "民生"]),
      article("near.md", "2021-10-09", ["乐陵市"]),
      article("tag.md", "2021-10-01", ["乐陵市"], ["作风建设"]),
      article("two-places.md", "2021-09-01", ["乐陵市", "德州市"]),
      article("far.md", "2019-01-01", ["乐陵市"]),
    ];
    assert.deepEqual(relatedFiles(articles)[0], ["two-places.md", "tag.md", "near.md", "far.md"]);
  });

  it("keeps the best few, a tie going to the file name whatever the archive's order", () => {
    const same = (file: string) => article(file, "2021-10-01", ["乐陵市"]);
    const own = article("own.md", "2021-10-01", ["乐陵市"]);
    const forward = [own, same("b.md"), same("d.md"), same("a.md"), same("c.md")];
    const backward = [own, ...forward.slice(1).reverse()];
    assert.deepEqual(relatedFiles(forward, 2)[0], ["a.md", "b.md"]);
    assert.deepEqual(relatedFiles(backward, 2)[0], ["a.md", "b.md"]);
  });

  it("counts a neighbour reached through two shared places once", () => {
    const articles = [article("a.md", "2021-10-02", ["乐陵市", "德州市"]), article("b.md", "2021-10-01", ["乐陵市", "德州市"])];
    assert.deepEqual(relatedFiles(articles), [["b.md"], ["a.md"]]);
  });
});
