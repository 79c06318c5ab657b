import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Article } from "../content/article.ts";
import { loadArchive } from "../content/load.ts";
import { links } from "../core/urls.ts";
import { articleJsonSchema, articleRecord, CHUNK_RECORDS, articlesCsvChunks, articlesJsonChunks, articlesJsonLinesChunks, csvField, dataFiles, DATA_FILES, type ArticleRecord, type DataFile, type RecordLines } from "./data.ts";

/** RFC 4180, read back: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  assert.equal(field + row.join(""), "", "the file ends with CRLF");
  return rows;
}

// The whole files, as the pieces add up when written.
const articlesCsv = (records: Iterable<ArticleRecord>) => [...articlesCsvChunks(records)].join("");
const articlesJson = (records: Iterable<ArticleRecord>) => [...articlesJsonChunks(records)].join("");
const articlesJsonLines = (records: Iterable<ArticleRecord>) => [...articlesJsonLinesChunks(records)].join("");

const root = new URL("../..", import.meta.url).pathname;
const site = links("/", "https://archive.example.org");

describe("the open data", async () => {
  const { archive } = await loadArchive({ rootDir: root });
  assert.ok(archive);
  const articles = archive.articles as Article[];

  it("lists exactly the published articles in articles.json and articles.csv, newest first, with the text in the JSON only", () => {
    const json = JSON.parse(articlesJson(articles.map((a) => articleRecord(a, site, true)))) as { id: string; url: string; text: string }[];
    assert.deepEqual(json.map((r) => r.id), articles.map((a) => `${a.date.iso}-${a.slug}`));
    assert.ok(json.every((r) => r.text.length > 100 && r.url.startsWith("https://archive.example.org/articles/")));
    const csv = articlesCsv(articles.map((a) => articleRecord(a, site, false)));
    assert.ok(csv.startsWith("\uFEFFid,url,title,"));
    const rows = parseCsv(csv.slice(1));
    assert.equal(rows.length, articles.length + 1);
    assert.deepEqual(rows.slice(1).map((r) => r[0]), json.map((r) => r.id));
    assert.ok(rows.every((r) => r.length === (rows[0] as string[]).length));
    assert.ok(!(rows[0] as string[]).includes("text"));
  });

  it("quotes what CSV must quote and keeps a spreadsheet from running a value as a formula", () => {
    const hostile = 'a,"b"\r\nc';
    assert.deepEqual(parseCsv(`${csvField(hostile)},${csvField("=HYPERLINK(1)")}\r\n`), [[hostile, "'=HYPERLINK(1)"]]);
  });

  it("writes JSON Lines with the same records as the JSON", () => {
    const records = articles.map((a) => articleRecord(a, site, true));
    assert.deepEqual(articlesJsonLines(records).trimEnd().split("\n").map((l) => JSON.parse(l)), JSON.parse(articlesJson(records)));
  });

  it("makes the article files in pieces, a record each (the CSV: a few), that add up to the whole files, empty ones too", () => {
    const one = articles.map((a) => articleRecord(a, site, true));
    const many = Array.from({ length: 700 }, (_, i) => one[i % one.length] as (typeof one)[number]);
    for (const records of [many, one, []]) {
      const json = [...articlesJsonChunks(records)];
      assert.equal(json.join(""), `[\n${records.map((r) => JSON.stringify(r)).join(",\n")}\n]\n`);
      // A record a piece, and its separator.
      assert.equal(json.length, Math.max(records.length * 2 - 1, 0) + 2);
      const csvPieces = [...articlesCsvChunks(records)];
      assert.equal(csvPieces.length, Math.floor(records.length / CHUNK_RECORDS) + 1);
      assert.equal([...articlesJsonLinesChunks(records)].join(""), records.map((r) => `${JSON.stringify(r)}\n`).join(""));
      const csv = [...articlesCsvChunks(records)].join("");
      assert.equal(parseCsv(csv.slice(1)).length, records.length + 1);
      assert.equal(csv, articlesCsv(records));
    }
    assert.equal(articlesJson([]), "[\n\n]\n");
    const files = dataFiles(archive, site, false);
    const json = files.find((f) => f.route === DATA_FILES.json);
    assert.equal([...(json?.chunks?.() ?? [])].join(""), json?.render());
  });

  it("copies the lines the last build wrote for unchanged articles, byte for byte, and lists the lines it writes", () => {
    const made = dataFiles(archive, site, false);
    const byArticle = new Map(articles.map((a) => [a, new TextEncoder().encode(JSON.stringify(articleRecord(a, site, true)))]));
    const listed: [string, number][] = [];
    let begun = 0;
    const asked: string[] = [];
    // Every second article's line is the last build's.
    const kept: RecordLines = {
      get: (a) => {
        asked.push(a.slug);
        return articles.indexOf(a) % 2 ? byArticle.get(a) : undefined;
      },
      begin: () => (begun++, (listed.length = 0)),
      add: (a, bytes) => listed.push([a.slug, bytes]),
    };
    const copied = dataFiles(archive, site, false, kept);
    const json = (files: DataFile[]) => files.find((f) => f.route === DATA_FILES.json) as DataFile;
    const text = (file: DataFile) => Array.from(file.chunks?.() ?? [], (p) => (typeof p === "string" ? p : new TextDecoder().decode(p))).join("");
    assert.equal(text(json(copied)), text(json(made)));
    assert.equal(begun, 1);
    assert.deepEqual(listed, articles.map((a) => [a.slug, byArticle.get(a)?.length]));
    assert.ok(asked.length >= articles.length);
    assert.equal(json(copied).render(), json(made).render());
  });

  it("makes each article's line once for articles.json and .jsonl together, however their pieces interleave", () => {
    const count = () => {
      const asked = new Map<string, number>();
      const kept: RecordLines = { get: (a) => void asked.set(a.slug, (asked.get(a.slug) ?? 0) + 1), begin: () => undefined, add: () => undefined };
      const files = dataFiles(archive, site, false, kept, true);
      const of = (route: string) => (files.find((f) => f.route === route)?.chunks?.() ?? [])[Symbol.iterator]();
      return { asked, json: of(DATA_FILES.json), jsonl: of(DATA_FILES.jsonl) };
    };
    const drain = (pieces: Iterator<unknown>, n = Infinity) => {
      for (let i = 0; i < n && !pieces.next().done; i++);
    };
    // Turn by turn (as the page writer writes them), either first, or one file whole before the other.
    for (const order of ["json first", "jsonl first", "json whole first"]) {
      const { asked, json, jsonl } = count();
      if (order === "json whole first") drain(json);
      const [a, b] = order === "jsonl first" ? [jsonl, json] : [json, jsonl];
      for (let turn = 0; turn < 4 * articles.length; turn++) {
        drain(a, 1);
        drain(b, 1);
      }
      drain(a);
      drain(b);
      assert.deepEqual([...asked.values()], articles.map(() => 1), order);
    }
  });

  it("describes every field of every record in the JSON Schema made from the content schema, and no other", () => {
    const schema = JSON.parse(articleJsonSchema(archive, site)) as { properties: Record<string, { title?: string }>; required: string[]; additionalProperties: boolean };
    assert.equal(schema.additionalProperties, false);
    for (const a of articles) {
      const record = articleRecord(a, site, true);
      for (const key of Object.keys(record)) assert.ok(schema.properties[key], `${key} is in the schema`);
      for (const key of schema.required) assert.ok(key in record, `${a.file}: required ${key}`);
    }
    assert.equal(schema.properties["title"]?.title, "标题");
    assert.ok(!("draft" in schema.properties));
    assert.deepEqual(schema.properties["aliases"], { ...schema.properties["aliases"], type: "array" });
  });

  it("puts every file under /data/ and writes JSON Lines only for a large archive", () => {
    const routes = dataFiles(archive, site).map((f) => f.route);
    assert.ok(routes.every((r) => r.startsWith("/data/")));
    assert.ok(!routes.includes(DATA_FILES.jsonl));
  });
});
