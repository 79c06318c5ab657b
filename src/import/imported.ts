/**
 * What an importer found in one article: front-matter values the text states, 【待填】 where it
 * does not, notes for the editor (written into the draft as YAML comments, so they are never
 * published), and the Markdown body.
 */
import { FILL_IN, fieldDocs, mentionsFillIn } from "../content/schema.ts";

export { FILL_IN };

export const DRAFT_FIELDS = ["title", "subtitle", "date", "source", "page", "place", "tags", "authors", "correspondents", "editor", "url"] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];

/** Required by the schema (its field docs): when the text does not state them, the draft says 【待填】. */
export const REQUIRED_FIELDS: ReadonlySet<DraftField> = new Set(
  DRAFT_FIELDS.filter((field) => fieldDocs().some((doc) => doc.name === field && doc.required)),
);

export type FieldValue = string | readonly string[];

export interface Note {
  /** The field the note explains, or undefined for the article as a whole. */
  readonly field: DraftField | undefined;
  readonly text: string;
}

export interface ImportedArticle {
  /**
   * Values stated by the text, or FILL_IN where a field is known to be there but could not be read
   * (e.g. names that cannot be split). Required fields left out here become FILL_IN in the draft;
   * optional ones left out are simply absent (the paper did not print them).
   */
  readonly fields: Partial<Record<DraftField, FieldValue>>;
  readonly notes: readonly Note[];
  /** Markdown paragraphs. */
  readonly body: string;
}

/** Fields of a draft that still say 【待填】, in front-matter order. */
export function unfilledFields(article: ImportedArticle): DraftField[] {
  return DRAFT_FIELDS.filter((field) => {
    const value = article.fields[field];
    return value === undefined ? REQUIRED_FIELDS.has(field) : mentionsFillIn(value);
  });
}

/** Collects an article's fields and notes while an importer reads it. */
export class ArticleBuilder {
  readonly fields: Partial<Record<DraftField, FieldValue>> = {};
  readonly notes: Note[] = [];

  set(field: DraftField, value: FieldValue | undefined, note?: string): void {
    if (value !== undefined) this.fields[field] = value;
    if (note) this.note(field, note);
  }

  /** Marks a field the text mentions but that could not be read; says why. */
  fillIn(field: DraftField, why: string): void {
    this.fields[field] = FILL_IN;
    this.note(field, why);
  }

  note(field: DraftField | undefined, text: string): void {
    this.notes.push({ field, text });
  }

  build(body: string): ImportedArticle {
    return { fields: { ...this.fields }, notes: [...this.notes], body };
  }
}
