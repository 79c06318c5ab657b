import matter from "gray-matter";
import { parseYaml, type YamlSource } from "./yaml.ts";

export interface ArticleSource {
  readonly frontMatter: YamlSource;
  /** The Markdown body, exactly as written. */
  readonly body: string;
  /** File line on which the body starts. */
  readonly bodyLine: number;
}

export type SplitResult = { ok: true; source: ArticleSource } | { ok: false; line: number; message: string };

const refuseCode = () => {
  throw new Error("front matter must be YAML");
};

/**
 * Splits a Markdown file into YAML front matter and body. gray-matter evaluates `---js` front
 * matter with eval() by default: the language is checked before gray-matter sees the file, and
 * its code engines are replaced by ones that refuse, so content can never run code in the build.
 */
export function splitFrontMatter(text: string): SplitResult {
  const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
  if (!/^---\s*$/.test(firstLine)) {
    const language = /^---\s*(\S+)/.exec(firstLine)?.[1];
    return language
      ? { ok: false, line: 1, message: `front matter must be YAML (found "---${language}"); code in front matter is never run` }
      : { ok: false, line: 1, message: 'no front matter: the file must start with a line "---", then YAML fields, then "---"' };
  }
  let frontMatter: YamlSource | undefined;
  const file = matter(text, {
    language: "yaml",
    engines: {
      yaml: (yaml: string) => {
        frontMatter = parseYaml(yaml);
        return {};
      },
      js: refuseCode,
      javascript: refuseCode,
      coffee: refuseCode,
      coffeescript: refuseCode,
      json: refuseCode,
      toml: refuseCode,
    },
  });
  if (!/\n---[ \t]*(\r?\n|$)/.test(text.slice(firstLine.length))) {
    return { ok: false, line: 1, message: 'front matter is not closed: add a line "---" after the last field' };
  }
  // gray-matter skips the engine when the block is empty; an empty mapping is then the data.
  frontMatter ??= parseYaml("");
  const bodyLine = text.slice(0, text.length - file.content.length).split("\n").length;
  return { ok: true, source: { frontMatter, body: file.content, bodyLine } };
}
