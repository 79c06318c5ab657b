import type { Article } from "../content/article.ts";
import { markdownParser } from "../content/markdown.ts";
import { trusted, type SafeHtml } from "./html.ts";

// A photo caption from the printed page (the photo itself is not in the archive):
// ::: photo
// 市民在张店区政务中心办理业务。
// :::
// The caption is labelled as one, so it is never read as the article's own text; the article page
// explains the label once (templates/article.ts).
export const PHOTO_LABEL = "原报图注";

/**
 * Article bodies, parsed as the content gate parses them (content/markdown.ts): markdown-it's
 * link validation drops javascript:/vbscript:/file: links, and bodies never pass through a
 * template engine, so `{{ }}` and `{% %}` stay literal.
 */
const md = markdownParser((tokens, index) =>
  tokens[index]?.nesting === 1
    ? `<figure class="photo"><figcaption><span class="photo-label">${PHOTO_LABEL}<span class="visually-hidden">：</span></span>\n`
    : "</figcaption></figure>\n",
);

// A heading with no text ("## " alone) would be an empty <h2>, which HTML checkers and screen
// readers flag; it holds nothing, so it is left out.
md.core.ruler.push("drop_empty_headings", (state) => {
  const tokens = state.tokens;
  for (let i = tokens.length - 3; i >= 0; i--) {
    if (tokens[i]?.type === "heading_open" && tokens[i + 1]?.content.trim() === "" && tokens[i + 2]?.type === "heading_close") tokens.splice(i, 3);
  }
});

/** The editors' mark for text missing from the printed page (see pages/about.md); styled as a mark, not as text. */
export const LACUNA = "〔原文缺损〕";
const defaultText = md.renderer.rules.text ?? ((tokens, idx) => md.utils.escapeHtml(tokens[idx]?.content ?? ""));
md.renderer.rules.text = (tokens, idx, options, env, self) => {
  const out = defaultText(tokens, idx, options, env, self);
  return out.includes(LACUNA) ? out.replaceAll(LACUNA, `<span class="lacuna">${LACUNA}</span>`) : out;
};

// External links open normally but never pass the archive page as referrer-with-opener.
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token && /^https?:/i.test(String(token.attrGet("href") ?? ""))) token.attrSet("rel", "noopener noreferrer");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

function textOf(tokens: ReturnType<typeof md.parse>): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === "inline") parts.push((token.children ?? []).filter((c) => c.type === "text" || c.type === "code_inline").map((c) => c.content).join(""));
  }
  return parts.join("\n");
}

/** Plain text of a Markdown body, for the search index. */
export function markdownToText(source: string): string {
  return textOf(md.parse(source, {}));
}

/** A body's HTML and its plain text from a single parse (an article page needs both). */
export function renderBody(source: string): { html: SafeHtml; text: string } {
  const env = {};
  const tokens = md.parse(source, env);
  return { html: trusted(md.renderer.render(tokens, md.options, env)), text: textOf(tokens) };
}

const LEAD_LENGTH = 120;
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/** The lead of an article's plain text (meta description, structured data, feed summaries). */
export function leadOf(bodyText: string): string {
  const text = bodyText.replace(/\s+/g, " ").trim();
  if (text.length <= LEAD_LENGTH) return text;
  // Never half a character: a cut between a surrogate pair's halves leaves one XML refuses.
  const end = isHighSurrogate(text.charCodeAt(LEAD_LENGTH - 1)) ? LEAD_LENGTH - 1 : LEAD_LENGTH;
  return `${text.slice(0, end)}…`;
}

/**
 * The same lead straight from Markdown, parsing only as many opening blocks as it needs: feeds
 * need the leads of tens of thousands of articles, and a full parse of each would be most of their cost.
 */
export function leadOfMarkdown(source: string): string {
  const blocks = source.split(/\n[ \t]*\n/);
  for (let n = 1; n < blocks.length; n++) {
    const text = markdownToText(blocks.slice(0, n).join("\n\n"));
    if (text.replace(/\s+/g, " ").trim().length > LEAD_LENGTH) return leadOf(text);
  }
  return leadOf(markdownToText(source));
}

// An article's lead is shown in every list it is in and in its feeds: worked out once per build.
const leads = new WeakMap<Article, string>();

/** The opening words of an article's body (lists, feeds), cached per article record. */
export function articleLead(article: Article): string {
  let lead = leads.get(article);
  if (lead === undefined) leads.set(article, (lead = leadOfMarkdown(article.body)));
  return lead;
}

/** The lead an earlier build worked out for a record of the same file, bytes and rendering code (the build cache), so the body is not read for it. */
export function rememberLead(article: Article, lead: string): void {
  leads.set(article, lead);
}
