import { routes } from "../core/urls.ts";

/** Lists longer than this are split into pages (`…/page/2/`). */
export const PAGE_SIZE = 20;

/**
 * How a listing's pages are numbered. A directory (tags, reporters: alphabetical) opens on page 1,
 * the next at `…/page/2/`. An archive (articles, newest first) opens on its newest page; its older
 * pages are numbered from the oldest (`…/page/1/` holds the first articles ever listed), so a page
 * keeps its articles and its URL when newer articles are added: publishing an article changes the
 * opening page of each listing it is in, not every page of them.
 */
export type PageOrder = "directory" | "archive";

export interface Paged<T> {
  readonly items: readonly T[];
  /** Its number: a directory's from its first page, an archive's from its oldest (its newest page is the last). */
  readonly number: number;
  /** Pages in the listing. */
  readonly count: number;
  /** Items in the whole listing. */
  readonly total: number;
  readonly order: PageOrder;
  /** The route the listing opens on. */
  readonly base: string;
  readonly route: string;
}

/** The page a listing opens on: a directory's first, an archive's newest. */
export const isOpening = (paged: Paged<unknown>): boolean => paged.route === paged.base;

/** The route of page `n` of the listing `paged` belongs to. */
export function pageRoute(paged: Paged<unknown>, n: number): string {
  const opening = paged.order === "archive" ? paged.count : 1;
  return n === opening ? paged.base : routes.page(paged.base, n);
}

/**
 * Splits a listing into pages; an empty listing still has one (empty) page. An archive's items come
 * newest first: its opening page holds the newest `size` to `2 × size − 1` of them, and each older
 * page exactly `size`, counted from the oldest.
 */
export function paginate<T>(items: readonly T[], base: string, order: PageOrder, size = PAGE_SIZE): Paged<T>[] {
  const n = items.length;
  const common = { total: n, order, base };
  if (order === "directory") {
    const count = Math.max(1, Math.ceil(n / size));
    return Array.from({ length: count }, (_, i) => ({ ...common, items: items.slice(i * size, (i + 1) * size), number: i + 1, count, route: i === 0 ? base : routes.page(base, i + 1) }));
  }
  const count = Math.max(1, Math.floor(n / size));
  const opening = { ...common, items: items.slice(0, n - (count - 1) * size), number: count, count, route: base };
  // Older pages newest first, as a reader goes through them: page count − 1 down to page 1.
  const older = Array.from({ length: count - 1 }, (_, i) => {
    const number = count - 1 - i;
    return { ...common, items: items.slice(n - number * size, n - (number - 1) * size), number, count, route: routes.page(base, number) };
  });
  return [opening, ...older];
}
