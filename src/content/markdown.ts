import MarkdownIt from "markdown-it";
import container from "markdown-it-container";

/** A markdown-it instance. */
export type Markdown = InstanceType<typeof MarkdownIt>;
type ContainerRender = (tokens: { nesting: number }[], index: number) => string;

/**
 * How article bodies are parsed, stated once for the gate's checks and the renderer
 * (src/render/markdown.ts adds how they are written out). Bodies are Markdown and nothing else:
 * raw HTML is text (html: false), addresses become links (linkify).
 *
 * A photo caption from the printed page (the photo itself is not in the archive):
 *   ::: photo
 *   市民在张店区政务中心办理业务。
 *   :::
 */
export function markdownParser(renderPhoto?: ContainerRender): Markdown {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.use(container, "photo", renderPhoto ? { render: renderPhoto } : {});
  return md;
}

/** Characters in front of a line's text that can open containers (quotes, list items, indentation). */
const CONTAINER_PREFIX = /^[ \t>*+\-0-9.)]{50,}/m;
/** A percent escape of a byte past ASCII: part of a UTF-8 sequence that may be cut off. */
const HIGH_ESCAPE = /%[89a-f][0-9a-f]/i;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export interface BodyProblem {
  /** 0-based line in the body. */
  readonly line: number;
  readonly message: string;
}

let parser: Markdown | undefined;

/** The longest body (Markdown, UTF-16 units): far past any printed article, and within what the search index numbers per article (pagefind/writer.ts). */
export const BODY_MAX_LENGTH = 1_000_000;

/**
 * What in a body the search index could not hold, the renderer would lose or the link check could
 * not read: a body past BODY_MAX_LENGTH, text past markdown-it's nesting limit (markdown-it drops
 * it without a word), and internal links whose percent escapes are cut off. Only bodies that
 * could have either of the last two are parsed.
 */
export function bodyProblems(body: string): BodyProblem[] {
  if (body.length > BODY_MAX_LENGTH) return [{ line: 0, message: `the text is ${body.length.toLocaleString("en-US")} characters long, more than the ${BODY_MAX_LENGTH.toLocaleString("en-US")} one article may have — split it into parts` }];
  const deep = CONTAINER_PREFIX.test(body);
  const escapes = HIGH_ESCAPE.test(body);
  if (!deep && !escapes) return [];
  parser ??= markdownParser();
  const tokens = parser.parse(body, {});
  const problems: BodyProblem[] = [];
  let line = 0;
  const limit = parser.options.maxNesting ?? 100;
  for (const token of tokens) {
    if (token.map) line = token.map[0];
    if (token.level >= limit - 1) {
      problems.push({ line, message: `Markdown nested ${limit} levels deep (quotes or lists): the text from here on would be lost — nest less` });
      break;
    }
  }
  if (escapes) {
    line = 0;
    for (const token of tokens) {
      if (token.map) line = token.map[0];
      for (const child of token.children ?? []) {
        const attribute = child.attrGet("href") ?? child.attrGet("src");
        if (attribute === null) continue;
        const target = String(attribute);
        if (EXTERNAL.test(target)) continue;
        try {
          decodeURI(target);
        } catch {
          problems.push({ line, message: `link ${JSON.stringify(target)} has a percent escape that is cut off or not UTF-8 — write the address whole (e.g. %E4%B8%AD for 中), or the character itself` });
        }
      }
    }
  }
  return problems;
}
