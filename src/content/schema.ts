import { createRequire } from "node:module";
import type * as Zod from "zod";
import { DATE_PRECISIONS, parseCalendarDate, type DatePrecision } from "../core/dates.ts";
import { isSlug } from "../core/slugs.ts";
import { sitePathProblem } from "../core/urls.ts";
import type { Place, Registries, Source } from "./registry.ts";
import { closest } from "./suggest.ts";

/**
 * The front matter editors write. Each field carries its documentation (FIELD_DOCS, also the
 * schema's `.meta`), from which error messages and the editors' guide are both made, so the two
 * never disagree.
 */
export interface FieldDoc {
  /** What a valid value looks like, for messages: "a date YYYY-MM-DD". */
  readonly expects: string;
  readonly example: string;
  readonly description: string;
  readonly required: boolean;
  /** For the editors' guide (docs/editing.md, generated): the field's name and use in Chinese. */
  readonly label: string;
  readonly help: string;
}

/**
 * Left by `npm run import` in a field it could not determine from the source. Validation refuses
 * any article that still contains it, so a draft cannot be published until an editor fills it in.
 */
export const FILL_IN = "【待填】";

/** Whether FILL_IN is anywhere in a front-matter value (a list's items, a mapping's keys and values). */
export function mentionsFillIn(value: unknown): boolean {
  if (typeof value === "string") return value.includes(FILL_IN);
  if (Array.isArray(value)) return value.some(mentionsFillIn);
  if (typeof value === "object" && value !== null) return Object.entries(value).some(([key, item]) => key.includes(FILL_IN) || mentionsFillIn(item));
  return false;
}

const require = createRequire(import.meta.url);
let zodModule: typeof Zod | undefined;

/**
 * zod, loaded on first use. Loading it costs ~0.2 s (dozens of modules); valid content never
 * needs it (quickFrontMatter and the registries' quick checks accept it), only content with an
 * error, whose messages zod's issues make.
 */
export function zod(): typeof Zod.z {
  zodModule ??= require("zod") as typeof Zod;
  return zodModule.z;
}

