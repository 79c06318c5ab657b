import { routes } from "../core/urls.ts";

/** Lists longer than this are split into pages (`…/page/2/`). */
export const PAGE_SIZE = 20;

export interface Paged<T> {
  readonly items: readonly T[];
  /** 1-based page number. */
  readonly number: number;
  /** Route of every page of the listing, page 1 first. */
  readonly routes: readonly string[];
  /** Items in the whole listing. */
  readonly total: number;
  readonly route: string;
}

/** Splits a listing into pages; an empty listing still has one (empty) page. */
export function paginate<T>(items: readonly T[], base: string, size = PAGE_SIZE): Paged<T>[] {
  const count = Math.max(1, Math.ceil(items.length / size));
  const pageRoutes = Array.from({ length: count }, (_, i) => routes.page(base, i + 1));
  return pageRoutes.map((route, i) => ({
    items: items.slice(i * size, (i + 1) * size),
    number: i + 1,
    routes: pageRoutes,
    total: items.length,
    route,
  }));
}
