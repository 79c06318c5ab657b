import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { isSlug } from "../core/slugs.ts";
import { BODY_FIELD, cmsConfig, cmsFields, placeOptions, type CmsConfigInput, type CmsField } from "./cms-config.ts";
import { loadRegistries, type Registries } from "./registry.ts";
import { fieldDocs, frontMatterSchema } from "./schema.ts";

const repoDir = fileURLToPath(new URL("../..", import.meta.url));
const registries = (await loadRegistries(path.join(repoDir, "content", "_data"), repoDir, [])) as Registries;
const input: CmsConfigInput = { registries, tags: ["作风建设", "民生实事"], backend: { name: "github", repo: "newsroom/archive" }, stylesheet: "/assets/site.css" };
const byName = new Map<string, CmsField>(cmsFields(input).map((f) => [f.name, f]));

describe("the CMS configuration", () => {
  it("has one form field per front-matter field, in the schema's order, then the body", () => {
    assert.deepEqual(
      cmsFields(input).map((f) => f.name),
      [...fieldDocs().map((d) => d.name), BODY_FIELD.name],
    );
  });

  it("labels and explains each field with the field docs' Chinese label and help", () => {
    for (const doc of fieldDocs()) {
      const field = byName.get(doc.name);
      assert.equal(field?.label, doc.label, doc.name);
      assert.equal(field?.["hint"], doc.help, doc.name);
    }
  });

  it("requires exactly the fields the schema refuses to miss", () => {
    const shape = frontMatterSchema(registries).shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    assert.deepEqual(Object.keys(shape), fieldDocs().map((d) => d.name));
    for (const [name, schema] of Object.entries(shape)) {
      const required = !schema.safeParse(undefined).success;
      assert.equal(byName.get(name)?.required, required, `${name}: the form says required=${byName.get(name)?.required}, the schema ${required}`);
    }
  });

  it("asks for the date as a calendar date the gate accepts (YYYY-MM-DD, no time, no zone)", () => {
    const date = byName.get("date");
    assert.equal(date?.widget, "datetime");
    assert.equal(date?.["date_format"], "YYYY-MM-DD");
    assert.equal(date?.["time_format"], false);
    // Decap's `format` would turn the input into a date-and-time picker.
    assert.equal(date?.["format"], undefined);
  });

  it("offers every registered place, each county right after its city, and every newspaper", () => {
    const place = byName.get("place");
    assert.equal(place?.widget, "select");
    assert.equal(place?.["multiple"], true);
    const options = place?.["options"] as { label: string; value: string }[];
    assert.deepEqual(new Set(options.map((o) => o.value)), new Set(registries.places.keys()));
    const values = options.map((o) => o.value);
    assert.equal(values.indexOf("乐陵市"), values.indexOf("德州市") + 1 + [...(registries.places.get("德州市")?.children ?? [])].findIndex((p) => p.name === "乐陵市"));
    assert.ok(options.some((o) => o.value === "乐陵市" && o.label === "乐陵市（德州市）"));
    assert.deepEqual(placeOptions(registries), options);

    const source = byName.get("source");
    assert.equal(source?.widget, "select");
    assert.deepEqual((source?.["options"] as { value: string }[]).map((o) => o.value), [...registries.sources.keys()]);
  });

  it("offers the archive's tags, starts new articles as drafts, and checks slugs as the gate does", () => {
    assert.deepEqual(byName.get("tags")?.["suggestions"], ["作风建设", "民生实事"]);
    assert.equal(byName.get("draft")?.widget, "boolean");
    assert.equal(byName.get("draft")?.["default"], true);
    const [pattern] = byName.get("slug")?.["pattern"] as [string, string];
    for (const slug of ["leling-zuofeng", "a1-2", "Leling", "le--ling", "-x", "乐陵"]) assert.equal(new RegExp(pattern).test(slug), isSlug(slug), slug);
  });

  it("saves through pull requests on GitHub and GitLab, by commits on Gitea, into the folder through the local proxy", () => {
    assert.equal(cmsConfig(input)["publish_mode"], "editorial_workflow");
    assert.equal(cmsConfig({ ...input, backend: { name: "gitlab", repo: "county/archive" } })["publish_mode"], "editorial_workflow");
    // Decap's Gitea backend has no editorial workflow: it would lose unpublished entries.
    assert.equal(cmsConfig({ ...input, backend: { name: "gitea", repo: "county/archive" } })["publish_mode"], undefined);
    const local = cmsConfig({ ...input, backend: { name: "proxy", proxy_url: "http://127.0.0.1:8081/api/v1" } });
    assert.equal(local["publish_mode"], undefined);
    assert.deepEqual(local["backend"], { name: "proxy", proxy_url: "http://127.0.0.1:8081/api/v1" });
  });

  it("names new files content/<year>/<date>-<pinyin>.md from values computed before saving", () => {
    const [collection] = cmsConfig(input)["collections"] as Record<string, unknown>[];
    assert.equal(collection?.["folder"], "content");
    assert.equal(collection?.["path"], "{{_year}}/{{slug}}");
    assert.equal(collection?.["slug"], "{{fields._stem}}");
  });
});
