import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { createServer, connect } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../tools/lib/browser.ts";
import { eventually as poll, TEST_TIMEOUT_MS } from "../support/process.ts";
import { fixtureProject, repoDir, runScript, scriptPath } from "../support/project.ts";

/**
 * The browser CMS end to end: `npm start` in a fixture project (preview + decap-server), /admin/ in
 * Chromium, an article created through the form and saved, then the file, `npm run check` and the
 * preview page. Every wait has a deadline and fails with the server's output.
 */

const tsx = fileURLToPath(import.meta.resolve("tsx"));
const TITLE = "浏览器里新建的报道";
const FILE = "content/2021/2021-11-20-liu-lan-qi-li-xin-jian-de-bao-dao.md";
/** A seed article with every kind of field: subtitle, page, correspondents, editor, a long note, photo captions. */
const SEED = "content/2021/2021-10-22-leling-zuofeng.md";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => resolve(!!socket.end()));
    socket.once("error", () => resolve(false));
  });
}

let output = "";
/** Polls `check` until it gives a value; after `seconds` (scaled for a loaded machine), fails naming what was awaited, with npm start's output. */
function eventually<T>(what: string, seconds: number, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  return poll(what, check, { timeoutMs: seconds * 4000, context: () => output });
}

/** A form field of the entry being edited (Decap names inputs <field>-field-<n>). */
function field(page: Page, name: string) {
  return page.locator(`input[id^="${name}-field-"], textarea[id^="${name}-field-"]`);
}

/** Fills the new-article form: the newspaper 齐鲁晚报, the place 乐陵市 and the reporter 马志勇 picked or typed as an editor would. */
async function fillArticle(page: Page, article: { title: string; date: string; tags: string; body: string }): Promise<void> {
  const fill: Record<string, () => Promise<void>> = {
    title: () => field(page, "title").fill(article.title),
    date: () => field(page, "date").fill(article.date),
    source: () => pick("source", "齐鲁晚报"),
    place: () => pick("place", "乐陵"),
    tags: () => field(page, "tags").fill(article.tags),
    authors: () => field(page, "authors").fill("马志勇"),
    body: () => field(page, "body").fill(article.body),
  };
  async function pick(name: string, typed: string): Promise<void> {
    await field(page, name).click();
    await page.keyboard.type(typed);
    await page.keyboard.press("Enter");
  }
  for (const step of Object.values(fill)) await step();
  // On a loaded machine Decap can still be setting up the new entry when its form first shows, and
  // then clears fields typed into it: fill again each field the preview (the same validation as
  // npm run check) says is missing, until none is.
  await eventually("the form to keep every field typed", 60, async () => {
    const preview = await page.frameLocator("iframe").first().locator("body").innerText();
    const missing = [...preview.matchAll(/（([a-z_]+)）：missing/g)].map((m) => m[1] ?? "").filter((name) => name in fill);
    if (!missing.length) return true;
    for (const name of missing) await fill[name]?.();
    return undefined;
  });
}

