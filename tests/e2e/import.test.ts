/**
 * `npm run import`, run as a process on the seed documents and on fixtures, the way an editor
 * runs it: what it prints, its exit status, and the drafts it writes.
 */
import assert from "node:assert/strict";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import iconv from "iconv-lite";
import { splitFrontMatter } from "../../src/content/frontmatter.ts";
import { FILL_IN } from "../../src/content/schema.ts";
import { fixtureProject, repoDir, runScript, runScriptWith, tempDir, type RunResult } from "../support/project.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";

// The five source documents the seed archive was made from (copied from the project's shared seeds).
const seedsDir = path.join(repoDir, "tests", "fixtures", "seeds");
const fixturesDir = path.join(repoDir, "tests", "fixtures", "import");

/** `npm run import -- ARGS` in `cwd`. */
const runImport = (args: readonly string[], cwd: string): Promise<RunResult> => runScriptWith("import", cwd, args);

/** Paths printed as "  wrote PATH", resolved against cwd. */
function written(stdout: string, cwd: string): string[] {
  return [...stdout.matchAll(/^ {2}wrote (\S+\.md)/gm)].map((m) => path.resolve(cwd, m[1] ?? ""));
}

/** Paths written for each input file, in the order printed ("FILE: ENCODING — N articles" then its drafts). */
function writtenPerFile(stdout: string, cwd: string): Map<string, { encoding: string; drafts: string[] }> {
  const files = new Map<string, { encoding: string; drafts: string[] }>();
  let current: { encoding: string; drafts: string[] } | undefined;
  for (const line of stdout.split("\n")) {
    const header = /^(\S.*?): (.+) — \d+ articles?$/.exec(line);
    if (header) {
      current = { encoding: header[2] ?? "", drafts: [] };
      files.set(path.basename(header[1] ?? ""), current);
    }
    const draft = /^ {2}wrote (\S+\.md)/.exec(line);
    if (draft && current) current.drafts.push(path.resolve(cwd, draft[1] ?? ""));
  }
  return files;
}

interface Draft {
  readonly file: string;
  readonly text: string;
  readonly fields: Record<string, unknown>;
  readonly body: string;
}

async function readDraft(file: string): Promise<Draft> {
  const text = await readFile(file, "utf8");
  const split = splitFrontMatter(text);
  assert.ok(split.ok && split.source.frontMatter.errors.length === 0, `${file} has front matter`);
  return { file, text, fields: split.source.frontMatter.data as Record<string, unknown>, body: split.source.body };
}

