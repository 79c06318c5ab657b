import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "../../tests/support/project.ts";
import { untilWatching, type SourceWatcher } from "./watching.ts";

// Eleventy's own watcher (a dependency of Eleventy, without types): the preview waits on this one.
type Watcher = SourceWatcher & { add(paths: string): void; close(): Promise<void>; readonly watchTargets: { add(paths: string): void; isWatched(file: string): boolean } };
const { FSWatcher } = createRequire(import.meta.url)("@11ty/chokidar-with-glob-support") as { FSWatcher: new (options: object) => Watcher };

/** A project with one article, and a watcher whose folder is the file system's root, as Eleventy makes it when the generator lives elsewhere. */
async function articleUnderRoot(t: { after(fn: () => unknown): void }) {
  const dir = await tempDir("watching-");
  const article = path.join(dir, "content", "2021", "a.md");
  await mkdir(path.dirname(article), { recursive: true });
  await writeFile(article, "---\ntitle: 一\n---\n");
  const watcher = new FSWatcher({ cwd: "/", ignoreInitial: true });
  t.after(() => watcher.close());
  return { watcher, article, glob: `${path.relative("/", dir)}/content/**/*.md` };
}

describe("waiting for the preview's file watcher", () => {
  it("waits until a file it is meant to watch is listed, its folder elsewhere than the process's", async (t) => {
    const { watcher, article, glob } = await articleUnderRoot(t);
    watcher.add(glob);
    assert.equal(await untilWatching(watcher, [article], 30_000), true);
    const listed = watcher.getWatched()[path.relative("/", path.dirname(article))] ?? [];
    assert.deepEqual(listed, ["a.md"], "the article is watched once the wait is over");
  });

  it("does not wait for a file it is not meant to watch", async (t) => {
    const { watcher, article, glob } = await articleUnderRoot(t);
    watcher.add(glob);
    const notes = path.join(path.dirname(article), "notes.txt");
    await writeFile(notes, "");
    assert.equal(await untilWatching(watcher, [notes], 0), true);
  });

  it("gives up after its time when the file is never listed", async (t) => {
    const { watcher, article, glob } = await articleUnderRoot(t);
    watcher.watchTargets.add(glob); // meant to be watched, never watched
    assert.equal(await untilWatching(watcher, [article], 100), false);
  });
});
