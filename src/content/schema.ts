import { z } from "zod";
import { DATE_PRECISIONS, parseCalendarDate } from "../core/dates.ts";
import { folderRoute, sitePathProblem } from "../core/urls.ts";
import { paragraph, slug, text, textList, webAddress } from "./fields.ts";
import { quote } from "./problems.ts";
import type { Place, Registries, Source } from "./registry.ts";
import { closest } from "./suggest.ts";

/**
 * The front matter editors write, each field stated once in FIELDS: its documentation (from
 * which error messages and the editors' guide are made), its zod schema (validation and the
 * record's type) and its name in the Article record.
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

interface FieldSpec {
  readonly doc: FieldDoc;
  /** The field's name in the Article record, when not the front-matter name. */
  readonly record?: string;
  /**
   * The field's old name, still read so that archives written with it keep building: the gate
   * reads it as this field and warns to rename it (formerFields); both names at once is an error.
   */
  readonly formerly?: string;
  /** Its schema; registries for the fields that name a registry entry. */
  readonly schema: (registries: Registries) => z.ZodType;
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

const calendarDay = z.string().transform((value, ctx) => {
  const parsed = parseCalendarDate(value.trim());
  if (parsed.ok) return parsed.date;
  ctx.addIssue({ code: "custom", message: `impossible date ${quote(value)} — ${parsed.reason}` });
  return z.NEVER;
});

/** Old paths of an article (aliases), each a path the site could serve; always a list in the record. */
const oldPaths = z
  .union([text, z.array(text).min(1)])
  .transform((value, ctx) => {
    const paths = typeof value === "string" ? [value] : value;
    paths.forEach((path, i) => {
      const problem = sitePathProblem(path);
      if (problem) ctx.addIssue({ code: "custom", message: `old path ${quote(path)} ${problem}`, path: typeof value === "string" ? [] : [i] });
    });
    return [...new Set(paths.map(folderRoute))];
  })
  .optional()
  .transform((v) => v ?? []);

/** One place or a list of them, from the registry; every unknown name is reported with its own line. */
function places(registries: Registries) {
  const unknownPlace = (name: string) => {
    const guess = closest(name, registries.places.keys(), (n) => [registries.places.get(n)?.slug ?? ""]);
    return `unknown place ${quote(name)} — ${guess ? `did you mean ${guess}?` : "add it to content/_data/places.yaml or check the spelling"}`;
  };
  return z.union([text, z.array(text).min(1)]).transform((value, ctx): Place[] => {
    const names = typeof value === "string" ? [value] : value;
    const found = new Set<Place>();
    names.forEach((name, i) => {
      const place = registries.places.get(name);
      if (place) found.add(place);
      else ctx.addIssue({ code: "custom", message: unknownPlace(name), path: typeof value === "string" ? [] : [i] });
    });
    return [...found];
  });
}

function newspaper(registries: Registries) {
  return text.transform((name, ctx): Source => {
    const found = registries.sources.get(name);
    if (found) return found;
    const guess = closest(name, registries.sources.keys(), (n) => [registries.sources.get(n)?.slug ?? ""]);
    const known = [...registries.sources.keys()].join("、");
    ctx.addIssue({
      code: "custom",
      message: `unknown newspaper ${quote(name)} — ${guess ? `did you mean ${guess}?` : `known: ${known} (content/_data/sources.yaml)`}`,
    });
    return z.NEVER;
  });
}

/** The longest title: far past any headline, and within what the search index holds for one (pagefind/writer.ts). */
export const TITLE_MAX_LENGTH = 500;

/**
 * Every front-matter field, in the order editors write them. Adding a field is adding an entry
 * here; `npm run docs` then puts it in the editors' guide.
 */
