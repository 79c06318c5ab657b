import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import type { Article } from "../../src/content/article.ts";
import { loadArchive, type Archive } from "../../src/content/load.ts";
import { buildIndexes } from "../../src/site/indexes.ts";
import { namesDay, namesMonth } from "../../src/core/dates.ts";
import { relatedArticles } from "../../src/site/related.ts";
import { assignSlugs } from "../../src/core/slug-assignment.ts";
import { routes } from "../../src/core/urls.ts";
import { writeFile, readFile } from "node:fs/promises";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { crawlSite, listingPages, type Crawl } from "../support/crawl.ts";
import { articleText, fixtureProject, repoDir, tempDir, validFields } from "../support/project.ts";
import { builtSite, SEED_SITE, SEED_SITE_UNDER_PREFIX } from "../support/sites.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

describe("URL slugs for tags and reporters", { timeout: TEST_TIMEOUT_MS }, () => {
  it("report two tags that spell the same in pinyin", () => {
    const { collisions } = assignSlugs(["作风建设", "作风建設", "营商环境"], "error");
    assert.deepEqual(collisions, [{ names: ["作风建设", "作风建設"], slug: "zuo-feng-jian-she" }]);
  });

  it("give reporters with the same pinyin distinct, stable URLs", () => {
    const first = assignSlugs(["张伟", "章伟", "马志勇"], "disambiguate").slugs;
    const again = assignSlugs(["马志勇", "章伟", "张伟"], "disambiguate").slugs;
    assert.equal(first.get("马志勇"), "ma-zhi-yong");
    assert.match(first.get("张伟") ?? "", /^zhang-wei-[0-9a-f]{4}$/);
    assert.notEqual(first.get("张伟"), first.get("章伟"));
    assert.deepEqual(first, again);
  });

  it("refuse content whose tags would share a URL, naming both files", async () => {
    const dir = await fixtureProject({
      "a.md": articleText(validFields({ tags: "[作风建设]" })),
      "b.md": articleText(validFields({ title: "另一篇", tags: "[作风建設]" })),
    });
    const { archive, problems } = await loadArchive({ rootDir: dir });
    assert.equal(archive, undefined);
    assert.deepEqual(problems.filter((p) => p.severity === "error").map((p) => `${p.file} ${p.field}: ${p.message}`), [
      'content/b.md tags: tag "作风建設" would share the URL /tags/zuo-feng-jian-she/ with tag "作风建设" in content/a.md — use one spelling',
    ]);
  });
});

describe("indexes of the seed archive", { timeout: TEST_TIMEOUT_MS }, () => {
  let archive: Archive;
  before(async () => {
    const loaded = await loadArchive({ rootDir: repoDir });
    assert.ok(loaded.archive);
    archive = loaded.archive;
  });

  it("roll a city's counties up into the city and the province", () => {
    const indexes = buildIndexes(archive);
    const count = (name: string) => indexes.places.find((p) => p.place.name === name)?.articles.length;
    assert.equal(count("乐陵市"), 2);
    assert.equal(count("德州市"), 11);
    assert.equal(count("淄博市"), 1);
    assert.equal(count("山东省"), 12);
    assert.equal(indexes.places.find((p) => p.place.name === "德州市")?.direct, 3);
    assert.equal(count("临邑县"), undefined, "a place without articles gets no page");
  });

  it("count tags, most used first, and list reporters in pinyin order", () => {
    const indexes = buildIndexes(archive);
    assert.deepEqual(indexes.tags[0] && [indexes.tags[0].name, indexes.tags[0].articles.length], ["作风建设", 12]);
    const slugs = indexes.authors.map((a) => a.slug);
    assert.deepEqual(slugs, [...slugs].sort());
    assert.equal(indexes.authorOf.get("张双双")?.articles.length, 4);
  });

  it("relate articles that share a place, never an article to itself", () => {
    const related = relatedArticles(archive.articles);
    for (const article of archive.articles) {
      const list = related.at(archive.articles.indexOf(article));
      assert.ok(list.length <= 4);
      assert.ok(!list.includes(article));
      for (const other of list) assert.ok(other.places.some((p) => article.places.includes(p)), `${other.title} shares no place with ${article.title}`);
    }
    const dezhou = archive.articles.find((a) => a.title === "德州率先开展市级同级述责述廉");
    assert.ok(related.at(archive.articles.indexOf(dezhou as Article)).length > 0);
  });
});

/**
 * The pages a reader reaches only by an old URL: the date pages' old paths (archive/…, now
 * dates/…), each a redirect that nothing links.
 */
function redirectsAtFormerDates(crawl: Crawl): string[] {
  return crawl.written.filter((p) => p.startsWith("/archive/"));
}

