/**
 * A string kept as its own: a link target found in a page may be a slice of the page's text,
 * which would keep the whole page in memory.
 */
const kept = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

/**
 * Paths (routes and link targets) numbered, each held once as its own string. The page store
 * keeps a page's links as these numbers, and the link check finds a page's links as them: one
 * table for both, so a link is looked up once.
 */
export class Paths {
  readonly list: string[];
  readonly #ids = new Map<string, number>();

  constructor(list: string[] = []) {
    this.list = list;
    list.forEach((p, i) => this.#ids.set(p, i));
  }

  /** How many distinct paths are numbered. */
  get size(): number {
    return this.#ids.size;
  }

  find(path: string): number | undefined {
    return this.#ids.get(path);
  }

  /** The path's number, numbering it first if it has none. */
  id(path: string): number {
    let id = this.#ids.get(path);
    if (id === undefined) {
      const own = kept(path);
      id = this.list.push(own) - 1;
      this.#ids.set(own, id);
    }
    return id;
  }
}
