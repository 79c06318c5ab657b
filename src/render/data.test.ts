import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { Article } from "../content/article.ts";
import { loadArchive } from "../content/load.ts";
import { links, routes } from "../core/urls.ts";
import { articleJsonSchema, articleRecord, CHUNK_RECORDS, articlesCsvChunks, articlesJsonChunks, articlesJsonLinesChunks, csvField, csvVolumeRoute, dataFiles, DATA_FILES, HandedTexts, volumeRoute, volumesJson, volumesOf, type ArticleRecord, type DataFile, type RecordLines, type Volume } from "./data.ts";
import { bodyByteLength } from "../content/body.ts";
import { splitFrontMatter } from "../content/frontmatter.ts";
import { calendarDate } from "../core/dates.ts";
import { siteContext } from "./pages.ts";
import { dataPage } from "./templates/data.ts";
import { TextThread } from "./text-thread.ts";

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

/** A data file's text as its pieces add up when written (they may come as a thread makes them). */
async function written(file: DataFile | undefined): Promise<string> {
  assert.ok(file);
  let text = "";
  for await (const piece of file.chunks?.() ?? [file.render()]) text += typeof piece === "string" ? piece : new TextDecoder().decode(piece);
  return text;
}

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

  it("makes the article files in pieces, a record each (the CSV: a few), that add up to the whole files, empty ones too", async () => {
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
    assert.ok(json?.chunks);
    assert.equal(await written(json), json.render());
  });

  it("copies the lines the last build wrote for unchanged articles, byte for byte, and lists the lines it writes", async () => {
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
      begin: (route) => {
        assert.equal(route, DATA_FILES.json);
        begun++;
        listed.length = 0;
        return (a, bytes) => listed.push([a.slug, bytes]);
      },
    };
    const copied = dataFiles(archive, site, false, kept);
    const json = (files: DataFile[]) => files.find((f) => f.route === DATA_FILES.json) as DataFile;
    assert.equal(await written(json(copied)), await written(json(made)));
    assert.equal(begun, 1);
    assert.deepEqual(listed, articles.map((a) => [a.slug, byArticle.get(a)?.length]));
    assert.ok(asked.length >= articles.length);
    assert.equal(json(copied).render(), json(made).render());
  });

  it("puts a large archive's records in a JSON Lines and a CSV volume per month, listed in articles/index.json, instead of articles.json and articles.csv", async () => {
    const files = dataFiles(archive, site, false, undefined, true);
    const texts = new Map(await Promise.all(files.map(async (f) => [f, await written(f)] as const)));
    const text = (file: DataFile) => texts.get(file) as string;
    const months = [...new Set(articles.map((a) => a.date.iso.slice(0, 7)))];
    const volumes = months.map((m) => files.find((f) => f.route === volumeRoute(m)) as DataFile);
    assert.ok(months.length > 1 && volumes.every(Boolean), months.join());
    assert.ok(!files.some((f) => f.route === DATA_FILES.json || f.route === DATA_FILES.csv));
    // Every record once, in the archive's order (newest first), each in its month's volume.
    const lines = volumes.flatMap((v) => text(v).split("\n").slice(0, -1).map((l) => [v.route, JSON.parse(l) as { id: string; date: string }] as const));
    assert.deepEqual(lines.map(([, r]) => r), articles.map((a) => articleRecord(a, site, true)));
    assert.ok(lines.every(([route, r]) => route === volumeRoute(r.date.slice(0, 7))));
    // Each month's CSV: the header, then that month's rows as articles.csv has them.
    const whole = parseCsv(articlesCsv(articles.map((a) => articleRecord(a, site, false))).slice(1));
    const csvs = months.map((m) => files.find((f) => f.route === csvVolumeRoute(m)) as DataFile);
    assert.ok(csvs.every(Boolean));
    const rows = csvs.map((f) => parseCsv(text(f).slice(1)));
    assert.ok(rows.every((r) => JSON.stringify(r[0]) === JSON.stringify(whole[0])));
    assert.deepEqual(rows.flatMap((r) => r.slice(1)), whole.slice(1));
    months.forEach((m, i) => assert.ok(rows[i]?.slice(1).every((row) => row[4]?.startsWith(m)), m));
    const index = JSON.parse(text(files.find((f) => f.route === DATA_FILES.volumes) as DataFile)) as { articles: number; volumes: { month: string; url: string; csv: string; articles: number }[] };
    assert.equal(index.articles, articles.length);
    const at = (route: string) => `https://archive.example.org${route}`;
    assert.deepEqual(index.volumes.map((v) => [v.month, v.url, v.csv, v.articles]), months.map((m) => [m, at(volumeRoute(m)), at(csvVolumeRoute(m)), articles.filter((a) => a.date.iso.startsWith(m)).length]));
  });

  it("writes the same volumes with their texts made on a thread, the last build's lines copied among them", async () => {
    const byArticle = new Map(articles.map((a) => [a, new TextEncoder().encode(JSON.stringify(articleRecord(a, site, true)))]));
    const listed: string[] = [];
    // Every third article's line is the last build's.
    const kept: RecordLines = { get: (a) => (articles.indexOf(a) % 3 ? undefined : byArticle.get(a)), begin: () => (a) => listed.push(a.slug) };
    // Asked for the texts of any volume (a real one asks for many at once).
    const thread = new TextThread({ least: 1 });
    try {
      const here = dataFiles(archive, site, false, undefined, true);
      const there = dataFiles(archive, site, false, kept, true, thread);
      assert.deepEqual(there.map((f) => f.route), here.map((f) => f.route));
      for (const [i, file] of there.entries()) assert.equal(await written(file), await written(here[i]), file.route);
      assert.deepEqual(listed.sort(), articles.map((a) => a.slug).sort(), "every line listed once");
    } finally {
      await thread.close();
    }
  });

  it("takes the texts the article pages handed it, each once, and makes the others from the Markdown", async () => {
    const [first, second] = articles as [Article, Article];
    for (const thread of [undefined, new TextThread({ least: 1 })]) {
      try {
        const handed = new HandedTexts();
        handed.hand(first, "交出的正文");
        const files = dataFiles(archive, site, false, undefined, true, thread, handed);
        const lines = new Map<string, { text: string }>();
        for (const file of files.filter((f) => f.texts)) for (const line of (await written(file)).split("\n").slice(0, -1)) lines.set((JSON.parse(line) as { id: string }).id, JSON.parse(line) as { text: string });
        assert.equal(lines.get(`${first.date.iso}-${first.slug}`)?.text, "交出的正文", thread ? "with a thread" : "without");
        assert.equal(lines.get(`${second.date.iso}-${second.slug}`)?.text, articleRecord(second, site, true).text);
        assert.equal(handed.size, 0, "taken");
      } finally {
        await thread?.close();
      }
    }
  });

  it("cuts a month past the size limit into parts of whole days named by their first day, and an article added on its newest day changes only its last part", () => {
    const base = articles[0] as Article;
    const bytes = bodyByteLength(base) + 1024;
    // Three articles a day from 1 to 10 March, newest first, as the archive orders them.
    const march = (extra: number) => Array.from({ length: 30 + extra }, (_, i) => ({ ...base, slug: i < extra ? `new${i}` : `m${i - extra}`, date: calendarDate(2030, 3, i < extra ? 10 : 10 - Math.floor((i - extra) / 3)) }) as Article);
    // Room for seven articles a part: two days of three.
    const parts = (extra: number) => volumesOf([...march(extra), ...articles], bytes * 7).filter((v) => v.month === "2030-03");
    const before = parts(0);
    assert.deepEqual(before.map((v) => [v.name, v.first, v.last, v.articles.length]), [
      ["2030-03-09", "2030-03-09", "2030-03-10", 6],
      ["2030-03-07", "2030-03-07", "2030-03-08", 6],
      ["2030-03-05", "2030-03-05", "2030-03-06", 6],
      ["2030-03-03", "2030-03-03", "2030-03-04", 6],
      ["2030-03-01", "2030-03-01", "2030-03-02", 6],
    ]);
    assert.deepEqual(before.flatMap((v) => v.articles), march(0));
    assert.deepEqual(before.map((v) => v.route), before.map((v) => `/data/articles/${v.name}.jsonl`));
    // The seed archive's months stay whole, under the month's name.
    assert.ok(volumesOf(articles, bytes * 7).every((v) => v.name === v.month));
    // One more on the 10th fits the last part; two more cut the 10th off into a part of its own.
    const same = (a: Volume[], b: Volume[]) => b.filter((v) => a.some((w) => w.name === v.name && w.articles.map((x) => x.slug).join() === v.articles.map((x) => x.slug).join())).length;
    assert.equal(same(before, parts(1)), 4);
    assert.deepEqual(parts(2).map((v) => [v.name, v.articles.length]).slice(0, 2), [["2030-03-10", 5], ["2030-03-09", 3]]);
    assert.equal(same(before, parts(2)), 4);
    const index = JSON.parse(volumesJson(volumesOf(march(0), bytes * 7), site)) as { volumes: { month: string; first: string; last: string; url: string }[] };
    assert.deepEqual(index.volumes[0], { month: "2030-03", first: "2030-03-09", last: "2030-03-10", url: "https://archive.example.org/data/articles/2030-03-09.jsonl", csv: "https://archive.example.org/data/articles/2030-03-09.csv", articles: 6 });
  });

  it("keys each volume by its own articles: an article changed changes its month's key and no other", () => {
    const keys = (list: Article[]) => new Map(dataFiles({ ...archive, articles: list }, site, false, undefined, true).map((f) => [f.route, f.key()]));
    const before = keys(articles);
    const changed = articles.findIndex((a) => a.date.iso.startsWith("2021-10"));
    const after = keys(articles.map((a, i) => (i === changed ? ({ ...a, title: `${a.title}（更正）` } as Article) : a)));
    const differ = [...before].filter(([route, key]) => after.get(route) !== key).map(([route]) => route);
    // Its month's two files, and the files made from every article (the index of volumes, …).
    assert.ok(differ.includes(volumeRoute("2021-10")));
    assert.deepEqual(differ.filter((r) => r.startsWith("/data/articles/") && r !== DATA_FILES.volumes), [volumeRoute("2021-10"), csvVolumeRoute("2021-10")]);
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

  it("carries every front-matter field an article was written with into its record, and every field of the schema into the CSV's columns", () => {
    const schema = JSON.parse(articleJsonSchema(archive, site)) as { properties: Record<string, unknown> };
    for (const a of articles) {
      const split = splitFrontMatter(readFileSync(path.join(root, a.file), "utf8"));
      assert.ok(split.ok);
      const written = Object.keys(split.source.frontMatter.data as object).filter((f) => f !== "draft");
      const record = articleRecord(a, site, false);
      for (const field of written) assert.ok((field === "url" ? "original_url" : field) in record, `${a.file}: ${field}`);
    }
    const leling = articles.find((a) => a.file.endsWith("2021-10-22-leling-zuofeng.md")) as Article;
    assert.equal(articleRecord(leling, site, false).page_name, "关注");
    const [header, ...rows] = parseCsv(articlesCsv(articles.map((a) => articleRecord(a, site, false))).slice(1)) as [string[], ...string[][]];
    assert.deepEqual([...header].sort(), Object.keys(schema.properties).filter((f) => f !== "text").sort());
    // The page's name beside the page, as the schema and the /data/ page's table list them.
    assert.equal(header.indexOf("page_name"), header.indexOf("page") + 1);
    assert.equal(rows[articles.indexOf(leling)]?.[header.indexOf("page_name")], "关注");
  });

  it("lists each field of the records' JSON Schema once on the /data/ page, in the schema's order", () => {
    const schema = JSON.parse(articleJsonSchema(archive, site)) as { properties: Record<string, unknown> };
    const page = dataPage({ ...siteContext(archive, site), route: routes.data() });
    const table = /<table class="data-fields">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? "";
    assert.deepEqual([...table.matchAll(/<tr><td><code>([^<]+)<\/code>/g)].map((m) => m[1]), Object.keys(schema.properties));
  });

  it("puts every file under /data/ and writes volumes only for a large archive", () => {
    const routes = dataFiles(archive, site).map((f) => f.route);
    assert.ok(routes.every((r) => r.startsWith("/data/")));
    assert.ok(routes.includes(DATA_FILES.json));
    assert.ok(!routes.some((r) => r.startsWith("/data/articles/")));
  });
});
