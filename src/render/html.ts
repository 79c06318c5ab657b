/**
 * Escape-by-default HTML. Every template is a tagged literal: interpolated strings are escaped,
 * only values already wrapped as SafeHtml (other templates, rendered Markdown) pass through.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const SPECIAL = /[&<>"']/;

/** Text for HTML, and for XML too (sitemaps): `'` becomes the numeric `&#39;`, which both accept. */
export function escapeHtml(text: string): string {
  // Most values (Chinese text, URLs, dates) have nothing to escape: test before replacing.
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : text;
}

function toHtml(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(toHtml).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += toHtml(values[i] as HtmlValue) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Marks text as trusted HTML. Only for output of our own renderers (Markdown, JSON-LD). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins fragments with an (escaped) separator. */
export function join(items: readonly HtmlValue[], separator: HtmlValue = ""): SafeHtml {
  return new SafeHtml(items.map(toHtml).join(toHtml(separator)));
}
