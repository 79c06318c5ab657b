import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { articleText, fixtureProject, repoDir, runScriptWith, scriptPath, validFields } from "../support/project.ts";

const tsx = fileURLToPath(import.meta.resolve("tsx"));
const BODY = "乐陵市坚持以实干论英雄、以实干促发展，持续完善崇尚实干、加油鼓劲的正向激励体系，每周六周日或节假日，市主要领导率队下沉调研。\n";

/** Polls until `check` returns a value, or fails after `seconds`. */
async function eventually<T>(seconds: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts `npm start` (src/cli/serve.ts) in `dir` on a free port; its output is collected. */
function startPreview(dir: string, port: number): { process: ChildProcess; output: () => string; get: (p: string) => Promise<string> } {
  let output = "";
  const child = spawn(process.execPath, ["--import", tsx, scriptPath("serve")], { cwd: dir, env: { ...process.env, PORT: String(port), SKIP_SEARCH: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return { process: child, output: () => output, get: (p) => fetch(`http://localhost:${port}${p}`).then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status))))) };
}

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill("SIGTERM");
});

describe("npm start, the editors' preview", () => {
  it("shows drafts, survives a content error (printed and shown on every page), and recovers when it is fixed", async () => {
    const dir = await fixtureProject({
      "2021/a.md": articleText(validFields(), BODY),
      "2021/draft.md": articleText(validFields({ title: "编辑中的草稿", draft: "true" }), BODY),
    });
    const preview = startPreview(dir, 20000 + (process.pid % 20000));
    children.push(preview.process);
    const home = () => preview.get("/");

    const first = await eventually(30, async () => ((await home()).includes("编辑中的草稿") ? await home() : undefined));
    assert.doesNotMatch(first, /preview-problems/);

    const file = path.join(dir, "content", "2021", "a.md");
    const good = await readFile(file, "utf8");
    await writeFile(file, good.replace("county: 乐陵市", "county: 乐陵"));
    const broken = await eventually(20, async () => ((await home()).includes("preview-problems") ? await home() : undefined));
    assert.match(broken, /content\/2021\/a\.md:6:9 county: unknown place &quot;乐陵&quot; — did you mean 乐陵市\?/);
    assert.match(broken, /作风一变事业兴/, "the last good content is still shown");
    assert.match(preview.output(), /content\/2021\/a\.md:6:9 county: unknown place "乐陵" — did you mean 乐陵市\?/);
    assert.equal(preview.process.exitCode, null, "the preview stopped");

    await writeFile(file, good.replace("作风一变事业兴", "作风一变事业兴（修订）"));
    const fixed = await eventually(20, async () => ((await home()).includes("（修订）") ? await home() : undefined));
    assert.doesNotMatch(fixed, /preview-problems/);
  });
});

describe("npm start over content that is already broken", () => {
  it("starts anyway, shows the valid articles and the errors, and shows the broken one once it is fixed", async () => {
    const dir = await fixtureProject({
      "2021/good.md": articleText(validFields({ title: "完好的文章" }), BODY),
      "2021/broken.md": articleText(validFields({ title: "有错的文章", county: "乐陵" }), BODY),
    });
    const preview = startPreview(dir, 20000 + ((process.pid + 2) % 20000));
    children.push(preview.process);
    const home = await eventually(30, async () => {
      const html = await preview.get("/");
      return html.includes("完好的文章") ? html : undefined;
    });
    assert.match(home, /content\/2021\/broken\.md:6:9 county: unknown place &quot;乐陵&quot; — did you mean 乐陵市\?/);
    assert.doesNotMatch(home, /有错的文章/);
    const file = path.join(dir, "content", "2021", "broken.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("county: 乐陵", "county: 乐陵市"));
    const fixed = await eventually(20, async () => {
      const html = await preview.get("/");
      return html.includes("有错的文章") ? html : undefined;
    });
    assert.doesNotMatch(fixed, /preview-problems/);
  });
});

describe("an editor following only docs/editing.md", () => {
  it("adds an article with the guide's own command, passes check, and sees it in the preview", async () => {
    const guide = await readFile(path.join(repoDir, "docs", "editing.md"), "utf8");
    const command = /`npm run new -- ([^`]+)`/.exec(guide)?.[1];
    assert.ok(command, "the guide shows an npm run new command");
    const args = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
    const dir = await fixtureProject({});
    const created = runScriptWith("new", dir, args, { CI: "true" });
    assert.equal(created.status, 0, created.stderr);
    const file = created.stdout.trim();
    assert.match(file, /^content\/\d{4}\/\d{4}-\d\d-\d\d-[a-z0-9-]+\.md$/);
    const check = runScriptWith("check", dir, []);
    assert.equal(check.status, 0, check.stderr);

    const title = /^title: (.*)$/m.exec(await readFile(path.join(dir, file), "utf8"))?.[1] ?? "";
    const preview = startPreview(dir, 20000 + ((process.pid + 1) % 20000));
    children.push(preview.process);
    const home = await eventually(30, async () => {
      const html = await preview.get("/");
      return html.includes(title) ? html : undefined;
    });
    const href = new RegExp(`<a href="([^"]+)">${title}</a>`).exec(home)?.[1];
    assert.ok(href, "the home page links the new draft");
    assert.match(await preview.get(href), new RegExp(`<h1>${title}</h1>`));
  });
});
