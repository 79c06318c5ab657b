import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { loadRegistries } from "./registry.ts";
import { frontMatterSchema, quickFrontMatter } from "./schema.ts";
import type { Article } from "./article.ts";
import { editorialWarnings, oneEditApart } from "./warnings.ts";
import { yamlParsers, type YamlSource } from "./yaml.ts";
import { calendarDate } from "../core/dates.ts";
import { repoDir } from "../../tests/support/project.ts";

/** A seeded PRNG (mulberry32), so every run checks the same cases. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS = [
  "作风一变事业兴", "乐陵市", "齐鲁晚报", "2021-10-22", "2021-02-30", "20211022", "B02-B03", "5", "02", "+5", "-5", "0x1F", "0o17", "1.5", ".5", "1e3", ".inf", ".nan",
  "", "~", "null", "Null", "NULL", "true", "True", "FALSE", "yes", "no", "a: b", "a:b", "a:", "a #c", "a#b", "http://x.com/a?b=c#d", "https://www.example.com/news/1.html",
  "【待填】", "　全角空格　", "ＡＢＣ", "&x", "*x", "!x", "|", ">", "%x", "@x", "`x", "-", "- a", "?", ":x", "{a: 1}", "[a]", "a]", "a[b]c", "a, b", "a  b", "\"q\"", "'q'",
  "q\"q", "it's", "作风建设 2021", "x\u00a0", "\u00a0x", "a\u2028b", "a\ufeffb", "a\u0085b", "a\tb", "a\rb", "𠮷野家", "a\\b", "<<", "le-ling", "~x", "a ~", "a:::b", ". x", "...",
];
const KEYS = ["title", "date", "source", "page", "county", "tags", "authors", "url", "slug", "draft", "tittle", "null", "true", "__proto__", "constructor", "_x", "a b", "2021", "x-y"];

const PLAIN = ["作风一变事业兴", "乐陵市", "2021-10-22", "B02-B03", "5", "true", "null", "a:b", "http://x.com/a?b=c", "a  b", "q\"q", "𠮷野家", "ＡＢＣ", "le-ling", "~"];

function randomFrontMatter(next: () => number): string {
  const pick = <T>(items: readonly T[]): T =>
    (items === (SCALARS as readonly unknown[]) && next() < 0.7 ? PLAIN[Math.floor(next() * PLAIN.length)] : items[Math.floor(next() * items.length)]) as T;
  const lines = [pick(["", "", "  ", " \t"])];
  const count = 1 + Math.floor(next() * 6);
  for (let i = 0; i < count; i++) {
    const key = pick(KEYS);
    const form = next();
    const items = Array.from({ length: Math.floor(next() * 4) }, () => pick(SCALARS));
    if (form < 0.5) lines.push(`${key}:${pick([" ", "  ", ""])}${pick(SCALARS)}${pick(["", "", " ", "  "])}`);
    else if (form < 0.75) lines.push(`${key}: [${items.join(pick([", ", ",", " , "]))}${pick(["", "", ",", " "])}]${pick(["", "", " ", " x"])}`);
    else {
      const indent = pick(["", "  ", "    "]);
      lines.push(`${key}:${pick(["", " "])}`, ...items.map((item) => `${pick([indent, indent, indent, " "])}-${pick([" ", "  ", ""])}${item}`));
    }
    if (next() < 0.1) lines.push(pick(["", "  ", "# c", "  more", "..."]));
  }
  return lines.join("\n");
}

/** Paths whose lines a message may ask for: every key and item, and some that are absent. */
function pathsOf(data: unknown): (string | number)[][] {
  const paths: (string | number)[][] = [[], ["missing"], [0]];
  if (data && typeof data === "object" && !Array.isArray(data)) {
    for (const [key, value] of Object.entries(data)) {
      paths.push([key], [key, "x"], [key, 99]);
      if (Array.isArray(value)) value.forEach((_, i) => paths.push([key, i], [key, i, 0]));
      else paths.push([key, 0]);
    }
  }
  return paths;
}

