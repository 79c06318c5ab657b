/**
 * A deterministic synthetic archive for tests and benchmarks.
 *
 *   tsx tools/generate-corpus.ts --count 1000 --out /tmp/corpus [--seed 1] [--tags N] [--authors N]
 *                                  [--start-year 2019] [--years 4] [--shape real|light]
 *
 * writes a complete archive project into the --out folder: the real registries (content/_data/)
 * and `count` articles in content/<year>/<yyyy-mm-dd>-<n>.md. The text is made of the seed
 * articles' own sentences (read from this checkout's content/ at run time), the front matter uses
 * the real registries, and every article passes the project's validation. The same options always
 * give byte-identical files: all choices come from a seeded PRNG, never from Math.random, the
 * clock, TZ or the locale. Articles are written as they are made, so 100,000 fit in little memory.
 *
 * Two shapes (issue 17). `real`, the default, resembles a real archive:
 * - each body is as long as a seed article's body drawn at random, × 1.7 (LENGTH_SCALE) × 0.85–1.15:
 *   the seed articles' distribution, stretched to ≈ 10 KB of Markdown a file on average;
 * - names grow in proportion to the archive: 1–3 reporters per article (70/20/10%) from a pool
 *   of count × 0.6 names drawn with a long tail (Zipf, s = 0.5: a few staff reporters sign ~100
 *   articles each in 10,000), and on 75% of the articles 1–3 correspondents from a pool of
 *   count × 2.4 names drawn evenly (most sign once): ≈ 1.6 distinct names per article, about
 *   16,000 at 10,000 articles and 160,000 at 100,000;
 * - tags: count / 5, at least 40 and at most 2,000 (the benchmark's earlier rule);
 * - about 3 articles in 1,000 reuse an earlier article's title (a column name, a story run by two
 *   papers), which `check` reports as a warning, as it would in a real archive.
 * `light` is the earlier shape, kept for the end-to-end tests whose expectations were written
 * against it: 4–12 short paragraphs (≈ 2 KB), 40 tags, 60 reporters, every title distinct.
 * `--tags` and `--authors` (the reporter pool) override either shape's rule.
 */
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseYamlText } from "yaml";
import { splitFrontMatter } from "../src/content/frontmatter.ts";
import { frontMatterYaml, type FrontMatterValue } from "../src/content/scaffold.ts";
import { oneEditApart } from "../src/content/warnings.ts";
import { slugify } from "../src/core/slugs.ts";
import { mulberry32, type Rng } from "./lib/random.ts";
import { parseOptions, wholeNumber } from "../src/cli/args.ts";

export interface CorpusOptions {
  /** Number of articles to write. */
  count: number;
  /** Project folder to write (content/_data/ and content/<year>/ inside it). */
  outDir: string;
  /** PRNG seed (any integer, used as uint32); default 1. */
  seed?: number;
  /** Size of the tag vocabulary; default count / 5 within 40–2,000 (real), 40 (light). All are used when count is large enough. */
  tags?: number;
  /** Size of the reporter pool; default count × 0.6, at least 60 (real), 60 (light). */
  authors?: number;
  /** First year of publication dates; default 2019. */
  startYear?: number;
  /** Number of years the dates spread over; default 4. */
  years?: number;
  /** `real` (default): seed-article lengths, names growing with the count; `light`: the earlier, lighter shape. */
  shape?: CorpusShape;
}

export const CORPUS_SHAPES = ["real", "light"] as const;
export type CorpusShape = (typeof CORPUS_SHAPES)[number];

export interface CorpusResult {
  /** Article files written (the copied registries are not counted). */
  files: number;
  /** Bytes of the article files written. */
  bytes: number;
  /** Tags in the vocabulary (all of them used when count × 5 ≥ tags). */
  tags: number;
  /** Distinct reporters (authors) the articles name: each has an index page. */
  reporters: number;
  /** Distinct names of reporters and correspondents together. */
  names: number;
}

/** Bad options or an unsafe output folder: the caller's mistake (the CLI exits 2). */
export class CorpusOptionsError extends Error {
  override name = "CorpusOptionsError";
}

