import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import * as pagefind from "pagefind";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { loadArchiveOrThrow } from "../../src/content/load.ts";
import { escapeHtml } from "../../src/render/html.ts";
import { decodeCbor, type CborValue } from "../../src/search/pagefind/cbor.ts";
import { officialPagefindRuntime } from "../../src/search/pagefind/runtime.ts";
import { writePagefindIndex } from "../../src/search/pagefind/writer.ts";
import { searchRecord, searchText, type SearchRecord } from "../../src/search/bundle/records.ts";
import { containsQuery, indexTerms, normalizeText, phraseTerms, queryParts, queryTerms } from "../../src/search/analyzer/terms.ts";
import { links } from "../../src/core/urls.ts";
import { sharedBrowser } from "../support/shared-browser.ts";
import { serveStatic } from "../../tools/lib/server.ts";
import { TEST_TIMEOUT_MS } from "../support/process.ts";
import { tempDir } from "../support/project.ts";

/**
 * `npm run search:compat` runs this file in a scratch copy with another Pagefind installed
 * (SEARCH_COMPAT=1): the writer then accepts that runtime, and the comparisons below decide.
 */
const COMPAT = process.env["SEARCH_COMPAT"] === "1";
// pagefind's exports hide its package.json: it is two folders above its entry point, lib/index.js.
const PAGEFIND_VERSION = (JSON.parse(await readFile(path.join(path.dirname(fileURLToPath(import.meta.resolve("pagefind"))), "..", "package.json"), "utf8")) as { version: string }).version;
const write = (records: Parameters<typeof writePagefindIndex>[0], dir: string, options: Parameters<typeof writePagefindIndex>[2] = {}) => writePagefindIndex(records, dir, { allowUnverifiedRuntime: COMPAT, ...options });


/** Records of a generated archive of `count` articles (newest first, as the site indexes them). */
async function generatedRecords(count: number): Promise<SearchRecord[]> {
  const dir = await tempDir("pagefind-writer-corpus-");
  await generateCorpus({ count, outDir: dir, shape: "light" });
  const archive = await loadArchiveOrThrow({ rootDir: dir });
  const l = links("/");
  // The writer supports sort keys even though the site sorts by page order: give every record one.
  return archive.articles.map((a) => ({ ...searchRecord(a, l), sort: { date: a.date.iso } }));
}

function record(n: number, title: string, text: string, extra: Partial<Pick<SearchRecord, "filters" | "sort" | "fields">> = {}): SearchRecord {
  const fields = extra.fields ?? [{ label: "报纸", text: "测试日报" }, { label: "记者", text: "马志勇 张海峰" }];
  return {
    url: `/extra/${n}/`,
    title,
    fields,
    text,
    meta: { title, date: `2020年1月${n}日`, source: "测试日报 A1", places: "乐陵市", fields: fields.map((f) => f.label).join("\n") },
    filters: extra.filters ?? { place: ["山东省", "德州市", "乐陵市"], source: ["测试日报"], tag: [], year: ["2020"] },
    sort: extra.sort ?? { date: `2020-01-${String(n).padStart(2, "0")}` },
  };
}

/** Hand-made records: a title match against body-only matches, Latin and digits, an empty body. */
const EXTRA: SearchRecord[] = [
  record(1, "蓝莓园区扩建启动", "当地召开专题会议，部署下一阶段的重点工作，要求各部门加强协作、压实责任。"),
  record(2, "其他新闻一则", "会上通报了蓝莓园区的建设进度，并就下一步工作提出要求。会议强调要狠抓落实。"),
  record(3, "其他新闻两则", "蓝莓园区今年新增就业岗位。蓝莓园区的负责人介绍了有关情况，群众反映良好。"),
  record(4, "COVID-19 防控 2021", "GDP增长6.5%，新建5G基站120个；ＡＢＣ全角字母与数字１２３。"),
  record(5, "只有标题的记录", "", { filters: { place: ["山东省"], source: ["测试日报"], tag: ["标题"], year: ["2021"] }, sort: { date: "2021-05-05" } }),
];

