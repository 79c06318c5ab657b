import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Article } from "./article.ts";
import { editorialWarnings, oneEditApart } from "./warnings.ts";
import { parseYaml } from "./yaml.ts";
import { calendarDate } from "../core/dates.ts";

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

describe("reading front matter", () => {
  it("reads plain front matter and finds each key's and item's line and column", () => {
    const read = parseYaml("\ntitle: 干部好作风\ncounty:\n  - 乐陵市\n  - 德州市\ntags: [作风建设, 民生实事]\ndraft: true\npage: 5");
    assert.deepEqual(read.errors, []);
    assert.deepEqual(read.data, { title: "干部好作风", county: ["乐陵市", "德州市"], tags: ["作风建设", "民生实事"], draft: true, page: 5 });
    assert.equal(read.lineOf(["county", 1]), 5);
    assert.equal(read.lineOf(["tags", 7]), 6, "an absent item: its list's line");
    assert.deepEqual(read.positionOf(["title"]), { line: 2, column: 8 });
  });

  it("expands at most 50 aliases, and says so with the line of the first", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefgh".split("").map((c, i) => `${c}: &${c} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`)].join("\n");
    const read = parseYaml(bomb);
    assert.equal(read.data, undefined);
    assert.deepEqual(read.errors.map((e) => [e.line, e.message]), [[2, "more than 50 aliases (*name) expanded — write the values out"]]);
  });

  it("gives every refused block of thousands generated an error with a line, and every accepted one data", () => {
    const next = random(7);
    let accepted = 0;
    for (let n = 0; n < 20000; n++) {
      const text = randomFrontMatter(next);
      const read = parseYaml(text);
      if (read.errors.length === 0) {
        accepted++;
        assert.notEqual(read.data, undefined, JSON.stringify(text));
      } else {
        assert.equal(read.data, undefined, JSON.stringify(text));
        for (const e of read.errors) assert.ok(e.line && e.message, `${JSON.stringify(text)}: ${JSON.stringify(e)}`);
      }
    }
    assert.ok(accepted > 5000, `only ${accepted} blocks accepted`);
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
