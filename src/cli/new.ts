/**
 * `npm run new`: creates a new article with the project's front matter, path and slug, and prints
 * its path. Flags give the fields; in a terminal it asks for what is missing or wrong (again until
 * the answer passes), under CI (or when not interactive) it refuses instead. The new file passes
 * the same validation as the build.
 *
 *   npm run new -- --title "作风一变事业兴" --date 2021-10-22 --place 乐陵市 --source 齐鲁晚报 --tags 作风建设,民生实事 [--authors 马志勇] [--content DIR]
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { articleValidator } from "../content/article.ts";
import { formatProblem, type ContentProblem } from "../content/problems.ts";
import { loadArchive, urlCollisions } from "../content/load.ts";
import { conventionalPath, newArticleText, type NewArticle } from "../content/scaffold.ts";
import { todayInArchiveZone } from "../core/dates.ts";
import { slugify } from "../core/slugs.ts";
import { routes } from "../core/urls.ts";
import { commandOptions, CONTENT_OPTION, contentFolder, registriesOrExit, underCI } from "./common.ts";

const rootDir = process.cwd();
const field = { type: "string" } as const;
const usage = "npm run new -- --title … --date YYYY-MM-DD --place … --source … --tags …[,…] [--authors …] [--content DIR]";
const { content, ...values } = commandOptions(process.argv.slice(2), { title: field, date: field, place: field, source: field, tags: field, authors: field, ...CONTENT_OPTION }, usage);
const contentDir = contentFolder(content, usage, rootDir);

const registries = await registriesOrExit(path.join(rootDir, contentDir, "_data"), rootDir);
const interactive = process.stdin.isTTY && !underCI();
const list = (text: string | undefined) => (text ?? "").split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean);

const QUESTIONS = [
  { key: "title", label: "标题 (title)" },
  { key: "date", label: `日期 (date, YYYY-MM-DD) [${todayInArchiveZone().iso}]` },
  { key: "place", label: "地区 (place, e.g. 乐陵市)" },
  { key: "source", label: `报纸 (source: ${[...registries.sources.keys()].join("、")})` },
  { key: "tags", label: "标签 (tags, comma-separated)" },
] as const;
const answers: Record<string, string | undefined> = { ...values };
const missing = QUESTIONS.filter((q) => !answers[q.key]);
if (missing.length && !interactive) {
  console.error(`missing: ${missing.map((q) => `--${q.key}`).join(" ")} (not asked for: this is not an interactive terminal)`);
  process.exit(2);
}
// An empty flag is no answer: asked for like a missing one.
for (const q of missing) answers[q.key] = undefined;
const validate = articleValidator(registries);
/** The article the answers make; reporters may be left empty (written as 【待填】). */
const draft = (given: Record<string, string | undefined>): NewArticle => ({
  title: (given["title"] ?? "").trim(),
  date: (given["date"] ?? "").trim(),
  places: list(given["place"]),
  source: (given["source"] ?? "").trim(),
  tags: list(given["tags"]),
  authors: list(given["authors"]),
});
const asked = (field: string | undefined) => QUESTIONS.some((q) => q.key === field);
/**
 * The same gate as the build, on the answers so far: its errors but those on a question not
 * answered yet, and a reporter left to fill in (marked 【待填】 for the editor).
 */
const problemsOf = (given: Record<string, string | undefined>): ContentProblem[] =>
  validate("new.md", Buffer.from(newArticleText(draft(given)))).problems.filter(
    (p) => p.severity === "error" && !(p.field === "authors" && !list(given["authors"]).length) && !(asked(p.field) && given[p.field as string] === undefined),
  );
/** Problems with the answers, said without a file: none exists yet. */
const report = (problems: readonly ContentProblem[]) => {
  for (const p of problems) {
    console.error(formatProblem({ ...p, file: "", line: undefined, column: undefined }).trimStart());
    // Unlike the newspapers, the places are listed by no prompt.
    if (p.field === "place") console.error(`known places: ${[...registries.places.keys()].join("、")}`);
  }
};

let problems = problemsOf(answers);
if (problems.length && !interactive) {
  report(problems);
  process.exit(1);
}
if (missing.length || problems.length) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Answers typed ahead or pasted several at once arrive before their prompt. rl.question() would
  // drop every line that arrives while no question is pending; the line iterator queues them.
  const lines = rl[Symbol.asyncIterator]();
  // Ctrl+C at a prompt ends the input like Ctrl+D: the editor changed their mind.
  rl.on("SIGINT", () => rl.close());
  const ask = async (label: string): Promise<string> => {
    rl.setPrompt(`${label}: `);
    rl.prompt();
    const line = await lines.next();
    if (line.done) {
      console.error("\ncancelled: nothing was written");
      process.exit(130);
    }
    return line.value.trim();
  };
  /** Asks for `key` until the gate finds nothing wrong with the answer. */
  const answer = async (key: string, label: string) => {
    for (;;) {
      answers[key] = (await ask(label)) || (key === "date" ? todayInArchiveZone().iso : "");
      const own = problemsOf(answers).filter((p) => p.field === key);
      if (!own.length) return;
      report(own);
    }
  };
  const askReporters = missing.length > 0 && !answers["authors"];
  // A bad answer (or flag) is said at once and its question asked again, the other answers kept.
  // What the gate finds only once every field is given (a title it makes no URL from) sends the
  // editor back to that question; a problem no question can fix ends the command.
  for (;;) {
    report(problems);
    if (problems.some((p) => !asked(p.field))) process.exit(1);
    for (const q of QUESTIONS.filter((q) => answers[q.key] === undefined || problems.some((p) => p.field === q.key))) await answer(q.key, q.label);
    problems = problemsOf(answers);
    if (!problems.length) break;
  }
  if (askReporters) await answer("authors", "记者 (authors, comma-separated, may be left empty)");
  rl.close();
}

const base = draft(answers);

// The articles there already, drafts and all: the new one takes none of their URLs.
const existing = (await loadArchive({ rootDir, contentDir, includeDrafts: true, lenient: true })).archive?.articles ?? [];
/** `fields` as the gate reads them; reporters left to fill in get a stand-in, as the URL does not depend on them. */
const record = (fields: NewArticle, file: string) => validate(file, Buffer.from(newArticleText(fields.authors.length ? fields : { ...fields, authors: ["记者"] }))).article;
// A second article with the same title on the same day gets its own file and its own URL, the
// next free ones; the editor is told which article has the URL, in case it is the same one.
let file = conventionalPath(base, contentDir);
let article: NewArticle = base;
let taken = false;
for (let n = 2; ; n++) {
  if (!existsSync(path.join(rootDir, file))) {
    const made = record(article, file);
    const clash = made && urlCollisions([...existing, made]).find((c) => c.article === made || c.other === made);
    if (!clash) {
      if (taken && made) console.error(`the new article's URL is ${routes.article(made)}`);
      break;
    }
    const [holder, what] = clash.article === made ? [clash.other, "the URL"] : [clash.article, "an old path"];
    console.error(`${clash.route} is already ${what} of ${holder.file}`);
    taken = true;
  }
  file = conventionalPath(base, contentDir).replace(/\.md$/, `-${n}.md`);
  article = { ...base, slug: `${slugify(base.title, "file") || "article"}-${n}` };
}
await mkdir(path.dirname(path.join(rootDir, file)), { recursive: true });
await writeFile(path.join(rootDir, file), newArticleText(article));
console.log(file);
