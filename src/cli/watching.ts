import path from "node:path";

/** What the preview needs of Eleventy's file watcher (chokidar 4 with Eleventy's glob support). */
export interface SourceWatcher {
  /** The folder its paths are relative to: Eleventy moves it to a common parent when the configuration lives outside the project. */
  readonly options: { readonly cwd?: string };
  /** Whether it is meant to watch a path (relative to `options.cwd`). */
  readonly watchTargets?: { isWatched(file: string): boolean };
  /** The files it watches now: names by folder, the folders relative to `options.cwd`. */
  getWatched(): Record<string, string[]>;
  /** Called with a file's path (relative to `options.cwd`) when it is deleted. */
  on(event: "unlink", listener: (file: string) => void): unknown;
}

/**
 * Waits until `watcher` lists every one of `files` (absolute paths) that it is meant to watch; false
 * if it still had not after `timeoutMs`. chokidar 4 reports ready before it watches everything when
 * some of its paths do not exist (paulmillr/chokidar#1110), and Eleventy always gives it some
 * (.eleventyignore, _data): a file saved in that moment goes unseen.
 */
export async function untilWatching(watcher: SourceWatcher, files: readonly string[], timeoutMs: number): Promise<boolean> {
  // Asked in the watcher's terms: relative to its folder, which need not be the process's.
  const cwd = path.resolve(watcher.options.cwd ?? ".");
  const meant = files.filter((file) => watcher.watchTargets?.isWatched(path.relative(cwd, file)) ?? true);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const looked = performance.now();
    const listed = new Set(Object.entries(watcher.getWatched()).flatMap(([dir, names]) => names.map((name) => path.resolve(cwd, dir, name))));
    if (meant.every((file) => listed.has(file))) return true;
    if (performance.now() > deadline) return false;
    // A look at the whole list takes time in proportion to the archive, on the thread the watcher
    // sets itself up on: pauses four times as long leave it at least four fifths of the wait.
    await new Promise((resolve) => setTimeout(resolve, Math.max(20, 4 * (performance.now() - looked))));
  }
}
