import { z } from "zod";
import { parseCalendarDate } from "../dates.ts";
import { isSlug } from "../slugs.ts";
import type { Place, Registries, Source } from "./registry.ts";
import { closest } from "./suggest.ts";

/**
 * The front matter editors write. Each field carries its documentation (`.meta`), from which
 * error messages and the editors' guide are both made, so the two never disagree.
 */
export interface FieldDoc {
  /** What a valid value looks like, for messages: "a date YYYY-MM-DD". */
  readonly expects: string;
  readonly example: string;
  readonly description: string;
  readonly required: boolean;
}

/**
 * Left by `npm run import` in a field it could not determine from the source. Validation refuses
 * any article that still contains it, so a draft cannot be published until an editor fills it in.
 */
export const FILL_IN = "【待填】";

const text = z.string().trim().min(1);
const textList = z.union([text, z.array(text).min(1)]).transform((v) => (typeof v === "string" ? [v] : v));

function field<T extends z.ZodType>(schema: T, doc: FieldDoc): T {
  return schema.meta({ ...doc });
}

function fieldShape(registries: Registries) {
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
    title: field(text, { required: true, expects: "text", example: "作风一变事业兴", description: "Headline as printed." }),
    subtitle: field(text.optional(), { required: false, expects: "text", example: "探寻乐陵高质量发展背后的“核心密码”", description: "Subheadline or kicker." }),
    date: field(
      z.string().transform((value, ctx) => {
        const parsed = parseCalendarDate(value.trim());
        if (parsed.ok) return parsed.date;
        ctx.addIssue({ code: "custom", message: `impossible date ${JSON.stringify(value)} — ${parsed.reason}` });
        return z.NEVER;
      }),
      { required: true, expects: "a date YYYY-MM-DD", example: "2021-10-22", description: "Day of publication, a calendar date in China (Asia/Shanghai)." },
    ),
    date_note: field(text.optional(), { required: false, expects: "text", example: "版面未印日期；文中最晚事件为1月6日，取其后一日", description: "How the date was chosen when the paper does not print it." }),
    source: field(source, { required: true, expects: "a newspaper from content/_data/sources.yaml", example: "齐鲁晚报", description: "The newspaper or news site." }),
    page: field(z.union([text, z.number()]).transform(String).optional(), { required: false, expects: "text", example: "B02-B03", description: "Printed page(s) or section." }),
    county: field(places, {
      required: true,
      expects: "a place from content/_data/places.yaml, or a list of places",
      example: "乐陵市",
      description: "The place(s) the article is about.",
    }),
    tags: field(textList, { required: true, expects: "a list of tags", example: "[作风建设, 民生实事]", description: "Themes readers browse by." }),
    authors: field(textList, { required: true, expects: "a list of names", example: "[马志勇]", description: "Reporters (记者)." }),
    correspondents: field(textList.optional(), { required: false, expects: "a list of names", example: "[贾鹏, 于东钧]", description: "Correspondents (通讯员)." }),
    editor: field(text.optional(), { required: false, expects: "a name", example: "常学艺", description: "Page editor (编辑)." }),
    url: field(z.url({ protocol: /^https?$/ }).optional(), { required: false, expects: "a web address starting with http:// or https://", example: "https://www.example.com/news/1.html", description: "Where the article was originally published online." }),
    slug: field(z.string().refine(isSlug, { message: "must be lowercase pinyin or digits joined by hyphens" }).optional(), {
      required: false,
      expects: "lowercase letters, digits and hyphens",
      example: "leling-zuofeng",
      description: "Last part of the article's URL; made from the title's pinyin when absent.",
    }),
    draft: field(z.boolean().default(false), { required: false, expects: "true or false", example: "true", description: "A draft is shown in the preview and never published." }),
    note: field(text.optional(), { required: false, expects: "text", example: "标题为编者所拟", description: "Editorial note: restorations, attributions, gaps." }),
  };
}

export function frontMatterSchema(registries: Registries) {
  return z.strictObject(fieldShape(registries));
}

export type FrontMatter = z.output<ReturnType<typeof frontMatterSchema>>;

/** Field names in the order editors write them, with their documentation. */
export function fieldDocs(registries: Registries): readonly (FieldDoc & { name: string })[] {
  return Object.entries(fieldShape(registries)).map(([name, schema]) => ({ name, ...(schema.meta() as unknown as FieldDoc) }));
}
