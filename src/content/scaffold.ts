import { Document, isSeq } from "yaml";
import { slugify } from "../core/slugs.ts";
import { FILL_IN } from "./schema.ts";

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
  const slug = slugify(article.title, 40, "plain") || "article";
  return `content/${article.date.slice(0, 4)}/${article.date}-${slug}.md`;
}

/** The text of a new draft article; reporters left empty are marked for the editor to fill in. */
export function newArticleText(article: NewArticle): string {
  const fields = {
    title: article.title,
    date: article.date,
    source: article.source,
    county: article.places.length === 1 ? article.places[0] : [...article.places],
    tags: [...article.tags],
    authors: article.authors.length ? [...article.authors] : [FILL_IN],
    ...(article.slug ? { slug: article.slug } : {}),
    draft: true,
  };
  // Lists in flow style ([作风建设, 民生实事]), as editors write them; the library quotes what needs it.
  const doc = new Document(fields);
  for (const key of ["county", "tags", "authors"]) {
    const node = doc.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  return `---\n${doc.toString({ flowCollectionPadding: false, lineWidth: 0 })}---\n在此输入正文。删除 draft: true 一行即可发表。\n`;
}
