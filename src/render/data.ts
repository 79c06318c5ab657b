/**
 * The archive as open data, under /data/: every published article as a record (one JSON file with
 * the full text, and CSV without the text for spreadsheets; past VOLUME_THRESHOLD, a JSON Lines
 * file and a CSV file per month, or per part of a month, instead, listed in articles/index.json), the registries, and a JSON Schema of
 * the records made from the content gate's zod schema. Everything is ordered as the archive is
 * (newest first), with no timestamp, so the same content gives the same bytes.
 */
import type { Article } from "../content/article.ts";
import { bodyByteLength, portableBody } from "../content/body.ts";
import type { Archive } from "../content/load.ts";
import type { Place } from "../content/registry.ts";
import { z } from "zod";
import { frontMatterSchema } from "../content/schema.ts";
import { listFingerprint } from "../content/fingerprint.ts";
import { routes, type Links } from "../core/urls.ts";
import { markdownToText } from "./markdown.ts";
// Only its type: the CMS bundles this module for the browser, where no thread is started.
import type { TextThread } from "./text-thread.ts";

/**
 * Past this size (bytes, estimated from the Markdown) the records are published as a volume per
 * month (JSON Lines, and CSV; a month past it in parts, volumesOf) instead of one articles.json and
 * one articles.csv: no file of the records passes what static hosts take per file (Cloudflare
 * Pages: 25 MiB; the CSV of a whole archive passes it too, near 86,000 articles), and a
 * republication rewrites only the volumes whose articles changed, not files the size of the
 * whole archive.
 */
const VOLUME_THRESHOLD = 20 * 1024 * 1024;

/** The files of /data/, as routes (the monthly volumes: volumeRoute). */
export const DATA_FILES = {
  json: "/data/articles.json",
  volumes: "/data/articles/index.json",
  csv: "/data/articles.csv",
  schema: "/data/article.schema.json",
  places: "/data/places.json",
  newspapers: "/data/newspapers.json",
} as const;

/** Where articleRecord keeps and finds texts already made from an article's Markdown. */
export interface TextMemo {
  get(article: Article): string | undefined;
  set(article: Article, text: string): void;
}

/**
 * Each record's text, remembered in the preview: it keeps the records of unchanged files from one
 * rebuild to the next, so a rebuild turns only the edited articles' Markdown into text (most of
 * the cost of writing articles.json, the build's "data" stage). A production build keeps none
 * past the data files (all of them together would be a second copy of every body): it copies
 * unchanged records' lines from the last build's file instead (RecordLines).
 */
const previewTexts: TextMemo = new WeakMap<Article, string>();
const NO_MEMO: TextMemo = { get: () => undefined, set: () => undefined };

/** A volume of the records (volumesOf: a month, `2021-10`, or a part of one, `2021-10-16`): `/data/articles/2021-10.jsonl`, one record a line. */
export function volumeRoute(name: string): string {
  return `/data/articles/${name}.jsonl`;
}

/** A volume of the CSV: `/data/articles/2021-10.csv`, as articles.csv, that volume's rows only. */
export function csvVolumeRoute(name: string): string {
  return `/data/articles/${name}.csv`;
}

/**
 * The lines of articles.json or of the monthly volumes (one record each) that the last production
 * build wrote, kept by the build cache (src/build/record-lines.ts): an unchanged article's line is
 * read back from that build's file instead of being made again from its Markdown.
 */
export interface RecordLines {
  /** The line (JSON, no line end) the last build wrote for this article, if it and all the line shows are unchanged. */
  get(article: Article): Uint8Array | undefined;
  /**
   * Begins the list of the lines this build writes into the file at `route`; the function it
   * returns is called for each line, in order (each file has its own, whatever order they are made in).
   */
  begin(route: string): (article: Article, bytes: number) => void;
}

function textOf(article: Article, memo: TextMemo): string {
  let text = memo.get(article);
  if (text === undefined) memo.set(article, (text = markdownToText(article.body)));
  return text;
}

