/**
 * Old paths (`aliases`): validated like every path, each a page that sends the reader to the
 * article's URL; a collision with any other page or old path is an error naming the file.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HtmlValidate } from "html-validate";
import { loadArchive } from "../content/load.ts";
import { formatProblem } from "../content/problems.ts";
import { links } from "../core/urls.ts";
import { aliasCollisions, duplicateRoutes, NOT_IN_SITEMAP, siteContext, sitePages } from "./pages.ts";
import { articleText, fixtureProject, repoDir, validFields } from "../../tests/support/project.ts";

const article = (overrides: Record<string, string | undefined>) => articleText(validFields(overrides));

async function load(articles: Record<string, string>) {
  const { archive, problems } = await loadArchive({ rootDir: await fixtureProject(articles) });
  return { archive, errors: problems.filter((p) => p.severity === "error").map(formatProblem) };
}

describe("an article's old paths (aliases)", () => {
  it("each get a page that redirects at once to the article's URL, with a canonical link and a visible link", async () => {
    const { archive, errors } = await load({ "2021/leling.md": article({ aliases: "[/2021/leling-zuofeng/, /old/leling.html]" }) });
    assert.deepEqual(errors, []);
    assert.ok(archive);
    const site = siteContext(archive, links("/archive/", "https://example.org"));
    const pages = [...sitePages(site)];
    assert.deepEqual(duplicateRoutes(pages), []);
    const redirect = pages.find((p) => p.route === "/2021/leling-zuofeng/");
    assert.ok(redirect && pages.some((p) => p.route === "/old/leling.html"));
    assert.ok(NOT_IN_SITEMAP.has(redirect.kind));
    assert.equal(redirect.source, "content/2021/leling.md");
    const page = redirect.render();
    const target = "https://example.org/archive/articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing/";
    assert.match(page, /<meta http-equiv="refresh" content="0; url=\/archive\/articles\/2021\/10\/22\/zuo-feng-yi-bian-shi-ye-xing\/">/);
    assert.match(page, new RegExp(`<link rel="canonical" href="${target}">`));
    assert.match(page, /<a href="\/archive\/articles\/2021\/10\/22\/zuo-feng-yi-bian-shi-ye-xing\/">作风一变事业兴<\/a>/);
    const report = await new HtmlValidate({ extends: ["html-validate:recommended"], rules: { "doctype-style": "off", "no-trailing-whitespace": "off" } }).validateString(page);
    assert.ok(report.valid, JSON.stringify(report.results[0]?.messages.map((m) => m.message)));
  });

  it("must be paths of the site: each error names the file, the field and the value", async () => {
    const { errors } = await load({
      "a.md": article({ aliases: '[2021/x/, "/a/../b/", /a//b/, /x, "/a b/", /assets/x.html, /]' }),
      "b.md": article({ date: "2021-10-23", slug: "b", aliases: "[/index.html, /feed.xml/, /articles/2021/10/22/x/citation.ris/, /a.b/c.html, /admin/, /pagefind/x/]" }),
    });
    assert.deepEqual(errors, [
      'content/a.md:9:11 aliases: old path "2021/x/" must start with /',
      'content/a.md:9:20 aliases: old path "/a/../b/" must not contain "." or ".." segments',
      'content/a.md:9:32 aliases: old path "/a//b/" must not contain //',
      'content/a.md:9:40 aliases: old path "/x" must end with / (a folder) or .html',
      'content/a.md:9:44 aliases: old path "/a b/" must not contain spaces, quotes, <, >, \\, ? or #',
      'content/a.md:9:53 aliases: old path "/assets/x.html" must not lie in /assets/, where the build writes its own files',
      'content/a.md:9:69 aliases: old path "/" must not be the home page',
      'content/b.md:10:11 aliases: old path "/index.html" must not be the home page',
      'content/b.md:10:24 aliases: old path "/feed.xml/" must not name a folder with "." (such as feed.xml/): the build writes files by such names',
      'content/b.md:10:36 aliases: old path "/articles/2021/10/22/x/citation.ris/" must not name a folder with "." (such as feed.xml/): the build writes files by such names',
      'content/b.md:10:74 aliases: old path "/a.b/c.html" must not name a folder with "." (such as feed.xml/): the build writes files by such names',
      'content/b.md:10:87 aliases: old path "/admin/" must not lie in /admin/, where the build writes its own files',
      'content/b.md:10:96 aliases: old path "/pagefind/x/" must not lie in /pagefind/, where the build writes its own files',
    ]);
  });

  it("must not be another article's URL or old path, nor its own URL, written as a folder or as its index.html", async () => {
    const { errors } = await load({
      "a.md": article({ aliases: "[/old/, /articles/2021/10/23/b/index.html]" }),
      "b.md": article({ date: "2021-10-23", slug: "b", aliases: "[/old/index.html, /articles/2021/10/23/b/]" }),
    });
    assert.deepEqual(errors.sort(), [
      'content/a.md aliases: old path "/articles/2021/10/23/b/" is the URL of content/b.md',
      'content/b.md aliases: old path "/articles/2021/10/23/b/" is this article\'s own URL',
      'content/b.md aliases: old path "/old/" is also an old path of content/a.md',
    ]);
  });

  it("must not be the path of a page the site generates: check and build name the file and the value", async () => {
    const { archive } = await load({ "a.md": article({ aliases: "[/tags/index.html, /dates/2021/10/22/, /archive/2021/10/, /404.html]" }) });
    assert.ok(archive);
    const pages = sitePages(siteContext(archive, links()));
    // The last is a date page's old path, which redirects to its new one.
    assert.deepEqual(aliasCollisions(pages).map(formatProblem), [
      'content/a.md aliases: old path "/tags/" is the path of a page the site generates — choose another path',
      'content/a.md aliases: old path "/dates/2021/10/22/" is the path of a page the site generates — choose another path',
      'content/a.md aliases: old path "/archive/2021/10/" is the path of a page the site generates — choose another path',
      'content/a.md aliases: old path "/404.html" is the path of a page the site generates — choose another path',
    ]);
    assert.deepEqual(duplicateRoutes(pages), ["/404.html (content/a.md)", "/archive/2021/10/ (content/a.md)", "/tags/ (content/a.md)", "/dates/2021/10/22/ (content/a.md)"]);
  });

  it("are optional: the seed archive has none and writes no redirect for an article", async () => {
    const { archive } = await loadArchive({ rootDir: repoDir });
    assert.ok(archive);
    assert.ok(![...sitePages(siteContext(archive, links()))].some((p) => p.kind === "redirects" && p.source));
  });
});

describe("the date pages' old paths (/archive/…, now /dates/…)", () => {
  it("each redirect to the page's new path, under the path prefix, and stay out of the sitemap", async () => {
    const { archive } = await loadArchive({ rootDir: repoDir });
    assert.ok(archive);
    const pages = [...sitePages(siteContext(archive, links("/archive/", "https://example.org")))];
    const redirects = new Map(pages.filter((p) => p.kind === "redirects").map((p) => [p.route, p]));
    const datePages = pages.filter((p) => p.kind === "indexes" && p.route.startsWith("/dates/"));
    assert.ok(datePages.length > 10, "the seed archive has an index, years, months and days");
    for (const page of datePages) {
      const former = `/archive/${page.route.slice("/dates/".length)}`;
      const redirect = redirects.get(former);
      assert.ok(redirect, `no redirect at ${former}`);
      assert.ok(NOT_IN_SITEMAP.has(redirect.kind));
      assert.match(redirect.render(), new RegExp(`<meta http-equiv="refresh" content="0; url=/archive${page.route}">`));
      assert.match(redirect.render(), new RegExp(`<link rel="canonical" href="https://example.org/archive${page.route}">`));
    }
    assert.match(redirects.get("/archive/2021/10/22/")?.render() ?? "", /<a href="\/archive\/dates\/2021\/10\/22\/">2021年10月22日 星期五<\/a>/);
    assert.deepEqual(duplicateRoutes(pages), []);
  });
});
