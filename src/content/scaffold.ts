import { Document, isMap, isSeq } from "yaml";
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

/** Where a new article goes by convention: <content folder>/<year>/<date>-<short pinyin>.md, with forward slashes. */
export function conventionalPath(article: Pick<NewArticle, "title" | "date">, contentDir = "content"): string {
  const slug = slugify(article.title, "file") || "article";
  const folder = contentDir.replaceAll("\\", "/").replace(/\/+$/, "") || ".";
  return `${folder}/${article.date.slice(0, 4)}/${article.date}-${slug}.md`;
}

/** A front-matter value as article files hold them. */
export type FrontMatterValue = string | number | boolean | readonly string[];

/**
 * Front-matter fields as YAML, the way editors write them: one `key: value` line each, in the
 * order given, lists in flow style (`tags: [作风建设, 民生实事]`), scalars quoted only where YAML
 * needs it (the yaml library decides). The project's one YAML writer: `npm run new`, the importer's
 * drafts and the corpus generator all write front matter with it.
 */
export function frontMatterYaml(fields: Readonly<Record<string, FrontMatterValue | undefined>>): string {
  const doc = new Document(Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
  if (isMap(doc.contents)) for (const pair of doc.contents.items) if (isSeq(pair.value)) pair.value.flow = true;
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

/** The text of a new draft article; reporters left empty are marked for the editor to fill in. */
export function newArticleText(article: NewArticle): string {
  const fields = {
    title: article.title,
    date: article.date,
    source: article.source,
    place: [...article.places],
    tags: [...article.tags],
    authors: article.authors.length ? [...article.authors] : [FILL_IN],
    slug: article.slug,
    draft: true,
  };
  return `---\n${frontMatterText(fields)}---\n在此输入正文。删除 draft: true 一行即可发表。\n`;
}

/**
 * Front matter as the project writes it (`npm run new`, the importer's drafts, the browser CMS):
 * fields in the schema's order; lists in flow style; one place as a plain name; empty values and
 * `draft: false` (the default) left out. Fields the schema does not know are kept, after the
 * others, for the gate to report; names starting with "_" are the CMS's own and never written.
 */
export function frontMatterText(fields: Readonly<Record<string, unknown>>): string {
  const known = fieldDocs().map((d) => d.name);
  const names = [...known, ...Object.keys(fields).filter((k) => !known.includes(k) && !k.startsWith("_"))];
  const present = (value: unknown) => value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
  const ordered: Record<string, unknown> = {};
  for (const name of names) {
    let value = fields[name];
    if (!present(value) || (name === "draft" && value === false)) continue;
    if (Array.isArray(value)) value = value.filter(present);
    if (name === "place" && Array.isArray(value) && value.length === 1) value = value[0];
    ordered[name] = value;
  }
  return frontMatterYaml(ordered as Record<string, FrontMatterValue>);
}
