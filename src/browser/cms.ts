/**
 * The browser side of /admin/ (Decap CMS, loaded before this script from the site's own assets).
 * It runs the project's own code in the browser, unchanged, where the CMS would otherwise use its
 * own: the front matter is read and written by the content gate's reader and scaffold.ts's writer
 * (so a saved file looks like one `npm run new` made), every save first passes the same validation
 * as `npm run check`, and the preview pane is the site's article page. Bundled by src/build/admin.ts.
 *
 * Exception to the layer rule for src/browser/: this script imports the gate (src/content) and the
 * article template, on purpose: one set of rules and one layout, in the build and in the editor.
 */
import type { Article } from "../content/article.ts";
import { articleValidator } from "../content/article.ts";
import { CMS_FORMAT, CMS_PATH_FIELDS, CMS_TAGS_WIDGET } from "../content/cms-config.ts";
import { splitFrontMatter } from "../content/frontmatter.ts";
import { formatProblem, type ContentProblem } from "../content/problems.ts";
import { registriesFrom, type Registries, type RegistryFiles } from "../content/registry.ts";
import { conventionalPath, frontMatterText } from "../content/scaffold.ts";
import { fieldDocs, renameFormerFields } from "../content/schema.ts";
import { assignSlugs } from "../core/slug-assignment.ts";
import { links } from "../core/urls.ts";
import type { AdminPageData } from "../render/admin.ts";
import { escapeHtml } from "../render/html.ts";
import { siteContext } from "../render/pages.ts";
import { articlePage } from "../render/templates/article.ts";

/** The part of Decap's global CMS object this script uses. */
interface Decap {
  registerCustomFormat(name: string, extension: string, formatter: { fromFile(text: string): Record<string, unknown>; toFile(data: Record<string, unknown>): string }): void;
  registerEventListener(listener: { name: "preSave"; handler: (event: { entry: ImmutableMap }) => unknown }): void;
  registerPreviewStyle(url: string): void;
  registerPreviewTemplate(collection: string, component: unknown): void;
  registerWidget(name: string, control: unknown, preview?: unknown): void;
  init(options: { config: Record<string, unknown> }): void;
}
interface ImmutableMap {
  get(key: string): unknown;
  set(key: string, value: unknown): ImmutableMap;
  toJS(): Record<string, unknown>;
}
type CreateElement = (type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown;
interface ComponentThis {
  props: Record<string, unknown> & { value?: unknown; onChange(value: unknown): void; forID?: string; classNameWrapper?: string; field: { get(key: string): unknown } };
  state: { typed: string };
  setState(state: { typed: string }): void;
}
declare global {
  interface Window {
    CMS: Decap;
    h: CreateElement;
    createClass: (spec: Record<string, unknown>) => unknown;
  }
}

const data = JSON.parse(document.getElementById("archive-cms")?.textContent ?? "null") as AdminPageData;
const encoder = new TextEncoder();
const problems: ContentProblem[] = [];
const registries = registriesFrom(
  Object.fromEntries(Object.entries(data.registries).map(([k, text]) => [k, encoder.encode(text)])) as unknown as RegistryFiles,
  "content/_data",
  "",
  problems,
);
if (!registries) throw new Error(`content/_data: ${problems.map(formatProblem).join("\n")}`);
const validate = articleValidator(registries);
const { CMS, h, createClass } = window;
const LIST_FIELDS = new Set(fieldDocs().filter((d) => /\blist\b/.test(d.expects)).map((d) => d.name));

/** Entry data as plain values (Decap keeps lists as Immutable Lists). */
function plain(value: unknown): unknown {
  return value && typeof (value as { toJS?: unknown }).toJS === "function" ? (value as { toJS(): unknown }).toJS() : value;
}

/** The file the CMS writes for an entry: the project's front matter, then the body. */
function articleFile(fields: Record<string, unknown>): string {
  const { body, ...frontMatter } = fields;
  const text = typeof body === "string" ? body : "";
  return `---\n${frontMatterText(frontMatter)}---\n${text.endsWith("\n") || text === "" ? text : `${text}\n`}`;
}

CMS.registerCustomFormat(CMS_FORMAT, "md", {
  // Read with the gate's own reader: dates stay YYYY-MM-DD text, one place becomes a list of one.
  fromFile(text) {
    const split = splitFrontMatter(text);
    if (!split.ok) return { body: text };
    const raw = split.source.frontMatter.data;
    // A field under its old name (county) is edited, and saved, under its name (place).
    const fields = raw && typeof raw === "object" && !Array.isArray(raw) ? renameFormerFields(raw as Record<string, unknown>).fields : {};
    for (const name of LIST_FIELDS) if (typeof fields[name] === "string") fields[name] = [fields[name]];
    if (typeof fields["page"] === "number") fields["page"] = String(fields["page"]);
    return { ...fields, body: split.source.body };
  },
  toFile: (fields) => articleFile(fields),
});

/** Where an entry is saved: its own file, or for a new one the name `npm run new` would give it. */
function fileOf(entry: ImmutableMap, fields: Record<string, unknown>): string {
  if (!entry.get("newRecord") && typeof entry.get("path") === "string") return entry.get("path") as string;
  return conventionalPath({ title: String(fields["title"] ?? ""), date: String(fields["date"] ?? "") });
}

const LABELS = new Map(fieldDocs().map((d) => [d.name, d.label]));

/** A problem as the editor reads it in the form: the field's Chinese label, then the gate's message (the file is the one being edited). */
function problemText(problem: ContentProblem): string {
  const label = problem.field ? LABELS.get(problem.field) : undefined;
  return problem.field ? `${label ?? problem.field}（${problem.field}）：${problem.message}` : problem.message;
}

function check(file: string, fields: Record<string, unknown>): { article: Article | undefined; errors: ContentProblem[] } {
  const result = validate(file, encoder.encode(articleFile(fields)));
  return { article: result.article, errors: result.problems.filter((p) => p.severity === "error") };
}

// Nothing the build would refuse is saved: the same gate as `npm run check`, before every save.
CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    const entryData = entry.get("data") as ImmutableMap;
    const fields = entryData.toJS();
    const file = fileOf(entry, fields);
    const { errors } = check(file, fields);
    if (errors.length) throw new Error(`未保存：有 ${errors.length} 处错误，改正后再保存。\n${errors.map(problemText).join("\n")}`);
    if (!entry.get("newRecord")) return undefined;
    // content/<year>/<date>-<pinyin>.md: the collection's path and slug are made of these two.
    const [, year = "", name = ""] = file.split("/");
    return entryData.set(CMS_PATH_FIELDS.year, year).set(CMS_PATH_FIELDS.stem, name.replace(/\.md$/, ""));
  },
});

