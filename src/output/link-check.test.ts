import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { LinkCheck } from "./link-check.ts";
import { Paths } from "./paths.ts";

const made: string[] = [];
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function outputWith(files: readonly string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "link-check-"));
  made.push(dir);
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), "x");
  }
  return dir;
}

describe("the link check", () => {
  const article = "/articles/2021/10/22/x/";
  const routes = new Set(["/", article, "/articles/2021/10/22/y/"]);

  it("finds the same broken links in a kept page's numbered targets as in its text, each target looked up once", async () => {
    const paths = ["/", "/gone/", article, "/assets/x.png", "/elsewhere/%E4%B8%AD/"];
    const page = paths.map((p) => `<a href="${p}">x</a>`).join(" ");
    let lookups = 0;
    const counted = new (class extends Set<string> {
      override has(route: string): boolean {
        lookups++;
        return super.has(route);
      }
    })(routes);
    const numbered = new LinkCheck("/", counted, new Paths([...paths]));
    const written = new LinkCheck("/", routes);
    for (const from of ["/a/", "/b/", "/c/"]) {
      numbered.addNumbered(from, [0, 1, 2, 3, 4]);
      assert.deepEqual([...written.collect(from, page)].map((id) => written.paths.list[id]), paths, "a page's targets, each once, in order");
    }
    const out = await outputWith(["assets/x.png"]);
    assert.deepEqual(await numbered.broken(routes, out), await written.broken(routes, out));
    assert.deepEqual(await numbered.broken(routes, out), ["/a/ → /elsewhere/%E4%B8%AD/", "/a/ → /gone/"]);
    // Once for each of the five targets but the one with a percent escape, whatever links to them.
    assert.equal(lookups, 4);
  });

  it("numbers a page's targets in the table it is given, each once, as the page store keeps them", () => {
    const paths = new Paths(["/"]);
    const check = new LinkCheck("/", routes, paths);
    const page = '<a href="/">home</a> <a href="../y/">y</a> <img src="tu.png" alt=""> <a href="/">again</a> <a href="https://example.com/">e</a> <a href="/a?b=1&amp;c=2">q</a>';
    const numbers = [...check.collect(article, page)];
    assert.deepEqual(numbers.map((id) => paths.list[id]), ["/", "/articles/2021/10/22/y/", "/articles/2021/10/22/x/tu.png", "/a"], "in the page's order, href and src alike");
    assert.deepEqual([...check.collect("/other/", page)].map((id) => paths.list[id]), ["/", "/y/", "/other/tu.png", "/a"], "relative links resolve against each page");
    assert.deepEqual([...check.collect(article, page)], numbers, "the same page, the same numbers");
  });

  it("takes href and src attributes as links, never escaped text or other attributes that end alike", async () => {
    const check = new LinkCheck("/", routes);
    const page = '<p data-href="/gone/">href=&quot;/gone/&quot; src=&quot;/gone/&quot;</p> <img data-src="/gone/" src="/assets/a.png"><a class="x" href="/missing/">m</a>';
    assert.deepEqual([...check.collect("/", page)].map((id) => check.paths.list[id]), ["/assets/a.png", "/missing/"]);
    assert.deepEqual(await check.broken(routes, await outputWith([])), ["/ → /assets/a.png", "/ → /missing/"]);
  });

  it("finds a link in a tag broken over lines, as a hand-written page may write it", async () => {
    const check = new LinkCheck("/", routes);
    check.collect("/about/ (pages/about.njk)", '<a class="x"\n   href="/gone/">x</a><img\tsrc="/lost.png" alt="">');
    assert.deepEqual(await check.broken(routes, await outputWith([])), ["/about/ (pages/about.njk) → /gone/", "/about/ (pages/about.njk) → /lost.png"]);
  });

  it("looks links up only inside the output, never elsewhere on the build machine", async () => {
    const check = new LinkCheck("/");
    check.collect(`${article} (content/x.md)`, '<p><a href="/../../../../etc/passwd">x</a> <a href="../../../../../../../../etc/hostname">y</a></p>');
    assert.deepEqual(await check.broken(routes, await outputWith([])), ["/articles/2021/10/22/x/ (content/x.md) → /etc/hostname", "/articles/2021/10/22/x/ (content/x.md) → /etc/passwd"]);
  });

  it("resolves relative links and images against their page, and catches those that resolve to nothing", async () => {
    const check = new LinkCheck("/");
    check.collect(article, '<img src="tu.png" alt=""> <a href="../y/">y</a> <a href="#top">top</a> <a href="https://example.com/a">e</a> <img src="ok.png" alt="">');
    const out = await outputWith(["articles/2021/10/22/x/ok.png"]);
    assert.deepEqual(await check.broken(routes, out), ["/articles/2021/10/22/x/ → /articles/2021/10/22/x/tu.png"]);
  });

  it("updating a published folder in place, finds files there, but not those the build leaves out", async () => {
    const check = new LinkCheck("/");
    check.collect("/about/", '<a href="/assets/site.css">css</a> <a href="/articles/2020/01/01/gone/">gone</a> <a href="/new.png">new</a>');
    const staging = await outputWith(["new.png"]);
    const published = await outputWith(["assets/site.css", "articles/2020/01/01/gone/index.html"]);
    const gone = new Set(["articles/2020/01/01/gone/index.html"]);
    assert.deepEqual(await check.broken(routes, staging, { dir: published, gone }), ["/about/ → /articles/2020/01/01/gone/"]);
  });

  it("reports a cut-off percent escape as a broken link instead of crashing", async () => {
    const check = new LinkCheck("/archive/");
    check.collect("/ (content/a.md)", '<a href="/archive/%E4%B8">x</a> <a href="/archive/">home</a>');
    assert.deepEqual(await check.broken(new Set(["/"]), await outputWith([])), ["/ (content/a.md) → /archive/%E4%B8 (a percent escape is cut off or not UTF-8)"]);
  });

  it("settles a link to a page it was told will be written, and still names the first page of a link to nothing", async () => {
    const check = new LinkCheck("/archive/", new Set(["/", "/a/"]));
    check.collect("/a/", '<a href="/archive/">home</a> <a href="/archive/a/">a</a> <a href="/archive/zz/">zz</a>');
    check.collect("/", '<a href="/archive/a/">a</a> <a href="/archive/zz/">zz</a> <a href="/a/">outside</a>');
    assert.deepEqual(await check.broken(new Set(["/", "/a/"]), await outputWith([])), ["/ → /a/ (outside the site's path prefix /archive/)", "/a/ → /archive/zz/"]);
  });
});
