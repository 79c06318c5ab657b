/**
 * The build cache (src/build/cache.ts): after each change an editor or a developer makes — an
 * article added, edited, deleted or renamed, a registry, a template or the stylesheet changed —
 * a build that reuses the cache writes exactly the same files as a clean build of the same
 * content, and writes (new inodes) only files whose bytes changed; the rest are hard links to the
 * last build's. A cache that cannot be trusted is reported in one line and not used.
 *
 * The builds run a copy of the generator (src/, package files, node_modules linked), so that a
 * template and the stylesheet can be changed without touching this checkout.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { before, describe, it } from "node:test";
import { generateCorpus } from "../../tools/generate-corpus.ts";
import { articleText, listFiles, repoDir, runScript, scriptCommand, scriptEnv, tempDir, validFields } from "../support/project.ts";
import { PROCESS_TIMEOUT_MS, run, TEST_TIMEOUT_MS } from "../support/process.ts";

/**
 * Files the build makes anew every time, whatever the cache holds: the scripts esbuild bundles,
 * the ICO favicon, and the hand-written pages, which Eleventy renders and writes (pages/about.md).
 */
const ALWAYS_WRITTEN = new Set(["assets/search.js", "assets/cite.js", "favicon.ico", "about/index.html"]);

interface FileState {
  readonly hash: string;
  readonly inode: number;
}

async function snapshot(dir: string): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>();
  for (const file of await listFiles(dir)) {
    const full = path.join(dir, file);
    files.set(file, { hash: createHash("sha1").update(await readFile(full, "latin1")).digest("hex"), inode: (await stat(full)).ino });
  }
  return files;
}

/** Every folder under `dir`, empty ones included (a file list does not show those). */
async function folders(dir: string, base = dir): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(path.relative(base, path.join(dir, entry.name)), ...(await folders(path.join(dir, entry.name), base)));
  }
  return found.sort();
}

