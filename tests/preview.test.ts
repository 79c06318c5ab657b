import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { articleText, fixtureProject, repoDir, validFields } from "./support/project.ts";

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

describe("npm start, the editors' preview", () => {
  let preview: ChildProcess | undefined;
  after(() => {
    preview?.kill("SIGTERM");
  });

  it("shows drafts, survives a content error (printed and shown on every page), and recovers when it is fixed", async () => {
    const dir = await fixtureProject({
      "2021/a.md": articleText(validFields(), BODY),
      "2021/draft.md": articleText(validFields({ title: "编辑中的草稿", draft: "true" }), BODY),
    });
    const port = String(20000 + (process.pid % 20000));
    let output = "";
    preview = spawn(process.execPath, ["--import", tsx, path.join(repoDir, "scripts", "serve.ts")], { cwd: dir, env: { ...process.env, PORT: port, SKIP_SEARCH: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    preview.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    preview.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const home = () => fetch(`http://localhost:${port}/`).then((r) => r.text());

    const first = await eventually(30, async () => ((await home()).includes("编辑中的草稿") ? await home() : undefined));
    assert.doesNotMatch(first, /preview-problems/);

    const file = path.join(dir, "content", "2021", "a.md");
    const good = await readFile(file, "utf8");
    await writeFile(file, good.replace("county: 乐陵市", "county: 乐陵"));
    const broken = await eventually(20, async () => ((await home()).includes("preview-problems") ? await home() : undefined));
    assert.match(broken, /content\/2021\/a\.md:6 county: unknown place &quot;乐陵&quot; — did you mean 乐陵市\?/);
    assert.match(broken, /作风一变事业兴/, "the last good content is still shown");
    assert.match(output, /content\/2021\/a\.md:6 county: unknown place "乐陵" — did you mean 乐陵市\?/);
    assert.equal(preview.exitCode, null, "the preview stopped");

    await writeFile(file, good.replace("作风一变事业兴", "作风一变事业兴（修订）"));
    const fixed = await eventually(20, async () => ((await home()).includes("（修订）") ? await home() : undefined));
    assert.doesNotMatch(fixed, /preview-problems/);
  });
});