/** The article as readers will see it, rendered by the site's own template, or the errors that stop it. */
function previewHtml(entry: ImmutableMap): string {
  const fields = (plain(entry.get("data")) ?? {}) as Record<string, unknown>;
  const { article, errors } = check(fileOf(entry, fields), fields);
  if (!article) {
    const list = errors.map((p) => `<li><code>${escapeHtml(problemText(p))}</code></li>`).join("");
    return `<section class="preview-problems" role="alert"><h2>保存前还需改正 ${errors.length} 处（与 npm run check 同一规则）</h2><ul>${list}</ul></section>`;
  }
  const archive = {
    ...(registries as Registries),
    articles: [article],
    tagSlugs: assignSlugs(article.tags, "disambiguate").slugs,
    authorSlugs: assignSlugs(article.authors, "disambiguate").slugs,
  };
  const page = articlePage({ ...siteContext(archive, links(data.pathPrefix)), route: "/" }, article, { older: undefined, newer: undefined, related: [] });
  const doc = new DOMParser().parseFromString(page, "text/html");
  return `<div class="${doc.body.className}">${doc.body.innerHTML}</div>`;
}

CMS.registerPreviewStyle(data.stylesheet);
CMS.registerPreviewTemplate("articles", (props: { entry: ImmutableMap }) => h("div", { dangerouslySetInnerHTML: { __html: previewHtml(props.entry) } }));

/**
 * Tags: one tag per entry box, the archive's tags offered as the editor types (a datalist), so an
 * existing tag is picked rather than spelt anew. Enter, a comma or 、 adds what was typed.
 */
const TagsControl = createClass({
  getInitialState: () => ({ typed: "" }),
  tags(this: ComponentThis): string[] {
    const value = plain(this.props.value);
    return Array.isArray(value) ? value.map(String) : typeof value === "string" && value ? [value] : [];
  },
  add(this: ComponentThis & { tags(): string[] }, text: string) {
    const names = text.split(/[,，、;；]+/).map((s) => s.trim()).filter(Boolean);
    if (!names.length) return;
    const tags = this.tags();
    for (const name of names) if (!tags.includes(name)) tags.push(name);
    this.props.onChange(tags);
    this.setState({ typed: "" });
  },
  render(this: ComponentThis & { tags(): string[]; add(text: string): void }) {
    const { forID, classNameWrapper, field } = this.props;
    const listId = `suggestions-${forID ?? "tags"}`;
    const tags = this.tags();
    const suggestions = (plain(field.get("suggestions")) as string[] | undefined) ?? [];
    return h(
      "div",
      { className: classNameWrapper, "data-archive-tags": "" },
      h(
        "ul",
        { style: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexWrap: "wrap", gap: "6px" } },
        ...tags.map((tag) =>
          h(
            "li",
            { key: tag, style: { background: "#e8eef7", borderRadius: "4px", padding: "2px 6px" } },
            tag,
            h("button", { type: "button", "aria-label": `删除标签 ${tag}`, style: { marginLeft: "4px", border: 0, background: "none", cursor: "pointer" }, onClick: () => this.props.onChange(tags.filter((t) => t !== tag)) }, "×"),
          ),
        ),
      ),
      h("input", {
        id: forID,
        type: "text",
        list: listId,
        placeholder: "输入标签，回车添加",
        value: this.state.typed,
        style: { marginTop: "6px", width: "100%", border: "1px solid #dfdfe3", padding: "6px" },
        onChange: (e: { target: { value: string }; nativeEvent: { inputType?: string } }) => {
          const typed = e.target.value;
          // A pick from the list (the browser replaces the text), or a typed separator, adds the tag at once.
          if (/[,，、;；]/.test(typed) || e.nativeEvent.inputType === "insertReplacementText") this.add(typed);
          else this.setState({ typed });
        },
        onKeyDown: (e: { key: string; preventDefault(): void }) => {
          if (e.key === "Enter") {
            e.preventDefault();
            this.add(this.state.typed);
          }
        },
        onBlur: () => this.add(this.state.typed),
      }),
      h("datalist", { id: listId }, ...suggestions.filter((s) => !tags.includes(s)).map((s) => h("option", { key: s, value: s }))),
    );
  },
});
CMS.registerWidget(CMS_TAGS_WIDGET, TagsControl, (props: { value: unknown }) => h("span", null, ((plain(props.value) as string[] | undefined) ?? []).join("、")));

CMS.init({ config: data.config });