/** The payload of a Pagefind index file: gunzip, then the 12-byte "pagefind_dcd" signature. */
function payload(file: Uint8Array): Uint8Array {
  const data = gunzipSync(file);
  assert.equal(data.subarray(0, 12).toString(), "pagefind_dcd", "file starts with the pagefind_dcd signature");
  return new Uint8Array(data.buffer, data.byteOffset + 12, data.length - 12);
}
const cbor = (file: Uint8Array) => decodeCbor(payload(file)) as CborValue[];
const json = (file: Uint8Array) => JSON.parse(new TextDecoder().decode(payload(file))) as Fragment;

interface Fragment {
  url: string;
  content: string;
  word_count: number;
  filters: Record<string, string[]>;
  meta: Record<string, string>;
  anchors: unknown[];
}

async function readTree(dir: string, prefix = ""): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const name = prefix + entry.name;
    if (entry.isDirectory()) for (const [k, v] of await readTree(path.join(dir, entry.name), `${name}/`)) files.set(k, v);
    else files.set(name, new Uint8Array(await readFile(path.join(dir, entry.name))));
  }
  return files;
}

/**
 * Pagefind's own bundle for the same words: an HTML page per record with the title terms in an
 * <h1>, the text terms in a <p>, the title terms as the `title` metadata, the other meta fields
 * present but wordless ("-", as our writer indexes no other field), filters and the date sort.
 */
async function officialBundle(records: readonly SearchRecord[], language: string): Promise<Map<string, Uint8Array>> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
  assert.ok(index, errors.join("; "));
  try {
    for (const r of records) {
      const title = indexTerms(r.title).join(" ");
      const marks = [
        ...Object.keys(r.meta).map((k) => `<i data-pagefind-meta="${k}:${k === "title" ? escapeHtml(title) : "-"}"></i>`),
        ...Object.entries(r.filters).flatMap(([k, values]) => values.map((v) => `<i data-pagefind-filter="${k}:${escapeHtml(v)}"></i>`)),
        ...Object.entries(r.sort ?? {}).map(([k, v]) => `<i data-pagefind-sort="${k}:${escapeHtml(v)}"></i>`),
      ];
      const fields = indexTerms(r.fields.map((f) => f.text).join("\n")).join(" ");
      const html = `<html lang="${language}"><body><h1>${title}</h1>${fields ? `<h3>${fields}</h3>` : ""}<p>${indexTerms(r.text).join(" ")}</p>${marks.join("")}</body></html>`;
      const added = await index.addHTMLFile({ url: r.url, content: html });
      assert.deepEqual(added.errors, []);
    }
    const built = await index.getFiles();
    assert.deepEqual(built.errors, []);
    return new Map(built.files.map((f) => [f.path, new Uint8Array(f.content)]));
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}

const metaFile = (files: Map<string, Uint8Array>) => {
  const found = [...files].filter(([name]) => /^pagefind\..+\.pf_meta$/.test(name));
  assert.equal(found.length, 1, "one pf_meta file");
  return (found[0] as [string, Uint8Array])[1];
};

/** Filter payload → { value: sorted pages } (Pagefind's value order is hash-map order). */
function filterValues(file: Uint8Array): [string, Record<string, number[]>] {
  const [name, values] = cbor(file) as [string, [string, number[]][]];
  return [name, Object.fromEntries(values.map(([v, pages]) => [v, [...pages].sort((a, b) => a - b)]).sort())];
}