describe("the build cache", { timeout: TEST_TIMEOUT_MS }, () => {
  let work: string;
  let generator: string;
  let project: string;
  let temp: string;
  let last: Map<string, FileState>;

  /** The production build of `project` by the generator copy, with its own empty TMPDIR, however it ends. */
  async function attemptBuild(env: Record<string, string | undefined> = {}) {
    const [node, args] = scriptCommand("build");
    const script = path.join(generator, "src", "cli", "build.ts");
    return run(node, [...args.slice(0, -1), script], { cwd: project, env: scriptEnv({ TMPDIR: temp, BUILD_CACHE: undefined, ...env }), timeoutMs: PROCESS_TIMEOUT_MS });
  }

  /** attemptBuild, which must succeed. */
  async function build(env: Record<string, string | undefined> = {}) {
    const result = await attemptBuild(env);
    assert.equal(result.status, 0, `build failed:\n${result.stderr}`);
    return result;
  }

  /**
   * Builds with the cache and checks the output against a clean build of the same content; then
   * that every file whose bytes are those of the last build is that build's file (same inode).
   * Returns the files written.
   */
  async function rebuild(options: { searchChanged?: boolean; fresh?: boolean; rewritten?: number; env?: Record<string, string> } = {}): Promise<{ written: string[]; stdout: string; stderr: string; read: number; search: { files: number; linked: number; indexed: number; fresh: string[] }; heapTight: boolean }> {
    const reportFile = path.join(work, "report.json");
    const result = await build({ ...options.env, BUILD_REPORT: reportFile });
    const report = JSON.parse(await readFile(reportFile, "utf8")) as { searchIndexed?: number; articlesRead?: number; searchThread?: number; heapTight?: number; stages: Record<string, number> };
    // The report says the thread wrote the index only when it did: not for a kept index linked as it was.
    if (!report.searchIndexed) assert.equal(report.searchThread ?? 0, 0, "a kept index linked is written on no thread");
    assert.equal("search thread" in report.stages, report.searchThread === 1, JSON.stringify(report.stages));
    // The cache keeps one record line per article file, each whole (kept lines are copied as bytes).
    if (!options.env?.["BUILD_CACHE"]) {
      const records = (await readFile(path.join(project, ".cache", "records.jsonl"), "utf8")).split("\n");
      assert.equal(records.pop(), "", "records.jsonl ends with a line break");
      const listed = records.map((line) => (JSON.parse(line.slice(0, line.indexOf("\t"))) as [string])[0]).sort();
      assert.deepEqual(listed, (await articleFiles()).map((f) => `content/${f}`).sort(), "a record line per article file");
      for (const line of records) assert.doesNotThrow(() => JSON.parse(line.slice(line.indexOf("\t") + 1)), line.slice(0, 80));
    }
    const clean = path.join(work, "clean");
    await rm(clean, { recursive: true, force: true });
    await build({ ...options.env, BUILD_CACHE: "off", OUTPUT_DIR: clean });
    const now = await snapshot(path.join(project, "_site"));
    const expected = await snapshot(clean);
    assert.deepEqual([...now.keys()], [...expected.keys()], "the same files as a clean build");
    assert.deepEqual(await folders(path.join(project, "_site")), await folders(clean), "the same folders as a clean build");
    for (const [file, { hash }] of expected) assert.equal(now.get(file)?.hash, hash, `${file}: the same bytes as a clean build`);
    const written: string[] = [];
    const rewritten: string[] = [];
    // Search index files that are a file of the last index (its inode), whatever their name now.
    const lastSearch = new Set([...last].filter(([file]) => file.startsWith("pagefind/")).map(([, state]) => state.inode));
    const search = { files: 0, linked: 0, indexed: report.searchIndexed ?? 0, fresh: [] as string[] };
    for (const [file, state] of now) {
      if (!file.startsWith("pagefind/")) continue;
      search.files++;
      if (lastSearch.has(state.inode)) search.linked++;
      else search.fresh.push(file);
    }
    for (const [file, state] of now) {
      const before = last.get(file);
      if (before?.inode === state.inode) continue;
      if (ALWAYS_WRITTEN.has(file) || options.fresh || (options.searchChanged && file.startsWith("pagefind/"))) continue;
      written.push(file);
      if (before?.hash === state.hash) rewritten.push(file);
    }
    assert.equal(rewritten.length, options.rewritten ?? 0, `files with the bytes of the last build written again instead of linked:\n${rewritten.join("\n")}`);
    last = now;
    return { written, stdout: result.stdout, stderr: result.stderr, read: report.articlesRead ?? -1, search, heapTight: report.heapTight === 1 };
  }

  async function articleFiles(): Promise<string[]> {
    return (await listFiles(path.join(project, "content"))).filter((f) => f.endsWith(".md"));
  }

  before(async () => {
    work = await tempDir("archive-cache-test-");
    generator = path.join(work, "generator");
    for (const item of ["src", "package.json", "package-lock.json", "tsconfig.json"]) await cp(path.join(repoDir, item), path.join(generator, item), { recursive: true });
    await symlink(path.join(repoDir, "node_modules"), path.join(generator, "node_modules"));
    project = path.join(work, "project");
    // Listings long enough to be split into pages, and a hand-written page.
    await generateCorpus({ count: 40, outDir: project, seed: 7, tags: 4, authors: 6 });
    await mkdir(path.join(project, "pages"));
    await writeFile(path.join(project, "pages", "about.md"), "---\ntitle: 关于本站\n---\n本站收录作风建设报道。\n");
    temp = path.join(work, "tmp");
    await mkdir(temp);
  });

  it("fills .cache/ on a first build and then reuses every page: nothing is written again", async () => {
    const first = await build();
    assert.match(first.stdout, /built 40 articles, \d+ pages \((\d+) rendered, \1 written/);
    assert.ok((await readdir(path.join(project, ".cache"))).includes("cache.json"));
    last = await snapshot(path.join(project, "_site"));
    const again = await rebuild();
    assert.deepEqual(again.written, []);
    assert.equal(again.heapTight, false, "a republication leaves the heap's growth to V8");
    assert.doesNotMatch(again.stderr, /warning: build cache/);
  });

  it("after an article is added, writes its pages and those that list it, as a clean build would", async () => {
    const fields = validFields({ title: "新增的一篇报道", date: "2022-12-30", slug: "xinzeng" });
    await writeFile(path.join(project, "content", "2022", "2022-12-30-added.md"), articleText(fields, "新增文章的正文。\n"));
    const { written, heapTight } = await rebuild({ searchChanged: true });
    assert.ok(written.includes("articles/2022/12/30/xinzeng/index.html"), written.join("\n"));
    assert.equal(heapTight, false, "an addition is a republication");
    assert.ok(written.length < last.size / 4, `${written.length} of ${last.size} files written`);
  });

  it("after an article is edited, deleted or renamed, gives the clean build's output", async () => {
    const [first, second, third] = await articleFiles();
    const file = path.join(project, "content", first as string);
    await writeFile(file, (await readFile(file, "utf8")).replace(/^title: .*$/m, "title: 改过的标题"));
    const edited = await rebuild({ searchChanged: true });
    assert.ok(edited.written.some((f) => f.endsWith(".html")));
    // Only the edited article is indexed again, into the last index (search/pagefind/update.ts);
    // the index's files whose contents did not change are the last build's, linked.
    assert.equal(edited.search.indexed, 1, "articles indexed again");
    assert.ok(edited.search.linked > edited.search.files / 2, `${edited.search.linked} of ${edited.search.files} search index files linked`);
    await rm(path.join(project, "content", second as string));
    await rebuild({ searchChanged: true });
    await rename(path.join(project, "content", third as string), path.join(project, "content", (third as string).replace(/\.md$/, "-renamed.md")));
    await rebuild({ searchChanged: true });
  });

  it("after a registry changes, re-renders what shows it and writes only what differs", async () => {
    const sources = path.join(project, "content", "_data", "sources.yaml");
    await writeFile(sources, (await readFile(sources, "utf8")).replace("中共山东省委机关报", "中国共产党山东省委员会机关报"));
    const { written, heapTight } = await rebuild({ searchChanged: true });
    assert.ok(written.includes("sources/dazhong-ribao/index.html"), written.join("\n"));
    assert.equal(heapTight, true, "every record validated again: the heap grows as the build sets it");
  });

  it("after a template of the generator changes, re-renders the pages and writes only those whose bytes changed", async () => {
    const template = path.join(generator, "src", "render", "templates", "article.ts");
    const text = await readFile(template, "utf8");
    assert.match(text, /<div class="article-body">/);
    await writeFile(template, text.replace('<div class="article-body">', '<div class="article-body" data-template="changed">'));
    const { written, heapTight } = await rebuild();
    assert.equal(heapTight, true, "every page rendered again: the heap grows as the build sets it");
    const articles = (await articleFiles()).length;
    assert.equal(written.length, articles, written.join("\n"));
    for (const file of written) assert.match(await readFile(path.join(project, "_site", file), "utf8"), /data-template="changed"/);
  });

  it("after the stylesheet changes, writes the stylesheet and nothing else", async () => {
    const css = path.join(generator, "src", "render", "templates", "site.css");
    await writeFile(css, `${await readFile(css, "utf8")}\n.cache-test { color: red; }\n`);
    const { written } = await rebuild();
    assert.deepEqual(written, ["assets/site.css"]);
  });

  it("updates the _site/ it published in place: the folder stays, and only what changed is moved into it", async () => {
    const site = path.join(project, "_site");
    const folder = (await stat(site)).ino;
    const [first] = await articleFiles();
    const file = path.join(project, "content", first as string);
    await writeFile(file, (await readFile(file, "utf8")).replace(/^title: .*$/m, "title: 就地更新的标题"));
    const { stdout, written } = await rebuild({ searchChanged: true });
    assert.match(stdout, /written, the rest left as they were in _site\/\)/);
    assert.equal((await stat(site)).ino, folder, "the same _site/ folder");
    assert.ok(written.length > 0 && written.length < last.size / 4, `${written.length} of ${last.size} files written`);
    // Nothing of the update is left beside it.
    assert.deepEqual((await readdir(project)).filter((f) => f.startsWith("_site")), ["_site"]);
  });

  it("after a hand-written page is removed, takes it out of _site/, and puts it back when it returns", async () => {
    const about = path.join(project, "pages", "about.md");
    const text = await readFile(about, "utf8");
    await rm(about);
    await rebuild();
    assert.equal(last.has("about/index.html"), false);
    await writeFile(about, text);
    await rebuild();
    assert.equal(last.has("about/index.html"), true);
  });

  it("after SKIP_SEARCH=1, leaves no search index in _site/, and puts the kept one back without it", async () => {
    await rebuild({ env: { SKIP_SEARCH: "1" } });
    assert.equal([...last.keys()].some((f) => f.startsWith("pagefind/")), false);
    const { written } = await rebuild({ searchChanged: true });
    assert.deepEqual(written, []);
    assert.ok([...last.keys()].some((f) => f.startsWith("pagefind/")));
  });

  it("leaves _site/ and the cache as they were when a rebuild fails after writing its pages", async () => {
    const before = await snapshot(path.join(project, "_site"));
    const manifest = await readFile(path.join(project, ".cache", "cache.json"), "utf8");
    const broken = path.join(project, "pages", "broken.md");
    // A link to nothing fails the build in its last check, after every page is written.
    await writeFile(broken, "---\ntitle: 坏链接\n---\n[无处](/no-such-page/)\n");
    const failed = await attemptBuild();
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /internal link points at nothing[\s\S]*build failed: _site\/ was not changed/);
    assert.deepEqual(await snapshot(path.join(project, "_site")), before, "every file of _site/ as it was, the same inodes");
    assert.equal(await readFile(path.join(project, ".cache", "cache.json"), "utf8"), manifest);
    await rm(broken);
    const { written } = await rebuild();
    assert.deepEqual(written, []);
  });

  it("in a republication, fails as a clean build does on an old path or a hand-written page at a page of the archive", async () => {
    const before = await snapshot(path.join(project, "_site"));
    const manifest = await readFile(path.join(project, ".cache", "cache.json"), "utf8");
    const [first] = await articleFiles();
    const file = path.join(project, "content", first as string);
    const text = await readFile(file, "utf8");
    // Only the page list knows the tags' page: the old path is refused after the pages are walked.
    await writeFile(file, text.replace(/^---\n/, "---\naliases: /tags/\n"));
    const alias = await attemptBuild();
    assert.equal(alias.status, 1, alias.stderr);
    assert.match(alias.stderr, new RegExp(`content/${first} aliases: old path "/tags/" is the path of a page the site generates — choose another path[\\s\\S]*build failed: _site/ was not changed`));
    await writeFile(file, text);
    const about = path.join(project, "pages", "tags.md");
    await writeFile(about, "---\ntitle: 标签\npermalink: /tags/\n---\n标签。\n");
    const clash = await attemptBuild();
    await rm(about);
    assert.equal(clash.status, 1, clash.stderr);
    assert.match(clash.stderr, /tags\.md: its URL \/tags\/ is a page of the archive; give it another permalink[\s\S]*build failed: _site\/ was not changed/);
    assert.deepEqual(await snapshot(path.join(project, "_site")), before, "every file of _site/ as it was, the same inodes");
    assert.equal(await readFile(path.join(project, ".cache", "cache.json"), "utf8"), manifest);
    const { written } = await rebuild();
    assert.deepEqual(written, []);
  });

  it("makes again a file of _site/ that was removed or replaced by hand", async () => {
    const site = path.join(project, "_site");
    const pages = [...last.keys()].filter((f) => f.startsWith("articles/") && f.endsWith("/index.html"));
    const [removed, replaced] = pages as [string, string];
    await rm(path.join(site, removed));
    await rm(path.join(site, replaced));
    await writeFile(path.join(site, replaced), "replaced by hand");
    // rebuild() compares every file with a clean build's.
    const { stdout } = await rebuild();
    assert.match(stdout, /the rest left as they were in _site\/\)/);
    assert.match(await readFile(path.join(site, replaced), "utf8"), /^<!doctype html>/i);
  });

  it("updates in place a _site/ restored with its cache from one tar archive, as a CI cache restores them", async () => {
    const archive = path.join(work, "cache.tar");
    // As actions/cache archives its paths (GNU tar, POSIX format: times to the nanosecond, hard links kept).
    const packed = await run("tar", ["--posix", "-cf", archive, ".cache", "_site"], { cwd: project, timeoutMs: PROCESS_TIMEOUT_MS });
    assert.equal(packed.status, 0, packed.stderr);
    await rm(path.join(project, ".cache"), { recursive: true });
    await rm(path.join(project, "_site"), { recursive: true });
    const unpacked = await run("tar", ["-xf", archive], { cwd: project, timeoutMs: PROCESS_TIMEOUT_MS });
    assert.equal(unpacked.status, 0, unpacked.stderr);
    await rm(archive);
    const [first] = await articleFiles();
    const file = path.join(project, "content", first as string);
    await writeFile(file, (await readFile(file, "utf8")).replace(/^title: .*$/m, "title: 恢复缓存后改的标题"));
    const { stdout } = await rebuild({ fresh: true, searchChanged: true });
    const [, written] = /\(\d+ rendered, (\d+) written, the rest left as they were in _site\/\)/.exec(stdout) ?? [];
    assert.ok(written !== undefined && Number(written) < last.size / 4, stdout);
  });

  it("writes the whole site again when _site/ is not the folder it published", async () => {
    // A build without the cache replaces _site/ (here, with an article since deleted): the
    // cache's record of the last published folder no longer describes it.
    const fields = validFields({ title: "只在另一次构建里的报道", date: "2022-12-29", slug: "lingyici" });
    const other = path.join(project, "content", "2022", "2022-12-29-other.md");
    await writeFile(other, articleText(fields, "另一次构建的正文。\n"));
    await build({ BUILD_CACHE: "off" });
    await rm(other);
    const { stdout } = await rebuild({ fresh: true, searchChanged: true });
    assert.match(stdout, /the rest linked from \.cache\/\)/);
    assert.equal(last.has("articles/2022/12/29/lingyici/index.html"), false);
  });

  it("ignores a damaged, cut-off or foreign cache with a one-line warning, and builds the same site", async () => {
    const cache = path.join(project, ".cache");
    const manifest = path.join(cache, "cache.json");
    const damage: [string, () => Promise<void>, RegExp][] = [
      ["cut-off record list", () => truncate(path.join(cache, "records.jsonl"), 100), /records\.jsonl is damaged or cut off/],
      ["cache of another format", async () => writeFile(manifest, (await readFile(manifest, "utf8")).replace(/"format": \d+/, '"format": 0')), /of format 0/],
      ["cache of another project", async () => writeFile(manifest, (await readFile(manifest, "utf8")).replace(/"project": "[^"]*"/, '"project": "/elsewhere/content"')), /made for another project/],
      ["manifest that is not JSON", () => writeFile(manifest, "{"), /cache\.json is damaged/],
    ];
    for (const [what, make, message] of damage) {
      await make();
      const { stderr } = await rebuild({ fresh: true });
      const warnings = stderr.split("\n").filter((l) => l.includes("build cache"));
      assert.equal(warnings.length, 1, `${what}: ${stderr}`);
      assert.match(warnings[0] as string, message, what);
      assert.match(warnings[0] as string, /^warning: build cache \.cache\/ ignored: .*; building without it$/, what);
    }
    // A stored page cut short is never linked into the site: it is rendered again.
    const page = (await listFiles(path.join(project, "_site"))).find((f) => f.startsWith("articles/") && f.endsWith("/index.html")) as string;
    const hash = createHash("sha1").update(new Uint8Array(await readFile(path.join(project, "_site", page)))).digest("hex");
    await truncate(path.join(cache, "files", hash.slice(0, 2), hash.slice(2)), 10);
    const { stderr, written } = await rebuild({ rewritten: 1 });
    assert.match(stderr, /1 damaged entry was not used and made again/);
    assert.equal(written.length, 1);
    // A damaged list of the open data's lines is not used: every line is made again.
    await writeFile(path.join(cache, "lines.json"), (await readFile(path.join(cache, "lines.json"), "utf8")).replace(/"lengths":\[(\d+)/, (_, n: string) => `"lengths":[${Number(n) + 1}`));
    const [first] = await articleFiles();
    const file = path.join(project, "content", first as string);
    await writeFile(file, (await readFile(file, "utf8")).replace(/^title: .*$/m, "title: 又改过的标题"));
    const afterLines = await rebuild({ searchChanged: true });
    assert.match(afterLines.stderr, /1 damaged entry was not used and made again/);
  });

  it("keeps its cache where BUILD_CACHE says, and writes nothing outside the output and the cache", async () => {
    const elsewhere = path.join(work, "elsewhere-cache");
    const before = await listFiles(project);
    const result = await build({ BUILD_CACHE: elsewhere });
    assert.match(result.stdout, /linked from \.\.\/elsewhere-cache\//);
    assert.ok((await readdir(elsewhere)).includes("cache.json"));
    const after = await listFiles(project);
    const outside = (files: string[]) => files.filter((f) => !f.startsWith("_site/") && !f.startsWith(".cache/"));
    assert.deepEqual(outside(after), outside(before), "nothing written in the project but _site/ and .cache/");
    // The default cache was not touched by a build told to use another.
    assert.deepEqual(after.filter((f) => f.startsWith(".cache/")), before.filter((f) => f.startsWith(".cache/")));
    // Nor in the temporary folder (tsx, which runs the TypeScript, keeps its own cache there).
    assert.deepEqual((await readdir(temp)).filter((f) => !f.startsWith("tsx-")), []);
  });

  it("keeps its cache on another file system than the output, copying what cannot be linked", async (t) => {
    const shm = await stat("/dev/shm").catch(() => undefined);
    if (!shm || shm.dev === (await stat(work)).dev) {
      t.skip("no second file system at /dev/shm");
      return;
    }
    const elsewhere = await mkdtemp(path.join("/dev/shm", "archive-cache-test-"));
    let edited: string | undefined;
    let original: string | undefined;
    try {
      const [out, clean] = [path.join(work, "other-disk"), path.join(work, "clean")];
      await build({ BUILD_CACHE: elsewhere, OUTPUT_DIR: out });
      const again = await build({ BUILD_CACHE: elsewhere, OUTPUT_DIR: out });
      assert.match(again.stdout, /\(\d+ rendered, 0 written/);
      // An article edited: the search index is made again, its unchanged files copied from the cache.
      const [first] = await articleFiles();
      const file = path.join(project, "content", first as string);
      original = await readFile(file, "utf8");
      edited = file;
      await writeFile(file, original.replace(/^title: .*$/m, "title: 在另一个磁盘上改过"));
      await build({ BUILD_CACHE: elsewhere, OUTPUT_DIR: out });
      await rm(clean, { recursive: true, force: true });
      await build({ BUILD_CACHE: "off", OUTPUT_DIR: clean });
      const expected = await snapshot(clean);
      const now = await snapshot(out);
      assert.deepEqual([...now.keys()], [...expected.keys()]);
      for (const [name, { hash }] of expected) assert.equal(now.get(name)?.hash, hash, `${name}: the same bytes as a clean build`);
    } finally {
      // The other tests' site is of the content as it was.
      if (edited && original !== undefined) await writeFile(edited, original);
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("does not use a folder of other files as its cache, and leaves it alone", async () => {
    const other = path.join(work, "not-a-cache");
    await mkdir(other);
    await writeFile(path.join(other, "notes.txt"), "mine");
    const { stderr } = await build({ BUILD_CACHE: other });
    assert.match(stderr, /^warning: build cache .*not-a-cache\/ not used: the folder holds other files/m);
    assert.deepEqual(await readdir(other), ["notes.txt"]);
  });

  it("after a search setting changes, gives the clean build's search index and writes no page", async () => {
    // rebuild() compares the output with a clean build's under the same setting.
    const { written } = await rebuild({ env: { SEARCH_BLOCK_SIZE: "8" }, searchChanged: true });
    assert.deepEqual(written, []);
  });

  it("updates the published search index in place: only the edited article's block and the words it changed are moved in", async () => {
    const env = { SEARCH_BLOCK_SIZE: "8" };
    const folder = path.join(project, "_site", "pagefind");
    const before = (await stat(folder)).ino;
    const [, , , fourth, fifth] = await articleFiles();
    const edit = async (file: string, title: string) => {
      const full = path.join(project, "content", file);
      await writeFile(full, (await readFile(full, "utf8")).replace(/^title: .*$/m, `title: ${title}`));
    };
    const published = await listFiles(folder);
    await edit(fourth as string, "搜索索引就地更新");
    const edited = await rebuild({ env, searchChanged: true });
    assert.equal(edited.search.indexed, 1);
    assert.equal((await stat(folder)).ino, before, "the published index's folder stays");
    // The files it replaced are set aside in the cache (their last links), for the next build to remove.
    const now = new Set(await listFiles(folder));
    const replaced = published.filter((f) => !now.has(f));
    assert.ok(replaced.length > 0);
    assert.equal((await readdir(path.join(project, ".cache", "gone"))).length, replaced.length);
    // New files: the edited article's fragment (its block's others are the same files under new
    // names), the chunks of the words it changed, the meta files and entries that name them.
    const fresh = edited.search.fresh;
    assert.deepEqual(fresh.filter((f) => f.startsWith("pagefind/fragment/")).length, 1, fresh.join("\n"));
    assert.ok(!fresh.includes("pagefind/pagefind.js"), "the runtime stays");
    assert.ok(fresh.length < edited.search.files / 2, `${fresh.length} of ${edited.search.files} search index files new`);
    // A file of the published index replaced by hand (the same bytes, another file): not laid over.
    const fragment = (await listFiles(folder)).find((f) => f.startsWith("fragment/")) as string;
    await cp(path.join(folder, fragment), path.join(folder, `${fragment}.copy`));
    await rename(path.join(folder, `${fragment}.copy`), path.join(folder, fragment));
    await edit(fifth as string, "手工替换之后");
    await rebuild({ env, searchChanged: true });
    assert.notEqual((await stat(folder)).ino, before, "the index written whole, the folder swapped in");
    assert.ok(!existsSync(path.join(project, ".cache", "gone")), "the files set aside are removed");
  });

  it("in a git checkout, reads only the articles git has not committed as they are", async () => {
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.org", ...args], { cwd: project, timeout: PROCESS_TIMEOUT_MS, stdio: ["ignore", "pipe", "pipe"] });
    await writeFile(path.join(project, ".gitignore"), ".cache/\n_site/\n");
    git("init", "-q");
    git("add", "-A");
    git("commit", "-q", "-m", "the archive");
    // The cache knows each file by its bytes' blob id, which is git's: no file needs reading.
    assert.equal((await rebuild({ searchChanged: true })).read, 0, "the first build in the checkout");
    const [first, second] = (await articleFiles()).map((f) => path.join(project, "content", f));
    await writeFile(first as string, (await readFile(first as string, "utf8")).replace(/^title: .*$/m, "title: 未提交的标题"));
    assert.equal((await rebuild({ searchChanged: true })).read, 1, "an article edited and not committed");
    git("commit", "-q", "-am", "an edit");
    assert.equal((await rebuild()).read, 0, "the edit committed");
    // A file git is told not to look at is read: its index entry says nothing about its bytes.
    git("update-index", "--assume-unchanged", path.relative(project, second as string));
    await writeFile(second as string, (await readFile(second as string, "utf8")).replace(/^title: .*$/m, "title: 没有告诉 git 的标题"));
    assert.equal((await rebuild({ searchChanged: true })).read, 1, "an article marked assume-unchanged");
  });
});

describe("the build cache, on an archive whose open data are monthly volumes", { timeout: TEST_TIMEOUT_MS }, () => {
  it("after an article is edited, writes its month's volumes again and keeps every other month's files", async () => {
    const work = await tempDir("archive-volumes-test-");
    try {
      const project = path.join(work, "project");
      await generateCorpus({ count: 24, outDir: project, seed: 11 });
      // Long enough together (about 23 MB of Markdown) for the records to go into monthly volumes.
      const paragraph = "干部作风建设持续深化，基层减负落到实处。".repeat(400);
      const files = (await listFiles(path.join(project, "content"))).filter((f) => f.endsWith(".md"));
      for (const file of files) {
        const full = path.join(project, "content", file);
        await writeFile(full, `${await readFile(full, "utf8")}\n${`${paragraph}\n\n`.repeat(40)}`);
      }
      const reportFile = path.join(work, "report.json");
      const build = async (env: Record<string, string> = {}) => {
        const result = await runScript("build", project, { SKIP_SEARCH: "1", BUILD_CACHE: undefined, BUILD_REPORT: reportFile, ...env });
        assert.equal(result.status, 0, `build failed:\n${result.stderr}`);
        return JSON.parse(await readFile(reportFile, "utf8")) as { linesCopied?: number };
      };
      await build();
      const data = path.join(project, "_site", "data");
      const volumes = async () => new Map(await Promise.all((await readdir(path.join(data, "articles"))).filter((f) => f !== "index.json").map(async (f) => [f, (await stat(path.join(data, "articles", f))).ino] as const)));
      const before = await volumes();
      assert.ok(before.size > 4, [...before.keys()].join());
      // Each month in JSON Lines and in CSV; no file of the whole archive.
      const names = [...before.keys()];
      assert.deepEqual(names.filter((f) => f.endsWith(".csv")).map((f) => f.replace(".csv", ".jsonl")), names.filter((f) => f.endsWith(".jsonl")));
      assert.equal((await readdir(data)).includes("articles.json") || (await readdir(data)).includes("articles.csv"), false);

      // An article of a month with others in it.
      const monthOf = (file: string) => `${path.basename(file).slice(0, 7)}.jsonl`;
      const edited = files.find((f) => files.filter((g) => monthOf(g) === monthOf(f)).length > 1) as string;
      const month = monthOf(edited);
      const full = path.join(project, "content", edited);
      await writeFile(full, (await readFile(full, "utf8")).replace(/^title: .*$/m, "title: 分册里改过的标题"));
      const report = await build();
      // The other articles of its month are read back from the last volume; no other month is made.
      const sameMonth = files.filter((f) => monthOf(f) === month).length;
      assert.equal(report.linesCopied, sameMonth - 1, "open-data lines copied");
      const after = await volumes();
      assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
      assert.deepEqual([...after].filter(([f, inode]) => before.get(f) !== inode).map(([f]) => f).sort(), [month.replace(".jsonl", ".csv"), month], "only the edited article's month written again");
      assert.match(await readFile(path.join(data, "articles", month), "utf8"), /分册里改过的标题/);

      // The same bytes as a clean build's, every file of /data/.
      const clean = path.join(work, "clean");
      await build({ BUILD_CACHE: "off", OUTPUT_DIR: clean });
      for (const file of await listFiles(path.join(clean, "data"))) {
        assert.equal(await readFile(path.join(data, file), "latin1"), await readFile(path.join(clean, "data", file), "latin1"), file);
      }
      assert.deepEqual((await listFiles(data)).sort(), (await listFiles(path.join(clean, "data"))).sort());
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
