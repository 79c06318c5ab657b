import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, it } from "node:test";
import { eventually, start, TEST_TIMEOUT_MS, type Started } from "../support/process.ts";
import { articleText, fixtureProject, repoDir, runScriptWith, scriptCommand, scriptEnv, validFields } from "../support/project.ts";

const BODY = "乐陵市坚持以实干论英雄、以实干促发展，持续完善崇尚实干、加油鼓劲的正向激励体系，每周六周日或节假日，市主要领导率队下沉调研。\n";

interface Preview {
  readonly process: Started;
  /** The page at `route` once it contains `text`, polled until then; fails with the preview's output after the deadline. */
  pageWith(route: string, text: string): Promise<string>;
  /** The page at `route` once it no longer contains `text`, polled as `pageWith` polls. */
  pageWithout(route: string, text: string): Promise<string>;
  /** Resolves once `route` answers 404, polled as `pageWith` polls. */
  gone(route: string): Promise<void>;
  get(route: string): Promise<string>;
}

/**
 * Starts `npm start` (src/cli/serve.ts) in `dir` on a free port; stopped (with Eleventy) when the
 * test ends. Tests edit files as soon as it serves pages, as an editor may: every save counts.
 */
async function startPreview(t: { after(fn: () => unknown): void }, dir: string): Promise<Preview> {
  const port = await freePort();
  const [command, args] = scriptCommand("serve");
  const process = start(command, args, { cwd: dir, env: scriptEnv({ PORT: String(port), SKIP_SEARCH: "1" }) });
  t.after(() => process.stop());
  // Eleventy takes the next port if this one was taken meanwhile: the address it prints is the truth.
  const origin = (await process.waitForOutput(/Server at http:\/\/localhost:\d+/)).replace("Server at ", "");
  const get = (route: string) => fetch(`${origin}${route}`).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${route} answered ${r.status}`))));
  const pageWith = (route: string, text: string) =>
    eventually(`${route} shows "${text}"`, async () => {
      const html = await get(route);
      return html.includes(text) ? html : undefined;
    }, { context: process.output });
  const pageWithout = (route: string, text: string) =>
    eventually(`${route} no longer shows "${text}"`, async () => {
      const html = await get(route);
      return html.includes(text) ? undefined : html;
    }, { context: process.output });
  const gone = (route: string) =>
    eventually(`${route} answers 404`, async () => ((await fetch(`${origin}${route}`)).status === 404 ? true : undefined), { context: process.output }).then(() => undefined);
  return { process, get, pageWith, pageWithout, gone };
}

/** A port nobody listens on now (the OS picks it). */
/** A project of one article and a hand-written pages/about.md (关于本档案) saying `text`. */
async function projectWithAbout(text: string): Promise<{ dir: string; about: string }> {
  const dir = await fixtureProject({ "2021/a.md": articleText(validFields(), BODY) });
  const about = path.join(dir, "pages", "about.md");
  await mkdir(path.dirname(about), { recursive: true });
  await writeFile(about, `---\ntitle: 关于本档案\n---\n${text}\n`);
  return { dir, about };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("npm start, the editors' preview", { timeout: TEST_TIMEOUT_MS }, () => {
  it("shows drafts, survives a content error (printed and shown on every page), and recovers when it is fixed", async (t) => {
    const dir = await fixtureProject({
      "2021/a.md": articleText(validFields(), BODY),
      "2021/draft.md": articleText(validFields({ title: "编辑中的草稿", draft: "true" }), BODY),
    });
    const preview = await startPreview(t, dir);
    const first = await preview.pageWith("/", "编辑中的草稿");
    assert.doesNotMatch(first, /preview-problems/);

    const file = path.join(dir, "content", "2021", "a.md");
    const good = await readFile(file, "utf8");
    await writeFile(file, good.replace("place: 乐陵市", "place: 乐陵"));
    const broken = await preview.pageWith("/", "preview-problems");
    assert.match(broken, /content\/2021\/a\.md:6:8 place: unknown place &quot;乐陵&quot; — did you mean 乐陵市\?/);
    assert.match(broken, /作风一变事业兴/, "the last good content is still shown");
    assert.match(preview.process.output(), /content\/2021\/a\.md:6:8 place: unknown place "乐陵" — did you mean 乐陵市\?/);
    assert.equal(preview.process.exited(), false, "the preview stopped");

    await writeFile(file, good.replace("作风一变事业兴", "作风一变事业兴（修订）"));
    const fixed = await preview.pageWith("/", "（修订）");
    assert.doesNotMatch(fixed, /preview-problems/);
  });
});

describe("npm start when a file is deleted or renamed", { timeout: TEST_TIMEOUT_MS }, () => {
  /** A preview of two articles, with the route of the one titled `title`, which the test then takes away, and its file. */
  async function previewOfTwo(t: { after(fn: () => unknown): void }, title: string) {
    const dir = await fixtureProject({
      "2021/kept.md": articleText(validFields({ title: "留下的文章" }), BODY),
      "2021/going.md": articleText(validFields({ title, date: "2021-10-23" }), BODY),
    });
    const preview = await startPreview(t, dir);
    const home = await preview.pageWith("/", title);
    const href = new RegExp(`<a href="([^"]+)">${title}</a>`).exec(home)?.[1];
    assert.ok(href, "the home page links the article");
    await preview.get(href);
    return { preview, href, file: path.join(dir, "content", "2021", "going.md") };
  }

  it("rebuilds when an article is deleted: its page answers 404 and the home page no longer lists it", async (t) => {
    const { preview, href, file } = await previewOfTwo(t, "将删除的文章");
    await rm(file);
    await preview.gone(href);
    const after = await preview.pageWithout("/", "将删除的文章");
    assert.match(after, /留下的文章/);
    assert.doesNotMatch(after, /preview-problems/);
  });

  it("rebuilds when an article is renamed to a name that is not read (a.md.bak): its page answers 404", async (t) => {
    const { preview, href, file } = await previewOfTwo(t, "搁置的文章");
    await rename(file, `${file}.bak`);
    await preview.gone(href);
    await preview.pageWithout("/", "搁置的文章");
  });

  it("shows a deleted registry file as a problem and keeps serving the last good site", async (t) => {
    const dir = await fixtureProject({ "2021/a.md": articleText(validFields(), BODY) });
    const preview = await startPreview(t, dir);
    await preview.pageWith("/", "作风一变事业兴");

    await rm(path.join(dir, "content", "_data", "sources.yaml"));
    const broken = await preview.pageWith("/", "registry file is missing");
    assert.match(broken, /content\/_data\/sources\.yaml/);
    assert.match(broken, /作风一变事业兴/, "the last good content is still shown");
    assert.equal(preview.process.exited(), false, "the preview stopped");
  });

  it("rebuilds when a hand-written page is deleted: its page answers 404 and the footer no longer links it", async (t) => {
    const { dir, about } = await projectWithAbout("说明。");
    const preview = await startPreview(t, dir);
    await preview.pageWith("/about/", "说明");
    await preview.pageWith("/", "关于本档案");

    await rm(about);
    await preview.gone("/about/");
    await preview.pageWithout("/", "关于本档案");
  });
});

