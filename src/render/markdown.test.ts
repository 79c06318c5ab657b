import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeHtml, html, join } from "./html.ts";
import { leadOf, leadOfMarkdown, markdownToText, renderBody } from "./markdown.ts";
import { loadArchive } from "../content/load.ts";
import { repoDir } from "../../tests/support/project.ts";

describe("HTML templates", () => {
  it("escape interpolated text by default", () => {
    const title = `<script>alert("x")</script> & 'q'`;
    assert.equal(html`<h1>${title}</h1>`.value, "<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</h1>");
  });

  it("nest templates without escaping them twice", () => {
    const inner = html`<b>${"a<b"}</b>`;
    assert.equal(html`<p>${inner}${[html`<i>1</i>`, "<2>"]}${undefined}${false}</p>`.value, "<p><b>a&lt;b</b><i>1</i>&lt;2&gt;</p>");
    assert.equal(join(["a", "<b>"], "、").value, "a、&lt;b&gt;");
    assert.equal(escapeHtml(`"`), "&quot;");
  });
});

describe("article bodies", () => {
  it("render section headings and paragraphs", () => {
    const out = renderBody("## 从“无解”中找“有解”\n\n第一段。\n\n第二段。\n").html.value;
    assert.match(out, /<h2>从“无解”中找“有解”<\/h2>/);
    assert.equal((out.match(/<p>/g) ?? []).length, 2);
  });

  it("render photo captions as figures labelled as captions of the paper's photos", () => {
    const out = renderBody("::: photo\n市民在张店区政务中心办理业务。\n:::\n").html.value;
    assert.match(out, /<figure class="photo"><figcaption><span class="photo-label">原报图注<span class="visually-hidden">：<\/span><\/span>\s*<p>市民在张店区政务中心办理业务。<\/p>\s*<\/figcaption><\/figure>/s);
  });

  it("set 〔原文缺损〕 as an editorial mark, escaped text around it", () => {
    const out = renderBody("前文<b>〔原文缺损〕后文\n").html.value;
    assert.match(out, /<p>前文&lt;b&gt;<span class="lacuna">〔原文缺损〕<\/span>后文<\/p>/);
  });

  it("show raw HTML as text instead of rendering it", () => {
    const out = renderBody('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n').html.value;
    assert.doesNotMatch(out, /<script|<img/);
    assert.match(out, /&lt;script&gt;/);
  });

  it("drop javascript: links", () => {
    const out = renderBody("[点我](javascript:alert(1)) [也点我](JAVASCRIPT:alert(1)) [安全](https://example.com/)\n").html.value;
    assert.doesNotMatch(out, /href="javascript:/i);
    assert.match(out, /<a href="https:\/\/example.com\/" rel="noopener noreferrer">安全<\/a>/);
  });

  it("keep template syntax as literal text", () => {
    const out = renderBody("{{ 1 + 1 }} {% raw %} {{ page.url }}\n").html.value;
    assert.match(out, /\{\{ 1 \+ 1 \}\} \{% raw %\} \{\{ page.url \}\}/);
  });

  it("reduce to plain text for descriptions", () => {
    assert.equal(markdownToText("## 标题\n\n正文**加粗**。\n"), "标题\n正文加粗。");
  });
});

describe("article leads", () => {
  it("are the first 120 characters of the text, cut with an ellipsis", () => {
    assert.equal(leadOf("短文。"), "短文。");
    assert.equal(leadOf(`${"字".repeat(130)}`), `${"字".repeat(120)}…`);
    assert.equal(leadOf("第一段\n\n  第二段"), "第一段 第二段");
  });

  it("are the same from the opening blocks of Markdown as from the whole text, for every seed article and tricky bodies", async () => {
    const { archive } = await loadArchive({ rootDir: repoDir });
    const bodies = [
      ...(archive?.articles ?? []).map((a) => a.body),
      `::: photo 图片说明\n\n${"图".repeat(80)}\n\n:::\n\n${"正文".repeat(70)}`,
      `## 小标题\n\n**加粗**${"字".repeat(60)}\n\n[链接](https://example.org)${"字".repeat(70)}`,
      "只有一段",
      "",
    ];
    assert.ok(bodies.length > 10);
    for (const body of bodies) assert.equal(leadOfMarkdown(body), leadOf(markdownToText(body)), body.slice(0, 40));
  });
});