/** Every article is linked from (some page of) each of its tag, place, day, newspaper and reporter listings. */
function assertReachable(crawl: Crawl, archive: Archive) {
  const indexes = buildIndexes(archive);
  const linkedFrom = (base: string) => new Set(listingPages(crawl, base).flatMap((p) => crawl.pages.get(p) ?? []));
  const cache = new Map<string, Set<string>>();
  const linked = (base: string) => cache.get(base) ?? (cache.set(base, linkedFrom(base)), cache.get(base) as Set<string>);
  for (const article of archive.articles) {
    const target = routes.article(article);
    const listings = [
      ...article.tags.map((t) => routes.tag(indexes.tagOf.get(t)?.slug ?? "?")),
      ...article.places.flatMap((p) => [p, ...p.ancestors]).map((p) => routes.place(p.slug)),
      // An article is filed only as finely as its date is known.
      ...(namesDay(article.datePrecision) ? [routes.day(article.date)] : []),
      ...(namesMonth(article.datePrecision) ? [routes.month(article.date.year, article.date.month)] : []),
      routes.year(article.date.year),
      routes.source(article.source.slug),
      ...(indexes.issueOf.has(article) ? [routes.issue(article.source.slug, article.date)] : []),
      ...article.authors.map((a) => routes.author(indexes.authorOf.get(a)?.slug ?? "?")),
    ];
    for (const listing of listings) assert.ok(linked(listing).has(target), `${target} is not linked from ${listing}`);
  }
}

describe("the built seed site, walked from its home page", { timeout: TEST_TIMEOUT_MS }, () => {
  let crawl: Crawl;
  let archive: Archive;
  before(async () => {
    crawl = await crawlSite(await builtSite(repoDir, SEED_SITE));
    archive = (await loadArchive({ rootDir: repoDir })).archive as Archive;
  });

  it("has no broken internal link", () => {
    assert.deepEqual(crawl.broken, []);
  });

  it("reaches every page that was written, but the 404 page and the redirects at the date pages' old paths", () => {
    const redirects = redirectsAtFormerDates(crawl);
    assert.ok(redirects.includes("/archive/"), "the date index's old path is not written");
    const unreached = crawl.written.filter((p) => p !== "/404.html" && !crawl.pages.has(p) && !redirects.includes(p));
    assert.deepEqual(unreached, []);
    assert.equal(crawl.pages.size, crawl.written.length - 1 - redirects.length);
  });

  it("reaches every article from its tag, place, date, newspaper and reporter pages", () => {
    assertReachable(crawl, archive);
  });

  it("links each article to the articles before and after it in time", () => {
    const articles = archive.articles;
    articles.forEach((article, i) => {
      const links = crawl.pages.get(routes.article(article)) ?? [];
      const newer = articles[i - 1];
      const older = articles[i + 1];
      if (newer) assert.ok(links.includes(routes.article(newer)), `${article.title} does not link the next article`);
      if (older) assert.ok(links.includes(routes.article(older)), `${article.title} does not link the previous article`);
    });
  });
});

describe("the seed site built for a sub-path", { timeout: TEST_TIMEOUT_MS }, () => {
  it("keeps every internal link under the prefix and unbroken", async () => {
    const crawl = await crawlSite(await builtSite(repoDir, SEED_SITE_UNDER_PREFIX), "/archive/");
    assert.deepEqual(crawl.broken, []);
    // Paths in the output folder, which the prefix is not part of.
    assert.equal(crawl.pages.size, crawl.written.length - 1 - redirectsAtFormerDates(crawl).length);
  });
});

