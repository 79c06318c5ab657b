/**
 * The content gate under random input (fast-check, seeded so every run checks the same cases):
 * random front matter and bodies, hostile strings among them. The gate either refuses, with
 * every error naming a file, or loads an archive whose pages pass the output checks: article and
 * home pages valid HTML (html-validate, the project's .htmlvalidate.json), Atom feeds and the
 * sitemap well-formed XML with only XML characters, JSON feeds JSON, and every internal link to
 * nothing named by the link check with its article's file (the build then refuses).
 */
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { HtmlValidate, type ConfigData } from "html-validate";
import { stringify } from "yaml";
import { loadArchive } from "../../src/content/load.ts";
import { formatProblem } from "../../src/content/problems.ts";
import { links } from "../../src/core/urls.ts";
import { LinkCheck } from "../../src/output/link-check.ts";
import { NOT_HTML, NOT_IN_SITEMAP, siteContext, sitePages } from "../../src/render/pages.ts";
import { sitemapFiles } from "../../src/render/sitemap.ts";
import { fixtureProject, repoDir } from "../support/project.ts";

const HOSTILE = [
  "NUL", "con", "COM1", "prn.", "aux ", "<script>alert(1)</script>", "</title>", "{{ site.title }}", "{% raw %}", "]]>", "-->", "&amp;", "&", "\"'",
  "a\u0000b", "\u0007", "\u001b[31m", "\u202e反转", "\u2066", "\ufffe", "\ufffd", "\ud800", "\u0085", "\t", "\r\n", "\u2028", "\ufeff", "𠮷野家", "ＡＢＣ",
  "%E4%B8", "/../../../../etc/passwd", "javascript:alert(1)", "2021-03-04T00:30:00+08:00", "2021-02-30", "【待填】", "__proto__", "constructor", "",
  " ", "C++", "AT&T", "作风建设", "乐陵市", "齐鲁晚报", "长".repeat(300),
];
const VALID: Record<string, fc.Arbitrary<unknown>> = {
  title: fc.constantFrom("作风一变事业兴", "干部好作风就是生产力", "德州市委常委会召开会议深入学习贯彻重要讲话精神研究部署作风建设工作"),
  date: fc.constantFrom("2021-10-22", "2019-01-01", "2022-02-15", "2021-03-04T00:30:00+08:00"),
  source: fc.constantFrom("齐鲁晚报", "大众日报"),
  place: fc.constantFrom("乐陵市", ["乐陵市", "德州市"], "张店区"),
  tags: fc.constantFrom(["作风建设"], ["作风建设", "民生实事"], ["NUL", "C++"]),
  authors: fc.constantFrom(["马志勇"], ["贾鹏", "于东钧"]),
  page: fc.constantFrom("B02-B03", 5),
  url: fc.constantFrom("https://www.example.com/news/1.html?a=1&b=2", "http://example.com/%E4%B8%AD"),
  slug: fc.constantFrom("leling-zuofeng", "a-1"),
  note: fc.constantFrom("标题为编者所拟", "第一行\n第二行"),
};

const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 12 }), fc.string({ maxLength: 12 }));
// Mostly valid values: an archive is published often enough for its pages to be checked.
const value = (field: string) => fc.oneof({ weight: 100, arbitrary: VALID[field] ?? hostile }, { weight: 2, arbitrary: hostile }, { weight: 1, arbitrary: fc.array(hostile, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(null, 0, true, {}) });

const frontMatter = fc
  .record(Object.fromEntries(Object.keys(VALID).map((field) => [field, value(field)])), { requiredKeys: ["title", "date", "source", "place", "tags", "authors"] })
  .chain((fields) => fc.tuple(fc.constant(fields), fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(hostile, hostile) })))
  .map(([fields, extra]) => (extra ? { ...fields, [extra[0] || "x"]: extra[1] } : fields));