const FIELDS = {
  title: {
    doc: { label: "标题", help: `按版面原样录入的标题，最长 ${TITLE_MAX_LENGTH} 字。`, required: true, expects: "text", example: "作风一变事业兴", description: "Headline as printed." },
    schema: () => text.refine((title) => title.length <= TITLE_MAX_LENGTH, { message: `is longer than a headline can be (at most ${TITLE_MAX_LENGTH} characters) — is the article's text in the title?` }),
  },
  subtitle: {
    doc: { label: "副标题", help: "副题、引题或肩题。", required: false, expects: "text", example: "探寻乐陵高质量发展背后的“核心密码”", description: "Subheadline or kicker." },
    schema: () => text.optional(),
  },
  date: {
    doc: { label: "日期", help: "见报日期，写作 YYYY-MM-DD（中国日期）；带时刻和时区的写法按北京时间取日。", required: true, expects: "a date YYYY-MM-DD", example: "2021-10-22", description: "Day of publication, a calendar date in China (Asia/Shanghai)." },
    schema: () => calendarDay,
  },
  date_note: {
    doc: { label: "日期说明", help: "版面未印日期时，说明日期如何确定。", required: false, expects: "text", example: "版面未印日期；文中最晚事件为1月6日，取其后一日", description: "How the date was chosen when the paper does not print it." },
    record: "dateNote",
    schema: () => paragraph.optional(),
  },
  date_precision: {
    doc: {
      label: "日期精度", help: "日期有多确定：day（版面印有日期，默认）、about（推定到某日前后）、xun（推定到上/中/下旬）、month（推定到月）、year（推定到年）。除 day 外须写日期说明（date_note）。", required: false,
      expects: `one of ${DATE_PRECISIONS.join(", ")}`,
      example: "xun",
      description: "How much of the date is known: day (printed; the default), or an estimate to about that day, its ten-day period (xun), month or year. Anything but day needs a date_note saying how it was estimated.",
    },
    record: "datePrecision",
    schema: () => z.enum(DATE_PRECISIONS).default("day"),
  },
  source: {
    doc: { label: "报纸", help: "刊载的报纸或网站，须在报纸登记表中。", required: true, expects: "a newspaper from content/_data/sources.yaml", example: "齐鲁晚报", description: "The newspaper or news site." },
    schema: newspaper,
  },
  page: {
    doc: { label: "版面", help: "版次或栏目，如 B02-B03。", required: false, expects: "text", example: "B02-B03", description: "Printed page(s) or section." },
    schema: () => z.union([text, z.number()]).transform(String).optional(),
  },
  page_name: {
    doc: { label: "版名", help: "版面名称，如“关注”“德州新闻”；版面上印有时填写。", required: false, expects: "text", example: "关注", description: "The printed page's name, where the page shows one." },
    record: "pageName",
    schema: () => text.optional(),
  },
  place: {
    doc: {
      label: "地区", help: "报道涉及的地区（县、市、省均可），须在地区登记表中；可写一个或列表。", required: true,
      expects: "a place from content/_data/places.yaml, or a list of places", example: "乐陵市", description: "The place(s) the article is about, of any level: a county, a city or the province.",
    },
    record: "places",
    formerly: "county",
    schema: places,
  },
  tags: {
    doc: { label: "标签", help: "主题标签列表，沿用已有标签。", required: true, expects: "a list of tags", example: "[作风建设, 民生实事]", description: "Themes readers browse by." },
    schema: () => textList,
  },
  authors: {
    doc: { label: "记者", help: "记者署名列表。", required: true, expects: "a list of names", example: "[马志勇]", description: "Reporters (记者)." },
    schema: () => textList,
  },
  correspondents: {
    doc: { label: "通讯员", help: "通讯员署名列表。", required: false, expects: "a list of names", example: "[贾鹏, 于东钧]", description: "Correspondents (通讯员)." },
    schema: () => textList.optional().transform((v) => v ?? []),
  },
  editor: {
    doc: { label: "编辑", help: "版面编辑。", required: false, expects: "a name", example: "常学艺", description: "Page editor (编辑)." },
    schema: () => text.optional(),
  },
  url: {
    doc: { label: "原文链接", help: "原文网址，以 http:// 或 https:// 开头。", required: false, expects: "a web address starting with http:// or https://", example: "https://www.example.com/news/1.html", description: "Where the article was originally published online." },
    schema: () => webAddress.optional(),
  },
  slug: {
    doc: {
      label: "网址名", help: "文章网址的最后一段；不填则由标题拼音生成。", required: false,
      expects: "lowercase letters, digits and hyphens", example: "leling-zuofeng", description: "Last part of the article's URL; made from the title's pinyin when absent.",
    },
    schema: () => slug.optional(),
  },
  aliases: {
    doc: {
      label: "旧网址", help: "文章网址变动后（如更正了日期），把原来的网址逐条列在这里，访问旧网址的读者会被带到新网址。每条以 / 开头，以 / 或 .html 结尾，文件夹名中不能有“.”。", required: false,
      expects: "a list of site paths, each starting with / and ending with / or .html",
      example: "[/2021/leling-zuofeng/]",
      description: "Old paths of the article (its URL before a correction); each gets a page that redirects to the article.",
    },
    schema: () => oldPaths,
  },
  draft: {
    doc: { label: "草稿", help: "写 true 时只在本地预览中显示，不会发布。", required: false, expects: "true or false", example: "true", description: "A draft is shown in the preview and never published." },
    schema: () => z.boolean().default(false),
  },
  note: {
    doc: { label: "编者注", help: "整理说明：缺损、拟题、出处判断等。", required: false, expects: "text", example: "标题为编者所拟", description: "Editorial note: restorations, attributions, gaps." },
    schema: () => paragraph.optional(),
  },
} as const satisfies Record<string, FieldSpec>;

