import { articlePage } from "../layouts/article.ts";
import type { RenderContext } from "../layouts/context.ts";
import { homePage } from "../layouts/home.ts";
import {
  archiveIndexPage,
  authorPage,
  authorsIndexPage,
  dayPage,
  monthPage,
  placePage,
  placesIndexPage,
  sourcePage,
  sourcesIndexPage,
  tagPage,
  tagsIndexPage,
  yearPage,
} from "../layouts/indexes.ts";
import { notFoundPage } from "../layouts/not-found.ts";
import { searchPage } from "../layouts/search.ts";
import { paginate, type Paged } from "./pagination.ts";
import { routes } from "./urls.ts";

/** One page of the site: where it is written and how it is rendered. */
export interface SitePage {
  readonly route: string;
  readonly render: () => string;
}

/** Every page of the site, from the records: the single list the build renders (and tests walk). */
export function sitePages(ctx: RenderContext): SitePage[] {
  const { archive, indexes } = ctx;
  const pages: SitePage[] = [
    { route: routes.home(), render: () => homePage(ctx) },
    { route: routes.notFound(), render: () => notFoundPage(ctx) },
    { route: routes.search(), render: () => searchPage(ctx) },
  ];
  const add = <T>(items: readonly T[], base: string, render: (paged: Paged<T>) => string) => {
    for (const paged of paginate(items, base)) pages.push({ route: paged.route, render: () => render(paged) });
  };

  archive.articles.forEach((article, i) => {
    const neighbours = { newer: archive.articles[i - 1], older: archive.articles[i + 1] };
    pages.push({ route: routes.article(article), render: () => articlePage(ctx, article, neighbours) });
  });

  add(indexes.tags, routes.tags(), (paged) => tagsIndexPage(ctx, paged));
  for (const tag of indexes.tags) add(tag.articles, routes.tag(tag.slug), (paged) => tagPage(ctx, tag, paged));

  pages.push({ route: routes.places(), render: () => placesIndexPage(ctx) });
  for (const place of indexes.places) add(place.articles, routes.place(place.place.slug), (paged) => placePage(ctx, place, paged));

  pages.push({ route: routes.archive(), render: () => archiveIndexPage(ctx) });
  for (const year of indexes.years) {
    add(year.articles, routes.year(year.year), (paged) => yearPage(ctx, year, paged));
    for (const month of year.months) {
      add(month.articles, routes.month(month.year, month.month), (paged) => monthPage(ctx, month, paged));
      for (const day of month.days) add(day.articles, routes.day(day.date), (paged) => dayPage(ctx, day, paged));
    }
  }

  pages.push({ route: routes.sources(), render: () => sourcesIndexPage(ctx) });
  for (const source of indexes.sources) add(source.articles, routes.source(source.source.slug), (paged) => sourcePage(ctx, source, paged));

  add(indexes.authors, routes.authors(), (paged) => authorsIndexPage(ctx, paged));
  for (const author of indexes.authors) add(author.articles, routes.author(author.slug), (paged) => authorPage(ctx, author, paged));

  return pages;
}

/** Routes written twice would overwrite each other: a bug, never a silent overwrite. */
export function duplicateRoutes(pages: readonly SitePage[]): string[] {
  const seen = new Set<string>();
  return pages.filter((p) => (seen.has(p.route) ? true : (seen.add(p.route), false))).map((p) => p.route);
}
