import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { paginate, pageRoute } from "./pagination.ts";

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("a directory split into pages", () => {
  it("opens on page 1 and goes on at …/page/N/, 20 to a page", () => {
    const pages = paginate(numbers(45), "/tags/", "directory");
    assert.deepEqual(pages.map((p) => [p.route, p.items.length, p.number, p.count, p.total]), [
      ["/tags/", 20, 1, 3, 45],
      ["/tags/page/2/", 20, 2, 3, 45],
      ["/tags/page/3/", 5, 3, 3, 45],
    ]);
    assert.deepEqual([1, 2, 3].map((n) => pageRoute(pages[1] as (typeof pages)[number], n)), ["/tags/", "/tags/page/2/", "/tags/page/3/"]);
  });

  it("keeps a short directory on one page, and an empty one on one empty page", () => {
    assert.deepEqual(paginate(numbers(20), "/a/", "directory").map((p) => p.route), ["/a/"]);
    assert.deepEqual(paginate([], "/a/", "directory").map((p) => p.items.length), [0]);
  });
});

describe("an archive split into pages", () => {
  it("opens on its newest articles and numbers its older pages from the oldest", () => {
    // Items newest first: 0 is the newest, 64 the oldest.
    const pages = paginate(numbers(65), "/tags/x/", "archive");
    assert.deepEqual(pages.map((p) => [p.route, p.number, p.items[0], p.items.at(-1)]), [
      ["/tags/x/", 3, 0, 24],
      ["/tags/x/page/2/", 2, 25, 44],
      ["/tags/x/page/1/", 1, 45, 64],
    ]);
    assert.deepEqual([3, 2, 1].map((n) => pageRoute(pages[2] as (typeof pages)[number], n)), ["/tags/x/", "/tags/x/page/2/", "/tags/x/page/1/"]);
  });

  it("keeps every older page's articles when newer ones are added, through a new page", () => {
    const older = (n: number) => new Map(paginate(numbers(n).map((i) => n - i), "/x/", "archive").filter((p) => p.route !== "/x/").map((p) => [p.route, p.items.join()]));
    // Item k is the k-th article ever added: the same number on every page, whatever came after.
    const before = older(59);
    for (const n of [60, 61, 79, 80, 200]) {
      const after = older(n);
      for (const [route, items] of before) assert.equal(after.get(route), items, `${route} after ${n} articles`);
    }
    assert.equal(older(60).size, 2);
  });

  it("keeps fewer than 40 articles on one page, and every article on exactly one page", () => {
    assert.deepEqual(paginate(numbers(39), "/a/", "archive").map((p) => p.items.length), [39]);
    assert.deepEqual(paginate(numbers(40), "/a/", "archive").map((p) => p.items.length), [20, 20]);
    assert.deepEqual(paginate([], "/a/", "archive").map((p) => p.items.length), [0]);
    for (const n of [1, 19, 20, 21, 99, 100, 101]) assert.deepEqual(paginate(numbers(n), "/a/", "archive").flatMap((p) => p.items), numbers(n), `${n} articles`);
  });
});
