/**
 * The date pages moved from /archive/… to /dates/… (under PATH_PREFIX=/archive/ the old index was
 * /archive/archive/). Every old URL of the seed archive's date pages still works: in Chromium, it
 * lands on the page's new URL, at the root and under the prefix.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { BrowserContext } from "playwright-core";
import { listFiles, repoDir } from "../support/project.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";
import { sharedBrowser } from "../support/shared-browser.ts";
import { builtSite, SEED_SITE, SEED_SITE_UNDER_PREFIX } from "../support/sites.ts";
import { serveStatic, type StaticServer } from "../../tools/lib/server.ts";

for (const [name, settings, prefix] of [
  ["at the root", SEED_SITE, "/"],
  ["under PATH_PREFIX=/archive/", SEED_SITE_UNDER_PREFIX, "/archive/"],
] as const) {
  describe(`the seed archive's old date URLs, ${name}, in Chromium`, { timeout: TEST_TIMEOUT_MS }, () => {
    let server: StaticServer;
    let context: BrowserContext;
    let datePages: string[] = [];
    let origin = "";

    before(async () => {
      const dir = await builtSite(repoDir, settings);
      datePages = (await listFiles(dir)).filter((f) => f.startsWith("dates/") && f.endsWith("index.html")).map((f) => f.replace(/index\.html$/, ""));
      server = await serveStatic(dir, prefix);
      origin = new URL(server.url).origin;
      context = await (await sharedBrowser()).newContext();
    });
    after(async () => {
      await context?.close();
      await server?.close();
    });

    it("has the index, every year, month and day under dates/", () => {
      for (const page of ["dates/", "dates/2019/", "dates/2019/03/", "dates/2021/10/", "dates/2021/10/22/", "dates/2022/01/07/"]) assert.ok(datePages.includes(page), page);
    });

    it("sends a reader at each old URL (archive/…) to the same page's new URL (dates/…)", async () => {
      const page = await context.newPage();
      for (const route of datePages) {
        const oldUrl = `${origin}${prefix}archive/${route.slice("dates/".length)}`;
        const newUrl = `${origin}${prefix}${route}`;
        const response = await page.goto(oldUrl);
        assert.equal(response?.status(), 200, oldUrl);
        // The meta refresh navigates again: wait for that navigation itself (playwright's deadline).
        await page.waitForURL(newUrl, { timeout: 60_000 });
        assert.ok((await page.locator("main h1").count()) > 0, `${newUrl} shows no heading`);
        assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0, `${newUrl} is itself a redirect`);
      }
      await page.close();
    });
  });
}
