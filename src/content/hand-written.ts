import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { splitFrontMatter } from "./frontmatter.ts";
import { ContentError, type ContentProblem } from "./problems.ts";

/**
 * A page editors write by hand in `pages/` (关于本档案, 编辑说明): Markdown with a `title` in its
 * front matter, published at /<file name>/ and linked from every page's footer.
 *
 * Interim: until Eleventy renders `pages/` with the site's layout (issue 12b), the build renders
 * these itself (src/pages.ts); the records and the footer links stay as they are.
 */
export interface HandWrittenPage {
  /** `pages/about.md` */
  readonly file: string;
  /** `/about/` */
  readonly route: string;
  readonly title: string;
  /** Optional order in the footer (`order: 1`); then by file name. */
  readonly order: number;
  readonly body: string;
}

/** Reads `<rootDir>/pages/*.md`; no folder, no pages. A page without a title is an error naming the file. */
export async function loadHandWrittenPages(rootDir: string, dir = "pages"): Promise<HandWrittenPage[]> {
  const folder = path.join(rootDir, dir);
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith(".md")).sort();
  const pages: HandWrittenPage[] = [];
  const problems: ContentProblem[] = [];
  for (const name of names) {
    const file = `${dir}/${name}`;
    const split = splitFrontMatter(await readFile(path.join(folder, name), "utf8"));
    if (!split.ok) {
      problems.push({ severity: "error", file, line: split.line, message: split.message });
      continue;
    }
    const data = (split.source.frontMatter.data ?? {}) as Record<string, unknown>;
    const title = typeof data["title"] === "string" ? data["title"].trim() : "";
    const slug = name.slice(0, -3);
    if (!title) problems.push({ severity: "error", file, field: "title", message: `missing — a hand-written page needs a title, e.g. title: 关于本档案` });
    else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) problems.push({ severity: "error", file, message: `the file name is the page's URL: use lowercase letters, digits and hyphens, e.g. about.md` });
    else pages.push({ file, route: `/${slug}/`, title, order: typeof data["order"] === "number" ? data["order"] : Number.MAX_SAFE_INTEGER, body: split.source.body });
  }
  if (problems.length) throw new ContentError(problems);
  return pages.sort((a, b) => a.order - b.order || (a.route < b.route ? -1 : 1));
}
