import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { notReplaceable, updateInPlace } from "./publish.ts";

const made: string[] = [];
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "publish-"));
  made.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe("updating a published folder in place", () => {
  it("moves the changed files in, removes the files gone with the folders they leave empty, and keeps the rest", async () => {
    const live = await folderWith({ "index.html": "old home", "a/index.html": "a", "b/c/index.html": "gone", "b/d.html": "stays" });
    const kept = (await stat(path.join(live, "a/index.html"))).ino;
    const staging = await folderWith({ "index.html": "new home", "e/f/index.html": "new page" });
    const moved = updateInPlace(staging, live, { gone: ["b/c/index.html"], whole: [], keep: new Set() });
    assert.equal(moved, 2);
    assert.equal(await readFile(path.join(live, "index.html"), "utf8"), "new home");
    assert.equal(await readFile(path.join(live, "e/f/index.html"), "utf8"), "new page");
    assert.equal((await stat(path.join(live, "a/index.html"))).ino, kept);
    assert.equal(existsSync(path.join(live, "b/c")), false, "an emptied folder is removed");
    assert.equal(await readFile(path.join(live, "b/d.html"), "utf8"), "stays");
  });

  it("swaps a whole folder the build made, and removes one it did not make unless told to keep it", async () => {
    const live = await folderWith({ "pagefind/old.pf": "old index", "other/x.json": "x" });
    const staging = await folderWith({ "pagefind/new.pf": "new index" });
    updateInPlace(staging, live, { gone: [], whole: ["pagefind", "other"], keep: new Set() });
    assert.equal(existsSync(path.join(live, "pagefind/old.pf")), false);
    assert.equal(await readFile(path.join(live, "pagefind/new.pf"), "utf8"), "new index");
    assert.equal(existsSync(path.join(live, "other")), false);
    assert.equal(existsSync(`${staging}-replaced`), false, "the replaced folder is not left beside the staging folder");
    const again = await folderWith({});
    updateInPlace(again, live, { gone: [], whole: ["pagefind"], keep: new Set(["pagefind"]) });
    assert.equal(await readFile(path.join(live, "pagefind/new.pf"), "utf8"), "new index");
  });

  it("throws when a file cannot take its place, and leaves no replaced folder behind", async () => {
    const live = await folderWith({ "pagefind/old.pf": "old index", "x.html/index.html": "a folder where a file goes" });
    const staging = await folderWith({ "pagefind/new.pf": "new index", "x.html": "a file" });
    assert.throws(() => updateInPlace(staging, live, { gone: [], whole: ["pagefind"], keep: new Set() }), /EISDIR|ENOTEMPTY|EEXIST/);
    assert.equal(existsSync(`${staging}-replaced`), false);
  });
});

describe("where a build may put its output", () => {
  it("never over the project, its articles or its pages, nor inside the articles, nor over a folder of other files", async () => {
    const project = await folderWith({ "content/a.md": "article", "pages/about.md": "about", "notes/todo.txt": "todo", "_site/index.html": "site", "empty/.keep": "" });
    const sources = new Map([
      ["the articles", path.join(project, "content")],
      ["the hand-written pages", path.join(project, "pages")],
    ]);
    const refusal = (dir: string) => notReplaceable(path.join(project, dir), project, sources);
    assert.equal(refusal("."), "it holds the project");
    assert.equal(refusal(".."), "it holds the project");
    assert.equal(refusal("content"), "it holds the articles");
    assert.equal(refusal("content/2021"), "it is inside the articles");
    assert.equal(refusal("pages"), "it holds the hand-written pages");
    assert.equal(refusal("notes"), "it holds files that are not a built site (todo.txt; no index.html)");
    assert.equal(refusal("empty"), "it holds files that are not a built site (.keep; no index.html)");
    assert.equal(refusal("notes/todo.txt"), "it is a file, not a folder");
    for (const fine of ["_site", "dist/site", "new"]) assert.equal(refusal(fine), undefined, fine);
  });

  it("inside the project when its articles are kept at its top (--content .)", async () => {
    const project = await folderWith({ "a.md": "article", "_data/site.yaml": "name: x" });
    const sources = new Map([["the articles", project]]);
    assert.equal(notReplaceable(path.join(project, "_site"), project, sources), undefined);
    assert.equal(notReplaceable(project, project, sources), "it holds the project");
  });
});