type Fields = typeof FIELDS;
type Shape = { [K in keyof Fields]: ReturnType<Fields[K]["schema"]> };
type RecordName<K extends keyof Fields> = Fields[K] extends { readonly record: infer R extends string } ? R : K;

/** The validated front matter as the Article record holds it (record names: `dateNote`, `places` …). */
export type FieldRecord = { readonly [K in keyof Fields as RecordName<K>]: z.output<Shape[K]> };

export function frontMatterSchema(registries: Registries) {
  const shape = Object.fromEntries(Object.entries(FIELDS).map(([name, spec]: [string, FieldSpec]) => [name, spec.schema(registries).meta({ ...spec.doc })]));
  // An estimated date (any precision but `day`) must say how it was estimated; a date_note with a
  // printed date is allowed (it can say how the date was confirmed). The rule also runs when other
  // fields have errors (`when`), so that every problem of a file is reported at once; it reads only
  // the two fields it ties together, as written, and only a precision the field accepts (a wrong
  // value has its own message).
  return z.strictObject(shape as Shape).superRefine(
    ({ date_precision: precision, date_note: note }, ctx) => {
      if (precision && precision !== "day" && DATE_PRECISIONS.includes(precision) && !note) {
        const message = `${quote(precision)} marks the date as an estimate — add a date_note saying how it was estimated, or write date_precision: day`;
        ctx.addIssue({ code: "custom", message, path: ["date_precision"] });
      }
    },
    { when: () => true },
  );
}

export type FrontMatter = z.output<ReturnType<typeof frontMatterSchema>>;

const FIELD_ENTRIES = Object.entries(FIELDS) as [keyof Fields, FieldSpec][];

/** The record's fields from validated front matter: each under its record name, lists frozen. */
export function toFieldRecord(fm: FrontMatter): FieldRecord {
  const record: Record<string, unknown> = {};
  for (const [name, spec] of FIELD_ENTRIES) {
    const value = fm[name];
    record[spec.record ?? name] = Array.isArray(value) ? Object.freeze(value) : value;
  }
  return record as FieldRecord;
}

/** A field written under its old name (FieldSpec `formerly`): `county` for `place`. */
export interface FormerField {
  readonly former: string;
  readonly name: string;
}

const FORMER_FIELDS: readonly FormerField[] = FIELD_ENTRIES.flatMap(([name, spec]) => (spec.formerly ? [{ former: spec.formerly, name }] : []));

/**
 * Front matter with every field written under its old name moved to its name, in place (order
 * kept): `renamed` lists them, for a warning each; `both` those given under both names, which is
 * an error (the old one is left where it is).
 */
export function renameFormerFields(fields: Readonly<Record<string, unknown>>): { fields: Record<string, unknown>; renamed: FormerField[]; both: FormerField[] } {
  const present = FORMER_FIELDS.filter((f) => Object.hasOwn(fields, f.former));
  if (!present.length) return { fields: { ...fields }, renamed: [], both: [] };
  const both = present.filter((f) => Object.hasOwn(fields, f.name));
  const renamed = present.filter((f) => !both.includes(f));
  const names = new Map(renamed.map((f) => [f.former, f.name]));
  return { fields: Object.fromEntries(Object.entries(fields).map(([key, value]) => [names.get(key) ?? key, value])), renamed, both };
}

/** Field names in the order editors write them, with their documentation. */
export function fieldDocs(): readonly (FieldDoc & { name: string; formerly?: string })[] {
  return FIELD_ENTRIES.map(([name, spec]) => ({ name, ...spec.doc, ...(spec.formerly ? { formerly: spec.formerly } : {}) }));
}
