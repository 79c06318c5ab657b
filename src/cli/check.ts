/**
 * `npm run check`: validates every article (drafts included) exactly as the build does, without
 * building. Prints every problem at once; exits 1 when there is an error.
 *
 *   npm run check [-- --content DIR]
 */
import { loadArchive } from "../content/load.ts";
import { links } from "../core/urls.ts";
import { aliasCollisions, siteContext, sitePages } from "../render/pages.ts";
import { commandOptions, CONTENT_OPTION, contentFolder, reportProblems, seconds } from "./common.ts";

const usage = "npm run check -- [--content DIR]";
const contentDir = contentFolder(commandOptions(process.argv.slice(2), CONTENT_OPTION, usage).content, usage);
const started = performance.now();
const loaded = await loadArchive({ rootDir: process.cwd(), contentDir, includeDrafts: true });
// An old path (aliases) must not be the path of a page the site generates: only the page list
// (made, not rendered; its indexes cost time, so only when there are old paths) knows those.
const withAliases = loaded.archive?.articles.some((a) => a.aliases.length) ? loaded.archive : undefined;
const problems = withAliases ? [...loaded.problems, ...aliasCollisions(sitePages(siteContext(withAliases, links())))] : loaded.problems;
const archive = problems.some((p) => p.severity === "error") ? undefined : loaded.archive;
reportProblems(problems);
if (!archive) {
  process.exitCode = 1;
} else {
  const drafts = archive.articles.filter((a) => a.draft).length;
  console.log(`checked ${archive.articles.length} articles (${drafts} drafts) in ${seconds(started)}: no errors`);
}
