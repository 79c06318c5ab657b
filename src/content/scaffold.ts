import { Document, isSeq } from "yaml";
import { slugify } from "../core/slugs.ts";
import { FILL_IN, fieldDocs } from "./schema.ts";

/** What an editor gives `npm run new`. */
export interface NewArticle {
  readonly title: string;
  readonly date: string;
  readonly places: readonly string[];
  readonly source: string;
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  /** Only when the title's own slug is taken on that day. */
  readonly slug?: string;
}

/** Where a new article goes by convention: content/<year>/<date>-<short pinyin>.md. */
export function conventionalPath(article: Pick<NewArticle, "title" | "date">): string {
  const slug = slugify(article.title, 40) || "article";
  return `content/${article.date.slice(0, 4)}/${article.date}-${slug}.md`;
}

/** The text of a new draft article; reporters left empty are marked for the editor to fill in. */
export function newArticleText(article: NewArticle): string {
  const fields = {
    title: article.title,
    date: article.date,
    source: article.source,
    county: [...article.places],
    tags: [...article.tags],
    authors: article.authors.length ? [...article.authors] : [FILL_IN],
    slug: article.slug,
    draft: true,
  };
  return `---\n${frontMatterText(fields)}---\n在此输入正文。删除 draft: true 一行即可发表。\n`;
}


/**
 * Front matter as the project writes it (`npm run new` and the browser CMS): fields in the
 * schema's order; lists in flow style; one place as a plain name; empty values and `draft: false`
 * (the default) left out. Fields the schema does not know are kept, after the others, for the gate
 * to report; names starting with "_" are the CMS's own and never written.
 */
export function frontMatterText(fields: Readonly<Record<string, unknown>>): string {
  const known = fieldDocs().map((d) => d.name);
  // Fields that take a list (their docs say so), written in flow style as editors write them.
  const lists = fieldDocs().filter((d) => /\blist\b/.test(d.expects)).map((d) => d.name);
  const names = [...known, ...Object.keys(fields).filter((k) => !known.includes(k) && !k.startsWith("_"))];
  const present = (value: unknown) => value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
  const ordered: Record<string, unknown> = {};
  for (const name of names) {
    let value = fields[name];
    if (!present(value) || (name === "draft" && value === false)) continue;
    if (Array.isArray(value)) value = value.filter(present);
    if (name === "county" && Array.isArray(value) && value.length === 1) value = value[0];
    ordered[name] = value;
  }
  // The library quotes what needs it.
  const doc = new Document(ordered);
  for (const key of lists) {
    const node = doc.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}