const MARKDOWN = ["# ", "## ", "> ", "- ", "1. ", "    ", "```", "::: photo", ":::", "[链接](", "](", ")", "![图](tu.png)", "[内](/articles/)", "<b>", "|a|b|", "---", "*", "_", "\\", "%E4%B8", "https://example.com/a?b=1&c=2", "本报讯　正文。"];
const line = fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...MARKDOWN) }, { weight: 1, arbitrary: hostile }), { maxLength: 8 }).map((parts) => parts.join(""));
const body = fc.oneof({ weight: 30, arbitrary: fc.array(line, { maxLength: 12 }).map((lines) => lines.join("\n")) }, { weight: 1, arbitrary: fc.constant(`${"> ".repeat(120)}深\n\n最后一段。`) });

/** A file: front matter written by a YAML library (mostly parseable), or now and then raw. */
const file = fc.tuple(frontMatter, body, fc.nat(20), hostile).map(([fields, text, mode, raw]) => {
  const yaml = mode === 0 ? `title: ${raw}\n` : stringify(fields);
  const eol = mode === 1 ? "\r\n" : "\n";
  return `---\n${yaml}---\n${text}\n`.replaceAll("\n", eol);
});

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("the content gate under random input", () => {
  it("refuses with a message naming a file, or publishes pages that pass the output checks", { timeout: 600_000 }, async () => {
    const html = new HtmlValidate({ ...(JSON.parse(await readFile(path.join(repoDir, ".htmlvalidate.json"), "utf8")) as ConfigData), root: true });
    const site = links("/", "https://example.org");
    let refused = 0;
    let published = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 3 }), async (texts) => {
        const files = Object.fromEntries(texts.map((text, i) => [`2021/f${i}.md`, text]));
        const dir = await fixtureProject(files);
        try {
          const { archive, problems } = await loadArchive({ rootDir: dir });
          const errors = problems.filter((p) => p.severity === "error");
          if (!archive) {
            refused++;
            if (process.env["FUZZ_DEBUG"]) console.log(errors.map(formatProblem).join("\n"));
            assert.ok(errors.length > 0, "refused without an error");
            for (const p of errors) assert.match(p.file, /^content\/2021\/f\d\.md$/, formatProblem(p));
            for (const p of problems) assert.doesNotMatch(formatProblem(p), CONTROL_IN_XML, "a message prints a raw control character");
            return;
          }
          published++;
          const pages = [...sitePages(siteContext(archive, site))];
          const check = new LinkCheck("/");
          for (const page of pages) {
            const out = page.render();
            assert.doesNotMatch(out, CONTROL_IN_XML, `${page.route} holds a character XML refuses`);
            if (page.route.endsWith(".xml")) assert.equal(XMLValidator.validate(out), true, `${page.route}: ${out.slice(0, 200)}`);
            else if (page.route.endsWith(".json")) JSON.parse(out);
            else if (NOT_HTML.has(page.kind)) continue; // citation files (RIS, BibTeX), CSV
            else {
              check.collect(page.source ? `${page.route} (${page.source})` : page.route, out);
              if (page.source || page.route === "/") {
                const report = await html.validateString(out, page.route);
                assert.ok(report.valid, `${page.route}: ${report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.message}`)).join("; ")}`);
              }
            }
          }
          for (const sitemap of sitemapFiles(pages.filter((p) => !NOT_IN_SITEMAP.has(p.kind)), site)) {
            if (sitemap.path.endsWith(".xml")) assert.equal(XMLValidator.validate([...sitemap.chunks()].join("")), true, sitemap.path);
          }
          const broken = (await check.broken(new Set(pages.map((p) => p.route)), dir)).filter((b) => !/→ \/(assets\/|pagefind\/|favicon\.ico$)/.test(b));
          // A body link to nothing fails the build's link check, which names the article's file.
          for (const b of broken) assert.match(b, /\(content\/2021\/f\d\.md\) → /, b);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      { seed: Number(process.env["FUZZ_SEED"] ?? 13), numRuns: Number(process.env["FUZZ_RUNS"] ?? 40), endOnFailure: true, includeErrorInReport: true },
    );
    if (process.env["FUZZ_DEBUG"]) console.log(`refused ${refused}, published ${published}`);
    assert.ok(refused > 0 && published > 0, `refused ${refused}, published ${published}: both kinds of outcome must be exercised`);
  });
});
