import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, rename } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { start, TEST_TIMEOUT_MS, type Started } from "../support/process.ts";
import { articleText, fixtureProject, runScriptWith, scriptCommand, scriptEnv, validFields } from "../support/project.ts";

const FLAGS = ["--title", "乐陵：作风建设见成效", "--date", "2021-11-02", "--place", "乐陵市", "--source", "齐鲁晚报", "--tags", "作风建设,民生实事"];

describe("npm run new", { timeout: TEST_TIMEOUT_MS }, () => {
  it("creates a draft where the convention puts it, prints its path, and the draft passes check once its reporter is filled in", async () => {
    const dir = await fixtureProject({});
    const result = await runScriptWith("new", dir, FLAGS, { CI: "true" });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "content/2021/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng.md\n");
    const file = path.join(dir, result.stdout.trim());
    const text = await readFile(file, "utf8");
    assert.equal(
      text,
      "---\ntitle: 乐陵：作风建设见成效\ndate: 2021-11-02\nsource: 齐鲁晚报\nplace: 乐陵市\ntags: [作风建设, 民生实事]\nauthors: [【待填】]\ndraft: true\n---\n在此输入正文。删除 draft: true 一行即可发表。\n",
    );
    const check = await runScriptWith("check", dir, []);
    assert.equal(check.status, 1);
    assert.match(check.stderr, /content\/2021\/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng\.md:7 authors: not filled in yet \(【待填】, left by npm run import or new\)/);
  });

  it("takes reporters and several places, and never overwrites an existing article", async () => {
    const dir = await fixtureProject({});
    const flags = [...FLAGS, "--authors", "马志勇，贾鹏", "--place", "乐陵市、德州市"];
    const first = await runScriptWith("new", dir, flags, { CI: "true" });
    const second = await runScriptWith("new", dir, flags, { CI: "true" });
    assert.equal(first.stdout, "content/2021/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng.md\n");
    assert.equal(second.stdout, "content/2021/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng-2.md\n");
    const text = await readFile(path.join(dir, first.stdout.trim()), "utf8");
    assert.match(text, /^place: \[乐陵市, 德州市\]$/m);
    assert.match(text, /^authors: \[马志勇, 贾鹏\]$/m);
    assert.equal((await runScriptWith("check", dir, [])).status, 0);
  });

  it("gives the article the next free URL when its title's URL on that day is another file's, naming that file", async () => {
    const dir = await fixtureProject({ "2021/2021-10-22-leling-zuofeng.md": articleText(validFields()) });
    const flags = ["--title", "作风一变事业兴", "--date", "2021-10-22", "--place", "乐陵市", "--source", "齐鲁晚报", "--tags", "作风建设", "--authors", "马志勇"];
    const result = await runScriptWith("new", dir, flags, { CI: "true" });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "content/2021/2021-10-22-zuo-feng-yi-bian-shi-ye-xing-2.md\n");
    assert.equal(
      result.stderr,
      "/articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing/ is already the URL of content/2021/2021-10-22-leling-zuofeng.md\n" +
        "the new article's URL is /articles/2021/10/22/zuo-feng-yi-bian-shi-ye-xing-2/\n",
    );
    assert.match(await readFile(path.join(dir, result.stdout.trim()), "utf8"), /^slug: zuo-feng-yi-bian-shi-ye-xing-2$/m);
    const check = await runScriptWith("check", dir, []);
    assert.equal(check.status, 0, check.stderr);
    assert.doesNotMatch(check.stderr, /same URL/);
  });

  it("refuses an unknown place or newspaper with the known ones, writing nothing", async () => {
    const dir = await fixtureProject({});
    const place = await runScriptWith("new", dir, [...FLAGS, "--place", "乐陵"], { CI: "true" });
    assert.equal(place.status, 1);
    assert.match(place.stderr, /^place: unknown place "乐陵" — did you mean 乐陵市\?\nknown places: 山东省、德州市、德城区、陵城区/);
    const source = await runScriptWith("new", dir, [...FLAGS, "--source", "人民日报"], { CI: "true" });
    assert.equal(source.status, 1);
    assert.match(source.stderr, /^source: unknown newspaper "人民日报" — known: 大众日报、齐鲁晚报、鲁中晨报、德州日报、德州新闻网/);
    assert.equal(place.stdout + source.stdout, "");
  });

  it("asks for nothing under CI: it names the missing flags and exits 2", async () => {
    const dir = await fixtureProject({});
    const result = await runScriptWith("new", dir, ["--title", "只有标题"], { CI: "true" });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, "missing: --date --place --source --tags (not asked for: this is not an interactive terminal)\n");
  });

  it("refuses an impossible date through the same validation as the build, naming no file, as none was written", async () => {
    const dir = await fixtureProject({});
    const result = await runScriptWith("new", dir, [...FLAGS, "--date", "2021-02-30"], { CI: "true" });
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'date: impossible date "2021-02-30" — 2021-02 has 28 days\n');
    assert.ok(!existsSync(path.join(dir, "content", "2021")), "nothing is written");
  });

  it("writes into the folder --content names, with that folder's registries, as build and check read it", async () => {
    const dir = await fixtureProject({});
    await rename(path.join(dir, "content"), path.join(dir, "articles"));
    const result = await runScriptWith("new", dir, [...FLAGS, "--authors", "马志勇", "--content", "articles"], { CI: "true" });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "articles/2021/2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng.md\n");
    assert.ok(existsSync(path.join(dir, "articles", "2021", "2021-11-02-le-ling-zuo-feng-jian-she-jian-cheng.md")));
    assert.ok(!existsSync(path.join(dir, "content")), "nothing is written to content/");
    const check = await runScriptWith("check", dir, ["--content", "articles"]);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /^checked 1 articles \(1 drafts\)/);
    // Without the option, the registries are looked for in content/_data, which is not there.
    const missing = await runScriptWith("new", dir, FLAGS, { CI: "true" });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /content\/_data/);
  });
});