/** Each field's documentation, in the order editors write the fields. */
const FIELD_DOCS = {
  title: { label: "标题", help: "按版面原样录入的标题。", required: true, expects: "text", example: "作风一变事业兴", description: "Headline as printed." },
  subtitle: { label: "副标题", help: "副题、引题或肩题。", required: false, expects: "text", example: "探寻乐陵高质量发展背后的“核心密码”", description: "Subheadline or kicker." },
  date: { label: "日期", help: "见报日期，写作 YYYY-MM-DD（中国日期）。", required: true, expects: "a date YYYY-MM-DD", example: "2021-10-22", description: "Day of publication, a calendar date in China (Asia/Shanghai)." },
  date_note: { label: "日期说明", help: "版面未印日期时，说明日期如何确定。", required: false, expects: "text", example: "版面未印日期；文中最晚事件为1月6日，取其后一日", description: "How the date was chosen when the paper does not print it." },
  date_precision: {
    label: "日期精度", help: "日期有多确定：day（版面印有日期，默认）、about（推定到某日前后）、xun（推定到上/中/下旬）、month（推定到月）、year（推定到年）。除 day 外须写日期说明（date_note）。", required: false,
    expects: `one of ${DATE_PRECISIONS.join(", ")}`,
    example: "xun",
    description: "How much of the date is known: day (printed; the default), or an estimate to about that day, its ten-day period (xun), month or year. Anything but day needs a date_note saying how it was estimated.",
  },
  source: { label: "报纸", help: "刊载的报纸或网站，须在报纸登记表中。", required: true, expects: "a newspaper from content/_data/sources.yaml", example: "齐鲁晚报", description: "The newspaper or news site." },
  page: { label: "版面", help: "版次或栏目，如 B02-B03。", required: false, expects: "text", example: "B02-B03", description: "Printed page(s) or section." },
  page_name: { label: "版名", help: "版面名称，如“关注”“德州新闻”；版面上印有时填写。", required: false, expects: "text", example: "关注", description: "The printed page's name, where the page shows one." },
  county: {
    label: "地区", help: "报道涉及的地区，须在地区登记表中；可写一个或列表。", required: true,
    expects: "a place from content/_data/places.yaml, or a list of places",
    example: "乐陵市",
    description: "The place(s) the article is about.",
  },
  tags: { label: "标签", help: "主题标签列表，沿用已有标签。", required: true, expects: "a list of tags", example: "[作风建设, 民生实事]", description: "Themes readers browse by." },
  authors: { label: "记者", help: "记者署名列表。", required: true, expects: "a list of names", example: "[马志勇]", description: "Reporters (记者)." },
  correspondents: { label: "通讯员", help: "通讯员署名列表。", required: false, expects: "a list of names", example: "[贾鹏, 于东钧]", description: "Correspondents (通讯员)." },
  editor: { label: "编辑", help: "版面编辑。", required: false, expects: "a name", example: "常学艺", description: "Page editor (编辑)." },
  url: { label: "原文链接", help: "原文网址，以 http:// 或 https:// 开头。", required: false, expects: "a web address starting with http:// or https://", example: "https://www.example.com/news/1.html", description: "Where the article was originally published online." },
  slug: {
    label: "网址名", help: "文章网址的最后一段；不填则由标题拼音生成。", required: false,
    expects: "lowercase letters, digits and hyphens",
    example: "leling-zuofeng",
    description: "Last part of the article's URL; made from the title's pinyin when absent.",
  },
  aliases: {
    label: "旧网址", help: "文章网址变动后（如更正了日期），把原来的网址逐条列在这里，访问旧网址的读者会被带到新网址。每条以 / 开头，以 / 或 .html 结尾。", required: false,
    expects: "a list of site paths, each starting with / and ending with / or .html",
    example: "[/2021/leling-zuofeng/]",
    description: "Old paths of the article (its URL before a correction); each gets a page that redirects to the article.",
  },
  draft: { label: "草稿", help: "写 true 时只在本地预览中显示，不会发布。", required: false, expects: "true or false", example: "true", description: "A draft is shown in the preview and never published." },
  note: { label: "编者注", help: "整理说明：缺损、拟题、出处判断等。", required: false, expects: "text", example: "标题为编者所拟", description: "Editorial note: restorations, attributions, gaps." },
} as const satisfies Record<string, FieldDoc>;

function field<T extends Zod.ZodType>(schema: T, doc: FieldDoc): T {
  return schema.meta({ ...doc });
}

