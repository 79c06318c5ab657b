import { stat } from "node:fs/promises";
import path from "node:path";
import { outputPathFor } from "../core/urls.ts";


/**
 * The build's own output check: every internal link and asset on every page must resolve to a
 * file of the site. Targets are collected while pages are written (one regex pass over each page,
 * then a set lookup), so the check costs a fraction of a second even for 20,000 pages.
 */
export class LinkCheck {
  readonly #prefix: string;
  /** Each target, with the first page that links to it (for the message). */
  readonly #targets = new Map<string, string>();

  /** `prefix`: the deployment's path prefix; links outside it are not the site's. */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  /** Notes the root-relative href and src values of a page: every internal link the templates write is one. */
  collect(route: string, page: string): void {
    // indexOf over `="/` rather than a regex: this runs over every byte of the site.
    for (let at = page.indexOf('="/'); at !== -1; at = page.indexOf('="/', at + 3)) {
      if (!page.startsWith("href", at - 4) && !page.startsWith("src", at - 3)) continue;
      const end = page.indexOf('"', at + 2);
      let target = page.slice(at + 2, end);
      const cut = target.search(/[#?]/);
      if (cut !== -1) target = target.slice(0, cut);
      if (!this.#targets.has(target)) this.#targets.set(target, route);
    }
  }

  /** Broken links as "page → target", given the routes written and the output folder (for assets). */
  async broken(routes: ReadonlySet<string>, outDir: string): Promise<string[]> {
    const broken: string[] = [];
    for (const [target, from] of this.#targets) {
      const route = target.startsWith(this.#prefix) ? `/${decodeURI(target.slice(this.#prefix.length))}` : undefined;
      if (route !== undefined && routes.has(route)) continue;
      const file = route === undefined ? undefined : path.join(outDir, outputPathFor(route));
      if (file && (await stat(file).catch(() => undefined))?.isFile()) continue;
      broken.push(`${from} → ${target}`);
    }
    return broken.sort();
  }
}