describe("the Pagefind index writer", { timeout: TEST_TIMEOUT_MS }, () => {
  let corpus: SearchRecord[];
  before(async () => {
    corpus = await generatedRecords(400);
  });

  it("writes the same word index, metadata, filters and sorts as the installed Pagefind does for the same words", async () => {
    const records = [...corpus.slice(0, 40), ...EXTRA];
    const official = await officialBundle(records, "xx");
    const out = await tempDir("pagefind-writer-ours-");
    const result = await write(records, out, { language: "xx", trimChunkEnds: true, positionsPer: "term", unigramPositions: Infinity });
    const ours = await readTree(out);

    // The runtime is Pagefind's own, byte for byte; no UI files.
    for (const name of ["pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"]) assert.deepEqual(ours.get(name), official.get(name), name);
    assert.deepEqual([...ours.keys()].filter((n) => !n.includes("/")).sort().filter((n) => !n.endsWith(".pf_meta")), ["pagefind-entry.json", "pagefind-worker.js", "pagefind.js", "wasm.unknown.pagefind"]);

    // Entry: same version, language without a stemming wasm, page count, characters.
    const entry = (files: Map<string, Uint8Array>) => JSON.parse(Buffer.from(files.get("pagefind-entry.json") as Uint8Array).toString()) as { version: string; languages: Record<string, { hash: string; wasm: string | null; page_count: number }>; include_characters: string[] };
    const [oe, we] = [entry(official), entry(ours)];
    assert.equal(we.version, PAGEFIND_VERSION);
    assert.equal(we.version, oe.version);
    assert.deepEqual(we.include_characters, oe.include_characters);
    assert.deepEqual(Object.keys(we.languages), ["xx"]);
    assert.equal(we.languages["xx"]?.wasm, null);
    assert.equal(we.languages["xx"]?.page_count, records.length);
    assert.ok(ours.has(`pagefind.${we.languages["xx"]?.hash}.pf_meta`));
    assert.match(we.languages["xx"]?.hash ?? "", /^xx_[0-9a-f]{10}$/);

    // Word index: the same chunks under the same content-hash names, byte-identical payloads.
    const indexNames = (files: Map<string, Uint8Array>) => [...files.keys()].filter((n) => n.startsWith("index/")).sort();
    assert.ok(indexNames(official).length >= 3, "enough words for several chunks");
    assert.deepEqual(indexNames(ours), indexNames(official));
    for (const name of indexNames(official)) assert.deepEqual(payload(ours.get(name) as Uint8Array), payload(official.get(name) as Uint8Array), name);
    assert.equal(result.chunks, indexNames(official).length);

    // Metadata, decoded whole and compared whole, masking only the intended differences (see
    // "What we write differently" in src/search/pagefind/writer.ts): each page entry's fragment
    // name (our fragments hold the original text, so their hashes differ) and each filter file's
    // hash (we sort values; Pagefind writes them in hash-map order), with the filter list by name.
    // A field Pagefind adds (1.6.0: a third field in each page entry) fails here.
    const [om, wm] = [cbor(metaFile(official)), cbor(metaFile(ours))];
    const masked = (m: CborValue[]) =>
      m.map((part, i) => {
        if (i === 1) return (part as CborValue[][]).map(([, ...rest]) => ["<fragment>", ...rest]);
        if (i === 3) return (part as [string, string][]).map(([name]) => [name, "<filter file>"]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1));
        return part;
      });
    assert.deepEqual(masked(wm), masked(om), "pf_meta: version, pages, index chunks, filters, sorts, meta fields");
    assert.equal(wm[0], PAGEFIND_VERSION);
    for (const [hash] of wm[1] as [string][]) assert.match(hash, /^xx_[0-9a-f]{7}$/);
    assert.deepEqual((wm[3] as [string, string][]).map(([f]) => f), ["place", "source", "tag", "year"]);
    assert.deepEqual(wm[5], ["date", "fields", "places", "source", "title"]);
    const pages = (m: CborValue[]) => (m[1] as [string, number][]).map(([hash, words]) => ({ hash, words }));

    // Filters: the same pages for every value.
    const filters = (files: Map<string, Uint8Array>) => Object.fromEntries([...files].filter(([n]) => n.startsWith("filter/")).map(([, f]) => filterValues(f)));
    assert.deepEqual(filters(ours), filters(official));

    // Fragments: same url, word count, filters and meta fields; content and meta values are the
    // original text (Pagefind's hold the terms it was given).
    const fragments = (files: Map<string, Uint8Array>, m: CborValue[]) => pages(m).map(({ hash }) => json(files.get(`fragment/${hash}.pf_fragment`) as Uint8Array));
    const [of, wf] = [fragments(official, om), fragments(ours, wm)];
    records.forEach((r, i) => {
      const [o, w] = [of[i] as Fragment, wf[i] as Fragment];
      // Every field compared; only the text (content, meta values) is ours, not the terms.
      const maskText = (f: Fragment) => ({ ...f, content: "<text>", meta: Object.fromEntries(Object.keys(f.meta).map((k) => [k, "<text>"])) });
      assert.deepEqual(maskText(w), maskText(o), r.url);
      assert.deepEqual(Object.keys(w), ["url", "content", "word_count", "filters", "meta", "anchors"]);
      assert.equal(w.url, r.url);
      assert.equal(w.word_count, indexTerms(r.title).length + indexTerms(r.fields.map((f) => f.text).join("\n")).length + indexTerms(r.text).length);
      assert.deepEqual(w.meta, { ...r.meta });
      assert.equal(w.content, searchText(r));
    });
    assert.equal(result.pages, records.length);

    // By default a chunk's `to` is its last word, untrimmed; everything else is the same.
    const plainDir = await tempDir("pagefind-writer-plain-");
    await write(records, plainDir, { language: "xx", positionsPer: "term", unigramPositions: Infinity });
    const plain = await readTree(plainDir);
    assert.deepEqual(indexNames(plain), indexNames(official));
    const chunks = cbor(metaFile(plain))[2] as [string, string, string][];
    (om[2] as [string, string, string][]).forEach(([from, to, hash], i) => {
      const [pFrom, pTo, pHash] = chunks[i] as [string, string, string];
      assert.deepEqual([pFrom, pHash], [from, hash]);
      const words = (cbor(plain.get(`index/${hash}.pf_index`) as Uint8Array)[0] as [string][]).map(([w]) => w);
      assert.equal(pTo, words[words.length - 1]);
      assert.ok(pTo.startsWith(to), `${to} is a prefix of ${pTo}`);
    });
  });

  it("refuses, in one line and before writing, a Pagefind runtime whose files are not the verified ones", { skip: COMPAT }, async () => {
    const official = await officialPagefindRuntime();
    const dir = await tempDir("pagefind-writer-runtime-");
    for (const [name, content] of official.files) await writeFile(path.join(dir, name), content);
    await writeFile(path.join(dir, "pagefind-entry.json"), JSON.stringify({ version: official.version }));
    await writeFile(path.join(dir, "pagefind.js"), "// changed\n", { flag: "a" });
    const out = await tempDir("pagefind-writer-refused-");
    await assert.rejects(writePagefindIndex(EXTRA, out, { runtimeDir: dir }), (error: Error) => {
      assert.equal(error.message, `Pagefind ${official.version}: pagefind.js differs from the files the search index writer was verified against; reinstall pagefind ${official.version} (npm ci).`);
      return true;
    });
    assert.deepEqual(await readdir(out), []);
  });

  it("keeps every title position but at most maxPositions body positions per word and page", async () => {
    const records = [...corpus.slice(0, 20), ...EXTRA];
    const [all, capped] = [await tempDir("pagefind-writer-all-"), await tempDir("pagefind-writer-capped-")];
    await write(records, all);
    await write(records, capped, { maxPositions: 2 });
    type Entry = [number, number[], number[]];
    const groups = (dir: Map<string, Uint8Array>) => {
      const out = new Map<string, { body: number; title: number; meta: number }[]>();
      for (const [name, file] of dir) {
        if (!name.startsWith("index/")) continue;
        for (const [word, pages] of (cbor(file)[0] as [string, Entry[]][])) {
          out.set(
            word,
            pages.map(([, locs, meta]) => {
              let weight = 25;
              const count = { body: 0, title: 0, meta: meta.filter((n) => n >= 0).length };
              for (const n of locs) {
                if (n < 0) weight = -n - 1;
                else if (weight === 24) count.body++;
                else count.title++;
              }
              return count;
            }),
          );
        }
      }
      return out;
    };
    const [full, cut] = [groups(await readTree(all)), groups(await readTree(capped))];
    assert.deepEqual([...cut.keys()].sort(), [...full.keys()].sort());
    let trimmed = 0;
    for (const [word, pages] of full) {
      (cut.get(word) as typeof pages).forEach((c, i) => {
        const f = pages[i] as (typeof pages)[number];
        assert.deepEqual({ title: c.title, meta: c.meta }, { title: f.title, meta: f.meta });
        assert.equal(c.body, Math.min(f.body, 2));
        if (f.body > 2) trimmed++;
      });
    }
    assert.ok(trimmed > 100);
  });

  it("writes byte-identical files for 2,000 articles whether they are streamed in batches or not", async (t) => {
    const records = await generatedRecords(2000);
    const [a, b] = [await tempDir("pagefind-writer-a-"), await tempDir("pagefind-writer-b-")];
    const rssBefore = process.memoryUsage().rss;
    const first = await write(records, a);
    const peak = process.resourceUsage().maxRSS * 1024;
    async function* stream() {
      for (const r of records) yield r;
    }
    const second = await write(stream(), b, { batchBytes: 1 << 20 });
    const [fa, fb] = [await readTree(a), await readTree(b)];
    assert.deepEqual([...fa.keys()].sort(), [...fb.keys()].sort());
    for (const [name, data] of fa) assert.ok(Buffer.from(data).equals(fb.get(name) as Uint8Array), `${name} differs`);
    assert.deepEqual({ ...first, seconds: 0 }, { ...second, seconds: 0 });
    assert.equal(first.pages, 2000);

    // Writing again into the same folder replaces the bundle, leaving no stale files.
    await writeFile(path.join(a, "index", "stale.pf_index"), "x");
    await write(records.slice(0, 10), a);
    assert.ok(!(await readdir(path.join(a, "index"))).includes("stale.pf_index"));

    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    t.diagnostic(`2,000 articles: ${first.seconds.toFixed(1)} s (batched: ${second.seconds.toFixed(1)} s), ${first.words} words, ${first.chunks} chunks, ${mb(first.bytes)} MB; RSS ${mb(rssBefore)} MB before, process peak ${mb(peak)} MB`);
    // Speed and memory are the benchmark's business (npm run bench); the figures above are for reading.
  });

  it("keeps the postings in a file of the bundle's folder while writing and removes it when done or when writing fails", async () => {
    const [failed, done] = [await tempDir("pagefind-writer-failed-"), await tempDir("pagefind-writer-done-")];
    const records = Array.from({ length: 50 }, (_, i) => record(i + 1, `乐陵第${i + 1}条新闻`, "重点项目建设提速。".repeat(20)));
    let whileWriting: string[] = [];
    async function* failing() {
      yield* records;
      whileWriting = await readdir(failed);
      throw new Error("an article could not be read");
    }
    await assert.rejects(write(failing(), failed, { batchBytes: 1024 }), /an article could not be read/);
    assert.ok(whileWriting.includes("postings.tmp"), whileWriting.join(" "));
    assert.ok(!(await readdir(failed)).includes("postings.tmp"));
    await write(records, done, { batchBytes: 1024 });
    assert.ok(!(await readdir(done)).includes("postings.tmp"));
  });
});