describe("npm start over content that is already broken", { timeout: TEST_TIMEOUT_MS }, () => {
  it("starts anyway, shows the valid articles and the errors, and shows the broken one once it is fixed", async (t) => {
    const dir = await fixtureProject({
      "2021/good.md": articleText(validFields({ title: "完好的文章" }), BODY),
      "2021/broken.md": articleText(validFields({ title: "有错的文章", place: "乐陵" }), BODY),
    });
    const preview = await startPreview(t, dir);
    const home = await preview.pageWith("/", "完好的文章");
    assert.match(home, /content\/2021\/broken\.md:6:8 place: unknown place &quot;乐陵&quot; — did you mean 乐陵市\?/);
    assert.doesNotMatch(home, /有错的文章/);
    const file = path.join(dir, "content", "2021", "broken.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("place: 乐陵", "place: 乐陵市"));
    const fixed = await preview.pageWith("/", "有错的文章");
    assert.doesNotMatch(fixed, /preview-problems/);
  });
});

describe("npm start over broken registries", { timeout: TEST_TIMEOUT_MS }, () => {
  it("names the broken file as npm run check does and stops, without a stack trace", async () => {
    const dir = await fixtureProject({ "2021/a.md": articleText(validFields(), BODY) });
    await rm(path.join(dir, "content", "_data", "places.yaml"));
    const started = await runScriptWith("serve", dir, [], { PORT: "0", SKIP_SEARCH: "1" });
    assert.equal(started.status, 1, started.stdout);
    assert.equal(started.stderr.trim(), "content/_data/places.yaml registry file is missing");
  });
});

describe("npm start with a PORT or CMS_PORT that is not a port", { timeout: TEST_TIMEOUT_MS }, () => {
  it("says so in one line and stops before building", async () => {
    const dir = await fixtureProject({ "2021/a.md": articleText(validFields(), BODY) });
    for (const [name, port] of [["PORT", "abc"], ["PORT", "80.5"], ["PORT", "70000"], ["CMS_PORT", "-1"]] as const) {
      const started = await runScriptWith("serve", dir, [], { PORT: "0", [name]: port, SKIP_SEARCH: "1" });
      assert.equal(started.status, 2, port);
      assert.equal(started.stderr, `${name} must be a port number (0 to 65535), got ${JSON.stringify(port)}\n`);
    }
    assert.equal(existsSync(path.join(dir, "_preview")), false);
  });
});

describe("an editor following only docs/editing.md", { timeout: TEST_TIMEOUT_MS }, () => {
  it("adds an article with the guide's own command, passes check, and sees it in the preview", async (t) => {
    const guide = await readFile(path.join(repoDir, "docs", "editing.md"), "utf8");
    const command = /`npm run new -- ([^`]+)`/.exec(guide)?.[1];
    assert.ok(command, "the guide shows an npm run new command");
    const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
    const dir = await fixtureProject({});
    const created = await runScriptWith("new", dir, args, { CI: "true" });
    assert.equal(created.status, 0, created.stderr);
    const file = created.stdout.trim();
    assert.match(file, /^content\/\d{4}\/\d{4}-\d\d-\d\d-[a-z0-9-]+\.md$/);
    const check = await runScriptWith("check", dir, []);
    assert.equal(check.status, 0, check.stderr);

    const title = /^title: (.*)$/m.exec(await readFile(path.join(dir, file), "utf8"))?.[1] ?? "";
    const preview = await startPreview(t, dir);
    const home = await preview.pageWith("/", title);
    const href = new RegExp(`<a href="([^"]+)">${title}</a>`).exec(home)?.[1];
    assert.ok(href, "the home page links the new draft");
    assert.match(await preview.get(href), new RegExp(`<h1>${title}</h1>`));
  });
});

describe("npm start over a project with hand-written pages", { timeout: TEST_TIMEOUT_MS }, () => {
  it("shows pages/about.md in the site's layout and the edited text after it is saved", async (t) => {
    const { dir, about } = await projectWithAbout("第一版说明。");
    const preview = await startPreview(t, dir);
    const first = await preview.pageWith("/about/", "第一版说明");
    assert.match(first, /<header class="site-header">[\s\S]*<h1>关于本档案<\/h1>/);

    await writeFile(about, "---\ntitle: 关于本档案\n---\n第二版说明。\n");
    await preview.pageWith("/about/", "第二版说明");
  });
});
