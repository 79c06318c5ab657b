import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCalendarDate } from "./dates.ts";
import { isSlug, slugify } from "./slugs.ts";
import { formerDateRoute, links, normalizePrefix, outputPathFor, routes } from "./urls.ts";

const day = (iso: string) => {
  const parsed = parseCalendarDate(iso);
  assert.ok(parsed.ok);
  return parsed.date;
};

describe("slugs", () => {
  it("spell Chinese in pinyin, reading polyphonic characters in context", () => {
    assert.equal(slugify("乐陵市"), "le-ling-shi");
    assert.equal(slugify("德州率先开展市级同级述责述廉"), "de-zhou-shuai-xian-kai-zhan-shi-ji-tong-ji-shu-ze-shu-lian");
    assert.equal(slugify("长春银行行长"), "chang-chun-yin-hang-hang-zhang");
  });

  it("keep Latin letters and digits and drop punctuation", () => {
    assert.equal(slugify("禹城：干事一线造就“铺路型”干部"), "yu-cheng-gan-shi-yi-xian-zao-jiu-pu-lu-xing-gan-bu");
    assert.equal(slugify("5G 数字车间 ETC"), "5g-shu-zi-che-jian-etc");
    assert.equal(slugify("Ｆｕｌｌ－width"), "full-width");
  });

  it("never contain a slash, dots or characters unsafe in a file name", () => {
    for (const text of ["../../etc/passwd", "a/b", "C:\\x", "…", "<script>"]) {
      const slug = slugify(text);
      assert.ok(slug === "" || isSlug(slug), `${text} → ${slug}`);
      assert.doesNotMatch(slug, /[/\\.]/);
    }
  });

  it("stop at a syllable boundary within the length limit", () => {
    const slug = slugify("德州农贸市场改造提升工程全面铺开市场大变样扮靓菜篮子");
    assert.ok(slug.length <= 60);
    assert.ok(isSlug(slug));
  });

  it("are empty when there is nothing to spell", () => {
    assert.equal(slugify("——！？"), "");
  });
});

describe("URLs", () => {
  const article = { date: day("2021-10-22"), slug: "zuo-feng-yi-bian-shi-ye-xing" };

  it("put an article under its date and slug", () => {
    assert.equal(routes.article(article), "/articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing/");
    assert.equal(outputPathFor(routes.article(article)), "articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing/index.html");
  });

  it("are prefixed for a site served from a sub-path", () => {
    const sub = links("/archive/");
    assert.equal(sub.home(), "/archive/");
    assert.equal(sub.article(article), "/archive/articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing/");
    assert.equal(sub.asset("site.css"), "/archive/assets/site.css");
    assert.equal(links().home(), "/");
    // Under a prefix each route is wrapped, passing on two arguments: no route may take a third.
    assert.equal(sub.issue("dazhong-ribao", article.date), "/archive/sources/dazhong-ribao/2021/10/22/");
    for (const [name, route] of Object.entries(routes)) assert.ok(route.length <= 2, name);
  });

  it("put the date pages under /dates/, which reads once under the prefix /archive/, and know their old paths", () => {
    assert.equal(routes.dates(), "/dates/");
    assert.equal(links("/archive/").day(day("2021-10-22")), "/archive/dates/2021/10/22/");
    assert.equal(formerDateRoute(routes.dates()), "/archive/");
    assert.equal(formerDateRoute(routes.month(2021, 10)), "/archive/2021/10/");
    assert.equal(formerDateRoute(routes.day(day("2021-10-22"))), "/archive/2021/10/22/");
    assert.equal(formerDateRoute(routes.tags()), undefined);
  });

  it("normalize any spelling of the prefix", () => {
    for (const p of ["archive", "/archive", "archive/", "//archive//"]) assert.equal(normalizePrefix(p), "/archive/");
    for (const p of [undefined, "", "/"]) assert.equal(normalizePrefix(p), "/");
    assert.equal(normalizePrefix("a//b/"), "/a/b/");
  });

  it("refuse a prefix that would climb out of the site or break a link", () => {
    for (const p of ["../x", "/a/../b/", "my archive", '"/x"', "<x>", "/./"]) {
      assert.throws(() => normalizePrefix(p), /PATH_PREFIX must be a path like \/archive\//, p);
    }
  });
});
