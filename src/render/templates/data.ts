import { fieldDocs } from "../../content/schema.ts";
import { routes } from "../../core/urls.ts";
import { html, type SafeHtml } from "../html.ts";
import type { RenderContext } from "../context.ts";
import { DATA_FILES, LIST_SEPARATOR, volumesNeeded, volumesOf, type Volume } from "../data.ts";
import { basePage } from "./base.ts";

/** The fields a record adds to the front matter's (see ArticleRecord): two before them, the text after. */
const ADDED = [
  { name: "id", label: "编号", help: "日期加网址名，唯一且不变。" },
  { name: "url", label: "本站网址", help: "文章在本站的网址（永久）。" },
  { name: "text", label: "正文", help: "文章全文，段落之间空一行（仅 JSON）。" },
];

const CSV_FORMAT = `CSV（RFC 4180，逗号分隔，含 BOM 的 UTF-8，可直接用 Excel 打开）。多值字段（地区、标签、记者、通讯员）以“${LIST_SEPARATOR}”分隔；以 = + - @ 开头的值前加一个撇号 ' ，以免被电子表格当作公式执行。`;

/** A volume as the page names it: 10月, or a part of a month by its days, 10月1–15日. */
function volumeLabel(v: Volume): string {
  const month = `${Number(v.month.slice(5))}月`;
  if (v.name === v.month) return month;
  const [first, last] = [Number(v.first.slice(8)), Number(v.last.slice(8))];
  return first === last ? `${month}${first}日` : `${month}${first}–${last}日`;
}

/**
 * The monthly volumes (past the size articles.json is written at): the index, and each month's
 * files (or its parts') by year, newest first: JSON Lines, then CSV.
 */
function volumes(ctx: RenderContext, file: (route: string, name: string) => SafeHtml): SafeHtml {
  const byYear = new Map<string, ReturnType<typeof volumesOf>>();
  for (const v of volumesOf(ctx.archive.articles)) {
    const year = v.month.slice(0, 4);
    byYear.set(year, [...(byYear.get(year) ?? []), v]);
  }
  const months = (route: (v: Volume) => string) => html`<ul class="data-volumes">${[...byYear].map(([year, list]) => html`<li>${year}年：${list.map((v) => html` ${file(route(v), volumeLabel(v))}`)}</li>`)}</ul>`;
  return html`<dt>${file(DATA_FILES.volumes, "articles/index.json")}</dt>
    <dd>全部文章按见报月份分册，每册两个文件；篇数多的月份按日分为几册，以首日命名（<var>年-月-日</var>）。此目录列出各册的月份、起止日期、两个文件的网址与篇数。</dd>
    <dt>articles/<var>年-月</var>.jsonl</dt>
    <dd>一个月（或其中几天）的文章，每篇一条记录（下列全部字段及正文），每行一条（JSON Lines），UTF-8，按日期从新到旧排列。
      ${months((v) => v.route)}
    </dd>
    <dt>articles/<var>年-月</var>.csv</dt>
    <dd>同一册的文章与字段（不含正文），${CSV_FORMAT}
      ${months((v) => v.csv)}
    </dd>`;
}

/** /data/: what each open-data file holds, its fields, and the licence. */
export function dataPage(ctx: RenderContext): string {
  const { archive, links } = ctx;
  const licence = archive.site.licence;
  // Every data file lies in /data/, beside this page.
  const file = (route: string, name: string) => html`<a href="${links.data()}${route.slice(routes.data().length)}">${name}</a>`;
  const fields = [
    ...ADDED.slice(0, 2),
    ...fieldDocs()
      .filter((f) => f.name !== "draft")
      .map((f) => ({ name: f.name === "url" ? "original_url" : f.name, label: f.label, help: f.help })),
    ...ADDED.slice(2),
  ];
  const main = html`<article class="data-page">
  <h1>数据</h1>
  <p>本站收录的全部已发布文章（${archive.articles.length} 篇）可整批下载，供研究者检索、统计与再利用，无需逐页抓取。文件随每次建站重新生成，与网页内容一致；同样的内容生成同样的文件。</p>
  <h2>文件</h2>
  <dl class="data-files">
    ${volumesNeeded(archive)
      ? volumes(ctx, file)
      : html`<dt>${file(DATA_FILES.json, "articles.json")}</dt>
    <dd>全部文章，每篇一条记录（下列全部字段及正文），JSON 数组，UTF-8，按日期从新到旧排列。</dd>
    <dt>${file(DATA_FILES.csv, "articles.csv")}</dt>
    <dd>同样的文章与字段（不含正文），${CSV_FORMAT}</dd>`}
    <dt>${file(DATA_FILES.schema, "article.schema.json")}</dt>
    <dd>文章记录的 JSON Schema（2020-12），由本站内容校验所用的同一份字段定义生成。</dd>
    <dt>${file(DATA_FILES.places, "places.json")}</dt>
    <dd>地区登记表：省、市、县（市、区）的树，含各自的网址名与本站网址。</dd>
    <dt>${file(DATA_FILES.newspapers, "newspapers.json")}</dt>
    <dd>报纸登记表：报纸与新闻网站的名称、类别、简介与本站网址。</dd>
  </dl>
  <p>每篇文章页另有三种引文文件（RIS、BibTeX、CSL-JSON），见文章页的“引用本文”。</p>
  <h2>字段</h2>
  <table class="data-fields">
    <thead><tr><th scope="col">字段</th><th scope="col">名称</th><th scope="col">说明</th></tr></thead>
    <tbody>${fields.map((f) => html`<tr><td><code>${f.name}</code></td><td>${f.label}</td><td>${f.help}</td></tr>`)}</tbody>
  </table>
  <h2>许可</h2>
  ${licence
    ? html`<p>本站的编目数据、整理说明与以上数据文件以${licence.url ? html`<a href="${licence.url}" rel="license">${licence.name}</a>` : licence.name}发布，使用时请注明出处（${archive.site.name}及文章的本站网址）。</p>`
    : html`<p>本站尚未声明数据许可。</p>`}
  <p>文章正文的版权归原刊载报纸所有；本站仅作资料整理与存档，转载正文请遵守原报纸的规定。</p>
</article>`;
  return basePage(ctx, { kind: "index", title: "数据", description: `${archive.site.name}的开放数据：全部文章的 JSON、CSV 与字段说明`, breadcrumbs: [{ label: "数据" }] }, main);
}