describe("npm run new in a terminal", { timeout: TEST_TIMEOUT_MS }, () => {
  /** Starts `new` in a pseudo-terminal (util-linux `script`), as an editor's terminal runs it; stopped when the test ends. */
  function inTerminal(t: { after(fn: () => unknown): void }, dir: string, args: string): Started {
    const [node, nodeArgs] = scriptCommand("new");
    const command = [node, ...nodeArgs].map((a) => `'${a}'`).join(" ") + ` ${args}`;
    const env = scriptEnv({ CI: undefined });
    const terminal = start("script", ["-q", "-e", "-c", command, "/dev/null"], { cwd: dir, env, stdin: "pipe" });
    t.after(() => terminal.stop());
    return terminal;
  }

  /** Answers each prompt once it has been printed: [what the prompt says, the answer]. */
  async function answer(terminal: Started, dialogue: readonly (readonly [RegExp, string])[]): Promise<void> {
    let from = 0;
    for (const [prompt, text] of dialogue) {
      await terminal.waitForOutput(prompt, { from });
      from = terminal.output().length;
      terminal.write(`${text}\r`);
    }
  }

  const PROMPTS = [/日期 \(date, YYYY-MM-DD\)[^:]*: /, /地区 \(place[^:]*: /, /报纸 \(source[^:]*: /, /标签 \(tags[^:]*: /, /记者 \(authors[^:]*: /];

  it("asks for each missing field and writes the article", async (t) => {
    const dir = await fixtureProject({});
    const terminal = inTerminal(t, dir, `'--title' '终端里新建'`);
    const answers = ["2021-11-02", "乐陵市", "齐鲁晚报", "作风建设,民生实事", "马志勇"];
    await answer(terminal, PROMPTS.map((p, i) => [p, answers[i] as string] as const));
    const { status } = await terminal.waitForExit();
    const output = terminal.output();
    assert.equal(status, 0, output);
    assert.match(output, /content\/2021\/2021-11-02-zhong-duan-li-xin-jian\.md/);
    const text = await readFile(path.join(dir, "content", "2021", "2021-11-02-zhong-duan-li-xin-jian.md"), "utf8");
    assert.match(text, /^date: 2021-11-02$/m);
    assert.match(text, /^source: 齐鲁晚报$/m);
    assert.match(text, /^place: 乐陵市$/m);
    assert.match(text, /^tags: \[作风建设, 民生实事\]$/m);
    assert.match(text, /^authors: \[马志勇\]$/m);
  });

  it("says what is wrong with an answer at once and asks again, keeping the other answers and naming no file", async (t) => {
    const dir = await fixtureProject({});
    const terminal = inTerminal(t, dir, `'--title' '答错重问'`);
    const [date, place, source, tags, authors] = PROMPTS as [RegExp, RegExp, RegExp, RegExp, RegExp];
    await answer(terminal, [
      [date, "2021-13-01"],
      [date, "2021-11-02"],
      [place, "乐陵"],
      [place, "乐陵市"],
      [source, "齐鲁晚报"],
      [tags, "作风建设"],
      [authors, "马志勇"],
    ]);
    const { status } = await terminal.waitForExit();
    const output = terminal.output();
    assert.equal(status, 0, output);
    // Each problem is said right after its answer, before the question is asked again.
    assert.match(output, /2021-13-01\r*\ndate: impossible date "2021-13-01" — there is no month 13\r*\n[^\n]*日期 \(date[^\n]*2021-11-02\r*\n/);
    assert.match(output, /乐陵\r*\nplace: unknown place "乐陵" — did you mean 乐陵市\?\r*\nknown places: [^\n]*\n[^\n]*地区 \(place[^\n]*乐陵市\r*\n/);
    assert.doesNotMatch(output, /\.md:\d/, "a message names a file that does not exist");
    assert.match(output, /content\/2021\/2021-11-02-da-cuo-zhong-wen\.md/);
    const text = await readFile(path.join(dir, "content", "2021", "2021-11-02-da-cuo-zhong-wen.md"), "utf8");
    assert.match(text, /^title: 答错重问$/m);
    assert.match(text, /^date: 2021-11-02$/m);
    assert.match(text, /^place: 乐陵市$/m);
    assert.match(text, /^authors: \[马志勇\]$/m);
  });

  it("asks again for a field whose flag is wrong, after saying why", async (t) => {
    const dir = await fixtureProject({});
    const terminal = inTerminal(t, dir, `'--title' '旗标有误' '--place' '乐陵' '--date' '2021-11-02' '--source' '齐鲁晚报' '--tags' '作风建设'`);
    await terminal.waitForOutput(/place: unknown place "乐陵" — did you mean 乐陵市\?/);
    await answer(terminal, [[PROMPTS[1] as RegExp, "乐陵市"]]);
    const { status } = await terminal.waitForExit();
    const output = terminal.output();
    assert.equal(status, 0, output);
    assert.doesNotMatch(output, /日期 \(date/, "a field given rightly is not asked for");
    assert.match(await readFile(path.join(dir, "content", "2021", "2021-11-02-qi-biao-you-wu.md"), "utf8"), /^place: 乐陵市$/m);
  });

  it("keeps every answer typed ahead or pasted at once, before the prompts appear", async (t) => {
    const dir = await fixtureProject({});
    const terminal = inTerminal(t, dir, `'--title' '一次粘贴'`);
    terminal.write(["2021-11-03", "禹城市", "大众日报", "作风建设,营商环境", "张海峰，贾鹏"].map((a) => `${a}\r`).join(""));
    const { status } = await terminal.waitForExit();
    const output = terminal.output();
    assert.equal(status, 0, output);
    for (const prompt of PROMPTS) assert.match(output, prompt);
    assert.match(output, /content\/2021\/2021-11-03-yi-ci-nian-tie\.md/);
    const text = await readFile(path.join(dir, "content", "2021", "2021-11-03-yi-ci-nian-tie.md"), "utf8");
    assert.match(text, /^date: 2021-11-03$/m);
    assert.match(text, /^source: 大众日报$/m);
    assert.match(text, /^place: 禹城市$/m);
    assert.match(text, /^tags: \[作风建设, 营商环境\]$/m);
    assert.match(text, /^authors: \[张海峰, 贾鹏\]$/m);
  });

  for (const [key, name] of [["\u0004", "Ctrl+D"], ["\u0003", "Ctrl+C"]] as const) {
    it(`stops without writing anything when the editor presses ${name}`, async (t) => {
      const dir = await fixtureProject({});
      const terminal = inTerminal(t, dir, `'--title' '不写了'`);
      await answer(terminal, [[PROMPTS[0] as RegExp, "2021-11-02"]]);
      await terminal.waitForOutput(PROMPTS[1] as RegExp);
      terminal.write(key);
      const { status } = await terminal.waitForExit();
      const output = terminal.output();
      assert.equal(status, 130, output);
      assert.match(output, /cancelled: nothing was written/);
      assert.equal(existsSync(path.join(dir, "content", "2021")), false);
    });
  }
});