/** One article as published data: the front-matter fields (normalized: lists are lists), its id and URL, and its text. */
export function articleRecord(article: Article, links: Links, withText: boolean, texts: TextMemo = previewTexts) {
  return {
    id: `${article.date.iso}-${article.slug}`,
    url: links.absolute(routes.article(article)),
    title: article.title,
    ...(article.subtitle ? { subtitle: article.subtitle } : {}),
    date: article.date.iso,
    date_precision: article.datePrecision,
    ...(article.dateNote ? { date_note: article.dateNote } : {}),
    source: article.source.name,
    ...(article.page ? { page: article.page } : {}),
    ...(article.pageName ? { page_name: article.pageName } : {}),
    place: article.places.map((p) => p.name),
    tags: article.tags,
    authors: article.authors,
    correspondents: article.correspondents,
    ...(article.editor ? { editor: article.editor } : {}),
    // The original's address (front matter `url`).
    ...(article.url ? { original_url: article.url } : {}),
    slug: article.slug,
    // Old paths that redirect to the article.
    aliases: article.aliases,
    ...(article.note ? { note: article.note } : {}),
    ...(withText ? { text: textOf(article, texts) } : {}),
  };
}

export type ArticleRecord = ReturnType<typeof articleRecord>;

/** A piece of a file as it is made: text, or bytes read back from a file (RecordLines). */
export type Piece = string | Uint8Array;

/** A file's pieces, as they come (see SitePage.chunks): made here, or waiting for a thread (dataFiles). */
export type Pieces = Iterable<Piece> | AsyncIterable<Piece>;

