/**
 * `npm run check`: validates every article (drafts included) exactly as the build does, without
 * building. Prints every problem at once; exits 1 when there is an error.
 */
import { loadArchive } from "../content/load.ts";
import { reportProblems, seconds } from "./common.ts";

const started = performance.now();
const { archive, problems } = await loadArchive({ rootDir: process.cwd(), includeDrafts: true });
reportProblems(problems);
if (!archive) {
  process.exitCode = 1;
} else {
  const drafts = archive.articles.filter((a) => a.draft).length;
  console.log(`checked ${archive.articles.length} articles (${drafts} drafts) in ${seconds(started)}: no errors`);
}