const DEFAULTS = { seed: 1, tags: 40, authors: 60, startYear: 2019, years: 4 } as const;
const LIMITS = { count: 10_000_000, tags: 5000, authors: 50_000, years: 100 } as const;

const repoDir = fileURLToPath(new URL("..", import.meta.url));
const repoContent = path.join(repoDir, "content");
/** Left in the output folder so a later run may replace the content it generated, and nothing else. */
const MARKER = ".generated-corpus";
const WRITE_CONCURRENCY = 64;

// ---------------------------------------------------------------------------------------------
// Randomness

const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const chance = (rng: Rng, p: number) => rng() < p;
function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[Math.floor(rng() * items.length)] as T;
}

/** Samples indexes 0..n-1 with weight 1/(i+1)^s: a few common values, a long tail. */
function zipf(n: number, s: number): (rng: Rng) => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += 1 / Math.pow(i + 1, s);
  return (rng) => {
    const x = rng() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

// ---------------------------------------------------------------------------------------------
// Text material from the seed articles

interface Material {
  /** Whole sentences with their closing punctuation, in reading order (runs of them read well). */
  readonly sentences: readonly string[];
  /** Short sentences without closing punctuation, for headings and captions. */
  readonly short: readonly string[];
  /** Photo captions printed in the seed articles. */
  readonly captions: readonly string[];
  /** Clauses of 4–12 characters from titles, subtitles and sentences, for headlines. */
  readonly phrases: readonly string[];
  /** UTF-8 bytes of each seed article's body: the real shape's length distribution. */
  readonly bodyBytes: readonly number[];
}

const OPENERS = "“‘（《「";
const CLOSERS = "”’）》」";
const TERMINAL = "。！？";

function balanced(text: string): boolean {
  for (let i = 0; i < OPENERS.length; i++) {
    const open = OPENERS[i] as string;
    const close = CLOSERS[i] as string;
    let depth = 0;
    for (const c of text) {
      if (c === open) depth++;
      else if (c === close && --depth < 0) return false;
    }
    if (depth !== 0) return false;
  }
  return true;
}

/**
 * Splits a paragraph after 。！？ (with any closing quotes that follow), but never inside quotation
 * marks or brackets, so a quoted speech stays one sentence with its attribution.
 */
function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const c = paragraph[i] as string;
    if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && TERMINAL.includes(c)) {
      let end = i + 1;
      while (end < paragraph.length && (TERMINAL + "…").includes(paragraph[end] as string)) end++;
      sentences.push(paragraph.slice(start, end).trim());
      start = end;
      i = end - 1;
    }
  }
  // A paragraph that is one quotation ends with its closing mark: keep it. Other tails are fragments.
  const tail = paragraph.slice(start).trim();
  if (tail && new RegExp(`[${TERMINAL}][${CLOSERS}]+$`).test(tail)) sentences.push(tail);
  return sentences.filter((s) => s.length > 0);
}

const DATELINE = /^本报\S{1,8}讯[\s\u3000]*/;
const usable = (s: string) => s.length >= 4 && !s.includes("〔") && !s.includes("〕") && balanced(s);

async function seedArticleFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const year of (await readdir(repoContent)).filter((n) => /^20\d\d$/.test(n)).sort()) {
    for (const name of (await readdir(path.join(repoContent, year))).filter((n) => n.endsWith(".md")).sort()) {
      files.push(path.join(repoContent, year, name));
    }
  }
  return files;
}