describe("the browser CMS (/admin/) on npm start", { timeout: TEST_TIMEOUT_MS }, () => {
  let dir: string;
  let port: number;
  let cmsPort: number;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    dir = await fixtureProject({ [SEED.slice("content/".length)]: await readFile(path.join(repoDir, SEED), "utf8") });
    [port, cmsPort] = [await freePort(), await freePort()];
    server = spawn(process.execPath, ["--import", tsx, scriptPath("serve")], {
      cwd: dir,
      env: { ...process.env, PORT: String(port), CMS_PORT: String(cmsPort), SKIP_SEARCH: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    server.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    await eventually("the local editing backend", 60, () => (/\[cms\] local editing backend on/.test(output) ? true : undefined));
    await eventually("the preview", 60, () => (/\[preview\] rebuilt/.test(output) ? true : undefined));
    // Eleventy takes the next port when the one asked for was taken meanwhile: the one it says.
    port = Number(await eventually("the preview's address", 60, () => /Server at http:\/\/localhost:(\d+)/.exec(output)?.[1]));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(30_000);
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await eventually("npm start to stop", 20, () => (server?.exitCode !== null ? true : undefined)).catch(() => server?.kill("SIGKILL"));
    }
  });

  it("creates an article through the form: the project's file, passing npm run check, shown by the preview", async () => {
    await page.goto(`http://127.0.0.1:${port}/admin/`);
    // The local backend needs no account: Decap's login button only enters.
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByText("作风一变事业兴").waitFor();
    await page.goto(`http://127.0.0.1:${port}/admin/#/collections/articles/new`);

    // The existing tag is offered; a typed comma adds each tag.
    await page.locator("datalist option[value='作风建设']").waitFor({ state: "attached" });
    await fillArticle(page, { title: TITLE, date: "2021-11-20", tags: "作风建设，民生实事，", body: "第一段。\n\n第二段。" });

    // The preview pane is the site's article page, with the site's stylesheet.
    const preview = page.frameLocator("iframe").first();
    await preview.locator("article.article h1", { hasText: TITLE }).waitFor();
    assert.match(await preview.locator(".meta").innerText(), /乐陵市[\s\S]*马志勇[\s\S]*作风建设/);

    await page.getByRole("button", { name: "发布", exact: true }).click();
    await page.getByText("立即发布").click();

    const file = path.join(dir, FILE);
    // decap-server creates the file before it writes it: wait for the whole of it, not only its name.
    const text = await eventually(`${FILE} written`, 30, async () => {
      const written = existsSync(file) ? await readFile(file, "utf8") : "";
      return written.endsWith("第二段。\n") ? written : undefined;
    });
    // The layout `npm run new` writes: schema order, flow lists, one place as a name, a calendar date.
    assert.equal(text, `---\ntitle: ${TITLE}\ndate: 2021-11-20\nsource: 齐鲁晚报\nplace: 乐陵市\ntags: [作风建设, 民生实事]\nauthors: [马志勇]\ndraft: true\n---\n第一段。\n\n第二段。\n`);
    // Decap opens the saved entry once the save is done (the next test starts from a clean form).
    await eventually(`the saved entry opened (at ${page.url()})`, 30, () => (page.url().includes("/entries/") ? true : undefined));
    const check = await runScript("check", dir);
    assert.equal(check.status, 0, check.stdout + check.stderr);

    const route = `http://127.0.0.1:${port}/articles/2021/11/20/liu-lan-qi-li-xin-jian-de-bao-dao/`;
    const html = await eventually("the new article in the preview", 30, async () => {
      const response = await fetch(route);
      return response.ok ? response.text() : undefined;
    });
    assert.match(html, new RegExp(`<h1>${TITLE}</h1>`));
  });

  it("edits an existing article without touching anything but the edit", async () => {
    const file = path.join(dir, SEED);
    const original = await readFile(file, "utf8");
    // A fresh load (the login is kept): a change of the hash alone keeps the last entry in the preview pane.
    await page.goto("about:blank");
    await page.goto(`http://127.0.0.1:${port}/admin/#/collections/articles/entries/2021/2021-10-22-leling-zuofeng`);
    const body = page.locator('textarea[id^="body-field-"]');
    await page.frameLocator("iframe").first().locator("article.article h1", { hasText: "作风一变事业兴" }).waitFor();
    await body.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("补记。");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await page.getByText("立即发布").click();
    const saved = await eventually(`${SEED} saved`, 30, async () => {
      // decap-server rewrites the file in place: wait for the whole of it.
      const text = await readFile(file, "utf8");
      return text.endsWith("补记。\n") ? text : undefined;
    });
    assert.equal(saved, `${original}补记。\n`);
  });

  it("refuses to save what the build would refuse, names the error, and writes nothing", async () => {
    await page.goto(`http://127.0.0.1:${port}/admin/#/collections/articles/new`);
    await page.frameLocator("iframe").first().getByText("保存前还需改正").waitFor();
    assert.equal(await field(page, "title").inputValue(), "");
    // A title with nothing to spell a URL from, and no slug: `npm run check` refuses it.
    await fillArticle(page, { title: "！！！", date: "2021-11-21", tags: "作风建设，", body: "正文。" });
    const before = await readdir(path.join(dir, "content", "2021"));

    await page.frameLocator("iframe").first().getByText("cannot make a URL from the title").waitFor();
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await page.getByText("立即发布").click();
    await page.getByText(/未保存：有 1 处错误/).waitFor();
    assert.deepEqual(await readdir(path.join(dir, "content", "2021")), before);
  });

  it("stops the preview and the local backend together", async () => {
    assert.ok(await listening(cmsPort), "decap-server was running");
    server?.kill("SIGTERM");
    await eventually("npm start to exit", 20, () => (server?.exitCode !== null ? true : undefined));
    await eventually("decap-server to stop", 10, async () => ((await listening(cmsPort)) ? undefined : true));
    await eventually("the preview server to stop", 10, async () => ((await listening(port)) ? undefined : true));
  });
});
