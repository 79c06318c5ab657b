import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { formatProblem, type ContentProblem } from "./problems.ts";
import { isPrinted, registriesFrom, type Source } from "./registry.ts";

const SITE = "name: 档案\ndescription: 说明\n";
const PLACES = "- name: 山东省\n  slug: shandong\n  children:\n    - { name: 乐陵市, slug: leling-shi }\n";
const SOURCES = "- name: 大众日报\n  slug: dazhong-ribao\n  kind: 报纸\n- name: 齐鲁晚报\n  slug: qilu-wanbao\n  kind: 报纸\n";

/** The errors of these registry files' texts, as the editor reads them. */
function errors(files: { site?: string; places?: string; sources?: string }): string[] {
  const problems: ContentProblem[] = [];
  const bytes = (text: string) => Buffer.from(text);
  const root = path.resolve("project");
  registriesFrom({ site: bytes(files.site ?? SITE), places: bytes(files.places ?? PLACES), sources: bytes(files.sources ?? SOURCES) }, path.join(root, "content", "_data"), root, problems);
  return problems.map(formatProblem);
}

describe("the registries (content/_data/)", () => {
  it("read as they are when nothing is wrong", () => {
    assert.deepEqual(errors({}), []);
  });

  it("tell a newspaper listed twice from two newspapers sharing a slug, as places are told", () => {
    assert.deepEqual(errors({ sources: SOURCES.replace("qilu-wanbao", "dazhong-ribao") }), ['content/_data/sources.yaml slug: newspapers "大众日报" and "齐鲁晚报" share the slug "dazhong-ribao"']);
    assert.deepEqual(errors({ sources: SOURCES.replace("齐鲁晚报", "大众日报") }), ['content/_data/sources.yaml name: newspaper "大众日报" is listed twice']);
    assert.deepEqual(errors({ places: PLACES.replace("leling-shi", "shandong") }), ['content/_data/places.yaml slug: places "山东省" and "乐陵市" share the slug "shandong"']);
  });

  it("take a newspaper's kind from one list, naming it when a kind is not on it", () => {
    assert.deepEqual(errors({ sources: SOURCES.replace("kind: 报纸\n- name: 齐鲁晚报", "kind: 网占\n- name: 齐鲁晚报") }), ['content/_data/sources.yaml:3 0.kind: must be one of 报纸, 网站, 网络媒体, 客户端; got "网占"']);
  });

  it("say a field is missing or empty in those words, and give a check's own message once", () => {
    assert.deepEqual(errors({ site: 'name: ""\n' }), ["content/_data/site.yaml:1 name: empty", "content/_data/site.yaml:1 description: missing"]);
    assert.deepEqual(errors({ places: PLACES.replace("leling-shi", '"../x"') }), ['content/_data/places.yaml:4 0.children.0.slug: must be lowercase pinyin or digits joined by hyphens; got "../x"']);
  });
});

describe("isPrinted", () => {
  it("treats a 报纸 as printed, with issues and pages, and a 网站, 网络媒体 or 客户端 as published online", () => {
    const paper: Source = { name: "大众日报", slug: "dazhong-ribao", kind: "报纸" };
    assert.equal(isPrinted(paper), true);
    for (const kind of ["网站", "网络媒体", "客户端"]) assert.equal(isPrinted({ ...paper, kind }), false, kind);
  });
});