async function readMaterial(): Promise<Material> {
  const sentences: string[] = [];
  const short = new Set<string>();
  const captions = new Set<string>();
  const phrases = new Set<string>();
  const bodyBytes: number[] = [];
  const addPhrases = (text: string) => {
    for (const part of text.split(/[，、；：:。！？\s\u3000—…]+/)) {
      const p = part.trim();
      // Headline material: no numbers or dates, no clause that starts mid-sentence.
      if (p.length >= 4 && p.length <= 12 && usable(p) && !/\d/.test(p) && !/^[的了和与在是而也但这那他她我据如对从被却还并]/.test(p)) phrases.add(p);
    }
  };
  const files = await seedArticleFiles();
  if (files.length === 0) throw new Error(`no seed articles in ${repoContent}`);
  for (const file of files) {
    const text = (await readFile(file, "utf8")).replace(/\r\n/g, "\n");
    const split = splitFrontMatter(text);
    if (!split.ok) continue;
    const fm = split.source.frontMatter.data as Record<string, unknown> | null;
    for (const key of ["title", "subtitle"]) {
      const value = fm?.[key];
      if (typeof value === "string") addPhrases(value);
    }
    bodyBytes.push(Buffer.byteLength(split.source.body, "utf8"));
    let inPhoto = false;
    for (const raw of split.source.body.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      if (line === "::: photo") inPhoto = true;
      else if (line === ":::") inPhoto = false;
      else if (inPhoto) {
        if (usable(line)) captions.add(line);
      } else if (line.startsWith("#")) addPhrases(line.replace(/^#+\s*/, ""));
      else {
        for (const sentence of splitSentences(line.replace(DATELINE, ""))) {
          if (!usable(sentence)) continue;
          sentences.push(sentence);
          addPhrases(sentence);
          const bare = sentence.replace(/[。！？…]+$/, "");
          if (bare.length >= 6 && bare.length <= 18 && !/[。！？”’）]/.test(bare.slice(-1)) && !/[。！？]/.test(bare)) short.add(bare);
        }
      }
    }
  }
  if (sentences.length < 10 || phrases.size < 10 || short.size < 2) throw new Error("the seed articles have too little text to build a corpus from");
  return { sentences, short: [...short], captions: [...captions], phrases: [...phrases], bodyBytes };
}

// ---------------------------------------------------------------------------------------------
// Registries

interface PlaceEntry {
  name: string;
  children?: PlaceEntry[];
}
interface SourceEntry {
  name: string;
  slug: string;
  kind: string;
}

interface Registry {
  /** Places without children (counties and districts). */
  readonly counties: readonly string[];
  /** Places with children below the top level (prefecture-level cities). */
  readonly cities: readonly string[];
  readonly sources: readonly SourceEntry[];
}

async function readRegistry(dataDir: string): Promise<Registry> {
  const places = parseYamlText(await readFile(path.join(dataDir, "places.yaml"), "utf8")) as PlaceEntry[];
  const sources = parseYamlText(await readFile(path.join(dataDir, "sources.yaml"), "utf8")) as SourceEntry[];
  const counties: string[] = [];
  const cities: string[] = [];
  const walk = (entries: readonly PlaceEntry[], depth: number) => {
    for (const entry of entries) {
      if (!entry.children?.length) counties.push(entry.name);
      else {
        if (depth > 0) cities.push(entry.name);
        walk(entry.children, depth + 1);
      }
    }
  };
  walk(places, 0);
  if (counties.length === 0 || sources.length === 0) throw new Error(`the registries in ${dataDir} list no places or no sources`);
  return { counties, cities: cities.length ? cities : counties, sources };
}

// ---------------------------------------------------------------------------------------------
// Vocabularies

/** Real themes of the archive, the most common first. */
const THEMES = [
  "作风建设", "营商环境", "民生实事", "项目建设", "述责述廉", "干部队伍建设", "政务服务", "招商引资",
  "基层治理", "城市管理", "数字经济", "政务新媒体", "老旧小区改造", "精文减会", "乡村振兴", "疫情防控",
  "行政审批", "安全生产", "生态环境", "文明创建", "党风廉政", "农贸市场", "棚户区改造", "产业升级", "科技创新",
];
const QUALIFIERS = [
  "专项行动", "典型经验", "攻坚", "示范", "一线观察", "改革", "督查", "考核", "提质增效", "创新举措",
  "调研", "成效", "走访", "攻坚年", "承诺", "能力提升", "样板", "清单", "回头看", "群众评议",
];

/**
 * `count` distinct tags whose pinyin slugs are distinct too (the project refuses two tags sharing a
 * URL) and that are never one character apart (check warns about those as probable typos).
 */
function tagVocabulary(count: number): string[] {
  const tags: string[] = [];
  const slugs = new Set<string>();
  const add = (tag: string) => {
    if (tags.length >= count) return;
    const slug = slugify(tag);
    if (!slug || slugs.has(slug) || tags.some((t) => oneEditApart(t, tag))) return;
    slugs.add(slug);
    tags.push(tag);
  };
  for (const theme of THEMES) add(theme);
  for (const q of QUALIFIERS) for (const theme of THEMES) add(theme + q);
  for (const q2 of QUALIFIERS) for (const q of QUALIFIERS) for (const theme of THEMES) if (q !== q2) add(theme + q + q2);
  if (tags.length < count) throw new CorpusOptionsError(`at most ${tags.length} distinct tags can be made`);
  return tags;
}

const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
  "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
  "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜",
  "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史",
  "欧阳", "司马",
];
const GIVEN = [
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
  "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "飞", "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭",
  "宁", "龙", "林", "晨", "辉", "婷", "雪", "琳", "晶", "瑶", "倩", "颖", "蕾", "璐", "嘉", "东", "海", "峰", "亮", "志",
  "国", "建", "文", "新", "春", "晓", "立", "松", "云", "雷", "振", "兴", "成", "德", "昊", "然", "婉", "梅", "冬", "阳",
];

/** More given-name characters for the real shape, whose hundreds of thousands of names need room. */
const MORE_GIVEN = [
  "安", "柏", "彬", "博", "灿", "昌", "朝", "琛", "诚", "川", "淳", "聪", "丹", "道", "迪", "栋", "恩", "方", "芬", "丰",
  "福", "富", "钢", "歌", "广", "贵", "涵", "航", "豪", "和", "恒", "宏", "鸿", "虹", "慧", "惠", "佳", "家", "坚", "江",
  "卫", "洁", "锦", "进", "京", "景", "菊", "薇", "坤", "兰", "朗", "乐", "伦", "莲", "良", "玲", "茂", "浦", "铭", "楠",
  "培", "岚", "琪", "谦", "庆", "秋", "荣", "瑞", "润", "森", "山", "珊", "胜", "世", "书", "舒", "顺", "思", "泰", "彤",
];

/** `count` distinct synthetic Chinese names. */
function namePool(rng: Rng, count: number, taken: Set<string>): string[] {
  const names: string[] = [];
  const surname = zipf(SURNAMES.length, 0.8);
  while (names.length < count) {
    const given = chance(rng, 0.7) ? pick(rng, GIVEN) + pick(rng, GIVEN) : pick(rng, GIVEN);
    const name = (SURNAMES[surname(rng)] as string) + given;
    if (taken.has(name)) continue;
    taken.add(name);
    names.push(name);
  }
  return names;
}

/**
 * `count` distinct names for the real shape, from 160 given-name characters (2.1 million
 * two-character names). A name that keeps colliding gets a third given character, so even a
 * corpus of millions of names is made in one pass.
 */
function largeNamePool(rng: Rng, count: number, taken: Set<string>): string[] {
  const names: string[] = [];
  const surname = zipf(SURNAMES.length, 0.8);
  const given = [...GIVEN, ...MORE_GIVEN];
  for (let misses = 0; names.length < count; ) {
    let name = (SURNAMES[surname(rng)] as string) + pick(rng, given) + (chance(rng, 0.85) ? pick(rng, given) : "");
    if (misses > 8) name += pick(rng, given);
    if (taken.has(name)) {
      misses++;
      continue;
    }
    misses = 0;
    taken.add(name);
    names.push(name);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Articles

const pad2 = (n: number) => String(n).padStart(2, "0");
const DAY_MS = 86_400_000;

/** 乐陵市 → 乐陵, 张店区 → 张店 (as in datelines and headlines "乐陵：…"). */
const shortPlace = (name: string) => (name.length >= 3 && /[市县区]$/.test(name) ? name.slice(0, -1) : name);

/**
 * The seed articles' bodies measure 1.6–12.3 KB (6.1 KB a file on average); the realistic
 * corpus, and real features, run longer (≈ 10 KB a file). Bodies keep the seeds' distribution,
 * stretched by this factor.
 */
const LENGTH_SCALE = 1.7;
/** Share of real-shape articles that reuse an earlier article's title. */
const SHARED_TITLE = 0.003;

class ArticleMaker {
  private readonly tagPick: (rng: Rng) => number;
  private readonly authorPick: (rng: Rng) => number;
  private readonly titles = new Set<string>();
  /** Every reporter and correspondent named so far (the result reports how many). */
  readonly reportersUsed = new Set<string>();
  readonly namesUsed = new Set<string>();
  /** Titles in the order they were made, with their dates (real shape: the ones a later article may share). */
  private readonly titleList: { title: string; iso: string }[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly material: Material,
    private readonly registry: Registry,
    private readonly tags: readonly string[],
    private readonly authors: readonly string[],
    private readonly correspondents: readonly string[],
    private readonly editors: readonly string[],
    private readonly count: number,
    private readonly firstDay: number,
    private readonly days: number,
    private readonly real: boolean,
  ) {
    this.tagPick = zipf(tags.length, 1);
    this.authorPick = zipf(authors.length, 0.5);
  }

  /** The article numbered n (1-based): its date and file text. */
  make(n: number): { iso: string; year: number; text: string } {
    const rng = this.rng;
    const day = new Date((this.firstDay + int(rng, 0, this.days - 1)) * DAY_MS);
    const year = day.getUTCFullYear();
    const iso = `${year}-${pad2(day.getUTCMonth() + 1)}-${pad2(day.getUTCDate())}`;
    const source = pick(rng, this.registry.sources);
    const places = this.places();
    const place = shortPlace(places[0] as string);

    // Fields in the order editors write them; each value is drawn in this order (same seed, same files).
    const fields: Record<string, FrontMatterValue | undefined> = { title: this.title(place, iso) };
    if (chance(rng, 0.3)) fields["subtitle"] = this.subtitle();
    fields["date"] = iso;
    fields["source"] = source.name;
    if (source.kind !== "网站" && chance(rng, 0.75)) fields["page"] = this.page();
    fields["place"] = places.length === 1 ? places[0] : places;
    fields["tags"] = this.tagsFor(n);
    if (this.real) {
      const r = rng();
      fields["authors"] = this.distinctBy(this.authors, r < 0.7 ? 1 : r < 0.9 ? 2 : 3, this.authorPick);
      if (chance(rng, 0.75)) fields["correspondents"] = this.distinct(this.correspondents, int(rng, 1, 3));
    } else {
      fields["authors"] = this.distinct(this.authors, chance(rng, 0.7) ? 1 : 2);
      if (chance(rng, 0.55)) fields["correspondents"] = this.distinct(this.correspondents, int(rng, 1, 3));
    }
    if (chance(rng, 0.35)) fields["editor"] = pick(rng, this.editors);
    if (source.kind === "网站" && chance(rng, 0.7)) fields["url"] = `https://${source.slug}.example.com/${year}${iso.slice(5, 7)}/t${n}.html`;
    fields["slug"] = `a-${n}`;
    for (const name of fields["authors"] as string[]) {
      this.reportersUsed.add(name);
      this.namesUsed.add(name);
    }
    for (const name of (fields["correspondents"] as string[] | undefined) ?? []) this.namesUsed.add(name);
    const dateline = source.kind !== "网站" && chance(rng, 0.4) ? `本报${place}讯\u3000` : "";
    const body = this.real ? this.realBody(dateline) : this.body(dateline);
    return { iso, year, text: `---\n${frontMatterYaml(fields)}---\n${body}` };
  }

  private places(): string[] {
    const rng = this.rng;
    const one = () => (chance(rng, 0.85) ? pick(rng, this.registry.counties) : pick(rng, this.registry.cities));
    const first = one();
    if (chance(rng, 0.75)) return [first];
    const second = one();
    return second === first ? [first] : [first, second];
  }

  private phrase(): string {
    return pick(this.rng, this.material.phrases);
  }

  private composeTitle(place: string): string {
    const rng = this.rng;
    for (let attempt = 0; attempt < 20; attempt++) {
      const style = rng();
      const title =
        style < 0.4 ? `${place}：${this.phrase()}` : style < 0.85 ? `${this.phrase()} ${this.phrase()}` : `${this.phrase()}${this.phrase()}`;
      const full = title.length < 10 ? `${title} ${this.phrase()}` : title;
      if (full.length >= 10 && full.length <= 24) return full;
    }
    return `${place}：${this.phrase()}`.padEnd(10, "见成效").slice(0, 24);
  }

  /**
   * A headline of 10–24 characters that no other article has (a repeated title is a check
   * warning), except in the real shape, where a few articles share an earlier one of another day.
   */
  private title(place: string, iso: string): string {
    if (this.real && this.titleList.length > 0 && chance(this.rng, SHARED_TITLE)) {
      const earlier = pick(this.rng, this.titleList);
      if (earlier.iso !== iso) return earlier.title;
    }
    let title = this.composeTitle(place);
    for (let attempt = 0; attempt < 3 && this.titles.has(title); attempt++) title = this.composeTitle(place);
    for (let k = 2; this.titles.has(title); k++) {
      const suffix = `（之${k}）`;
      title = title.slice(0, 24 - suffix.length) + suffix;
    }
    this.titles.add(title);
    if (this.real) this.titleList.push({ title, iso });
    return title;
  }

  private subtitle(): string {
    return chance(this.rng, 0.5) ? `${this.phrase()} ${this.phrase()}` : pick(this.rng, this.material.short);
  }

  private page(): string {
    const rng = this.rng;
    const letter = pick(rng, ["A", "A", "A", "B", "B", "C", "D"]);
    const page = int(rng, 1, 12);
    return chance(rng, 0.2) ? `${letter}${pad2(page)}-${letter}${pad2(page + 1)}` : `${letter}${pad2(page)}`;
  }

  private distinct(pool: readonly string[], k: number): string[] {
    const chosen = new Set<string>();
    const want = Math.min(k, pool.length);
    while (chosen.size < want) chosen.add(pick(this.rng, pool));
    return [...chosen];
  }

  /** `k` distinct names of `pool`, each index drawn by `index`. */
  private distinctBy(pool: readonly string[], k: number, index: (rng: Rng) => number): string[] {
    const chosen = new Set<string>();
    const want = Math.min(k, pool.length);
    while (chosen.size < want) chosen.add(pool[index(this.rng)] as string);
    return [...chosen];
  }

  /**
   * 2–5 tags: mostly 作风建设 (as in the seed archive) plus common themes; article n also carries
   * tags n-1, n-1+count, … so every tag of the vocabulary is used when count × 5 ≥ tags.
   */
  private tagsFor(n: number): string[] {
    const rng = this.rng;
    const want = Math.min(int(rng, 2, 5), this.tags.length);
    const chosen = new Set<string>();
    if (chance(rng, 0.85)) chosen.add(this.tags[0] as string);
    for (let j = n - 1; j < this.tags.length && chosen.size < 5; j += this.count) chosen.add(this.tags[j] as string);
    while (chosen.size < want) chosen.add(this.tags[this.tagPick(rng)] as string);
    return [...chosen];
  }

  /** A paragraph of 2–6 sentences: a run of consecutive seed sentences, with an occasional jump. */
  private paragraph(): string {
    const rng = this.rng;
    const { sentences } = this.material;
    let at = int(rng, 0, sentences.length - 1);
    const parts: string[] = [];
    for (let s = int(rng, 2, 6); s > 0; s--) {
      parts.push(sentences[at] as string);
      at = chance(rng, 0.25) ? int(rng, 0, sentences.length - 1) : (at + 1) % sentences.length;
    }
    return parts.join("");
  }

  /**
   * A body as long as a seed article's body drawn at random (× LENGTH_SCALE × 0.85–1.15), with the seed
   * articles' furniture: a section heading every few paragraphs, now and then a photo caption.
   */
  private realBody(dateline: string): string {
    const rng = this.rng;
    const { short, captions, bodyBytes } = this.material;
    const target = pick(rng, bodyBytes) * LENGTH_SCALE * (0.85 + 0.3 * rng());
    const blocks: string[] = [];
    const seen = new Set<string>();
    let bytes = 0;
    const add = (block: string) => {
      // A paragraph or caption drawn twice would read as an OCR repeat (and check warns about those).
      if (seen.has(block)) return;
      seen.add(block);
      blocks.push(block);
      bytes += Buffer.byteLength(block, "utf8") + 2;
    };
    for (let p = 0; bytes < target; p++) {
      if (p > 1 && chance(rng, 0.12)) add(`## ${pick(rng, short)}`);
      add((p === 0 ? dateline : "") + this.paragraph());
      if (chance(rng, 0.08)) add(`::: photo\n${captions.length && chance(rng, 0.5) ? pick(rng, captions) : pick(rng, short)}\n:::`);
    }
    return `${blocks.join("\n\n")}\n`;
  }

  private body(dateline: string): string {
    const rng = this.rng;
    const { sentences, short, captions } = this.material;
    const blocks: string[] = [];
    const paragraphs = int(rng, 4, 12);
    for (let p = 0; p < paragraphs; p++) {
      if (p > 0 && chance(rng, 0.12)) blocks.push(`## ${pick(rng, short)}`);
      // Runs of consecutive seed sentences read naturally; an occasional jump mixes the sources.
      let at = int(rng, 0, sentences.length - 1);
      const parts: string[] = [];
      for (let s = int(rng, 2, 6); s > 0; s--) {
        parts.push(sentences[at] as string);
        at = chance(rng, 0.25) ? int(rng, 0, sentences.length - 1) : (at + 1) % sentences.length;
      }
      blocks.push((p === 0 ? dateline : "") + parts.join(""));
      if (chance(rng, 0.1)) {
        const caption = captions.length && chance(rng, 0.5) ? pick(rng, captions) : pick(rng, short);
        blocks.push(`::: photo\n${caption}\n:::`);
      }
    }
    // A paragraph or caption drawn twice would read as an OCR repeat (and check warns about those).
    return `${blocks.filter((block, i) => blocks.indexOf(block) === i).join("\n\n")}\n`;
  }
}

// ---------------------------------------------------------------------------------------------
// Output folder

/** The real path of `p`, resolving symlinks in the part that exists. */
async function realPathOf(p: string): Promise<string> {
  const absolute = path.resolve(p);
  let existing = absolute;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const real = await realpath(existing);
  return path.join(real, path.relative(existing, absolute));
}

const isInside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/** Refuses the checkout itself, its content/, and a content/ folder this generator did not make. */
async function prepareOutDir(outDir: string): Promise<string> {
  const out = await realPathOf(outDir);
  const repo = await realPathOf(repoDir);
  if (out === repo || isInside(out, path.join(repo, "content"))) {
    throw new CorpusOptionsError(`refusing to write into this checkout's own content (${out}); choose a folder outside ${path.join(repo, "content")}`);
  }
  const content = path.join(out, "content");
  if (existsSync(content)) {
    if (existsSync(path.join(out, MARKER))) await rm(content, { recursive: true, force: true });
    else if ((await readdir(content)).length > 0) {
      throw new CorpusOptionsError(`${content} already exists and was not made by generate-corpus; choose an empty folder`);
    }
  }
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, MARKER), "Made by tools/generate-corpus.ts; the next run replaces content/.\n");
  return out;
}

// ---------------------------------------------------------------------------------------------
// API

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CorpusOptionsError(`${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Writes a complete archive project with `count` synthetic articles into `outDir`. */
export async function generateCorpus(options: CorpusOptions): Promise<CorpusResult> {
  const count = checkInteger("count", options.count, 1, LIMITS.count);
  const seed = checkInteger("seed", options.seed ?? DEFAULTS.seed, -(2 ** 31), 2 ** 32 - 1) >>> 0;
  const shape = options.shape ?? "real";
  if (!CORPUS_SHAPES.includes(shape)) throw new CorpusOptionsError(`shape must be one of ${CORPUS_SHAPES.join(", ")}, got ${String(shape)}`);
  const real = shape === "real";
  const tagCount = checkInteger("tags", options.tags ?? (real ? Math.min(2000, Math.max(40, Math.round(count / 5))) : DEFAULTS.tags), 2, LIMITS.tags);
  const authorCount = checkInteger("authors", options.authors ?? (real ? Math.max(DEFAULTS.authors, Math.round(count * 0.6)) : DEFAULTS.authors), 1, real ? LIMITS.count : LIMITS.authors);
  const startYear = checkInteger("startYear", options.startYear ?? DEFAULTS.startYear, 1000, 9000);
  const years = checkInteger("years", options.years ?? DEFAULTS.years, 1, LIMITS.years);
  if (!options.outDir) throw new CorpusOptionsError("outDir is required");

  const out = await prepareOutDir(options.outDir);
  const dataDir = path.join(out, "content", "_data");
  await cp(path.join(repoContent, "_data"), dataDir, { recursive: true });
  const [material, registry] = await Promise.all([readMaterial(), readRegistry(dataDir)]);

  const names = mulberry32(seed ^ 0x9e3779b9);
  const taken = new Set<string>();
  const pool = real ? largeNamePool : namePool;
  const authors = pool(names, authorCount, taken);
  const correspondents = pool(names, real ? Math.max(20, Math.round(count * 2.4)) : Math.max(20, authorCount * 2), taken);
  const editors = pool(names, real ? 40 : 12, taken);
  const firstDay = Date.UTC(startYear, 0, 1) / DAY_MS;
  const days = Date.UTC(startYear + years, 0, 1) / DAY_MS - firstDay;
  const maker = new ArticleMaker(mulberry32(seed), material, registry, tagVocabulary(tagCount), authors, correspondents, editors, count, firstDay, days, real);

  for (let y = startYear; y < startYear + years; y++) await mkdir(path.join(out, "content", String(y)), { recursive: true });
  let bytes = 0;
  const pending = new Set<Promise<void>>();
  for (let n = 1; n <= count; n++) {
    const { iso, year, text } = maker.make(n);
    bytes += Buffer.byteLength(text, "utf8");
    const write: Promise<void> = writeFile(path.join(out, "content", String(year), `${iso}-${n}.md`), text, "utf8").then(() => {
      pending.delete(write);
    });
    pending.add(write);
    if (pending.size >= WRITE_CONCURRENCY) await Promise.race(pending);
  }
  await Promise.all(pending);
  return { files: count, bytes, tags: tagCount, reporters: maker.reportersUsed.size, names: maker.namesUsed.size };
}

// ---------------------------------------------------------------------------------------------
// CLI

const USAGE = `usage: tsx tools/generate-corpus.ts --count N --out DIR [--seed 1] [--tags N] [--authors N] [--start-year 2019] [--years 4] [--shape real|light]`;

async function main(argv: string[]): Promise<number> {
  let options: CorpusOptions;
  try {
    const values = parseOptions(argv, {
      count: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      tags: { type: "string" },
      authors: { type: "string" },
      "start-year": { type: "string" },
      years: { type: "string" },
      shape: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (values.count === undefined) throw new CorpusOptionsError("--count is required");
    const count = wholeNumber("count", values.count, 1);
    if (!values.out) throw new CorpusOptionsError("--out is required");
    const optional = (flag: string, text: string | undefined) => (text === undefined ? undefined : wholeNumber(flag, text));
    options = {
      count,
      outDir: values.out,
      seed: optional("seed", values.seed),
      tags: optional("tags", values.tags),
      authors: optional("authors", values.authors),
      startYear: optional("start-year", values["start-year"]),
      years: optional("years", values.years),
      shape: values.shape as CorpusShape | undefined,
    };
  } catch (error) {
    console.error(`generate-corpus: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const started = performance.now();
  try {
    const { files, bytes, tags, reporters, names } = await generateCorpus(options);
    const elapsed = ((performance.now() - started) / 1000).toFixed(2);
    const target = path.join(path.resolve(options.outDir), "content");
    console.log(`wrote ${files} articles (${(bytes / 1e6).toFixed(1)} MB; ${tags} tags, ${reporters} reporters, ${names} reporters and correspondents) to ${target} in ${elapsed} s`);
    return 0;
  } catch (error) {
    if (error instanceof CorpusOptionsError) {
      console.error(`generate-corpus: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