function fieldShape(registries: Registries) {
  const z = zod();
  const text = z.string().trim().min(1);
  const textList = z.union([text, z.array(text).min(1)]).transform((v) => (typeof v === "string" ? [v] : v));
  const unknownPlace = (name: string) => {
    const guess = closest(name, registries.places.keys(), (n) => [registries.places.get(n)?.slug ?? ""]);
    return `unknown place ${JSON.stringify(name)} — ${guess ? `did you mean ${guess}?` : "add it to content/_data/places.yaml or check the spelling"}`;
  };
  // One name or a list; every unknown name is reported with its own line.
  const places = z.union([text, z.array(text).min(1)]).transform((value, ctx): Place[] => {
    const names = typeof value === "string" ? [value] : value;
    const found: Place[] = [];
    names.forEach((name, i) => {
      const place = registries.places.get(name);
      if (place) found.push(place);
      else ctx.addIssue({ code: "custom", message: unknownPlace(name), path: typeof value === "string" ? [] : [i] });
    });
    return found;
  });
  const source = text.transform((name, ctx): Source => {
    const found = registries.sources.get(name);
    if (found) return found;
    const guess = closest(name, registries.sources.keys(), (n) => [registries.sources.get(n)?.slug ?? ""]);
    const known = [...registries.sources.keys()].join("、");
    ctx.addIssue({
      code: "custom",
      message: `unknown newspaper ${JSON.stringify(name)} — ${guess ? `did you mean ${guess}?` : `known: ${known} (content/_data/sources.yaml)`}`,
    });
    return z.NEVER;
  });

  return {
    title: field(text, FIELD_DOCS.title),
    subtitle: field(text.optional(), FIELD_DOCS.subtitle),
    date: field(
      z.string().transform((value, ctx) => {
        const parsed = parseCalendarDate(value.trim());
        if (parsed.ok) return parsed.date;
        ctx.addIssue({ code: "custom", message: `impossible date ${JSON.stringify(value)} — ${parsed.reason}` });
        return z.NEVER;
      }),
      FIELD_DOCS.date,
    ),
    date_note: field(text.optional(), FIELD_DOCS.date_note),
    date_precision: field(z.enum(DATE_PRECISIONS).optional(), FIELD_DOCS.date_precision),
    source: field(source, FIELD_DOCS.source),
    page: field(z.union([text, z.number()]).transform(String).optional(), FIELD_DOCS.page),
    page_name: field(text.optional(), FIELD_DOCS.page_name),
    county: field(places, FIELD_DOCS.county),
    tags: field(textList, FIELD_DOCS.tags),
    authors: field(textList, FIELD_DOCS.authors),
    correspondents: field(textList.optional(), FIELD_DOCS.correspondents),
    editor: field(text.optional(), FIELD_DOCS.editor),
    url: field(z.url({ protocol: /^https?$/ }).optional(), FIELD_DOCS.url),
    slug: field(z.string().refine(isSlug, { message: "must be lowercase pinyin or digits joined by hyphens" }).optional(), FIELD_DOCS.slug),
    aliases: field(z.union([text, z.array(text).min(1)]).transform((value, ctx) => {
      const paths = typeof value === "string" ? [value] : value;
      paths.forEach((path, i) => {
        const problem = sitePathProblem(path);
        if (problem) ctx.addIssue({ code: "custom", message: `old path ${JSON.stringify(path)} ${problem}`, path: typeof value === "string" ? [] : [i] });
      });
      return paths;
    }).optional(), FIELD_DOCS.aliases),
    draft: field(z.boolean().default(false), FIELD_DOCS.draft),
    note: field(text.optional(), FIELD_DOCS.note),
  };
}

/**
 * The rule tying date_precision to date_note: an estimated date (any precision but `day`) must say
 * how it was estimated. (A date_note with a printed date is allowed: it can say how the date was
 * confirmed; check warns when date_precision is left out beside a date_note.)
 */
export function estimateWithoutNote(fm: { date_precision?: DatePrecision | undefined; date_note?: string | undefined }): string | undefined {
  return fm.date_precision && fm.date_precision !== "day" && !fm.date_note
    ? `${JSON.stringify(fm.date_precision)} marks the date as an estimate — add a date_note saying how it was estimated, or write date_precision: day`
    : undefined;
}

export function frontMatterSchema(registries: Registries) {
  return zod()
    .strictObject(fieldShape(registries))
    .superRefine((fm, ctx) => {
      const problem = estimateWithoutNote(fm);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["date_precision"] });
    });
}

export type FrontMatter = Zod.output<ReturnType<typeof frontMatterSchema>>;

/**
 * frontMatterSchema's parse for front matter that is plainly valid, ten times quicker than zod's:
 * the output zod would give, or undefined for anything else (then zod parses it and says what is
 * wrong). Keep it in step with fieldShape: tests/content-fast-paths.test.ts compares the two.
 */