function assertSameYaml(text: string, simple: YamlSource, full: YamlSource) {
  const message = JSON.stringify(text);
  assert.deepStrictEqual(full.errors, [], message);
  assert.deepStrictEqual(simple.errors, [], message);
  assert.deepStrictEqual(simple.data, full.data, message);
  assert.deepStrictEqual(Object.keys(simple.data as object), Object.keys(full.data as object), message);
  for (const p of pathsOf(full.data)) assert.equal(simple.lineOf(p), full.lineOf(p), `${message} ${JSON.stringify(p)}`);
}

describe("front matter fast paths", () => {
  it("reads plain front matter itself, exactly as yaml does", () => {
    const typical = [
      "\ntitle: 作风一变事业兴\ndate: 2021-10-22\nsource: 齐鲁晚报\npage: B02-B03\ncounty: 乐陵市\ntags: [作风建设, 民生实事]\nauthors: [马志勇]\nslug: a-1047\nurl: https://www.example.com/news/1.html",
      "\ntitle: 干部好作风\ncounty:\n  - 乐陵市\n  - 德州市\ntags:\n- 作风建设\n\ndraft: true\npage: 5\nsubtitle: 探寻乐陵高质量发展背后的“核心密码”（上）",
    ];
    for (const text of typical) {
      const simple = yamlParsers.simple(text);
      assert.ok(simple, `the fast path gave up on ${JSON.stringify(text)}`);
      assertSameYaml(text, simple, yamlParsers.full(text));
    }
  });

  it("agrees with yaml on thousands of generated blocks, or leaves them to it", () => {
    const next = random(7);
    let simpleCount = 0;
    for (let n = 0; n < 30000; n++) {
      const text = randomFrontMatter(next);
      const simple = yamlParsers.simple(text);
      if (!simple) continue;
      simpleCount++;
      assertSameYaml(text, simple, yamlParsers.full(text));
    }
    assert.ok(simpleCount > 1500, `only ${simpleCount} blocks took the fast path`);
  });

  it("accepts exactly the front matter zod accepts, with the same output", async () => {
    const registries = await loadRegistries(path.join(repoDir, "content", "_data"), repoDir, []);
    assert.ok(registries);
    const schema = frontMatterSchema(registries);
    const quick = quickFrontMatter(registries);
    const next = random(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const values: Record<string, unknown[]> = {
      title: ["作风一变事业兴", "  空格  ", "", " ", 5, null, true, ["a"]],
      subtitle: ["副题", "", null, 1],
      date: ["2021-10-22", " 2021-10-22 ", "2021-02-30", "2021-13-01", "20211022", 20211022, null],
      date_note: ["说明", ""],
      date_precision: ["about", "day", "year", "week", "", null, 1],
      page_name: ["关注", "", 5],
      source: ["齐鲁晚报", " 齐鲁晚报", "齐鲁晚", "", 5],
      page: ["B02-B03", " A1 ", 5, 0, -3, 1.5, 1e21, "", null],
      county: ["乐陵市", ["乐陵市", "德州市"], ["乐陵市", "禹城"], [], " 乐陵市 ", "乐陵", [" 德州市"], [5]],
      tags: [["作风建设"], "作风建设", [], ["作风建设", ""], [" 作风建设 ", "民生实事"], [1], null],
      authors: [["马志勇"], "马志勇", [], [null]],
      correspondents: [["贾鹏"], [], null, "贾鹏"],
      editor: ["常学艺", "", 5],
      url: ["https://www.example.com/news/1.html", " http://x.com ", "HTTP://X.COM/a", "ftp://x.com", "http:/x.com", "http://", "http://a b", "https://例子.中国/路径", "http://x.com/\t", "http://x.com/a\tb", "http://x\n.com/", "mailto:a@b.c", "", 5, null],
      slug: ["leling-zuofeng", "a-1047", "Bad Slug", " leling", "", 5],
      aliases: [["/2021/leling-zuofeng/"], "/old/a.html", " /x/ ", [], ["/a/../b/"], ["/x"], "x/", ["/a b/"], ["/assets/a/"], [5], null],
      draft: [true, false, "true", null, 1],
      note: ["编者注", ""],
      tittle: ["x"],
      __proto__: ["x"],
    };
    let accepted = 0;
    for (let n = 0; n < 4000; n++) {
      const raw: Record<string, unknown> = {};
      const required = ["title", "date", "source", "county", "tags", "authors"];
      for (const [key, options] of Object.entries(values)) {
        const include = required.includes(key) ? next() < 0.97 : next() < 0.3;
        if (!include) continue;
        // The first option of each field is valid: mostly valid front matter, with a slip now and then.
        const value = next() < 0.8 ? options[0] : pick(options);
        Object.defineProperty(raw, key, { value, enumerable: true, writable: true, configurable: true });
      }
      const fast = quick(raw);
      const full = schema.safeParse(raw);
      if (fast === undefined) continue;
      accepted++;
      assert.ok(full.success, `quick accepted what zod refuses: ${JSON.stringify(raw)}`);
      const normal = (fm: object) => Object.fromEntries(Object.entries(fm).filter(([, v]) => v !== undefined));
      assert.deepStrictEqual(normal(fast), normal(full.data), JSON.stringify(raw));
    }
    assert.ok(accepted > 500, `only ${accepted} accepted quickly`);
  });

  it("finds near-duplicate tags as comparing every tag sharing a first or last character does, in the same order", () => {
    /** The straightforward comparison the tag index replaced. */
    function reference(articles: readonly Article[]): string[] {
      const tagUse = new Map<string, Article[]>();
      for (const a of articles) for (const t of a.tags) tagUse.set(t, [...(tagUse.get(t) ?? []), a]);
      const byEnd = new Map<string, string[]>();
      for (const tag of tagUse.keys()) {
        const chars = [...tag];
        for (const key of new Set([`^${chars[0]}`, `$${chars[chars.length - 1]}`])) byEnd.set(key, [...(byEnd.get(key) ?? []), tag]);
      }
      const out: string[] = [];
      for (const tag of tagUse.keys()) {
        const users = tagUse.get(tag) ?? [];
        const chars = [...tag];
        for (const other of new Set([...(byEnd.get(`^${chars[0]}`) ?? []), ...(byEnd.get(`$${chars[chars.length - 1]}`) ?? [])])) {
          const otherUsers = tagUse.get(other) ?? [];
          if (other === tag || otherUsers.length < users.length || (otherUsers.length === users.length && other < tag)) continue;
          if (chars.length >= 3 && oneEditApart(tag, other)) for (const a of users) out.push(`${a.file} ${tag} ${other} ${otherUsers.length}`);
        }
      }
      return out;
    }
    const next = random(5);
    const alphabet = ["作", "风", "建", "设", "没", "𠮷", "a", "b"];
    const today = calendarDate(2022, 1, 1);
    let compared = 0;
    for (let round = 0; round < 1500; round++) {
      const pool = Array.from({ length: 5 + Math.floor(next() * 60) }, () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""));
      const articles = Array.from({ length: 1 + Math.floor(next() * 40) }, (_, i) => ({
        file: `content/${i}.md`, title: `t${i}`, body: "正文".repeat(30), bodyLine: 5, date: today,
        tags: [...new Set(Array.from({ length: 1 + Math.floor(next() * 4) }, () => pool[Math.floor(next() * pool.length)] as string))],
      })) as unknown as Article[];
      const found = editorialWarnings(articles, today)
        .filter((w) => w.field === "tags")
        .map((w) => {
          const [, tag, other, count] = /^tag "(.*)" differs by one character from "(.*)" \((\d+) articles\)/.exec(w.message) ?? [];
          return `${w.file} ${tag} ${other} ${count}`;
        });
      assert.deepStrictEqual(found, reference(articles));
      compared += found.length;
    }
    assert.ok(compared > 1000, `only ${compared} warnings compared`);
  });
});
