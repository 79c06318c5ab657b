import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import type { Bytes } from "./decode.ts";

/**
 * The digest a file's bytes are known by: git's blob id (SHA-1 of "blob <length>\0" and the
 * bytes), so that a file git has committed, and that is unchanged in the working tree, is known by
 * its digest without being read (`committedFiles`).
 */
export function blobId(bytes: Bytes): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\u0000`).update(bytes as Uint8Array).digest("hex");
}

/**
 * The blob ids of the files under `dir` that git has in its index and that the working tree has
 * not changed (absolute paths), or undefined when `dir` is not in a git work tree, git is not
 * installed, or the repository does not name objects by SHA-1. A CI runner's fresh checkout has
 * every file in the index, so the build cache knows which articles are unchanged without reading
 * them (src/build/cache.ts).
 *
 * Git compares each file's size and times with those its index recorded, and reads a file again
 * only where they cannot tell. A file it lists as changed, or does not list (not added yet), is
 * read as any other. Content never runs anything here: the two commands read the index and stat
 * the files, and the file system monitor a repository's configuration may name is turned off.
 */
export function committedFiles(dir: string): Map<string, string> | undefined {
  const git = (...args: string[]) => {
    const run = spawnSync("git", ["-c", "core.fsmonitor=false", ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } });
    return run.status === 0 && !run.error ? run.stdout : undefined;
  };
  const format = git("rev-parse", "--show-object-format");
  if (format?.trim() !== "sha1") return undefined;
  // "<tag> <mode> <id> <stage>\t<path>", paths relative to `dir`; -z: names as they are.
  const staged = git("ls-files", "--stage", "-v", "-z", "--", ".");
  const changed = git("diff-files", "--name-only", "--relative", "-z", "--", ".");
  if (staged === undefined || changed === undefined) return undefined;
  const modified = new Set(changed.split("\0").filter(Boolean));
  const known = new Map<string, string>();
  // Git names files relative and normalized: joined to the folder, they are path.join's.
  const inDir = dir.endsWith(path.sep) ? dir : dir + path.sep;
  const absolute = (file: string) => (path.sep === "/" ? inDir + file : path.join(dir, file));
  for (const entry of staged.split("\0")) {
    const tab = entry.indexOf("\t");
    if (tab < 0) continue;
    const [tag, mode, id, stage] = entry.slice(0, tab).split(" ");
    const file = entry.slice(tab + 1);
    // Only regular files at stage 0 that git compares with the working tree: not a symbolic link,
    // a submodule or a conflict's sides, nor one marked assume-unchanged or skip-worktree (tag "H").
    if (tag !== "H" || (mode !== "100644" && mode !== "100755") || stage !== "0" || !id || modified.has(file)) continue;
    known.set(absolute(file), id);
  }
  return known;
}
