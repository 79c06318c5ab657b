import { stat } from "node:fs/promises";
import path from "node:path";
import { outputPathFor } from "../core/urls.ts";
import { isInside } from "../core/folders.ts";
import { Paths } from "./paths.ts";

/** A scheme (http:, mailto:) or a protocol-relative start: a link off the site, not checked. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** An absolute path that a URL parser leaves as it is: ASCII letters, digits and -_.~/ only, no "." or ".." segment. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[\w\-.~]*)+$/;

/**
 * An href or src attribute, after the ASCII whitespace HTML separates attributes with (not text
 * such as `data-href="`; a hand-written page may break a tag over lines), its value in double
 * quotes (text in a page has its double quotes escaped, Markdown's too; single quotes it may not).
 * Found by one pass of a regular expression's test over the page, quicker than an indexOf pass for
 * each attribute (tools/bench-link-check.ts times both).
 */
export const ATTRIBUTE = /[ \t\n\f\r](?:href|src)="/g;

/** What the check knows of a path of its table, by the path's number (bits). */
const LOOKED = 1;
const SETTLED = 2;
const NOTED = 4;
/** An absolute path that resolves to itself: a plain path (PLAIN_PATH), or one a URL parser left as it was. */
const SELF = 8;

/**
 * The build's own output check: every internal link and asset on every page must resolve to a
 * file of the site. Targets are collected while pages are written: an indexOf pass over each
 * page, then one lookup per link in the table of paths it shares with the page store, which
 * keeps a page's links as those numbers. Whatever is known of a target (that it resolves to
 * itself, that it is a page to be written) is known by its number, once for all the pages that
 * link to it: every page links to the same navigation pages. A link is looked up only inside
 * the output folder, as a browser would resolve it against its page: `/../../etc/passwd` is
 * `/etc/passwd` of the site, and a relative `tu.png` is the page's.
 */
export class LinkCheck {
  readonly #prefix: string;
  readonly #routes: ReadonlySet<string>;
  /** The table numbering the targets: the page store's when the build keeps one. */
  readonly paths: Paths;
  /**
   * Each target not yet settled (a path resolved against its page, or a link that cannot be
   * resolved), with the first page that links to it.
   */
  readonly #targets = new Map<string, string>();
  /** Per number: LOOKED, SETTLED, NOTED and SELF, as they are found. */
  #known = new Uint8Array(1024);
  /** Per number: the last page (`#pages`) that linked to it, so that a page lists each target once. */
  #lastPage = new Int32Array(1024);
  #pages = 0;
  /** The targets of the page `collect` read last. */
  #found = new Int32Array(256);

  /**
   * `prefix`: the deployment's path prefix; links outside it are not the site's. `routes`: the
   * pages that will be written, known before any is: a link to one of them is settled as it is
   * noted, not kept (nearly every link of a site of hundreds of thousands of pages). `paths`: the
   * table to number targets in (PageStore.paths), for a build that keeps its pages' links.
   */
  constructor(prefix: string, routes: ReadonlySet<string> = new Set(), paths = new Paths()) {
    this.#prefix = prefix;
    this.#routes = routes;
    this.paths = paths;
  }

  /**
   * Notes the distinct href and src values of a page, resolved against its route, and returns
   * their numbers in `paths`, in the order found: a view valid until the next call. `from` is
   * the page's route, optionally followed by " (source file)" for messages.
   */
  collect(from: string, page: string): Int32Array {
    const paths = this.paths;
    const pageNumber = ++this.#pages;
    let count = 0;
    let base: URL | undefined;
    // `test`, not `exec`: no match object to make for each link.
    ATTRIBUTE.lastIndex = 0;
    while (ATTRIBUTE.test(page)) {
      const start = ATTRIBUTE.lastIndex;
      const raw = page.slice(start, page.indexOf('"', start)).replaceAll("&amp;", "&");
      if (raw === "" || raw.startsWith("#") || raw.startsWith("?")) continue;
      // Most links are absolute site paths already numbered and known to resolve to themselves;
      // an absolute path (not a protocol-relative `//host`) resolves alike on every page.
      const absolute = raw.startsWith("/") && !raw.startsWith("//");
      let id = absolute ? paths.find(raw) : undefined;
      if (id === undefined || !((this.#known[id] as number) & SELF)) {
        if (EXTERNAL.test(raw)) continue;
        let target = raw;
        // Parsing a URL for each plain path was the larger part of the check.
        if (!PLAIN_PATH.test(raw)) {
          base ??= new URL(this.#prefix + (from.split(" ", 1)[0] ?? "/").slice(1), "http://site.invalid");
          try {
            target = new URL(raw, base).pathname;
          } catch {
            target = raw;
          }
        }
        id = paths.id(target);
        this.#grow(id);
        if (absolute && target === raw) this.#known[id] = (this.#known[id] as number) | SELF;
      }
      if (this.#lastPage[id] === pageNumber) continue;
      this.#lastPage[id] = pageNumber;
      if (count === this.#found.length) {
        const grown = new Int32Array(count * 2);
        grown.set(this.#found);
        this.#found = grown;
      }
      this.#found[count++] = id;
      this.#note(from, id);
    }
    return this.#found.subarray(0, count);
  }

  /**
   * Notes the targets of a page kept from an earlier build, as numbers in `paths` (PageStore.reuse):
   * a page the build did not render again.
   */
  addNumbered(from: string, ids: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      this.#grow(id);
      this.#note(from, id);
    }
  }

  /** Settles the target numbered `id` once, or keeps it with the first page that links to it. */
  #note(from: string, id: number): void {
    let known = this.#known[id] as number;
    if (!(known & LOOKED)) known = this.#known[id] = known | LOOKED | (this.#settled(this.paths.list[id] as string) ? SETTLED : 0);
    if (known & (SETTLED | NOTED)) return;
    this.#known[id] = known | NOTED;
    this.#targets.set(this.paths.list[id] as string, from);
  }

  /** Makes room in the arrays by number for `id`. */
  #grow(id: number): void {
    if (id < this.#known.length) return;
    const length = Math.max(id + 1, this.#known.length * 2);
    const known = new Uint8Array(length);
    known.set(this.#known);
    this.#known = known;
    const lastPage = new Int32Array(length);
    lastPage.set(this.#lastPage);
    this.#lastPage = lastPage;
  }

  /** A link to a page known to be written, found as `broken` would find it (no percent escape to decode). */
  #settled(target: string): boolean {
    if (!this.#routes.size || !target.startsWith(this.#prefix) || target.includes("%")) return false;
    return this.#routes.has(this.#prefix === "/" ? target : `/${target.slice(this.#prefix.length)}`);
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
