import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { sharedBrowser } from "../support/shared-browser.ts";
import { repoDir } from "../support/project.ts";
import { builtSite, SEED_SITE } from "../support/sites.ts";
import { serveStatic } from "../../tools/lib/server.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

const SHOTS = path.join(repoDir, "test-results", "screenshots");
const ARTICLE = "articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing/";
const WIDTHS = [360, 1280] as const;
/** One page of each index type in the seed archive. */
const INDEX_PAGES = {
  tags: "tags/",
  tag: "tags/zuo-feng-jian-she/",
  places: "counties/",
  place: "counties/dezhou/",
  archive: "dates/",
  year: "dates/2022/",
  month: "dates/2022/01/",
  day: "dates/2022/01/07/",
  sources: "sources/",
  source: "sources/dazhong-ribao/",
  authors: "authors/",
  author: "authors/zhang-shuang-shuang/",
} as const;

describe("the seed archive in Chromium", { timeout: TEST_TIMEOUT_MS }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  before(async () => {
    server = await serveStatic(await builtSite(repoDir, SEED_SITE));
    browser = await sharedBrowser();
    await mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    await server?.close();
  });

  async function open(url: string, width: number, options: { dark?: boolean; javaScript?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      colorScheme: options.dark ? "dark" : "light",
      javaScriptEnabled: options.javaScript ?? true,
    });
    const page = await context.newPage();
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, url);
    return page;
  }

  const overflow = (page: Page) => page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as Promise<number>;

  it("lets a reader copy an article's GB/T 7714 reference with the keyboard, dated today in China", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    await page.goto(`${server.url}articles/2022/02/15/ping-yuan-ji-huo-gao-zhi-liang-fa-zhan-yuan-dong-li/`);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    const reference = `张大伟, 曹伟. 平原：激活高质量发展原动力[N/OL]. 大众日报, 2022-02-15[${today}]. http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202152276714370.`;
    const copy = page.locator("[data-cite-copy]");
    await copy.waitFor({ state: "visible" });
    assert.equal(await page.locator("[data-cite-reference]").innerText(), reference);
    // The button is in the tab order (reached here backwards from the link after it); Enter presses it.
    await page.locator(".citation-url a").focus();
    await page.keyboard.press("Shift+Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "复制引文");
    await page.keyboard.press("Enter");
    await page.locator("[data-cite-status]", { hasText: "已复制" }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), reference);
    // The reader's own 引用日期 goes into the reference.
    await page.locator("#citation-date").fill("2026-01-05");
    assert.match(await page.locator("[data-cite-reference]").innerText(), /\[2026-01-05\]/);
    await page.locator(".citation").screenshot({ path: path.join(SHOTS, "citation-360.png") });
    await context.close();
  });

  it("shows the reference without JavaScript, with 引用日期 for the reader to fill in and no dead button", async () => {
    const page = await open(`${server.url}articles/2022/02/15/ping-yuan-ji-huo-gao-zhi-liang-fa-zhan-yuan-dong-li/`, 1280, { javaScript: false });
    assert.match(await page.locator("[data-cite-reference]").innerText(), /2022-02-15\[引用日期\]\. http/);
    assert.equal(await page.locator("[data-cite-copy]").isVisible(), false);
    assert.deepEqual(await page.locator(".citation-files a").allInnerTexts(), ["RIS", "BibTeX", "CSL-JSON"]);
    await page.context().close();
  });

  for (const width of WIDTHS) {
    it(`shows the home page at ${width}px without sideways scrolling`, async () => {
      const page = await open(server.url, width);
      assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
      assert.equal(await page.locator("h1").innerText(), "作风建设报道档案");
      assert.equal(await page.locator(".latest .summaries > li").count(), 10);
      assert.ok((await overflow(page)) <= 0, "page scrolls sideways");
      await page.screenshot({ path: path.join(SHOTS, `home-${width}.png`), fullPage: true });
      await page.context().close();
    });

    it(`shows an article at ${width}px readable, without JavaScript`, async () => {
      const page = await open(server.url + ARTICLE, width, { javaScript: false });
      assert.equal(await page.locator("h1").innerText(), "作风一变事业兴");
      assert.match(await page.locator(".meta").innerText(), /2021年10月22日 星期五/);
      assert.equal(await page.locator(".article-body h2").count(), 3);
      assert.ok((await page.locator("figure.photo").count()) >= 5);
      const type = (await page.locator(".article-body p").first().evaluate((p) => {
        const style = getComputedStyle(p);
        return { size: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight), width: p.getBoundingClientRect().width };
      })) as { size: number; lineHeight: number; width: number };
      assert.ok(type.size >= 16, `body text is ${type.size}px`);
      assert.ok(type.lineHeight / type.size >= 1.6, "lines are too tight for Chinese text");
      assert.ok(type.width / type.size <= 42, `a line holds ${Math.round(type.width / type.size)} characters`);
      assert.ok((await overflow(page)) <= 0, "page scrolls sideways");
      await page.screenshot({ path: path.join(SHOTS, `article-${width}.png`), fullPage: true });
      await page.context().close();
    });
  }

  for (const width of WIDTHS) {
    it(`shows every index type at ${width}px with breadcrumbs and without sideways scrolling`, async () => {
      for (const [name, route] of Object.entries(INDEX_PAGES)) {
        const page = await open(server.url + route, width);
        assert.ok((await page.locator("h1").innerText()).length > 0, route);
        assert.equal(await page.locator("nav.breadcrumbs li").first().innerText(), "首页", route);
        assert.ok((await overflow(page)) <= 0, `${route} scrolls sideways at ${width}px`);
        await page.screenshot({ path: path.join(SHOTS, `index-${name}-${width}.png`), fullPage: true });
        await page.context().close();
      }
    });
  }

  it("shows a year's months with articles as calendars: days with articles link to their day, other days are plain", async () => {
    const page = await open(server.url + INDEX_PAGES.year, 1280);
    assert.equal(await page.locator("table.calendar").count(), 2);
    const january = page.locator("table.calendar").first();
    assert.equal(await january.locator("caption").innerText(), "2022年1月");
    // The day's number, and for screen readers its count and that its articles' dates are estimates.
    assert.deepEqual(await january.locator("td.has-articles a").allTextContents(), ["7日（8 篇，日期推定）"]);
    assert.equal(await january.locator("td.has-articles a").getAttribute("href"), "/dates/2022/01/07/");
    assert.equal(await january.locator("td.empty-day").count(), 30);
    // 2022-01-01 was a Saturday: five blank cells precede it in a week starting on Monday.
    assert.equal(await january.locator("tbody tr").first().locator("td.pad").count(), 5);
    await page.context().close();
  });

  it("follows the reader's dark colour scheme", async () => {
    const background = async (dark: boolean) => {
      const page = await open(server.url + ARTICLE, 1280, { dark });
      const color = await page.evaluate("getComputedStyle(document.body).backgroundColor");
      if (dark) await page.screenshot({ path: path.join(SHOTS, "article-1280-dark.png") });
      await page.context().close();
      const [r = 0, g = 0, b = 0] = String(color).match(/\d+/g)?.map(Number) ?? [];
      return (r + g + b) / 3;
    };
    assert.ok((await background(false)) > 200, "light scheme background is not light");
    assert.ok((await background(true)) < 60, "dark scheme background is not dark");
  });

  it("links from the home page to every article", async () => {
    const page = await open(server.url, 1280);
    const hrefs = await page.locator(".summaries a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const response = await page.request.get(href);
      assert.equal(response.status(), 200, href);
    }
    await page.context().close();
  });

  it("answers an unknown address with the Chinese 404 page and a way home", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${server.url}no/such/page/`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator("h1").innerText(), "找不到这个页面");
    assert.equal(await page.locator("main a").getAttribute("href"), "/");
    await context.close();
  });
});
