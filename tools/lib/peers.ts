/**
 * The peers tools/bench.ts measures our build against, on the same articles: Hugo (tools/hugo/)
 * and the idiomatic Eleventy + Pagefind project (tools/peer-eleventy/). Each reads a copy of the
 * corpus made before timing starts: hard links to the article files, except where a front-matter
 * key the peer cannot take is renamed in a copy of the file.
 */
import { cp, link, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { splitFrontMatter } from "../../src/content/frontmatter.ts";
import { measure, type Measured } from "./measure.ts";

const repoDir = fileURLToPath(new URL("../..", import.meta.url));
const peerSource = fileURLToPath(new URL("../peer-eleventy", import.meta.url));

/**
 * The corpus's articles in `target` (content/_data/, our registries, left out): hard links, except
 * that a file whose front matter has one of `renames`' keys gets a copy with the key renamed.
 */
export async function linkedArticles(content: string, target: string, renames: Record<string, string>): Promise<{ files: number; rewritten: number }> {
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
      if (keys.length && pattern.test(head)) {
        rewritten++;
        pattern.lastIndex = 0;
        await writeFile(dest, head.replace(pattern, (_, key: string) => `${renames[key]}:`) + text.slice(end));
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
export const hugoContent = (content: string, target: string) => linkedArticles(content, target, { url: "original_url" });

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
