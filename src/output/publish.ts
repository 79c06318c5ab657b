import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync, type Stats } from "node:fs";
import path from "node:path";
import { removeTree } from "./file-writer.ts";
import { isInside } from "../core/folders.ts";

/**
 * Why a build must not put its output at `outDir`, or undefined. A build that does not update its
 * last output in place swaps in a new folder and removes the old one with everything in it
 * (cli/build.ts): never the project's folder or one above it, where the output belongs inside;
 * never one of the project's `sources` (by what they hold: its articles …), or a folder inside
 * or above one, unless that source is the project's folder itself (articles kept at its top);
 * nor a file; nor a folder of other files, which every built site is not: one without an index.html (source
 * code, a .git folder, a folder of notes).
 */
export function notReplaceable(outDir: string, project: string, sources: ReadonlyMap<string, string>): string | undefined {
  const holds = (dir: string) => path.resolve(outDir) === path.resolve(dir) || isInside(dir, outDir);
  if (holds(project)) return "it holds the project";
  for (const [what, dir] of sources) {
    if (holds(dir)) return `it holds ${what}`;
    if (path.resolve(dir) !== path.resolve(project) && isInside(outDir, dir)) return `it is inside ${what}`;
  }
  let found: Stats | undefined;
  try {
    found = statSync(outDir, { throwIfNoEntry: false });
  } catch {
    // A file where a parent folder should be: the build says so when it makes the folder.
    return undefined;
  }
  // Not there yet: the build makes it.
  if (!found) return undefined;
  if (!found.isDirectory()) return "it is a file, not a folder";
  const entries = readdirSync(outDir);
  if (entries.length === 0 || entries.includes("index.html")) return undefined;
  const shown = entries.sort().slice(0, 3).join(", ") + (entries.length > 3 ? ", …" : "");
  return `it holds files that are not a built site (${shown}; no index.html)`;
}

export interface Update {
  /** Files of the published folder the new build does not make, relative ("articles/…/index.html"). */
  readonly gone: Iterable<string>;
  /**
   * Top-level folders replaced whole when the staging folder has one (the search index, whose
   * files refer to each other), and removed when it has none and `keep` does not name them.
   */
  readonly whole: readonly string[];
  /** Folders of `whole` the new build leaves as they are (a search index it did not change). */
  readonly keep: ReadonlySet<string>;
  /** Files of the published folder removed after the staged ones are moved in (a search index's: the files it no longer names). */
  readonly goneAfter?: Iterable<string>;
  /** Staged files moved in after all others (a search index's entries, which name the others). */
  readonly last?: ReadonlySet<string>;
  /**
   * A folder `gone` files are moved into instead of being removed, to be removed later, off the
   * build's path (removeTreeBeside): a file's last link is the one whose removal frees it.
   */
  readonly trash?: string;
}

/**
 * Publishes a build that updates the folder the last build published, instead of swapping in a
 * complete new folder (cli/build.ts): `staging` holds only what changed, and each of its files
 * replaces the published one by a rename, so that no reader ever gets a file half written, and
 * the hundreds of thousands of files that did not change are not touched at all. Called only
 * once the whole build has succeeded. Returns the files moved in.
 */
export function updateInPlace(staging: string, live: string, update: Update): number {
  remove(live, update.gone, update.trash);
  const replaced = `${staging}-replaced`;
  try {
    const moved = moveIn(staging, live, update, replaced);
    remove(live, update.goneAfter ?? []);
    return moved;
  } finally {
    // The replaced folders (the previous search index), also when a move failed half way.
    removeTree(replaced);
  }
}

/** Removes `files` from `live` (into `trash`, if given), and the folders they leave empty, as a clean build would not make them. */
function remove(live: string, files: Iterable<string>, trash?: string): void {
  const emptied = new Set<string>();
  let moved = 0;
  if (trash) mkdirSync(trash, { recursive: true });
  for (const file of files) {
    try {
      if (trash) renameSync(path.join(live, file), path.join(trash, `${process.pid}-${moved++}`));
      else unlinkSync(path.join(live, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    emptied.add(path.dirname(file));
  }
  for (const folder of emptied) removeEmpty(live, folder);
}

/** Swaps the whole folders (the previous ones into `replaced`), then moves every staged file in. */
function moveIn(staging: string, live: string, update: Update, replaced: string): number {
  for (const name of update.whole) {
    const fresh = path.join(staging, name);
    const published = path.join(live, name);
    if (existsSync(fresh)) {
      if (existsSync(published)) renameSync(published, path.join(mkdirOnce(replaced), name));
      renameSync(fresh, published);
    } else if (!update.keep.has(name)) removeTree(published);
  }
  let moved = 0;
  const made = new Set<string>();
  const move = (file: string) => {
    const to = path.join(live, file);
    const folder = path.dirname(to);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    renameSync(path.join(staging, file), to);
    moved++;
  };
  const last: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(staging, rel), { withFileTypes: true })) {
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(file);
      else if (update.last?.has(file)) last.push(file);
      else move(file);
    }
  };
  walk("");
  for (const file of last) move(file);
  return moved;
}

function mkdirOnce(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes `folder` (relative to `root`) and its parents up to `root` while they are empty. */
function removeEmpty(root: string, folder: string): void {
  for (let rel = folder; rel && rel !== "." && rel !== "/"; rel = path.dirname(rel)) {
    try {
      rmdirSync(path.join(root, rel));
    } catch {
      return;
    }
  }
}
