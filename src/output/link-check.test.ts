import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { LinkCheck } from "./link-check.ts";

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

  it("finds the same broken links in a kept page's numbered targets as in its text, each number looked at once", async () => {
    const paths = ["/", "/gone/", article, "/assets/x.png", "/elsewhere/%E4%B8%AD/"];
    const asked: number[] = [];
    const pathOf = (id: number) => (asked.push(id), paths[id] as string);
    const numbered = new LinkCheck("/", routes);
    const written = new LinkCheck("/", routes);
    for (const page of ["/a/", "/b/", "/c/"]) {
      numbered.addNumbered(page, [0, 1, 2, 3, 4], pathOf);
      written.add(page, paths);
    }
    const out = await outputWith(["assets/x.png"]);
    assert.deepEqual(await numbered.broken(routes, out), await written.broken(routes, out));
    assert.deepEqual(await numbered.broken(routes, out), ["/a/ → /elsewhere/%E4%B8%AD/", "/a/ → /gone/"]);
    // Settled targets (a route, an asset found later) are looked at once; the rest once more per page.
    assert.equal(asked.filter((id) => id === 0 || id === 2).length, 2);
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
