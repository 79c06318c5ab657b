import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fixtureProject, runScriptWith, scriptPath } from "../support/project.ts";

const FLAGS = ["--title", "乐陵：作风建设见成效", "--date", "2021-11-02", "--place", "乐陵市", "--source", "齐鲁晚报", "--tags", "作风建设,民生实事"];

describe("npm run new", () => {
  it("creates a draft where the convention puts it, prints its path, and the draft passes check once its reporter is filled in", async () => {
    const dir = await fixtureProject({});
    const result = runScriptWith("new", dir, FLAGS, { CI: "true" });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "content/2021/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng.md\n");
    const file = path.join(dir, result.stdout.trim());
    const text = await readFile(file, "utf8");
    assert.equal(
      text,
      "---\ntitle: 乐陵：作风建设见成效\ndate: 2021-11-02\nsource: 齐鲁晚报\ncounty: 乐陵市\ntags: [作风建设, 民生实事]\nauthors: [【待填】]\ndraft: true\n---\n在此输入正文。删除 draft: true 一行即可发表。\n",
    );
    const check = runScriptWith("check", dir, []);
    assert.equal(check.status, 1);
    assert.match(check.stderr, /content\/2021\/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng\.md:7 authors: not filled in yet \(【待填】, left by import\)/);
  });

  it("takes reporters and several places, and never overwrites an existing article", async () => {
    const dir = await fixtureProject({});
    const flags = [...FLAGS, "--authors", "马志勇，贾鹏", "--place", "乐陵市、德州市"];
    const first = runScriptWith("new", dir, flags, { CI: "true" });
    const second = runScriptWith("new", dir, flags, { CI: "true" });
    assert.equal(first.stdout, "content/2021/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng.md\n");
    assert.equal(second.stdout, "content/2021/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng-2.md\n");
    const text = await readFile(path.join(dir, first.stdout.trim()), "utf8");
    assert.match(text, /^county: \[乐陵市, 德州市\]$/m);
    assert.match(text, /^authors: \[马志勇, 贾鹏\]$/m);
    assert.equal(runScriptWith("check", dir, []).status, 0);
  });

  it("refuses an unknown place or newspaper with the known ones, writing nothing", async () => {
    const dir = await fixtureProject({});
    const place = runScriptWith("new", dir, [...FLAGS, "--place", "乐陵"], { CI: "true" });
    assert.equal(place.status, 1);
    assert.match(place.stderr, /^unknown place "乐陵" — did you mean 乐陵市\? Known places: 山东省、德州市、德城区、陵城区/);
    const source = runScriptWith("new", dir, [...FLAGS, "--source", "人民日报"], { CI: "true" });
    assert.equal(source.status, 1);
    assert.match(source.stderr, /^unknown newspaper "人民日报" Known: 大众日报、齐鲁晚报、鲁中晨报、德州日报、德州新闻网/);
    assert.equal(place.stdout + source.stdout, "");
  });

  it("asks for nothing under CI: it names the missing flags and exits 2", async () => {
    const dir = await fixtureProject({});
    const result = runScriptWith("new", dir, ["--title", "只有标题"], { CI: "true" });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, "missing: --date --place --source --tags (not asked for: this is not an interactive terminal)\n");
  });

  it("refuses an impossible date through the same validation as the build", async () => {
    const dir = await fixtureProject({});
    const result = runScriptWith("new", dir, [...FLAGS, "--date", "2021-02-30"], { CI: "true" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /date: impossible date "2021-02-30" — 2021-02 has 28 days/);
  });
});

describe("npm run new in a terminal", () => {
  /** Runs `new` in a pseudo-terminal (util-linux `script`), typing each answer after a pause. */
  async function typeInto(dir: string, args: string, answers: readonly string[], end: "answer" | "eof"): Promise<{ status: number | null; output: string }> {
    const tsx = fileURLToPath(import.meta.resolve("tsx"));
    const command = `${process.execPath} --import ${tsx} ${scriptPath("new")} ${args}`;
    const env = { ...process.env };
    delete env["CI"];
    const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], { cwd: dir, env, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    for (const answer of answers) {
      await new Promise((r) => setTimeout(r, 700));
      child.stdin.write(`${answer}\r`);
    }
    await new Promise((r) => setTimeout(r, 700));
    if (end === "eof") child.stdin.write("\u0004");
    return { status: await closed, output };
  }

  it("asks for each missing field and writes the article", async () => {
    const dir = await fixtureProject({});
    const { status, output } = await typeInto(dir, '--title "终端里新建"', ["2021-11-02", "乐陵市", "齐鲁晚报", "作风建设,民生实事", "马志勇"], "answer");
    assert.equal(status, 0, output);
    for (const prompt of ["日期 (date, YYYY-MM-DD)", "地区 (place", "报纸 (source", "标签 (tags", "记者 (authors"]) assert.ok(output.includes(prompt), prompt);
    assert.match(output, /content\/2021\/2021-11-02-zhong-duan-li-xin-jian\.md/);
    const text = await readFile(path.join(dir, "content", "2021", "2021-11-02-zhong-duan-li-xin-jian.md"), "utf8");
    assert.match(text, /^county: 乐陵市$/m);
    assert.match(text, /^tags: \[作风建设, 民生实事\]$/m);
    assert.match(text, /^authors: \[马志勇\]$/m);
  });

  it("stops without writing anything when the editor presses Ctrl+D", async () => {
    const dir = await fixtureProject({});
    const { status, output } = await typeInto(dir, '--title "不写了"', ["2021-11-02"], "eof");
    assert.equal(status, 130, output);
    assert.match(output, /cancelled: nothing was written/);
    assert.equal(existsSync(path.join(dir, "content", "2021")), false);
  });
});
