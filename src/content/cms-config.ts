import { SLUG_PATTERN } from "../core/slugs.ts";
import type { Place, Registries } from "./registry.ts";
import { fieldDocs, type FieldDoc } from "./schema.ts";

/**
 * The configuration of the browser CMS (Decap CMS, /admin/), made from the content gate: one form
 * field per front-matter field, in the order editors write them, with the Chinese label and help
 * of the field docs; required as the schema requires; places and newspapers offered from the
 * registries. Never kept by hand: src/content/cms-config.test.ts fails when it and the schema part.
 */

/** Where the CMS reads and commits (Decap's `backend`): a Git host, or the local proxy of `npm start`. */
export type CmsBackend =
  | { readonly name: "proxy"; readonly proxy_url: string }
  | {
      readonly name: "github" | "gitlab" | "gitea";
      readonly repo: string;
      readonly branch?: string | undefined;
      /** The OAuth proxy (GitHub without Netlify; see README). */
      readonly base_url?: string | undefined;
      /** A self-hosted GitLab or Gitea: its API address. */
      readonly api_root?: string | undefined;
      /** GitLab / Gitea OAuth application id (PKCE, no proxy needed). */
      readonly app_id?: string | undefined;
      readonly auth_type?: "pkce" | undefined;
    };

/** The name under which src/browser/cms.ts registers the project's front-matter reader and writer. */
export const CMS_FORMAT = "archive-markdown";
/** The custom widget (src/browser/cms.ts): a list of tags, each typed with the archive's tags offered. */
export const CMS_TAGS_WIDGET = "archive-tags";
/** Entry data the CMS computes before saving (src/browser/cms.ts) for the file path; never written to the file. */
export const CMS_PATH_FIELDS = { year: "_year", stem: "_stem" } as const;

/** The body is not a front-matter field: it is the Markdown after the front matter. */
export const BODY_FIELD = { name: "body", label: "正文", hint: "Markdown：空行分段，## 小标题，::: photo 图片说明。" } as const;

export type CmsField = Record<string, unknown> & { readonly name: string; readonly label: string; readonly widget: string; readonly required: boolean };

export interface CmsConfigInput {
  readonly registries: Registries;
  /** Tags in use, most used first: offered when typing a tag. */
  readonly tags: readonly string[];
  readonly backend: CmsBackend;
  /** The site's address (for "view live" links), if known. */
  readonly siteUrl?: string | undefined;
  /** Where the site's stylesheet is served (the CMS preview uses it). */
  readonly stylesheet: string;
}

/** The label a place is offered under: a county with its city, so 乐陵市 reads 乐陵市（德州市）. */
function placeLabel(place: Place): string {
  const parent = place.parent?.parent ? place.parent : undefined;
  return parent ? `${place.name}（${parent.name}）` : place.name;
}

/** Every registered place in registry order (a city, then its counties), as select options. */
export function placeOptions(registries: Registries): { label: string; value: string }[] {
  return [...registries.places.values()].map((place) => ({ label: placeLabel(place), value: place.name }));
}

/** A pattern the CMS checks as the editor types (the full gate runs again before saving). */
const PATTERNS: Partial<Record<string, string>> = {
  slug: SLUG_PATTERN.source,
  url: "^https?://\\S+$",
};

/** The form field for one front-matter field. */
function formField(doc: FieldDoc & { name: string }, input: CmsConfigInput): CmsField {
  const base = { name: doc.name, label: doc.label, hint: doc.help, required: doc.required };
  const pattern = PATTERNS[doc.name];
  const withPattern = pattern ? { pattern: [pattern, `格式不对：${doc.help}`] } : {};
  switch (doc.name) {
    case "date":
    // A calendar date written as YYYY-MM-DD (the gate refuses a timestamp): no time, no zone.
      return { ...base, widget: "datetime", date_format: "YYYY-MM-DD", time_format: false };
    case "source":
      return { ...base, widget: "select", options: [...input.registries.sources.values()].map((s) => ({ label: `${s.name}（${s.kind}）`, value: s.name })) };
    case "place":
      return { ...base, widget: "select", multiple: true, min: 1, options: placeOptions(input.registries) };
    case "tags":
      return { ...base, widget: CMS_TAGS_WIDGET, min: 1, suggestions: [...input.tags] };
    case "authors":
    case "correspondents":
      // Decap's list without sub-fields: names typed with commas between them.
      return { ...base, widget: "list", ...(doc.required ? { min: 1 } : {}) };
    case "draft":
      // New articles start as drafts, as with `npm run new`.
      return { ...base, widget: "boolean", default: true };
    case "note":
    case "date_note":
      return { ...base, widget: "text" };
    default:
      return { ...base, widget: "string", ...withPattern };
  }
}

/** The form's fields: every front-matter field, then the body. */
export function cmsFields(input: CmsConfigInput): CmsField[] {
  return [...fieldDocs().map((doc) => formField(doc, input)), { ...BODY_FIELD, widget: "text", required: true }];
}

/** The whole Decap CMS configuration (passed to CMS.init by src/browser/cms.ts). */
export function cmsConfig(input: CmsConfigInput): Record<string, unknown> {
  const local = input.backend.name === "proxy";
  return {
    load_config_file: false,
    backend: input.backend,
    // On GitHub and GitLab every save is a branch and a pull (merge) request: draft → review →
    // publish. Decap's Gitea backend (3.5.3) has no such workflow: it commits to the branch. The
    // local proxy writes into the working folder (the preview shows it at once).
    ...(local || input.backend.name === "gitea" ? {} : { publish_mode: "editorial_workflow" }),
    locale: "zh_Hans",
    ...(input.siteUrl ? { site_url: input.siteUrl } : {}),
    // Required by Decap; articles carry no images (photos are captions in the text).
    media_folder: "content/_media",
    collections: [
      {
        name: "articles",
        label: "文章",
        label_singular: "文章",
        description: "报道全文与出处。保存前按与 npm run check 相同的规则检查。",
        folder: "content",
        extension: "md",
        format: CMS_FORMAT,
        create: true,
        // content/<year>/<date>-<pinyin of the title>.md, as `npm run new` names files
        // (conventionalPath); src/browser/cms.ts computes both parts before saving.
        slug: `{{fields.${CMS_PATH_FIELDS.stem}}}`,
        // Decap turns "." into "-" in `path` (not in `slug`), so the year is named without "fields.".
        path: `{{${CMS_PATH_FIELDS.year}}}/{{slug}}`,
        summary: "{{fields.date}} {{title}}",
        sortable_fields: ["date", "title"],
        editor: { preview: true },
        fields: cmsFields(input),
      },
    ],
  };
}
