import { stat } from "node:fs/promises";
import path from "node:path";
import { outputPathFor } from "../core/urls.ts";
import { isInside } from "../core/folders.ts";

/** A scheme (http:, mailto:) or a protocol-relative start: a link off the site, not checked. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** An absolute path that a URL parser leaves as it is: ASCII letters, digits and -_.~/ only, no "." or ".." segment. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[\w\-.~]*)+$/;

/**
 * A link target to keep: one that `LinkCheck.targets` returns may be a slice of its page's text,
 * which would keep the whole page in memory.
 */
export const keptTarget = (target: string): string => JSON.parse(JSON.stringify(target)) as string;

/**
 * The build's own output check: every internal link and asset on every page must resolve to a
 * file of the site. Targets are collected while pages are written (an indexOf pass over each page,
 * then a set lookup), so the check costs a fraction of a second even for 20,000 pages. A link
 * is looked up only inside the output folder, as a browser would resolve it against its page:
 * `/../../etc/passwd` is `/etc/passwd` of the site, and a relative `tu.png` is the page's.
 */
export class LinkCheck {
  readonly #prefix: string;
  readonly #routes: ReadonlySet<string>;
  /**
   * Each target not yet settled (a path resolved against its page, or a link that cannot be
   * resolved), with the first page that links to it.
   */
  readonly #targets = new Map<string, string>();
  /** Per number of a numbered target (`addNumbered`): 1 settled, 2 kept to look up later, 0 not seen yet. */
  #numbered = new Uint8Array(1024);

  /**
   * `prefix`: the deployment's path prefix; links outside it are not the site's. `routes`: the
   * pages that will be written, known before any is: a link to one of them is settled as it is
   * noted, not kept (nearly every link of a site of hundreds of thousands of pages).
   */
  constructor(prefix: string, routes: ReadonlySet<string> = new Set()) {
    this.#prefix = prefix;
    this.#routes = routes;
  }

  /**
   * Notes the href and src values of a page. `from` is the page's route, optionally followed by
   * " (source file)" for messages; relative links resolve against the route.
   */
  collect(from: string, page: string): void {
    this.add(from, this.targets(from, page));
  }

  /** Notes links found earlier on a page (`targets`), as a build cache keeps them for pages it did not render again. */
  add(from: string, targets: Iterable<string>): void {
    for (const target of targets) if (!this.#settled(target) && !this.#targets.has(target)) this.#targets.set(keptTarget(target), from);
  }

  /**
   * `add` for targets numbered by the page store (its table of paths, PageStore.targetIds), for the
   * pages it kept: each number is settled once, however many pages link to it (every page links
   * to the same few navigation pages, and a large site keeps hundreds of thousands of pages).
   */
  addNumbered(from: string, ids: ArrayLike<number>, pathOf: (id: number) => string): void {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (id >= this.#numbered.length) {
        const grown = new Uint8Array(Math.max(id + 1, this.#numbered.length * 2));
        grown.set(this.#numbered);
        this.#numbered = grown;
      }
      let state = this.#numbered[id];
      if (state === 0) state = this.#numbered[id] = this.#settled(pathOf(id)) ? 1 : 2;
      if (state === 2 && !this.#targets.has(pathOf(id))) this.#targets.set(pathOf(id), from);
    }
  }

  /** A link to a page known to be written, found as `broken` would find it (no percent escape to decode). */
  #settled(target: string): boolean {
    if (!this.#routes.size || !target.startsWith(this.#prefix) || target.includes("%")) return false;
    return this.#routes.has(this.#prefix === "/" ? target : `/${target.slice(this.#prefix.length)}`);
  }

  /** The distinct targets of a page's href and src values, resolved against its route, as `collect` notes them. */
  targets(from: string, page: string): string[] {
    let base: URL | undefined;
    const found = new Set<string>();
    for (const attribute of ['href="', 'src="']) {
      for (let at = page.indexOf(attribute); at !== -1; at = page.indexOf(attribute, at + attribute.length)) {
        // An attribute, not text such as `data-href="`: preceded by a space.
        if (page[at - 1] !== " ") continue;
        const start = at + attribute.length;
        const raw = page.slice(start, page.indexOf('"', start)).replaceAll("&amp;", "&");
        if (raw === "" || raw.startsWith("#") || raw.startsWith("?") || EXTERNAL.test(raw)) continue;
        // Most links are plain site paths, which resolve to themselves: parsing a URL for each
        // of them was the larger part of the check.
        if (PLAIN_PATH.test(raw)) {
          found.add(raw);
          continue;
        }
        base ??= new URL(this.#prefix + (from.split(" ", 1)[0] ?? "/").slice(1), "http://site.invalid");
        let target: string;
        try {
          target = new URL(raw, base).pathname;
        } catch {
          target = raw;
        }
        found.add(target);
      }
    }
    return [...found];
  }

  /**
   * Broken links as "page → target", given the routes written and the output folder (for assets);
   * for a build that updates a published folder in place, that folder too, but for its files the
   * build does not make (`gone`).
   */
  async broken(routes: ReadonlySet<string>, outDir: string, published?: { readonly dir: string; readonly gone: ReadonlySet<string> }): Promise<string[]> {
    const broken: string[] = [];
    const root = path.resolve(outDir);
    for (const [target, from] of this.#targets) {
      if (!target.startsWith(this.#prefix)) {
        broken.push(`${from} → ${target} (outside the site's path prefix ${this.#prefix})`);
        continue;
      }
      let route: string;
      try {
        route = `/${decodeURI(target.slice(this.#prefix.length))}`;
      } catch {
        broken.push(`${from} → ${target} (a percent escape is cut off or not UTF-8)`);
        continue;
      }
      if (routes.has(route)) continue;
      let file: string | undefined;
      try {
        file = outputPathFor(route);
      } catch {
        file = undefined;
      }
      if (file !== undefined && (await isFileIn(root, file))) continue;
      if (file !== undefined && published && !published.gone.has(file) && (await isFileIn(path.resolve(published.dir), file))) continue;
      broken.push(`${from} → ${target}`);
    }
    return broken.sort();
  }
}

/** Whether `file` (relative) is a file inside `root`: never one elsewhere on the build machine. */
async function isFileIn(root: string, file: string): Promise<boolean> {
  const full = path.resolve(root, file);
  return isInside(full, root) && ((await stat(full).catch(() => undefined))?.isFile() ?? false);
}