interface ModuleResult {
  id: string;
  score: number;
}
type Search = (term: string | null, options?: Record<string, unknown>) => Promise<ModuleResult[]>;

describe("a bundle from the writer, searched by Pagefind's runtime in Chromium", { timeout: TEST_TIMEOUT_MS }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let records: SearchRecord[];
  let byHash: Map<string, SearchRecord>;
  let search: Search;
  let diffRecords: SearchRecord[];
  let serverRoot: string;
  const downloads: { url: string; bytes: number }[] = [];
  /** Bodies being read: a response is counted once its body has arrived. */
  const reading: Promise<void>[] = [];

  before(async () => {
    records = [...(await generatedRecords(400)), ...EXTRA];
    const site = await tempDir("pagefind-writer-site-");
    const result = await write(records, path.join(site, "pagefind"));
    assert.equal(result.pages, records.length);
    await writeFile(path.join(site, "index.html"), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索</title></head><body></body></html>`);
    await writeFile(path.join(site, "404.html"), "not found");
    const files = await readTree(path.join(site, "pagefind"));
    const hashes = (cbor(metaFile(files))[1] as [string, number][]).map(([hash]) => hash);
    byHash = new Map(hashes.map((hash, i) => [hash, records[i] as SearchRecord]));

    // For the differential test: the same records indexed by Pagefind's own indexer and by the
    // writer set to number words as Pagefind does, each bundle in a folder of its own.
    diffRecords = [...records.slice(0, 60), ...EXTRA];
    const official = await officialBundle(diffRecords, "xx");
    for (const [name, content] of official) {
      await mkdir(path.dirname(path.join(site, "official", "pagefind", name)), { recursive: true });
      await writeFile(path.join(site, "official", "pagefind", name), content);
    }
    await write(diffRecords, path.join(site, "ours", "pagefind"), { language: "xx", trimChunkEnds: true, positionsPer: "term", unigramPositions: Infinity });

    serverRoot = site;
    server = await serveStatic(site);
    browser = await sharedBrowser();
    context = await browser.newContext();
    // Requests of Pagefind's web worker are seen by the context, not the page.
    context.on("response", (response) => {
      reading.push(
        response.body().then(
          (body) => void downloads.push({ url: response.url(), bytes: body.length }),
          () => undefined,
        ),
      );
    });
    page = await context.newPage();
    await page.addInitScript("globalThis.__name = (f) => f");
    await page.goto(server.url);
    await page.evaluate(async (base) => {
      const module = (await import(`${base}pagefind/pagefind.js`)) as { options(o: object): Promise<void> };
      await module.options({ basePath: `${base}pagefind/` });
      (globalThis as unknown as { pf: unknown }).pf = module;
    }, server.url);
    search = (term, options = {}) =>
      page.evaluate(
        async ([term, options]) => {
          const pf = (globalThis as unknown as { pf: { search(t: string | null, o: object): Promise<{ results: ModuleResult[] }> } }).pf;
          const found = await pf.search(term, options);
          return found.results.map((r) => ({ id: r.id, score: r.score }));
        },
        [term, options] as const,
      );
  });
  after(async () => {
    await server?.close();
  });

  const haystack = (r: SearchRecord) => searchText(r);
  const matching = (q: string) => records.filter((r) => containsQuery(haystack(r), queryParts(q)));
  const urls = (results: ModuleResult[]) => results.map((r) => (byHash.get(r.id) as SearchRecord).url);
  const termFor = (q: string) => queryTerms(q).join(" ");

  /** Deterministic 1–4-character Chinese substrings of the records. */
  function sampleQueries(length: number, count: number): string[] {
    const out = new Set<string>();
    const cjk = /^\p{Script=Han}+$/u;
    for (let k = 0; out.size < count && k < 1000; k++) {
      const chars = [...normalizeText(haystack(records[(k * 37 + length * 11) % records.length] as SearchRecord))];
      for (let start = (k * 101 + length * 7) % Math.max(1, chars.length - length), tries = 0; tries < chars.length; tries++, start = (start + 1) % chars.length) {
        const q = chars.slice(start, start + length).join("");
        if ([...q].length === length && cjk.test(q)) {
          out.add(q);
          break;
        }
      }
    }
    return [...out];
  }

  it("answers a fixed set of queries with the same results, order, scores and positions as Pagefind's own index of the same records", async () => {
    const term = (q: string) => queryTerms(q).join(" ");
    const phrase = (q: string) => `"${phraseTerms(q).join(" ")}"`;
    const queries: [string | null, Record<string, unknown>][] = [
      [term("乐陵"), {}],
      [term("作风"), {}],
      [term("市"), {}],
      [term("蓝莓园区"), {}],
      [term("乐陵市"), {}],
      [`${term("作风")} ${term("建设")}`, {}],
      [phrase("乐陵市"), {}],
      [phrase("蓝莓园区"), {}],
      [phrase("作风建设"), {}],
      [term("工作"), { filters: { year: { any: ["2021"] } } }],
      [term("工作"), { filters: { place: { any: ["乐陵市", "淄博市"] } } }],
      [null, { filters: { place: { any: ["乐陵市"] } } }],
      [null, { filters: { tag: { any: ["标题"] }, year: { any: ["2021"] } } }],
      [term("工作"), { sort: { date: "asc" } }],
      [term("工作"), { sort: { date: "desc" } }],
      [term("龘龘"), {}],
    ];
    const run = (bundle: string) =>
      page.evaluate(
        async ([base, bundle, queries]) => {
          interface Module {
            options(o: object): Promise<void>;
            search(t: string | null, o: object): Promise<{ results: { id: string; score: number; words: number[] }[]; filters: unknown; totalFilters: unknown }>;
          }
          const pf = (await import(`${base}${bundle}/pagefind/pagefind.js`)) as Module;
          await pf.options({ basePath: `${base}${bundle}/pagefind/` });
          const out = [];
          for (const [q, options] of queries) {
            const found = await pf.search(q, options);
            out.push({ results: found.results.map((r) => ({ id: r.id, score: r.score, words: r.words })), filters: found.filters, totalFilters: found.totalFilters });
          }
          return out;
        },
        [server.url, bundle, queries] as const,
      );
    // Result ids are fragment names, which differ (see the structural test): compare page numbers.
    const pageNumbers = async (bundle: string) => {
      const meta = cbor(metaFile(await readTree(path.join(serverRoot, bundle, "pagefind"))));
      return new Map((meta[1] as [string][]).map(([hash], i) => [hash, i]));
    };
    const [theirs, ours] = [await run("official"), await run("ours")];
    const [theirPages, ourPages] = [await pageNumbers("official"), await pageNumbers("ours")];
    let results = 0;
    queries.forEach(([q, options], i) => {
      const label = `${q} ${JSON.stringify(options)}`;
      const norm = (r: (typeof ours)[number], pages: Map<string, number>) => ({ ...r, results: r.results.map(({ id, ...rest }) => ({ page: pages.get(id), ...rest })) });
      assert.deepEqual(norm(ours[i] as (typeof ours)[number], ourPages), norm(theirs[i] as (typeof ours)[number], theirPages), label);
      results += ours[i]?.results.length ?? 0;
    });
    assert.ok(results > 100, `${results} results in all`);
  });

  it("finds exactly the articles containing 1–2-character queries, and every article containing 3–4-character ones", async (t) => {
    let overMatched = 0;
    let results34 = 0;
    const queries = [1, 2, 3, 4].flatMap((length) => sampleQueries(length, 12).map((q) => ({ q, length })));
    queries.push({ q: "乐陵市", length: 3 }, { q: "作风建设", length: 4 }, { q: "蓝莓园区", length: 4 });
    for (const { q, length } of queries) {
      const expected = matching(q).map((r) => r.url).sort();
      const found = urls(await search(termFor(q))).sort();
      const missed = expected.filter((u) => !found.includes(u));
      assert.deepEqual(missed, [], `${q}: missed ${missed.length} of ${expected.length}`);
      const extra = found.filter((u) => !expected.includes(u));
      if (length <= 2) assert.deepEqual(extra, [], `${q}: ${extra.length} results without it`);
      else {
        overMatched += extra.length;
        results34 += found.length;
      }
    }
    assert.equal(urls(await search(termFor("龘龘"))).length, 0);
    t.diagnostic(`${queries.length} queries; 3–4-character queries: ${overMatched} of ${results34} results contain every bigram but not the query`);
    assert.ok(overMatched <= results34 * 0.05, `${overMatched} over-matches in ${results34}`);
  });

  it("finds exactly the articles containing a query of any length: its character, its bigram, or a quoted (exact) phrase of its bigrams", async () => {
    // A character's unigram and the bigram starting at it share a position, and every bigram
    // position is kept, so Pagefind's exact search ("…": words at consecutive positions) of a
    // query's bigrams (乐陵 陵市) matches the substring, never more. This is what the search page sends.
    const queries = [1, 2, 3, 4, 5].flatMap((length) => sampleQueries(length, 6));
    queries.push("乐陵市", "作风建设", "乐陵乐陵");
    for (const q of queries) {
      const expected = matching(q).map((r) => r.url).sort();
      const query = [...q].length >= 3 ? `"${phraseTerms(q).join(" ")}"` : queryTerms(q).join(" ");
      const found = urls(await search(query)).sort();
      assert.deepEqual(found, expected, q);
    }
  });

  it("ranks a title match above body-only matches", async (t) => {
    const found = urls(await search(termFor("蓝莓园区")));
    assert.deepEqual(found.slice().sort(), ["/extra/1/", "/extra/2/", "/extra/3/"]);
    assert.equal(found[0], "/extra/1/");

    // Over the sampled two-character queries, how often every title match outranks every body-only match.
    let ordered = 0;
    let tested = 0;
    for (const q of sampleQueries(2, 12)) {
      const ranked = (await search(termFor(q))).map((r) => byHash.get(r.id) as SearchRecord);
      const inTitle = ranked.map((r) => containsQuery(r.title, [normalizeText(q)]));
      if (!inTitle.includes(true) || !inTitle.includes(false)) continue;
      tested++;
      if (inTitle.lastIndexOf(true) < inTitle.indexOf(false)) ordered++;
    }
    t.diagnostic(`title matches all ranked first for ${ordered} of ${tested} queries with both kinds`);
    assert.equal(ordered, tested);
  });

  it("filters by place, source, tag and year, alone or with a query, and sorts by date", async () => {
    const place = "乐陵市";
    const withPlace = records.filter((r) => r.filters.place.includes(place)).map((r) => r.url).sort();
    assert.ok(withPlace.length > 3);
    assert.deepEqual(urls(await search(null, { filters: { place: { any: [place] } } })).sort(), withPlace);

    const q = "工作";
    const expected = matching(q).filter((r) => r.filters.place.includes(place)).map((r) => r.url).sort();
    assert.deepEqual(urls(await search(termFor(q), { filters: { place: { any: [place] } } })).sort(), expected);

    const two = ["乐陵市", "淄博市"];
    const either = matching(q).filter((r) => r.filters.place.some((p) => two.includes(p))).map((r) => r.url).sort();
    assert.deepEqual(urls(await search(termFor(q), { filters: { place: { any: two } } })).sort(), either);

    const first = records.find((r) => r.filters.tag.length && r.filters.source.length) as SearchRecord;
    for (const name of ["source", "tag", "year"] as const) {
      const value = first.filters[name][0] as string;
      const want = records.filter((r) => r.filters[name].includes(value)).map((r) => r.url).sort();
      assert.deepEqual(urls(await search(null, { filters: { [name]: { any: [value] } } })).sort(), want, `${name} ${value}`);
    }
    const both = records.filter((r) => r.filters.year.includes("2021") && r.filters.place.includes(place)).map((r) => r.url).sort();
    assert.deepEqual(urls(await search(null, { filters: { year: { any: ["2021"] }, place: { any: [place] } } })).sort(), both);

    for (const direction of ["desc", "asc"] as const) {
      const sorted = (await search(termFor(q), { sort: { date: direction } })).map((r) => (byHash.get(r.id) as SearchRecord).sort?.date ?? "");
      assert.equal(sorted.length, matching(q).length);
      const want = [...sorted].sort();
      if (direction === "desc") want.reverse();
      assert.deepEqual(sorted, want, `sort ${direction}`);
    }
  });

  it("gives each result's original text and metadata through result.data()", async (t) => {
    const q = "乐陵市";
    const data = await page.evaluate(async (term) => {
      const pf = (globalThis as unknown as { pf: { search(t: string): Promise<{ results: { id: string; data(): Promise<Fragment> }[] }> } }).pf;
      const found = await pf.search(term);
      return Promise.all(found.results.slice(0, 5).map(async (r) => ({ id: r.id, fragment: await r.data() })));
    }, termFor(q));
    assert.ok(data.length > 0);
    for (const { id, fragment } of data) {
      const r = byHash.get(id) as SearchRecord;
      assert.equal(fragment.url, r.url);
      assert.equal(fragment.content, searchText(r));
      assert.deepEqual(fragment.meta, { ...r.meta });
      assert.ok(containsQuery(fragment.content, [q]));
    }

    // Bytes a fresh visitor downloads for a first query, and for a later one.
    const fresh = await context.newPage();
    await fresh.addInitScript("globalThis.__name = (f) => f");
    await fresh.goto(server.url);
    downloads.length = 0;
    const run = (term: string) =>
      fresh.evaluate(
        async ([base, term]) => {
          interface Module {
            options(o: object): Promise<void>;
            search(t: string): Promise<{ results: unknown[] }>;
          }
          const g = globalThis as unknown as { pf?: Module };
          let pf = g.pf;
          if (!pf) {
            pf = (await import(`${base}pagefind/pagefind.js`)) as Module;
            await pf.options({ basePath: `${base}pagefind/` });
            g.pf = pf;
          }
          return (await pf.search(term)).results.length;
        },
        [server.url, term] as const,
      );
    // Every response the query needed has been seen by now (the query awaited them); wait for their bodies.
    const settle = () => Promise.all(reading.splice(0));
    assert.ok((await run(termFor("乐陵市"))) > 0);
    await settle();
    const firstBytes = downloads.reduce((sum, d) => sum + d.bytes, 0) - (downloads.find((d) => d.url === server.url)?.bytes ?? 0);
    downloads.length = 0;
    assert.ok((await run(termFor("作风建设"))) > 0);
    await settle();
    const laterBytes = downloads.reduce((sum, d) => sum + d.bytes, 0);
    await fresh.close();
    t.diagnostic(`first query ${(firstBytes / 1024).toFixed(0)} KB, later query ${(laterBytes / 1024).toFixed(0)} KB (${records.length} articles, no fragments)`);
    assert.ok(firstBytes < 300 * 1024, `first query downloaded ${firstBytes} bytes`);
  });
});
