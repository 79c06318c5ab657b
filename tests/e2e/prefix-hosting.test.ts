/**
 * The seed archive built for a sub-path (PATH_PREFIX=/archive/) and served only there, as a host
 * serving it next to other things would (GitHub Pages project sites, a folder on a shared server):
 * a reader in Chromium browses from /archive/ to an article, a tag and a county and searches, and
 * no request the pages make — stylesheet, scripts, search index — leaves the prefix or fails.
 */
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { sharedBrowser } from "../support/shared-browser.ts";
import { repoDir } from "../support/project.ts";
import { builtSite, SEED_SITE_UNDER_PREFIX } from "../support/sites.ts";
import { serveStatic, type StaticServer } from "../../tools/lib/server.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

const { PATH_PREFIX: PREFIX, SITE_URL } = SEED_SITE_UNDER_PREFIX;
const SHOTS = path.join(repoDir, "test-results", "screenshots");


describe(`the seed archive served from ${PREFIX} only, in Chromium`, { timeout: TEST_TIMEOUT_MS }, () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let origin = "";
  /** Every request that failed or was answered with 400 or more, by any page of the test. */
  const failures: string[] = [];
  /** Every URL requested, to check that nothing left the prefix. */
  const requested: string[] = [];

  before(async () => {
    server = await serveStatic(await builtSite(repoDir, SEED_SITE_UNDER_PREFIX), PREFIX);
    origin = new URL(server.url).origin;
    browser = await sharedBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on("request", (request) => void requested.push(request.url()));
    context.on("requestfailed", (request) => {
      // Chromium aborts what a page still loads (its favicon, on a loaded machine) when the test
      // moves on to the next page: a cancelled request, not a failing one. A missing file still
      // answers 404 on the page that asks for it first.
      const error = request.failure()?.errorText;
      if (error !== "net::ERR_ABORTED") failures.push(`${request.url()} failed: ${error}`);
    });
    context.on("response", (response) => {
      if (response.status() >= 400) failures.push(`${response.url()} answered ${response.status()}`);
    });
  });
  after(async () => {
    await server?.close();
  });

  /** Asserts the page came from under the prefix with its stylesheet applied, and links only under the prefix. */
  async function assertPrefixedPage(page: Page, pathPattern: RegExp) {
    const url = new URL(page.url());
    assert.equal(url.origin, origin);
    assert.match(url.pathname, pathPattern);
    const sheets = (await page.evaluate(() =>
      [...document.styleSheets].map((s) => ({ href: s.href, rules: s.cssRules.length })),
    )) as { href: string | null; rules: number }[];
    assert.deepEqual(
      sheets.map((s) => s.href),
      [`${origin}${PREFIX}assets/site.css`],
    );
    assert.ok((sheets[0]?.rules ?? 0) > 20, `${url.pathname}: the stylesheet has no rules`);
    // A custom property only site.css defines: the stylesheet is applied, not just listed.
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--accent").trim()), "#9e1b1b");
    const hrefs = (await page.evaluate(() => [...document.querySelectorAll("a[href], link[href]")].map((a) => (a as HTMLAnchorElement).href))) as string[];
    const outside = hrefs.filter((h) => new URL(h).origin === origin && !new URL(h).pathname.startsWith(PREFIX));
    assert.deepEqual(outside, [], `${url.pathname} links outside ${PREFIX}`);
  }

  /** Clicks the first link matching `selector` and waits for the page it opens. */
  async function follow(page: Page, selector: string) {
    const link = page.locator(selector).first();
    const href = await link.getAttribute("href");
    assert.ok(href?.startsWith(PREFIX), `${selector}: ${href} is not under ${PREFIX}`);
    const [response] = await Promise.all([page.waitForNavigation(), link.click()]);
    assert.equal(response?.status(), 200, `${href}`);
  }

  it("answers 404 outside the prefix, like the host it stands in for", async () => {
    for (const outside of ["/", "/index.html", "/assets/site.css", "/search/", "/articles/"]) {
      assert.equal((await fetch(origin + outside)).status, 404, outside);
    }
    assert.equal((await fetch(`${origin}${PREFIX}`)).status, 200);
  });

  it("is browsed from the home page to an article, a tag page and a county page, each with its stylesheet", async () => {
    const page = await context.newPage();
    const response = await page.goto(server.url);
    assert.equal(response?.status(), 200);
    await assertPrefixedPage(page, /^\/archive\/$/);
    assert.equal(await page.locator("h1").innerText(), "作风建设报道档案");

    await follow(page, ".summaries .summary-title a");
    await assertPrefixedPage(page, /^\/archive\/articles\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\/$/);
    const article = page.url();

    await follow(page, ".meta .tags a");
    await assertPrefixedPage(page, /^\/archive\/tags\/[a-z0-9-]+\/$/);
    assert.ok((await page.locator(".summaries .summary-title a").count()) > 0, "the tag page lists no articles");

    await page.goto(article);
    await follow(page, ".meta .place-path a:last-of-type");
    await assertPrefixedPage(page, /^\/archive\/counties\/[a-z0-9-]+\/$/);
    assert.ok((await page.locator(".summaries .summary-title a").count()) > 0, "the county page lists no articles");

    await mkdir(SHOTS, { recursive: true });
    await page.goto(article);
    await page.screenshot({ path: path.join(SHOTS, "prefixed-article-1280.png"), fullPage: false });
    await page.close();
  });

  it("finds an article on the search page, with result links under the prefix", async () => {
    const page = await context.newPage();
    await page.addInitScript("globalThis.__name = (f) => f");
    const response = await page.goto(`${server.url}search/?q=${encodeURIComponent("述责述廉")}`);
    assert.equal(response?.status(), 200);
    await page.waitForSelector("[data-search][data-state=done]");
    await assertPrefixedPage(page, /^\/archive\/search\/$/);
    const results = page.locator("[data-search-results] .summary-title a");
    // The article titled so comes first (another mentions it in its editor's note).
    assert.equal((await results.allInnerTexts())[0], "德州率先开展市级同级述责述廉");
    const hrefs = await results.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) assert.match(new URL(href).pathname, /^\/archive\/articles\//);
    const all = (await page.evaluate(async () => {
      const api = (window as unknown as { archiveSearch: { all(q: string): Promise<{ url: string }[]> } }).archiveSearch;
      return (await api.all("乐陵")).map((r) => r.url);
    })) as string[];
    assert.ok(all.length >= 2, `乐陵: ${all.length} results`);
    for (const url of all) assert.match(url, /^\/archive\/articles\//);

    await follow(page, "[data-search-results] .summary-title a");
    await assertPrefixedPage(page, /^\/archive\/articles\//);
    assert.equal(await page.locator("h1").innerText(), "德州率先开展市级同级述责述廉");
    await page.close();
  });

  it("serves each page's feeds under the prefix, and they link only under it", async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}counties/leling-shi/`);
    const feeds = await page.locator('link[rel="alternate"]').evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
    assert.deepEqual(feeds.map((f) => new URL(f).pathname), [`${PREFIX}counties/leling-shi/feed.xml`, `${PREFIX}counties/leling-shi/feed.json`, `${PREFIX}feed.xml`, `${PREFIX}feed.json`]);
    for (const feed of feeds) {
      const response = await page.goto(feed);
      assert.equal(response?.status(), 200, feed);
      const text = (await response?.text()) ?? "";
      const urls = [...text.matchAll(/https?:\/\/[^\s"<>]+/g)].map((m) => m[0]).filter((u) => u.startsWith(SITE_URL));
      assert.ok(urls.some((u) => u.includes("/articles/")), `${feed} links to no article`);
      for (const url of urls) assert.ok(url.startsWith(`${SITE_URL}${PREFIX}`), `${feed}: ${url} is outside ${PREFIX}`);
    }
    await page.close();
  });

  it("made no request outside the prefix, and none failed", () => {
    assert.ok(requested.some((u) => u.includes(`${PREFIX}pagefind/`)), "the search index was never fetched");
    const outside = requested.filter((u) => new URL(u).origin === origin && !new URL(u).pathname.startsWith(PREFIX));
    assert.deepEqual(outside, []);
    assert.deepEqual(failures, []);
  });
});