describe("a generated archive of 400 articles", { timeout: TEST_TIMEOUT_MS }, () => {
  let dir = "";
  let site = "";
  let crawl: Crawl;
  let archive: Archive;
  before(async () => {
    dir = await tempDir("archive-generated-");
    await generateCorpus({ count: 400, outDir: dir, seed: 7, tags: 12, authors: 30, shape: "light" });
    site = await builtSite(dir);
    crawl = await crawlSite(site);
    archive = (await loadArchive({ rootDir: dir })).archive as Archive;
  });

  it("reaches every page from the home page without a broken link", () => {
    assert.deepEqual(crawl.broken, []);
    const redirects = redirectsAtFormerDates(crawl);
    assert.deepEqual(crawl.written.filter((p) => p !== "/404.html" && !crawl.pages.has(p) && !redirects.includes(p)), []);
  });

  it("reaches every article from its tag, place, date, newspaper and reporter pages", () => {
    assertReachable(crawl, archive);
  });

  it("paginates every listing longer than 20 articles, in order, with nothing lost or repeated", () => {
    const indexes = buildIndexes(archive);
    const listings = [
      ...indexes.tags.map((t) => [routes.tag(t.slug), t.articles] as const),
      ...indexes.places.map((p) => [routes.place(p.place.slug), p.articles] as const),
      ...indexes.years.map((y) => [routes.year(y.year), y.articles] as const),
      ...indexes.authors.map((a) => [routes.author(a.slug), a.articles] as const),
    ];
    // A newspaper's pages group each issue by printed page, so only its set of articles is compared.
    const sources = indexes.sources.map((s) => [routes.source(s.source.slug), s.articles] as const);
    assert.ok(listings.some(([, articles]) => articles.length > 100), "the fixture has long listings");
    for (const [base, articles] of listings) {
      // The opening page first, then the older pages from the newest (their numbers count from the oldest).
      const pages = listingPages(crawl, base).sort((a, b) => Number(/page\/(\d+)/.exec(b)?.[1] ?? Infinity) - Number(/page\/(\d+)/.exec(a)?.[1] ?? Infinity));
      assert.equal(pages.length, Math.max(1, Math.floor(articles.length / 20)), base);
      const listed = pages.flatMap((p) => (crawl.pages.get(p) ?? []).filter((l) => l.startsWith("/articles/")));
      const expected = articles.map((a) => routes.article(a));
      assert.deepEqual([...new Set(listed)].filter((l) => expected.includes(l)), expected, `${base} lists its articles out of order`);
    }
    for (const [base, articles] of sources) {
      const pages = listingPages(crawl, base);
      assert.equal(pages.length, Math.max(1, Math.floor(articles.length / 20)), base);
      const listed = pages.flatMap((p) => (crawl.pages.get(p) ?? []).filter((l) => l.startsWith("/articles/")));
      const expected = articles.map((a) => routes.article(a));
      assert.deepEqual([...new Set(listed)].filter((l) => expected.includes(l)).sort(), [...expected].sort(), base);
    }
  });

  it("gives every place and tag a feed of its latest 50 articles, newest first", async () => {
    const indexes = buildIndexes(archive);
    const lists = [
      ...indexes.tags.map((t) => ({ route: routes.tag(t.slug), articles: t.articles })),
      ...indexes.places.map((p) => ({ route: routes.place(p.place.slug), articles: p.articles })),
      { route: routes.home(), articles: archive.articles },
    ];
    assert.ok(lists.some((l) => l.articles.length > 50), "no listing is longer than a feed");
    for (const list of lists) {
      const expected = list.articles.slice(0, 50).map((a) => `http://localhost:8080${routes.article(a)}`);
      const json = JSON.parse(await readFile(path.join(site, routes.feed(list.route, "json")), "utf8")) as { items: { url: string }[] };
      assert.deepEqual(json.items.map((i) => i.url), expected, list.route);
      const atom = await readFile(path.join(site, routes.feed(list.route, "atom")), "utf8");
      assert.deepEqual([...atom.matchAll(/<entry>\s*<title>[^<]*<\/title>\s*<id>([^<]+)<\/id>/g)].map((m) => m[1]), expected, list.route);
    }
  });

  it("opens a listing on its newest articles with the total, and numbers its older pages from the oldest", async () => {
    const tag = buildIndexes(archive).tags[0];
    assert.ok(tag && tag.articles.length >= 60);
    const base = routes.tag(tag.slug);
    const count = Math.floor(tag.articles.length / 20);
    const nav = async (route: string) => /<nav class="pagination"[\s\S]*?<\/nav>/.exec(await readFile(path.join(site, route, "index.html"), "utf8"))?.[0] ?? "";
    const opening = await nav(base);
    assert.match(opening, /<span aria-current="page">最新<\/span>/);
    assert.match(opening, new RegExp(`<a href="${routes.page(base, count - 1)}" rel="next">下一页</a>`));
    assert.doesNotMatch(opening, /rel="prev"/);
    assert.match(opening, new RegExp(`共 ${tag.articles.length} 篇；较早的按时间先后编为第 1–${count - 1} 页，第 1 页最早`));
    // Page 1 holds the 20 oldest articles, the oldest last, and says which dates it spans.
    const oldest = tag.articles.slice(-20);
    const first = await nav(routes.page(base, 1));
    assert.match(first, new RegExp(`<a href="${count > 2 ? routes.page(base, 2) : base}" rel="prev">上一页</a>`));
    assert.doesNotMatch(first, /rel="next"/);
    assert.match(first, /<span aria-current="page">1<\/span>/);
    assert.match(first, new RegExp(`第 1 页：${(oldest.at(-1) as Article).date.year}年[^<]*的 20 篇（第 1 页最早）`));
    const listed = [...(await readFile(path.join(site, routes.page(base, 1), "index.html"), "utf8")).matchAll(/<h3 class="summary-title"><a href="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(listed, oldest.map((a) => routes.article(a)));
  });

  it("refuses a new article whose URL or tag collides with existing ones, naming both files", async () => {
    const existing = archive.articles[0] as Article;
    const text = await readFile(path.join(dir, existing.file), "utf8");
    await writeFile(path.join(dir, "content", "zz-copy.md"), text.replace(/^title: .*$/m, "title: 同一地址的另一篇").replace(/^tags: .*$/m, "tags: [作风建設]"));
    const { archive: none, problems } = await loadArchive({ rootDir: dir });
    assert.equal(none, undefined);
    const messages = problems.map((p) => `${p.file} ${p.field}: ${p.message}`);
    assert.ok(messages.includes(`content/zz-copy.md slug: same URL ${routes.article(existing)} as ${existing.file} — give one of them a different slug`), messages.join("\n"));
    assert.ok(messages.some((m) => /^content\/zz-copy\.md tags: tag "作风建設" would share the URL \/tags\/zuo-feng-jian-she\/ with tag "作风建设" in content\/\d{4}\/.+\.md — use one spelling$/.test(m)), messages.join("\n"));
  });
});
