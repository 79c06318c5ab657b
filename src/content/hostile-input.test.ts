import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { articleText, fixtureProject, validFields } from "../../tests/support/project.ts";
import { loadArchive } from "./load.ts";
import { formatProblem } from "./problems.ts";

/** Loads a fixture archive: its problems as the editor sees them, and the articles when it loads. */
async function load(articles: Record<string, string | Uint8Array>) {
  const { archive, problems } = await loadArchive({ rootDir: await fixtureProject(articles) });
  const lines = (severity: string) => problems.filter((p) => p.severity === severity).map(formatProblem);
  return { archive, errors: lines("error"), warnings: lines("warning") };
}

const article = (overrides: Record<string, string | undefined>, body?: string) => articleText(validFields(overrides), body);

describe("hostile input to the content gate", () => {
  it("reads a file with Windows line breaks like any other, whatever its last field", async () => {
    const crlf = (text: string) => text.replaceAll("\n", "\r\n");
    const flowLast = crlf(article({ authors: undefined }).replace("---\n正文", "authors: [马志勇]\n---\n正文"));
    const plainLast = crlf(article({}));
    const { archive, errors, warnings } = await load({ "a.md": flowLast, "b.md": plainLast.replace("作风一变事业兴", "另一篇") });
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings.filter((w) => !/characters long/.test(w)), []);
    assert.deepEqual(archive?.articles.map((a) => [a.authors, a.body]), [[["马志勇"], "正文。\n"], [["马志勇"], "正文。\n"]]);
  });
});

describe("text no page or feed may hold", () => {
  it("refuses control, bidirectional and noncharacters and U+FFFD in every text field, naming the character and the value", async () => {
    const { errors } = await load({
      "a.md": article({ title: '"作风\\0一变"', subtitle: '"响铃\\a"', editor: '"\\e[31m常学艺"' }),
      "b.md": article({ title: '"反转\\u202E文字"', tags: '[作风建设, "\\uFFFE"]', authors: '["\\uFFFD马志勇"]', page: '"A\\x85"' }),
      "c.md": article({ note: '"第一行\\n第二行\\u2066"', date_note: '"说明\\t可以有制表符"' }),
    });
    assert.deepEqual(errors, [
      'content/a.md:2:8 title: contains U+0000, a control character, at character 3 — remove it: "作风\\u{0}一变"',
      'content/a.md:9:11 subtitle: contains U+0007, a control character, at character 3 — remove it: "响铃\\u{7}"',
      'content/a.md:10:9 editor: contains U+001B, a control character, at character 1 — remove it: "\\u{1B}[31m常学艺"',
      'content/b.md:2:8 title: contains U+202E, a bidirectional override, at character 3 — remove it: "反转\\u{202E}文字"',
      'content/b.md:5:7 page: contains U+0085, a control character, at character 2 — remove it: "A\\u{85}"',
      'content/b.md:7:14 tags: contains U+FFFE, a noncharacter, at character 1 — remove it: "\\u{FFFE}"',
      'content/b.md:8:11 authors: contains U+FFFD, the replacement character (text lost in a conversion), at character 1 — remove it: "\\u{FFFD}马志勇"',
      'content/c.md:9:7 note: contains U+2066, a bidirectional override, at character 8 — remove it: "第一行\\n第二行\\u{2066}"',
    ]);
  });

  it("refuses them in the body too, with the line and column (a lone surrogate is written to a file as U+FFFD)", async () => {
    const { errors } = await load({ "a.md": article({}, "第一段。\n\n第二段\u0000。\n"), "b.md": article({ title: "乙" }, "甲\t乙\n\ud800\n"), "c.md": article({ title: '"半\\uD800"' }) });
    assert.deepEqual(errors, [
      "content/a.md:12:4 the text contains U+0000, a control character — remove it",
      "content/b.md:11:1 the text contains U+FFFD, the replacement character (text lost in a conversion) — remove it",
      'content/c.md:2:8 title: contains U+D800, half of a surrogate pair, at character 2 — remove it: "半\\u{D800}"',
    ]);
  });

  it("prints no raw control or bidirectional character in a message, and cuts long values to 200 characters", async () => {
    const long = "长".repeat(272);
    const { errors } = await load({ "a.md": article({ place: `"${long}"` }), "b\u202e.md": article({ source: '"齐鲁\\u202E晚报"' }) });
    assert.equal(errors.length, 2);
    assert.ok(errors[0]?.includes(`"${"长".repeat(200)}…"`), errors[0]);
    assert.equal(errors[1], 'content/b\\u{202E}.md:4:9 source: contains U+202E, a bidirectional override, at character 3 — remove it: "齐鲁\\u{202E}晚报"');
  });
});

describe("names that become paths", () => {
  it("gives tags and reporters named like Windows devices folders Windows can create", async () => {
    const { archive, errors } = await load({ "a.md": article({ tags: "[NUL, COM1, prn.]", authors: "[CON]" }) });
    assert.deepEqual(errors, []);
    assert.deepEqual([...(archive?.tagSlugs.values() ?? [])], ["nul-0", "com1-0", "prn-0"]);
    assert.deepEqual([...(archive?.authorSlugs.values() ?? [])], ["con-0"]);
  });

  it("refuses a slug field Windows reserves, showing the value", async () => {
    const { errors } = await load({ "a.md": article({ slug: "con" }), "b.md": article({ slug: "Bad Slug" }) });
    assert.deepEqual(errors, [
      'content/a.md:9:7 slug: is a device name Windows reserves (no folder may have it) — add a suffix, e.g. con-1; got "con"',
      'content/b.md:9:7 slug: must be lowercase pinyin or digits joined by hyphens; got "Bad Slug"',
    ]);
  });
});

