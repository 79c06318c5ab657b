import assert from "node:assert/strict";
import { describe, it, before } from "node:test";
import type { Article } from "./article.ts";
import { loadArchive } from "./load.ts";
import { repoDir } from "../../tests/support/project.ts";

/** What the seed documents themselves state about each article (page headers, datelines, bylines). */
const EXPECTED: Record<string, Partial<Record<"date" | "source" | "page" | "editor" | "places" | "authors" | "correspondents", string>>> = {
  作风一变事业兴: { date: "2021-10-22", source: "齐鲁晚报", page: "B02-B03", editor: "常学艺", places: "乐陵市", authors: "马志勇", correspondents: "贾鹏 于东钧 陈孝顺" },
  干部好作风就是生产力: { source: "鲁中晨报", places: "张店区", authors: "马景阳 李振兴", correspondents: "冯萍 王业宏" },
  "陵城：狠抓落实一线“点兵”励担当": { source: "德州新闻网", places: "陵城区", authors: "任婧婉 刘瑶 李哲", correspondents: "" },
  德州率先开展市级同级述责述廉: { source: "大众日报", places: "德州市", authors: "张双双", correspondents: "倪国帅 张晓航" },
  "乐陵：重点项目“全程加速”成为常态": { source: "大众日报", places: "乐陵市", authors: "张海峰", correspondents: "贾鹏" },
  德州农贸市场改造提升工程全面铺开: { source: "大众日报", places: "德州市 德城区", authors: "贺莹莹", correspondents: "" },
  "齐河百余次沟通 引来外商投资": { source: "大众日报", places: "齐河县", authors: "张双双", correspondents: "石少军 崔志华 朱铭娟" },
  "夏津组织开展 干部业务大比武": { source: "大众日报", places: "夏津县", authors: "张双双", correspondents: "邓美平 尹延举" },
  "禹城：干事一线造就“铺路型”干部": { source: "大众日报", places: "禹城市", authors: "张海峰", correspondents: "任立松 赵帅 张宇" },
  公安政务新媒体为何这么火: { source: "大众日报", places: "德州市 禹城市", authors: "张双双", correspondents: "李杰" },
  "宁津：数字经济 赋能高质量发展": { source: "大众日报", places: "宁津县", authors: "张海峰", correspondents: "孙久生 张兆坤" },
  "平原：激活高质量发展原动力": { date: "2022-02-15", source: "大众日报", places: "平原县", authors: "张大伟 曹伟", correspondents: "" },
};

const facts = (a: Article) => ({
  date: a.date.iso,
  source: a.source.name,
  page: a.page ?? "",
  editor: a.editor ?? "",
  places: a.places.map((p) => p.name).join(" "),
  authors: a.authors.join(" "),
  correspondents: a.correspondents.join(" "),
});

describe("the embedded seed archive", () => {
  let articles: readonly Article[] = [];
  before(async () => {
    const { archive, problems } = await loadArchive({ rootDir: repoDir });
    assert.deepEqual(problems, []);
    articles = archive?.articles ?? [];
  });

  it("holds every article of the five seed documents, none a draft", () => {
    assert.deepEqual(articles.map((a) => a.title).sort(), Object.keys(EXPECTED).sort());
    assert.ok(articles.every((a) => !a.draft));
  });

  it("carries the metadata the newspapers print", () => {
    for (const a of articles) {
      const expected = EXPECTED[a.title] ?? {};
      const actual = facts(a);
      for (const [key, value] of Object.entries(expected)) assert.equal(actual[key as keyof typeof actual], value, `${a.title} ${key}`);
    }
  });

  it("explains every date the paper did not print", () => {
    for (const a of articles.filter((a) => !["作风一变事业兴", "平原：激活高质量发展原动力"].includes(a.title))) {
      assert.ok(a.dateNote && a.dateNote.length > 10, `${a.title} has no date_note`);
    }
  });

  it("tags every article 作风建设 and uses a shared vocabulary", () => {
    const counts = new Map<string, number>();
    for (const a of articles) for (const t of a.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    assert.equal(counts.get("作风建设"), articles.length);
    assert.ok(["营商环境", "民生实事", "项目建设", "干部队伍建设", "政务服务"].every((t) => (counts.get(t) ?? 0) >= 3));
  });

  it("has no paragraph printed twice (OCR repeats removed)", () => {
    for (const a of articles) {
      const paragraphs = a.body.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 30);
      assert.equal(new Set(paragraphs).size, paragraphs.length, `${a.title} repeats a paragraph`);
    }
  });

  it("keeps OCR column debris and bylines out of the bodies", () => {
    for (const a of articles) {
      assert.doesNotMatch(a.body, /□|记者 ?[\u4e00-\u9fa5]{2,3} ?通讯员|版权与免责声明|<p>|返回首页/, a.title);
      assert.doesNotMatch(a.body, /[\u4e00-\u9fa5] +[，。：；！？”）]/u, `${a.title} has OCR spaces before punctuation`);
      assert.doesNotMatch(a.body, /[\u4e00-\u9fa5],[\u4e00-\u9fa5]/u, `${a.title} has ASCII commas in Chinese text`);
    }
  });
});
