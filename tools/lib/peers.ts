/**
 * The peers tools/bench.ts measures our build against, on the same articles: Hugo (tools/hugo/,
 * and tools/hugo-full/, which writes the same kinds of files as ours) and the idiomatic Eleventy +
 * Pagefind project (tools/peer-eleventy/). Each reads a copy of the corpus made before timing
 * starts: hard links to the article files, except where a front-matter key the peer cannot take
 * is renamed, or fields it cannot derive are added, in a copy of the file.
 */
import { cp, link, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { namesDay, namesMonth, type DatePrecision } from "../../src/core/dates.ts";
import { splitFrontMatter } from "../../src/content/frontmatter.ts";
import type { ContentProblem } from "../../src/content/problems.ts";
import { isPrinted, loadRegistries } from "../../src/content/registry.ts";
import { measure, type Measured } from "./measure.ts";

const repoDir = fileURLToPath(new URL("../..", import.meta.url));
const peerSource = fileURLToPath(new URL("../peer-eleventy", import.meta.url));

/** Front-matter fields to add to an article, each a list of names, given the fields it has. */
type AddFields = (frontMatter: Record<string, unknown>) => Record<string, string[]>;

/**
 * The corpus's articles in `target` (content/_data/, our registries, left out): hard links, except
 * that a file whose front matter has one of `renames`' keys, or gets fields from `add`, gets a copy
 * with the key renamed and the fields added.
 */
async function linkedArticles(content: string, target: string, renames: Record<string, string>, add?: AddFields): Promise<{ files: number; rewritten: number }> {
  await rm(target, { recursive: true, force: true });
  const keys = Object.keys(renames);
  const pattern = new RegExp(`^(${keys.join("|")}):`, "gm");
  let files = 0;
  let rewritten = 0;
  const walk = async (from: string, to: string): Promise<void> => {
    await mkdir(to, { recursive: true });
    for (const entry of await readdir(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const dest = path.join(to, entry.name);
      if (entry.isDirectory()) {
        if (from !== content || entry.name !== "_data") await walk(source, dest);
        continue;
      }
      files++;
      const text = await readFile(source, "utf8");
      const split = splitFrontMatter(text);
      const end = split.ok ? text.length - split.source.body.length : 0;
      const head = text.slice(0, end);
      const added = split.ok && add ? Object.entries(add(split.source.frontMatter.data as Record<string, unknown>)) : [];
      if ((keys.length && pattern.test(head)) || added.length) {
        rewritten++;
        pattern.lastIndex = 0;
        // JSON is YAML: the fields go in as flow lists, before the closing "---".
        const close = head.lastIndexOf("\n---");
        const fields = added.map(([key, names]) => `\n${key}: ${JSON.stringify(names)}`).join("");
        await writeFile(dest, (head.slice(0, close) + fields + head.slice(close)).replace(pattern, (_, key: string) => `${renames[key]}:`) + text.slice(end));
      } else {
        await link(source, dest);
      }
      pattern.lastIndex = 0;
    }
  };
  await walk(content, target);
  return { files, rewritten };
}

/** Hugo refuses a front-matter `url:` holding a full address (our link to the original); no setting changes that. */
const HUGO_RENAMES = { url: "original_url" };
export const hugoContent = (content: string, target: string) => linkedArticles(content, target, HUGO_RENAMES);

/**
 * The content for tools/hugo-full/: as hugoContent, plus the fields its taxonomies read, which Hugo
 * cannot derive from the front matter: `places` (the article's places and those containing them),
 * `months`, `days` and `issues` (newspaper and day), each only where ours files the article (a
 * printed paper, a date known to the day or month); and for each year, month and day an _index.md
 * whose `aliases` are the page's old /archive/ path, as ours redirects them.
 */
export async function hugoFullContent(content: string, target: string): Promise<{ files: number; rewritten: number }> {
  const problems: ContentProblem[] = [];
  const registries = await loadRegistries(path.join(content, "_data"), content, problems);
  if (!registries) throw new Error(`the registries in ${content}/_data do not load: ${problems.map((p) => p.message).join("; ")}`);
  const dates = { years: new Set<string>(), months: new Set<string>(), days: new Set<string>() };
  const copied = await linkedArticles(content, target, HUGO_RENAMES, (fields) => {
    const date = fields.date instanceof Date ? fields.date.toISOString().slice(0, 10) : String(fields.date);
    const precision = (fields.date_precision ?? "day") as DatePrecision;
    const places = [fields.place ?? []].flat().flatMap((name) => {
      const place = registries.places.get(String(name));
      return place ? [...place.ancestors.map((p) => p.name), place.name] : [];
    });
    const source = registries.sources.get(String(fields.source));
    const added: Record<string, string[]> = { places: [...new Set(places)] };
    dates.years.add(date.slice(0, 4));
    if (namesMonth(precision)) {
      added.months = [date.slice(0, 7)];
      dates.months.add(date.slice(0, 7));
    }
    if (namesDay(precision)) {
      added.days = [date];
      dates.days.add(date);
      if (source && isPrinted(source)) added.issues = [`${source.name} ${date}`];
    }
    return added;
  });
  const index = async (folder: string, title: string, oldPath: string) => {
    await mkdir(path.join(target, folder), { recursive: true });
    await writeFile(path.join(target, folder, "_index.md"), `---\ntitle: "${title}"\naliases: ["${oldPath}"]\n---\n`);
  };
  for (const y of dates.years) await index(y, y, `/archive/${y}/`);
  for (const m of dates.months) await index(path.join("months", m), m, `/archive/${m.replace("-", "/")}/`);
  for (const d of dates.days) await index(path.join("days", d), d, `/archive/${d.replaceAll("-", "/")}/`);
  return copied;
}

/**
 * The idiomatic Eleventy project in `target`: tools/peer-eleventy/'s files, node_modules linked to
 * this checkout's, and the articles in articles/. `page:` (the printed page) is Eleventy's reserved
 * `page` variable, so it is renamed `print_page:`.
 */
export async function peerProject(content: string, target: string): Promise<{ files: number; rewritten: number }> {
  await rm(target, { recursive: true, force: true });
  await cp(peerSource, target, { recursive: true });
  await symlink(path.join(repoDir, "node_modules"), path.join(target, "node_modules"));
  const articles = path.join(target, "articles");
  const data = await readFile(path.join(articles, "articles.11tydata.json"), "utf8");
  const copied = await linkedArticles(content, articles, { page: "print_page" });
  await writeFile(path.join(articles, "articles.11tydata.json"), data);
  return copied;
}

export interface PeerRun {
  eleventy: Measured;
  pagefind?: Measured;
}

/** Eleventy's build of the project in `projectDir` into `siteDir`, then Pagefind's index of it, each measured. */
export async function runPeer(projectDir: string, siteDir: string): Promise<PeerRun> {
  const eleventy = await measure(process.execPath, [path.join(repoDir, "node_modules", "@11ty", "eleventy", "cmd.cjs"), "--config=eleventy.config.js", `--output=${siteDir}`, "--quiet"], {
    cwd: projectDir,
  });
  if (eleventy.status !== 0) return { eleventy };
  const pagefind = await measure(path.join(repoDir, "node_modules", ".bin", "pagefind"), ["--site", siteDir], { cwd: projectDir });
  return { eleventy, pagefind };
}