export function quickFrontMatter(registries: Registries) {
  const FIELDS = new Set(Object.keys(FIELD_DOCS));
  const text = quickText;
  const textItems = quickArray(quickText);
  const optionalText = (v: unknown, present: boolean): string | undefined | false => (present ? (text(v) ?? false) : undefined);
  /** One name or a non-empty list of them, trimmed; undefined when not. */
  const textList = (v: unknown): string[] | undefined => {
    if (typeof v === "string") {
      const one = text(v);
      return one === undefined ? undefined : [one];
    }
    return Array.isArray(v) && v.length > 0 ? textItems(v) : undefined;
  };

  return function quickParse(raw: Record<string, unknown>): FrontMatter | undefined {
    for (const key of Object.keys(raw)) if (!FIELDS.has(key)) return undefined;
    const has = (key: string) => Object.hasOwn(raw, key);

    const title = text(raw["title"]);
    if (title === undefined) return undefined;
    const subtitle = optionalText(raw["subtitle"], has("subtitle"));
    const dateNote = optionalText(raw["date_note"], has("date_note"));
    const editor = optionalText(raw["editor"], has("editor"));
    const note = optionalText(raw["note"], has("note"));
    if (subtitle === false || dateNote === false || editor === false || note === false) return undefined;

    let datePrecision: DatePrecision | undefined;
    if (has("date_precision")) {
      datePrecision = DATE_PRECISIONS.find((p) => p === raw["date_precision"]);
      if (datePrecision === undefined) return undefined;
    }
    const pageName = optionalText(raw["page_name"], has("page_name"));
    if (pageName === false) return undefined;
    if (estimateWithoutNote({ date_precision: datePrecision, date_note: dateNote })) return undefined;

    if (typeof raw["date"] !== "string") return undefined;
    const date = parseCalendarDate(raw["date"].trim());
    if (!date.ok) return undefined;

    const sourceName = text(raw["source"]);
    const source = sourceName === undefined ? undefined : registries.sources.get(sourceName);
    if (!source) return undefined;

    let page: string | undefined;
    if (has("page")) {
      const value = raw["page"];
      page = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : text(value);
      if (page === undefined) return undefined;
    }

    const placeNames = textList(raw["county"]);
    if (!placeNames) return undefined;
    const county: Place[] = [];
    for (const name of placeNames) {
      const place = registries.places.get(name);
      if (!place) return undefined;
      county.push(place);
    }
    const tags = textList(raw["tags"]);
    const authors = textList(raw["authors"]);
    if (!tags || !authors) return undefined;
    let correspondents: string[] | undefined;
    if (has("correspondents")) {
      correspondents = textList(raw["correspondents"]);
      if (!correspondents) return undefined;
    }

    let url: string | undefined;
    if (has("url")) {
      url = quickUrl(raw["url"], true);
      if (url === undefined) return undefined;
    }
    let slug: string | undefined;
    if (has("slug")) {
      slug = quickSlug(raw["slug"]);
      if (slug === undefined) return undefined;
    }
    let aliases: string[] | undefined;
    if (has("aliases")) {
      aliases = textList(raw["aliases"]);
      if (!aliases || aliases.some((path) => sitePathProblem(path) !== undefined)) return undefined;
    }
    let draft = false;
    if (has("draft")) {
      if (typeof raw["draft"] !== "boolean") return undefined;
      draft = raw["draft"];
    }
    return { title, subtitle, date: date.date, date_note: dateNote, date_precision: datePrecision, source, page, page_name: pageName, county, tags, authors, correspondents, editor, url, slug, aliases, draft, note };
  };
}

/** Field names in the order editors write them, with their documentation. */
export function fieldDocs(): readonly (FieldDoc & { name: string })[] {
  return Object.entries(FIELD_DOCS).map(([name, doc]) => ({ name, ...doc }));
}

/*
 * Quick checks shared by quickFrontMatter and the registries' quick parses (registry.ts): each
 * gives what the zod schema would output for a plainly valid value, or undefined for anything else.
 */

/** z.string().trim().min(1). */
export function quickText(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** z.string().refine(isSlug). */
export function quickSlug(value: unknown): string | undefined {
  return typeof value === "string" && isSlug(value) ? value : undefined;
}

/** z.array(item): every item's quick parse, or undefined when one fails. */
export function quickArray<T>(item: (value: unknown) => T | undefined): (value: unknown) => T[] | undefined {
  return (value) => {
    if (!Array.isArray(value)) return undefined;
    const items: T[] = [];
    for (const x of value) {
      const parsed = item(x);
      if (parsed === undefined) return undefined;
      items.push(parsed);
    }
    return items;
  };
}

/**
 * zod's z.url() (httpOnly: z.url({ protocol: /^https?$/ })) for a plainly valid address: the
 * trimmed text; undefined for anything zod might judge or rewrite otherwise.
 */
export function quickUrl(value: unknown, httpOnly: boolean): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  if (/[\t\n\r]/.test(trimmed) || (httpOnly && !/^https?:\/\//i.test(trimmed))) return undefined;
  return URL.canParse(trimmed) ? trimmed : undefined;
}
