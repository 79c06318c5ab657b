/**
 * A listing of articles is numbered from its oldest page (site/pagination.ts), so that publishing
 * a newer article changes its listings' opening pages and leaves their older pages as they were:
 * the same key, hence not rendered again by a rebuild, and the same bytes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadArchive } from "../content/load.ts";
import { links } from "../core/urls.ts";
import { siteContext, sitePages } from "./pages.ts";
import { articleText, fixtureProject, validFields } from "../../tests/support/project.ts";

/** `count` articles a day apart from 2021-01-01, the later the newer, all with the same tags and place and, unless `reporter` names one for each, reporter. */
async function indexPages(count: number, reporter?: (i: number) => string): Promise<Map<string, { key: string | undefined; html: string }>> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const date = new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
    files[`2021/a${i}.md`] = articleText(validFields({ title: `第${i + 1}篇报道`, date, slug: `a${i}`, ...(reporter ? { authors: `[${reporter(i)}]` } : {}) }));
  }
  const { archive } = await loadArchive({ rootDir: await fixtureProject(files) });
  assert.ok(archive);
  const pages = [...sitePages(siteContext(archive, links()))].filter((p) => p.kind === "indexes");
  return new Map(pages.map((p) => [p.route, { key: p.key?.(), html: p.render() }]));
}

describe("an archive listing's pages when a newer article is added", () => {
  it("keep every older page, its key and its bytes, and change the opening page", async () => {
    const [before, after] = [await indexPages(62), await indexPages(63)];
    const older = [...before.keys()].filter((route) => /\/page\/\d+\/$/.test(route));
    assert.ok(older.includes("/tags/zuo-feng-jian-she/page/1/") && older.includes("/counties/leling-shi/page/2/"), older.join("\n"));
    for (const route of older) {
      assert.equal(after.get(route)?.html, before.get(route)?.html, route);
      assert.equal(after.get(route)?.key, before.get(route)?.key, route);
    }
    assert.notEqual(after.get("/tags/zuo-feng-jian-she/")?.key, before.get("/tags/zuo-feng-jian-she/")?.key);
    assert.match(before.get("/tags/zuo-feng-jian-she/page/1/")?.html ?? "", /第 1 页：2021年1月1日至2021年1月20日的 20 篇/);
  });

  it("name the one older page of a list of two pages without a range of pages", async () => {
    const pages = await indexPages(45);
    const nav = /<nav class="pagination"[\s\S]*?<\/nav>/.exec(pages.get("/tags/zuo-feng-jian-she/")?.html ?? "")?.[0] ?? "";
    assert.match(nav, /共 45 篇；较早的见第 1 页/);
    assert.doesNotMatch(nav, /第 1–1 页/);
  });

  it("render a page the same whenever its key is the same, also when a listing gains a page", async () => {
    for (const [from, to] of [[59, 60], [60, 61], [79, 80], [99, 100]] as const) {
      const [before, after] = [await indexPages(from), await indexPages(to)];
      for (const [route, page] of before) {
        const now = after.get(route);
        if (now && now.key !== undefined && now.key === page.key) assert.equal(now.html, page.html, `${route}, ${from} → ${to} articles`);
      }
    }
  });
});

describe("a directory's pages (reporters, tags) when an article is added", () => {
  // Reporters 记者甲00 … 记者甲44: three pages of 20; the added article is by the first or a new one.
  const reporter = (i: number) => `记者甲${String(i % 45).padStart(2, "0")}`;
  const directory = (pages: Map<string, { key: string | undefined; html: string }>) => [...pages].filter(([route]) => /^\/authors\/(page\/\d+\/)?$/.test(route));

  it("keep the key of every page whose reporters and their counts stay, and render the same whenever the key is the same", async () => {
    const before = await indexPages(45, reporter);
    const byKnown = await indexPages(46, reporter);
    const byNew = await indexPages(46, (i) => (i === 45 ? "记者乙" : reporter(i)));
    assert.equal(directory(before).length, 3);
    for (const after of [byKnown, byNew]) {
      for (const [route, page] of directory(before)) {
        const now = after.get(route);
        assert.ok(now?.key, route);
        if (now.key === page.key) assert.equal(now.html, page.html, route);
      }
    }
    // One more article by 记者甲00 changes its count, on the first page only.
    assert.deepEqual(
      directory(before).filter(([route, page]) => byKnown.get(route)?.key !== page.key).map(([route]) => route),
      ["/authors/"],
    );
    // A reporter more changes the directory's length, which every page shows.
    assert.ok(directory(before).every(([route, page]) => byNew.get(route)?.key !== page.key));
  });
});