describe("long titles", () => {
  it("keep distinct URLs when their pinyin is cut to the same prefix, and short titles keep theirs", async () => {
    const long = "德州市委常委会召开会议深入学习贯彻习近平总书记重要讲话精神研究部署";
    const { archive, errors } = await load({ "a.md": article({ title: `${long}作风建设工作` }), "b.md": article({ title: `${long}民生实事工作` }), "c.md": article({ title: "短标题" }) });
    assert.deepEqual(errors, []);
    const slugs = archive?.articles.map((a) => a.slug).sort() ?? [];
    assert.equal(new Set(slugs).size, 3);
    assert.ok(slugs.includes("duan-biao-ti"));
    for (const slug of slugs.filter((s) => s !== "duan-biao-ti")) assert.match(slug, /^de-zhou-shi-wei-.*-[0-9a-f]{4}$/);
    assert.ok(slugs.every((s) => s.length <= 60));
  });
});

describe("dates with a time", () => {
  it("are read as the day in China, as written by feeds and CMSs", async () => {
    const { archive, errors } = await load({ "a.md": article({ date: "2021-03-04T00:30:00+08:00" }), "b.md": article({ title: "乙", date: "2021-03-03T16:30:00Z" }) });
    assert.deepEqual(errors, []);
    assert.deepEqual(archive?.articles.map((a) => a.date.iso), ["2021-03-04", "2021-03-04"]);
  });
});

describe("messages", () => {
  it("give the line of an alias bomb and no quoting hint", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefgh".split("").map((c, i) => `${c}: &${c} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)].join("\n");
    const { errors } = await load({ "a.md": `---\n${bomb}\n---\n正文\n` });
    assert.deepEqual(errors, ["content/a.md:3 YAML: more than 50 aliases (*name) expanded — write the values out"]);
  });

  it("name the line of an alias inside the value it names, in an article or a registry, instead of failing without end", async () => {
    const { errors } = await load({ "a.md": "---\ntitle: 甲\ntags: &t [作风建设, *t]\n---\n正文\n" });
    assert.deepEqual(errors, ["content/a.md:3 YAML: an alias (*name) inside the value it names — write the values out"]);
    const registry = await load({ "a.md": article({}), "_data/places.yaml": "- &p\n  name: 山东省\n  slug: shandong\n  children: [*p]\n" });
    assert.deepEqual(registry.errors, ["content/_data/places.yaml:4 YAML: an alias (*name) inside the value it names — write the values out"]);
  });

  it("give the column where the YAML library has one", async () => {
    const { errors } = await load({ "a.md": article({ tags: "[作风建设, 民生实事" }) });
    assert.match(errors[0] ?? "", /^content\/a\.md:\d+:\d+ YAML: .* — check the quoting and indentation$/);
  });

  it("name both files when two names differ only by case", async () => {
    const { errors } = await load({ "a.md": article({ tags: "[ETC]" }), "b.md": article({ title: "乙", tags: "[etc]" }), "c.md": article({ title: "Abc" }), "d.md": article({ title: "abc" }) });
    assert.deepEqual(errors, [
      "content/d.md slug: same URL /articles/2021/10/22/abc/ as content/c.md — give one of them a different slug",
      'content/b.md tags: tag "etc" would share the URL /tags/etc/ with tag "ETC" in content/a.md — use one spelling',
    ]);
  });
});

describe("bodies the renderer would lose or the link check could not read", () => {
  it("refuse text nested past markdown-it's limit, naming the line where it would be lost", async () => {
    const lists = `开头一段。\n\n${"- ".repeat(120)}深处\n\n最后一段。\n`;
    const quotes = `开头一段。\n\n${"> ".repeat(120)}深处\n`;
    const { errors } = await load({ "a.md": article({}, lists), "b.md": article({ title: "乙" }, quotes), "c.md": article({ title: "丙" }, `${"> ".repeat(30)}不深\n`) });
    assert.deepEqual(errors, [
      "content/a.md:12 Markdown nested 100 levels deep (quotes or lists): the text from here on would be lost — nest less",
      "content/b.md:12 Markdown nested 100 levels deep (quotes or lists): the text from here on would be lost — nest less",
    ]);
  });

  it("refuse a body or a title longer than the search index holds for an article, naming the file, the line and the length", async () => {
    const paragraph = "作风建设永远在路上。".repeat(99) + "\n\n";
    const long = paragraph.repeat(Math.ceil(1_000_001 / paragraph.length));
    const { errors } = await load({ "a.md": article({}, long), "b.md": article({ title: "乙" }, long.slice(0, 1_000_000)), "c.md": article({ title: "长".repeat(501) }), "d.md": article({ title: "丁".repeat(500) }) });
    assert.deepEqual(errors, [
      `content/a.md:10 the text is ${long.length.toLocaleString("en-US")} characters long, more than the 1,000,000 one article may have — split it into parts`,
      `content/c.md:2:8 title: is longer than a headline can be (at most 500 characters) — is the article's text in the title?`,
    ]);
  });

  it("refuse a link whose percent escape is cut off, naming the file and line", async () => {
    const { errors } = await load({ "a.md": article({}, "第一段。\n\n见[此处](/%E4%B8)与[外链](https://example.com/%E4%B8)；100%合格。\n"), "b.md": article({ title: "乙" }, "[好](/%E4%B8%AD/)\n") });
    assert.deepEqual(errors, ['content/a.md:12 link "/%E4%B8" has a percent escape that is cut off or not UTF-8 — write the address whole (e.g. %E4%B8%AD for 中), or the character itself']);
  });
});
