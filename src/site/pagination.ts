import { routes } from "../core/urls.ts";

/** Lists longer than this are split into pages (`…/page/2/`). */
const PAGE_SIZE = 20;

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
  /** Where its items are in the listing: from `first` up to `end`. */
  readonly first: number;
  readonly end: number;
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
export function pageRoute(paged: Pick<Paged<unknown>, "order" | "count" | "base">, n: number): string {
  const opening = paged.order === "archive" ? paged.count : 1;
  return n === opening ? paged.base : routes.page(paged.base, n);
}

/** A page links to this many pages on each side of it, besides the first and the last (render: paginationNav). */
export const LINKS_AROUND = 2;

/**
 * What an archive's older page's links depend on besides its own number: how far it is from the
 * newest page, up to where the pages around it stop reaching the newest and a gap (…) comes
 * between. Its key holds it (render/pages.ts): the page changes when the list gains a page only
 * if it is this near the newest.
 */
export const linksNearNewest = (paged: Paged<unknown>): number => Math.min(paged.count - paged.number, LINKS_AROUND + 2);

/**
 * Splits a listing into pages; an empty listing still has one (empty) page. An archive's items come
 * newest first: its opening page holds the newest `size` to `2 × size − 1` of them, and each older
 * page exactly `size`, counted from the oldest.
 */
export function paginate<T>(items: readonly T[], base: string, order: PageOrder, size = PAGE_SIZE): Paged<T>[] {
  const n = items.length;
  if (order === "directory") {
    const count = Math.max(1, Math.ceil(n / size));
    return Array.from({ length: count }, (_, i) => new Page(items, i * size, Math.min(n, (i + 1) * size), i + 1, count, order, base));
  }
  const count = Math.max(1, Math.floor(n / size));
  // The opening page (number count) first, then the older ones as a reader goes through them:
  // count − 1 down to 1. Page k < count holds items [n − k·size, n − (k − 1)·size).
  return Array.from({ length: count }, (_, i) => {
    const number = count - i;
    return new Page(items, number === count ? 0 : n - number * size, n - (number - 1) * size, number, count, order, base);
  });
}

/**
 * A page of a listing, its items cut from the listing only when they are asked for: before it
 * writes anything, the build walks every page of every listing for its route alone.
 */
class Page<T> implements Paged<T> {
  readonly total: number;
  readonly route: string;
  readonly #listing: readonly T[];
  #items: readonly T[] | undefined;

  constructor(listing: readonly T[], readonly first: number, readonly end: number, readonly number: number, readonly count: number, readonly order: PageOrder, readonly base: string) {
    this.#listing = listing;
    this.total = listing.length;
    this.route = pageRoute(this, number);
  }

  get items(): readonly T[] {
    return (this.#items ??= this.#listing.slice(this.first, this.end));
  }
}