/** The CSV's columns, in order; lists are joined with LIST_SEPARATOR. */
const CSV_COLUMNS = ["id", "url", "title", "subtitle", "date", "date_precision", "date_note", "source", "page", "page_name", "place", "tags", "authors", "correspondents", "editor", "original_url", "slug", "aliases", "note"] as const;
export const LIST_SEPARATOR = "；";

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled.
 * A value that a spreadsheet would run as a formula (starting with = + - @, a tab or CR) gets a
 * leading apostrophe, as OWASP advises for CSV meant for Excel.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The three article files as pieces, made as they are written: the whole of articles.json is about
 * the size of all the bodies together (about 1 GB for 100,000 articles of 10 KB), more than a
 * build should hold at once, and past the longest string V8 makes. A piece of a few records (the
 * CSV's; a record each for the JSON files) is mostly under V8's large-object size (128 KB) and dies
 * young; pieces of hundreds of records went to the old generation and filled it with garbage until
 * a full collection.
 */
export const CHUNK_RECORDS = 4;

function* chunked(records: Iterable<ArticleRecord>, head: string, line: (record: ArticleRecord, first: boolean) => string, tail: string): Generator<string> {
  let chunk = head;
  let count = 0;
  for (const record of records) {
    chunk += line(record, count === 0);
    if (++count % CHUNK_RECORDS === 0) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk + tail;
}

/** UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends, a header row. */
export function articlesCsvChunks(records: Iterable<ArticleRecord>): Generator<string> {
  const row = (values: readonly string[]) => values.map(csvField).join(",");
  const cell = (record: ArticleRecord, column: (typeof CSV_COLUMNS)[number]) => {
    const value = record[column];
    return Array.isArray(value) ? value.join(LIST_SEPARATOR) : ((value as string | undefined) ?? "");
  };
  return chunked(records, `\uFEFF${row(CSV_COLUMNS)}`, (r) => `\r\n${row(CSV_COLUMNS.map((c) => cell(r, c)))}`, "\r\n");
}

export function articlesJsonChunks(records: Iterable<ArticleRecord>): Generator<Piece> {
  return articlesJsonPieces(stringified(records));
}

export function articlesJsonLinesChunks(records: Iterable<ArticleRecord>): Generator<Piece> {
  return articlesJsonLinesPieces(stringified(records));
}

function* stringified(records: Iterable<ArticleRecord>): Generator<string> {
  for (const record of records) yield JSON.stringify(record);
}

/** articles.json from its records' lines (JSON each, as made or as read back: RecordLines). */
function* articlesJsonPieces(lines: Iterable<Piece>): Generator<Piece> {
  let first = true;
  yield "[\n";
  for (const line of lines) {
    if (!first) yield ",\n";
    first = false;
    yield line;
  }
  yield "\n]\n";
}

function* articlesJsonLinesPieces(lines: Iterable<Piece>): Generator<Piece> {
  for (const line of lines) {
    yield line;
    yield "\n";
  }
}

/** The same, from lines that come as a thread makes their texts. */
async function* articlesJsonLinesAhead(lines: AsyncIterable<Piece>): AsyncGenerator<Piece> {
  for await (const line of lines) {
    yield line;
    yield "\n";
  }
}

interface PlaceRecord {
  readonly name: string;
  readonly slug: string;
  readonly url: string;
  readonly children: readonly PlaceRecord[];
}

function placesJson(archive: Archive, links: Links): string {
  const place = (p: Place): PlaceRecord => ({ name: p.name, slug: p.slug, url: links.absolute(routes.place(p.slug)), children: p.children.map(place) });
  return `${JSON.stringify(archive.rootPlaces.map(place), null, 2)}\n`;
}

function newspapersJson(archive: Archive, links: Links): string {
  const papers = [...archive.sources.values()].map((s) => ({
    name: s.name,
    slug: s.slug,
    kind: s.kind,
    ...(s.description ? { description: s.description } : {}),
    ...(s.url ? { website: s.url } : {}),
    url: links.absolute(routes.source(s.slug)),
  }));
  return `${JSON.stringify(papers, null, 2)}\n`;
}

/** Keywords the schema's field documentation adds (schema.ts FieldDoc) that are not JSON Schema's, or are, differently. */
const DOC_KEYS = new Set(["label", "help", "required", "expects", "example"]);

/**
 * The JSON Schema (2020-12) of an ArticleRecord: the content gate's own zod schema of the front
 * matter (z.toJSONSchema), with the fields the record adds and lists always lists.
 */
export function articleJsonSchema(archive: Archive, links: Links): string {
  const generated = z.toJSONSchema(frontMatterSchema(archive), { io: "input", unrepresentable: "any" }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  const properties: Record<string, unknown> = {};
  const list = { type: "array", items: { type: "string", minLength: 1 } };
  for (const [name, property] of Object.entries(generated.properties)) {
    if (name === "draft") continue; // only published articles are data
    const { label, example, ...rest } = property;
    const schema: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([k]) => !DOC_KEYS.has(k)));
    if (label) schema["title"] = label;
    if (example !== undefined) schema["examples"] = [example];
    if (["place", "tags", "authors", "correspondents", "aliases"].includes(name)) {
      delete schema["anyOf"];
      Object.assign(schema, list);
    }
    if (name === "page") {
      delete schema["anyOf"];
      Object.assign(schema, { type: "string", minLength: 1 });
    }
    if (name === "date") schema["pattern"] = "^\\d{4}-\\d{2}-\\d{2}$";
    properties[name === "url" ? "original_url" : name] = schema;
  }
  const text = (title: string, description: string) => ({ type: "string", minLength: 1, title, description });
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: links.absolute(DATA_FILES.schema),
    title: `${archive.site.name}：文章记录`,
    description: "One published article of /data/articles.json (or a line of a volume, /data/articles/YYYY-MM.jsonl or, a part of a month, YYYY-MM-DD.jsonl). Fields as in the front matter (docs/editing.md), lists always lists, plus id, url, date_precision, slug and text.",
    type: "object",
    properties: {
      id: text("编号", "date and slug: stable, unique"),
      url: { ...text("本站网址", "The article's page on this site."), format: "uri" },
      ...properties,
      slug: { ...text("网址名", "Last part of the article's URL."), pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" },
      text: { type: "string", title: "正文", description: "The article's text, paragraphs separated by blank lines (JSON only)." },
    },
    required: ["id", "url", "date_precision", "slug", ...(generated.required ?? []).filter((r) => r !== "draft")],
    additionalProperties: false,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** A data file: its route, and its text, made when asked for, whole (`render`) or in pieces as they are written (`chunks`); `key`: a digest of the articles it shows. */
export interface DataFile {
  readonly route: string;
  readonly render: () => string;
  readonly chunks?: () => Pieces;
  readonly key: () => string;
  /** The articles whose texts it shows (articles.json, a volume's JSON Lines): written after their pages (HandedTexts). */
  readonly texts?: readonly Article[] | undefined;
}

/**
 * Texts an article page made, handed to the open data's lines. A page parses its body once for
 * its HTML and its text (renderBody), and the page walk writes the files that show texts right
 * after the pages of their articles (render/pages.ts), so those lines take the text instead of
 * reading and parsing the body again (`npm run bench` prints the stages, "data" and "articles").
 * Each text is taken once; the walk forgets those of a file that was not written (kept by the
 * build cache), so a few files' texts are held at most.
 */
export class HandedTexts {
  readonly #texts = new Map<Article, string>();

  hand(article: Article, text: string): void {
    this.#texts.set(article, text);
  }

  take(article: Article): string | undefined {
    const text = this.#texts.get(article);
    if (text !== undefined) this.#texts.delete(article);
    return text;
  }

  forget(articles: readonly Article[]): void {
    for (const article of articles) this.#texts.delete(article);
  }

  /** Texts held. */
  get size(): number {
    return this.#texts.size;
  }
}

/** Published articles, newest first, as a volume holds them: a month's, or a part of a month's. */
export interface Volume {
  /** `2021-10`: the month, or the first day of a part of it (`2021-10-16`). */
  readonly name: string;
  readonly month: string;
  /** The days of its oldest and newest articles. */
  readonly first: string;
  readonly last: string;
  /** Its JSON Lines file, and its CSV. */
  readonly route: string;
  readonly csv: string;
  readonly articles: readonly Article[];
}

/** What an article's record takes at most, estimated from the Markdown (≥ the text) without rendering. */
const recordBytes = (a: Article): number => bodyByteLength(a) + 1024;

/**
 * The volumes of the published articles, newest first: one a month (`2021-10` from the record's
 * date), and a month past `limit` bytes in parts of whole days, cut from its oldest day on, each
 * named by its first day: an article added on a month's newest day changes only its last part,
 * and no file passes what a host takes unless one day's articles do.
 */
export function volumesOf(articles: readonly Article[], limit = VOLUME_THRESHOLD): Volume[] {
  const months = new Map<string, Article[]>();
  for (const a of articles) {
    if (a.draft) continue;
    const month = a.date.iso.slice(0, 7);
    const list = months.get(month);
    if (list) list.push(a);
    else months.set(month, [a]);
  }
  const volume = (name: string, month: string, list: readonly Article[]): Volume => ({ name, month, first: (list.at(-1) as Article).date.iso, last: (list[0] as Article).date.iso, route: volumeRoute(name), csv: csvVolumeRoute(name), articles: list });
  const volumes: Volume[] = [];
  for (const [month, list] of [...months].sort(([a], [b]) => (a < b ? 1 : -1))) {
    // The month's articles are newest first, each day's together: parts are cut from its end (its
    // oldest day), a day at a time, as slices [start, end) of it.
    const parts: Article[][] = [];
    let end = list.length;
    let bytes = 0;
    for (let day = list.length; day > 0; ) {
      const iso = (list[day - 1] as Article).date.iso;
      let start = day;
      let dayBytes = 0;
      while (start > 0 && (list[start - 1] as Article).date.iso === iso) {
        start--;
        dayBytes += recordBytes(list[start] as Article);
      }
      // This day would take the part past the limit: the part ends before it.
      if (end > day && bytes + dayBytes > limit) {
        parts.push(list.slice(day, end));
        end = day;
        bytes = 0;
      }
      bytes += dayBytes;
      day = start;
    }
    parts.push(list.slice(0, end));
    // One part is the whole month, under its name; parts are named by their first day.
    for (const part of parts.reverse()) volumes.push(volume(parts.length === 1 ? month : (part.at(-1) as Article).date.iso, month, part));
  }
  return volumes;
}

/** articles/index.json: every volume with its month, the days it spans, its files' addresses (JSON Lines, CSV) and number of articles, newest first. */
export function volumesJson(volumes: readonly Volume[], links: Links): string {
  const articles = volumes.reduce((n, v) => n + v.articles.length, 0);
  const listed = volumes.map((v) => ({ month: v.month, first: v.first, last: v.last, url: links.absolute(v.route), csv: links.absolute(v.csv), articles: v.articles.length }));
  return `${JSON.stringify({ articles, volumes: listed }, null, 2)}\n`;
}

const utf8 = new TextDecoder();

/**
 * The data files, each made when asked for. `preview`: keep each article's text for the next
 * rebuild (see previewTexts). `kept`: the last build's lines, to copy those of unchanged articles.
 * `inVolumes`: whether the records go into monthly volumes (default: past VOLUME_THRESHOLD).
 * `thread`: a thread that makes the volumes' texts (Markdown to text, most of their cost) a few
 * batches ahead of the lines that need them, while this thread makes the lines before them.
 * `handed`: the texts the article pages made, taken before any is made here or on the thread.
 */
export function dataFiles(archive: Archive, links: Links, preview = true, kept?: RecordLines, inVolumes = volumesNeeded(archive), thread?: TextThread, handed?: HandedTexts): DataFile[] {
  const texts = preview ? previewTexts : NO_MEMO;
  const published = archive.articles.filter((a) => !a.draft);
  const everyArticle = () => listFingerprint(archive.articles);
  /** The record's line, its text given (handed, or made on a thread) or else made here. */
  const lineOf = (a: Article, text: string | undefined): string => {
    if (text === undefined) return JSON.stringify(articleRecord(a, links, true, texts));
    texts.set(a, text);
    return JSON.stringify(articleRecord(a, links, true, { get: () => text, set: () => undefined }));
  };
  function* recordLines(route: string, articles: readonly Article[]): Generator<Piece> {
    const add = kept?.begin(route);
    for (const a of articles) {
      const text = handed?.take(a);
      const line = kept?.get(a) ?? lineOf(a, text);
      add?.(a, typeof line === "string" ? Buffer.byteLength(line) : line.length);
      yield line;
    }
  }
  async function* recordLinesAhead(route: string, articles: readonly Article[], thread: TextThread): AsyncGenerator<Piece> {
    const add = kept?.begin(route);
    const keptLines = articles.map((a) => kept?.get(a));
    const handedTexts = articles.map((a) => handed?.take(a));
    const fresh = articles.filter((_, i) => keptLines[i] === undefined && handedTexts[i] === undefined);
    // A few texts (a republication's) are made here: starting the thread would cost more.
    const made = fresh.length >= thread.least ? thread.ahead(fresh, portableBody) : undefined;
    for (const [i, a] of articles.entries()) {
      let line: Piece | undefined = keptLines[i];
      if (line === undefined) {
        const text = handedTexts[i] ?? (made && ((await made.next()).value as [Article, string])[1]);
        line = lineOf(a, text);
      }
      add?.(a, typeof line === "string" ? Buffer.byteLength(line) : line.length);
      yield line;
    }
  }
  function* records(articles: readonly Article[]): Generator<ArticleRecord> {
    for (const a of articles) yield articleRecord(a, links, false);
  }
  const streamed = (route: string, chunks: () => Iterable<Piece>, key = everyArticle, ahead?: () => Pieces, texts?: readonly Article[]): DataFile => ({
    route,
    chunks: ahead ?? chunks,
    key,
    render: () => Array.from(chunks(), (piece) => (typeof piece === "string" ? piece : utf8.decode(piece))).join(""),
    texts,
  });
  const files: DataFile[] = [];
  if (inVolumes) {
    const volumes = volumesOf(published);
    // Each volume's key is its own articles': an edit or an addition rewrites one volume.
    for (const v of volumes) {
      const key = () => listFingerprint(v.articles);
      const ahead = thread && (() => articlesJsonLinesAhead(recordLinesAhead(v.route, v.articles, thread)));
      files.push(streamed(v.route, () => articlesJsonLinesPieces(recordLines(v.route, v.articles)), key, ahead, v.articles), streamed(v.csv, () => articlesCsvChunks(records(v.articles)), key));
    }
    files.push({ route: DATA_FILES.volumes, key: everyArticle, render: () => volumesJson(volumes, links) });
  } else {
    files.push(streamed(DATA_FILES.json, () => articlesJsonPieces(recordLines(DATA_FILES.json, published)), everyArticle, undefined, published), streamed(DATA_FILES.csv, () => articlesCsvChunks(records(published))));
  }
  files.push(
    { route: DATA_FILES.schema, key: everyArticle, render: () => articleJsonSchema(archive, links) },
    { route: DATA_FILES.places, key: everyArticle, render: () => placesJson(archive, links) },
    { route: DATA_FILES.newspapers, key: everyArticle, render: () => newspapersJson(archive, links) },
  );
  return files;
}

/** Whether articles.json would pass VOLUME_THRESHOLD, estimated from the Markdown (≥ the text) without rendering. */
export function volumesNeeded(archive: Archive): boolean {
  let bytes = 0;
  for (const a of archive.articles) {
    bytes += recordBytes(a);
    // Past the threshold the answer is known: a large archive's bodies are not all read for it.
    if (bytes > VOLUME_THRESHOLD) return true;
  }
  return false;
}