const seedFiles = async () => (await readdir(seedsDir)).filter((f) => f.endsWith(".txt")).sort().map((f) => path.join(seedsDir, f));
const asList = (value: unknown) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
/** Headlines compared as an editor reads them: quote styles, colon widths and spaces aside. */
const normalize = (s: unknown) =>
  String(s ?? "")
    .normalize("NFKC")
    .replace(/[“”"『』「」]/g, '"')
    .replace(/[‘’']/g, "'")
    .replace(/\s+/g, "");
const hanOnly = (s: string) => s.replace(/[^\u3400-\u9fff]/g, "");

/**
 * Bytes from text in an encoding (iconv-lite), raw byte values, or both, joined. Plain Uint8Arrays:
 * @types/node 20's Buffer does not type-check as one under TypeScript 6.
 */
function bytes(...parts: (readonly number[] | { text: string; encoding: string; bom?: boolean })[]): Uint8Array {
  const arrays = parts.map((p) => ("text" in p ? Uint8Array.from(iconv.encode(p.text, p.encoding, { addBOM: p.bom ?? false })) : Uint8Array.from(p)));
  const joined = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    joined.set(a, at);
    at += a.length;
  }
  return joined;
}

type Field = "date" | "source" | "page" | "place" | "authors" | "correspondents" | "editor" | "url";
const COMPARED: readonly Field[] = ["date", "source", "page", "place", "authors", "correspondents", "editor", "url"];
const REQUIRED = new Set<Field>(["date", "source", "place", "authors"]);

/**
 * Each published seed article, the headline its draft gets (or FILL_IN, found by its dateline),
 * and the fields its source text states. The rest the text does not state: the 003 page prints
 * no date and no paper's name; 000 and 001 name no place in headline or dateline; the 公安 and
 * 农贸 articles have neither a place-first headline nor a dateline.
 */
const PUBLISHED: readonly { file: string; draftTitle: string; bodyStart?: string; stated: readonly Field[] }[] = [
  { file: "2021/2021-10-22-leling-zuofeng.md", draftTitle: "作风一变事业兴", stated: ["date", "source", "page", "authors", "correspondents", "editor"] },
  { file: "2021/2021-11-06-zhangdian-zuofeng.md", draftTitle: "干部好作风就是生产力", stated: ["source", "authors", "correspondents"] },
  { file: "2019/2019-03-01-lingcheng-dianbing.md", draftTitle: "陵城:狠抓落实一线“点兵”励担当", stated: ["source", "place", "authors"] },
  { file: "2022/2022-01-07-dezhou-shuzeshulian.md", draftTitle: "德州率先开展市级同级述责述廉", stated: ["place", "authors", "correspondents"] },
  { file: "2022/2022-01-07-leling-zhongdian-xiangmu.md", draftTitle: FILL_IN, bodyStart: "本报乐陵讯", stated: ["place", "authors", "correspondents"] },
  { file: "2022/2022-01-07-dezhou-nongmao-shichang.md", draftTitle: '市场大变样 扮靓"菜篮子"', stated: ["authors"] },
  { file: "2022/2022-01-07-qihe-waishang-touzi.md", draftTitle: "齐河百余次沟通 引来外商投资", stated: ["place", "authors", "correspondents"] },
  { file: "2022/2022-01-07-xiajin-ganbu-yewu-dabiwu.md", draftTitle: "夏津组织开展 干部业务大比武", stated: ["place", "authors", "correspondents"] },
  { file: "2022/2022-01-07-yucheng-pulu-ganbu.md", draftTitle: '禹城:干事一线造就"铺路型"', stated: ["place", "authors", "correspondents"] },
  { file: "2022/2022-01-07-dezhou-gongan-xinmeiti.md", draftTitle: "公安政务新媒体为何这么", stated: ["authors", "correspondents"] },
  { file: "2022/2022-01-07-ningjin-shuzi-jingji.md", draftTitle: "宁津:数字经济 赋能高质量发展", stated: ["place", "authors", "correspondents"] },
  { file: "2022/2022-02-15-pingyuan-yuandongli.md", draftTitle: "平原：激活高质量发展原动力", stated: ["date", "source", "place", "authors", "url"] },
];

describe("npm run import", { timeout: TEST_TIMEOUT_MS }, () => {
  test("importing every seed document gives drafts whose metadata matches the published articles wherever the text states it, and 【待填】 where it does not", async () => {
    const out = await tempDir("import-seeds-");
    const result = await runImport(["--out", out, ...(await seedFiles())], repoDir);
    assert.equal(result.status, 0, result.stderr);
    const drafts = await Promise.all(written(result.stdout, repoDir).map(readDraft));
    assert.equal(drafts.length, PUBLISHED.length, "one draft per published article (the 003 page carries eight)");
    assert.match(result.stdout, /003_\S+\.txt: UTF-8 — 8 articles/);

    for (const expected of PUBLISHED) {
      const published = (await readDraft(path.join(repoDir, "content", expected.file))).fields;
      const matches = drafts.filter((d) => d.fields.title === expected.draftTitle && (!expected.bodyStart || d.body.startsWith(expected.bodyStart)));
      assert.equal(matches.length, 1, `one draft titled ${expected.draftTitle} for ${expected.file}`);
      const draft = matches[0] as Draft;
      if (expected.draftTitle !== FILL_IN) {
        const headline = normalize(draft.fields.title);
        assert.ok(
          normalize(published.title).includes(headline) || normalize(published.subtitle).includes(headline),
          `${expected.file}: the draft's headline ${String(draft.fields.title)} is the printed one`,
        );
      }
      for (const field of COMPARED) {
        const label = `${expected.file} ${field}`;
        if (expected.stated.includes(field)) assert.deepEqual(asList(draft.fields[field]), asList(published[field]), label);
        else if (REQUIRED.has(field)) assert.equal(draft.fields[field], FILL_IN, `${label} is not stated, so it must be ${FILL_IN}`);
        else assert.equal(draft.fields[field], undefined, `${label} is not stated, so the draft leaves it out`);
      }
      assert.equal(draft.fields.tags, FILL_IN, `${expected.file}: tags are the editor's choice`);
      assert.equal(draft.fields.draft, true);
    }
  });

  test("drafts keep the printed wording: every paragraph's characters appear in that order in the source", async () => {
    const out = await tempDir("import-wording-");
    const seeds = await seedFiles();
    const result = await runImport(["--out", out, ...seeds], repoDir);
    assert.equal(result.status, 0, result.stderr);
    const perFile = writtenPerFile(result.stdout, repoDir);
    for (const seed of seeds) {
      const source = hanOnly(await readFile(seed, "utf8"));
      for (const file of perFile.get(path.basename(seed))?.drafts ?? []) {
        const { body } = await readDraft(file);
        for (const paragraph of body.split(/\n\n+/)) {
          assert.ok(source.includes(hanOnly(paragraph)), `${path.basename(file)}: ${paragraph.slice(0, 30)}… is in ${path.basename(seed)}`);
        }
        assert.doesNotMatch(body, /<\/?p[ >]|□记者|编辑：|版权与免责声明/, `${path.basename(file)}: no markup, bylines or page furniture in the body`);
      }
    }
    const qihe = await readDraft(perFile.get("003_3dec371f0a637f79.txt")?.drafts.find((f) => f.includes("qi-he")) ?? "");
    assert.ok(qihe.body.startsWith("本报齐河讯\u3000岁末年初,齐河招商引资再传喜讯,经过3年攻关,100余次电话和微信联系,9次见面洽谈"), "OCR line-end spaces removed, dateline kept");
  });

  test("drafts go where the convention puts them, and npm run check names every 【待填】 field until an editor fills it in", async () => {
    const project = await fixtureProject({});
    const result = await runImport(await seedFiles(), project);
    assert.equal(result.status, 0, result.stderr);
    const files = written(result.stdout, project).map((f) => path.relative(project, f).split(path.sep).join("/"));
    assert.equal(files.length, 12);
    assert.ok(files.includes("content/2021/2021-10-22-zuo-feng-yi-bian-shi-ye-xing.md"), files.join("\n"));
    assert.ok(files.some((f) => /^content\/2022\/2022-02-15-ping-yuan-[a-z-]+\.md$/.test(f)), "a dated draft goes to content/<year>/<date>-<slug>.md");
    for (const file of files) {
      assert.match(file, /^content\/(?:\d{4}\/\d{4}-\d{2}-\d{2}-|drafts\/)[a-z0-9-]+\.md$/);
      const slug = path.basename(file, ".md").replace(/^\d{4}-\d{2}-\d{2}-/, "");
      assert.ok(slug.length <= 40, `${file}: slug of at most 40 characters`);
    }
    assert.ok(files.includes("content/drafts/untitled.md"), "a draft without a headline is named untitled");

    const refused = await runScript("check", project);
    assert.equal(refused.status, 1, refused.stdout);
    let unfilled = 0;
    for (const file of files) {
      const text = await readFile(path.join(project, file), "utf8");
      assert.match(text, /\ndraft: true\n/);
      text.split("\n").forEach((line, i) => {
        const field = new RegExp(`^(\\w+): ${FILL_IN}$`).exec(line)?.[1];
        if (!field) return;
        unfilled++;
        assert.ok(refused.stderr.includes(`${file}:${i + 1} ${field}: not filled in yet (${FILL_IN}`), `check names ${file}:${i + 1} ${field}\n${refused.stderr}`);
      });
    }
    assert.ok(refused.stderr.includes(`${unfilled} errors in 12 files`), refused.stderr);

    // The editor fills in what the text did not say.
    const fills: Record<string, (n: number) => string> = {
      title: (n) => `编者拟题${n}`,
      date: () => "2022-01-07",
      source: () => "大众日报",
      place: () => "德州市",
      tags: () => "[作风建设]",
      authors: () => "[张海峰]",
    };
    for (const [n, file] of files.entries()) {
      const full = path.join(project, file);
      const text = await readFile(full, "utf8");
      const filled = text.replace(new RegExp(`^(\\w+): ${FILL_IN}$`, "gm"), (_, field: string) => `${field}: ${fills[field]?.(n) ?? "?"}`);
      assert.ok(!filled.includes(`: ${FILL_IN}`));
      await writeFile(full, filled);
    }
    const passed = await runScript("check", project);
    assert.equal(passed.status, 0, passed.stderr);
    assert.match(passed.stdout, /checked 12 articles \(12 drafts\)/);
  });

  test("a page header's date is the publication date, a date in the text is not, and lines broken by OCR are joined", async () => {
    const out = await tempDir("import-header-");
    const result = await runImport(["--out", out, path.join(fixturesDir, "header-date-page.txt")], repoDir);
    assert.equal(result.status, 0, result.stderr);
    const [file] = written(result.stdout, repoDir);
    const draft = await readDraft(file ?? "");
    assert.equal(path.basename(draft.file), "2021-12-03-ning-jin-chuang-kou-hao-cha-ping-dao-bi.md");
    assert.deepEqual(
      { ...draft.fields },
      {
        title: "宁津：窗口“好差评”倒逼作风转变",
        date: "2021-12-03",
        source: "齐鲁晚报",
        page: "A05",
        place: "宁津县",
        tags: FILL_IN,
        authors: ["马志勇"],
        correspondents: ["贾鹏", "于东钧"],
        editor: "王小明",
        draft: true,
      },
    );
    assert.equal(
      draft.body.trim(),
      "2021年11月30日，宁津县政务服务中心公布了11月的“好差评”结果，群众满意率达到99.8%。\n\n“差评必须当天回访。”县行政审批服务局负责人说，今年以来共整改问题46个。",
    );
  });

  test("GB18030, GBK with CRLF, UTF-16LE and UTF-16BE with a BOM, UTF-8 with a BOM and CRLF inputs are decoded alike, and each encoding is printed", async () => {
    const dir = await tempDir("import-encodings-");
    const text = await readFile(path.join(seedsDir, "002_656a4e0b7189dfe8.txt"), "utf8");
    const crlf = text.replace(/\n/g, "\r\n");
    const inputs: Record<string, { bytes: Uint8Array; encoding: string }> = {
      "utf8.txt": { bytes: bytes({ text, encoding: "utf8" }), encoding: "UTF-8" },
      "gb18030.txt": { bytes: bytes({ text, encoding: "gb18030" }), encoding: "GB18030" },
      "gbk-crlf.txt": { bytes: bytes({ text: crlf, encoding: "gbk" }), encoding: "GB18030, CRLF line endings" },
      "utf16le.txt": { bytes: bytes({ text, encoding: "utf16le", bom: true }), encoding: "UTF-16LE with BOM" },
      "utf16be.txt": { bytes: bytes([0xfe, 0xff], { text, encoding: "utf16be" }), encoding: "UTF-16BE with BOM" },
      "utf8-bom.txt": { bytes: bytes([0xef, 0xbb, 0xbf], { text, encoding: "utf8" }), encoding: "UTF-8 with BOM" },
      "crlf.txt": { bytes: bytes({ text: crlf, encoding: "utf8" }), encoding: "UTF-8, CRLF line endings" },
    };
    assert.deepEqual([...(inputs["utf16le.txt"]?.bytes.subarray(0, 2) ?? [])], [0xff, 0xfe], "iconv-lite wrote the UTF-16LE byte-order mark");
    assert.notDeepEqual(inputs["gb18030.txt"]?.bytes, inputs["utf8.txt"]?.bytes);
    for (const [name, input] of Object.entries(inputs)) await writeFile(path.join(dir, name), input.bytes);

    const out = path.join(dir, "out");
    const result = await runImport(["--out", out, ...Object.keys(inputs).map((n) => path.join(dir, n))], repoDir);
    assert.equal(result.status, 0, result.stderr);
    const perFile = writtenPerFile(result.stdout, repoDir);
    const reference = await readDraft(perFile.get("utf8.txt")?.drafts[0] ?? "");
    assert.equal(reference.fields.title, "陵城:狠抓落实一线“点兵”励担当");
    const withoutOrigin = (draft: Draft) => draft.text.replace(/^# Imported by .*\n/m, "");
    for (const [name, { encoding }] of Object.entries(inputs)) {
      assert.ok(result.stdout.includes(`${path.join(dir, name)}: ${encoding} — 1 article`), `${name} is read as ${encoding}\n${result.stdout}`);
      const drafts = perFile.get(name)?.drafts ?? [];
      assert.equal(drafts.length, 1, name);
      const draft = await readDraft(drafts[0] ?? "");
      assert.ok(draft.text.includes(`(${encoding})`), `${name}: the draft records its encoding`);
      assert.equal(withoutOrigin(draft), withoutOrigin(reference), `${name} gives the same draft as UTF-8`);
      assert.doesNotMatch(draft.text, /\r|\uFEFF/);
    }
  });

  test("a file that cannot be decoded is refused with its byte offset and a non-zero exit, and the other files are still imported", async () => {
    const dir = await tempDir("import-invalid-");
    const gbText = bytes({ text: "陵城:狠抓落实一线“点兵”励担当\n\n□记者 任婧婉\n\n近日,", encoding: "gb18030" });
    const cases: Record<string, { bytes: Uint8Array; offset: number }> = {
      // GB18030 up to a byte that is neither GB18030 nor UTF-8 (0xFF never occurs in either).
      "damaged-gbk.txt": { bytes: bytes([...gbText], [0xff, 0x41]), offset: gbText.length },
      // 0x81 0x20: a GB18030 lead byte followed by a byte that cannot follow it.
      "bad-pair.txt": { bytes: bytes([0x41, 0x42, 0x0a, 0x81, 0x20, 0x43]), offset: 3 },
      // A UTF-8 byte-order mark promises UTF-8: a GB18030 byte after it is refused, not guessed at.
      "bom-then-gbk.txt": { bytes: bytes([0xef, 0xbb, 0xbf, 0x41], { text: "陵城", encoding: "gb18030" }), offset: 4 },
      // Half a UTF-16 character at the end.
      "odd-utf16.txt": { bytes: bytes({ text: "陵城", encoding: "utf16le", bom: true }, [0x41]), offset: 6 },
      // NUL bytes: UTF-16 without a byte-order mark, or not text at all.
      "utf16-no-bom.txt": { bytes: bytes({ text: "AB陵城", encoding: "utf16le" }), offset: 1 },
    };
    for (const [name, input] of Object.entries(cases)) await writeFile(path.join(dir, name), input.bytes);
    const good = path.join(seedsDir, "002_656a4e0b7189dfe8.txt");
    const out = path.join(dir, "out");
    const result = await runImport(["--out", out, ...Object.keys(cases).map((n) => path.join(dir, n)), good], repoDir);
    assert.notEqual(result.status, 0);
    for (const [name, { offset }] of Object.entries(cases)) {
      const line = result.stderr.split("\n").find((l) => l.startsWith(`error: ${path.join(dir, name)}: `));
      assert.ok(line, `${name} is refused by name\n${result.stderr}`);
      assert.ok(line.includes(`at byte offset ${offset}:`), `${name}: offset ${offset} in: ${line}`);
    }
    assert.match(result.stderr, /1 draft written from 1 of 6 files; not imported: /);
    assert.equal(written(result.stdout, repoDir).length, 1, "the good file is still imported");
    assert.deepEqual(await readdir(out), ["ling-cheng-hen-zhua-luo-shi-yi-xian-dian.md"]);
  });

  test("a Jekyll post's HTML becomes Markdown paragraphs, and its URL, source, date and byline are taken", async () => {
    const out = await tempDir("import-jekyll-");
    const result = await runImport(["--out", out, path.join(seedsDir, "004_f5d6362a3da3be2b.txt")], repoDir);
    assert.equal(result.status, 0, result.stderr);
    const draft = await readDraft(written(result.stdout, repoDir)[0] ?? "");
    assert.equal(draft.fields.url, "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202152276714370");
    assert.equal(draft.fields.source, "大众日报");
    assert.equal(draft.fields.date, "2022-02-15");
    assert.deepEqual(draft.fields.authors, ["张大伟", "曹伟"]);
    const paragraphs = draft.body.trim().split("\n\n");
    assert.ok(paragraphs[0]?.startsWith("政治路线确定后，干部是决定因素。"));
    assert.ok(paragraphs.includes("①平原城乡新貌"), "photo captions stay as paragraphs");
    assert.ok(paragraphs.every((p) => !p.includes("\n")), "one line per paragraph");
    assert.doesNotMatch(draft.body, /<\/?\w|&\w+;|返回|首页|文章来源|□张大伟曹伟|https?:/, "no HTML, navigation, credit, byline or URL left in the body");

    // Entities, <br>, nested blocks and images; a time zone that puts the post on the next day in China.
    const post = path.join(out, "post.html");
    await writeFile(
      post,
      [
        "---",
        'title: "乐陵：窗口前移到村头"',
        "date: 2021-10-21 20:30:00 -0500",
        "---",
        '<p>甲&amp;乙<br>丙<img src="x.jpg" alt="照片"></p>',
        "<div><p>丁<strong>戊</strong></p></div>",
        "",
        "<p>（文章来源：齐鲁晚报）</p>",
        "",
      ].join("\n"),
    );
    const second = await runImport(["--out", out, post], repoDir);
    assert.equal(second.status, 0, second.stderr);
    const converted = await readDraft(written(second.stdout, repoDir)[0] ?? "");
    assert.equal(path.basename(converted.file), "2021-10-22-le-ling-chuang-kou-qian-yi-dao-cun-tou.md");
    assert.equal(converted.fields.date, "2021-10-22", "20:30 at UTC−5 is the next morning in China");
    assert.equal(converted.fields.source, "齐鲁晚报");
    assert.equal(converted.fields.place, "乐陵市");
    assert.equal(converted.fields.authors, FILL_IN, "no byline, so no authors");
    assert.equal(converted.body.trim(), "甲&乙\n\n丙\n\n丁**戊**");
    assert.match(converted.text, /# left out 1 image/);
  });

  test("files are never overwritten: a second import adds -2, -3, and an editor's file stays as it was", async () => {
    const out = await tempDir("import-twice-");
    const seed = path.join(seedsDir, "002_656a4e0b7189dfe8.txt");
    const existing = path.join(out, "ling-cheng-hen-zhua-luo-shi-yi-xian-dian.md");
    await mkdir(out, { recursive: true });
    await writeFile(existing, "an editor's work\n");
    const first = await runImport(["--out", out, seed], repoDir);
    const second = await runImport(["--out", out, seed], repoDir);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(second.status, 0, second.stderr);
    assert.deepEqual(written(first.stdout, repoDir), [existing.replace(/\.md$/, "-2.md")]);
    assert.deepEqual(written(second.stdout, repoDir), [existing.replace(/\.md$/, "-3.md")]);
    assert.equal(await readFile(existing, "utf8"), "an editor's work\n");
    assert.equal(await readFile(existing.replace(/\.md$/, "-2.md"), "utf8"), await readFile(existing.replace(/\.md$/, "-3.md"), "utf8"));
  });

  test("without files, or with an unknown option, it prints its usage and exits 2", async () => {
    const none = await runImport([], repoDir);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /error: no files given[\s\S]*usage: npm run import -- \[--out DIR\] FILE…/);
    const unknown = await runImport(["--force", "x.txt"], repoDir);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option --force/);
  });
});
