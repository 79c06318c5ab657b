import { isSafePathSegment } from "./slugs.ts";
import { perDay, type CalendarDate } from "./dates.ts";

/**
 * Every URL of the site is made here. `routes` gives site-relative paths (where a page is written);
 * `links(prefix)` gives the same paths as hrefs under the deployment's path prefix, so the site
 * works from `/` or from a sub-path such as `/archive/`.
 */
export interface ArticleRef {
  readonly date: CalendarDate;
  readonly slug: string;
}

// Remembered: every link to an article names its date, and every article is linked from dozens of pages.
const datePath = perDay((d: CalendarDate) => d.iso.replaceAll("-", "/"));

/**
 * The date pages: named for what they list, as /tags/ and /sources/ are. They lived under
 * /archive/ until that read /archive/archive/ under PATH_PREFIX=/archive/; each old path of an
 * index, year, month and day page redirects to its new one (formerDateRoute, render/pages.ts).
 */
const DATES = "/dates/";
const FORMER_DATES = "/archive/";
const pad = (n: number) => String(n).padStart(2, "0");

export const routes = {
  home: () => "/",
  article: (a: ArticleRef) => `/articles/${datePath(a.date)}/${a.slug}/`,
  /** An article's citation file, beside its page: "/articles/…/slug/citation.ris". */
  citation: (a: ArticleRef, format: "ris" | "bib" | "json") => `/articles/${datePath(a.date)}/${a.slug}/citation.${format}`,
  asset: (name: string) => `/assets/${name}`,
  notFound: () => "/404.html",
  /** Requested by browsers and feed readers at the site's root whatever a page links (render/favicon.ts). */
  favicon: () => "/favicon.ico",
  /** 关于本档案, a hand-written page (pages/about.md). */
  about: () => "/about/",
  tags: () => "/tags/",
  tag: (slug: string) => `/tags/${slug}/`,
  places: () => "/counties/",
  place: (slug: string) => `/counties/${slug}/`,
  dates: () => DATES,
  year: (year: number) => `${DATES}${year}/`,
  month: (year: number, month: number) => `${DATES}${year}/${pad(month)}/`,
  day: (date: CalendarDate) => `${DATES}${datePath(date)}/`,
  sources: () => "/sources/",
  source: (slug: string) => `/sources/${slug}/`,
  /** One printed issue of a newspaper: /sources/dazhong-ribao/2022/01/07/. */
  issue: (sourceSlug: string, date: CalendarDate) => `/sources/${sourceSlug}/${datePath(date)}/`,
  authors: () => "/authors/",
  author: (slug: string) => `/authors/${slug}/`,
  search: () => "/search/",
  /** The open-data page (/data/articles.json and the rest beside it). */
  data: () => "/data/",
  /** The Pagefind bundle (index, runtime) the search page loads. */
  searchIndex: () => "/pagefind/",
  /** The browser CMS, written only when the site has one (build/admin.ts). */
  admin: () => "/admin/",
  /** A listing's feed, next to its first page: "/tags/x/" → "/tags/x/feed.xml" (Atom) or "feed.json" (JSON Feed). */
  feed: (page: string, format: "atom" | "json") => `${page}feed.${format === "atom" ? "xml" : "json"}`,
  /** Page `n` of a listing split into pages (site/pagination.ts: the page it opens on is `base` itself). */
  page: (base: string, n: number) => `${base}page/${n}/`,
  /** Any route made elsewhere (a hand-written page, a listing's page), as a link. */
  route: (route: string) => route,
} as const;

type Routes = typeof routes;
export type Links = { readonly [K in keyof Routes]: Routes[K] } & {
  /** The absolute URL of a route on the published site (SITE_URL + path prefix + route). */
  readonly absolute: (route: string) => string;
};

/** Where the site is published when SITE_URL is not set (local builds). */
export const DEFAULT_SITE_URL = "http://localhost:8080";

/** Normalizes SITE_URL to an origin without a trailing slash; refuses anything but http(s). */
function normalizeSiteUrl(siteUrl: string | undefined): string {
  const url = URL.canParse(siteUrl?.trim() || DEFAULT_SITE_URL) ? new URL(siteUrl?.trim() || DEFAULT_SITE_URL) : undefined;
  if (url?.protocol !== "https:" && url?.protocol !== "http:") throw new Error(`SITE_URL must start with http:// or https://, got ${JSON.stringify(siteUrl)}`);
  return url.origin;
}

/** Normalizes a path prefix to start and end with "/": "archive" → "/archive/". Refuses "..", spaces, quotes. */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "/").trim().replace(/^\/+|\/+$/g, "");
  const segments = trimmed ? trimmed.split(/\/+/) : [];
  if (segments.some((s) => !/^[A-Za-z0-9._~-]+$/.test(s) || s === "." || s === "..")) {
    throw new Error(`PATH_PREFIX must be a path like /archive/ (letters, digits, - _ . ~), got ${JSON.stringify(prefix)}`);
  }
  return segments.length ? `/${segments.join("/")}/` : "/";
}

export function links(pathPrefix?: string, siteUrl?: string): Links {
  const prefix = normalizePrefix(pathPrefix);
  const origin = normalizeSiteUrl(siteUrl);
  // Every route starts with "/" (routes above); this runs for every link of every page, so at the
  // root, where a link is its route, the routes are the links, unwrapped.
  const withPrefix = (p: string) => (prefix === "/" ? p : prefix + p.slice(1));
  const wrapped: Record<string, (...args: never[]) => string> = {};
  for (const [name, route] of Object.entries(routes) as [string, (...args: never[]) => string][]) {
    // No route takes more than two arguments.
    wrapped[name] = prefix === "/" ? route : (a: never, b: never) => prefix + route(a, b).slice(1);
  }
  wrapped["absolute"] = ((route: string) => origin + withPrefix(route)) as (...args: never[]) => string;
  return wrapped as unknown as Links;
}

/** The old path of a date page ("/dates/2021/10/" → "/archive/2021/10/"); undefined for any other route. */
export function formerDateRoute(route: string): string | undefined {
  return route.startsWith(DATES) ? FORMER_DATES + route.slice(DATES.length) : undefined;
}

/** Output file for a route: "/articles/x/" → "articles/x/index.html". */
export function outputPathFor(route: string): string {
  // Every slug is checked where it is made (isSlug, slugify); this is the last guard before a write.
  for (const segment of route.replace(/^\//, "").split("/")) if (segment !== "" && !isSafePathSegment(segment)) throw new Error(`unsafe path segment ${JSON.stringify(segment)} in ${JSON.stringify(route)}`);
  return fileOfRoute(route);
}

/**
 * outputPathFor without its guard, for a file only looked at, never written or removed (the
 * last build's pages, which a rebuild compares with what it makes: PageStore.checkFiles).
 */
export function fileOfRoute(route: string): string {
  const rel = route.startsWith("/") ? route.slice(1) : route;
  return rel === "" || rel.endsWith("/") ? `${rel}index.html` : rel;
}

/** Folders the build writes outside the page list (stylesheet, scripts, search index, CMS): no page may live there. */
const RESERVED_FOLDERS = [routes.asset(""), routes.searchIndex(), routes.admin()];

/** The folder of the build's own files that `route` lies in, if any. */
export function reservedFolderOf(route: string): string | undefined {
  return RESERVED_FOLDERS.find((f) => route.startsWith(f));
}

/** An old path given as a folder's index page ("/old/index.html") is that folder ("/old/"): one file serves both. */
export function folderRoute(path: string): string {
  return path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
}

/**
 * What is wrong with a path an editor gives for a page of the site (an article's `aliases`), or
 * undefined: it must start with "/", end with "/" or ".html", and hold no folder with a "." in its
 * name, no empty segment, no query or fragment, no spaces, quotes, angle brackets or backslashes.
 */
export function sitePathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return "must start with /";
  // \p{Cc}: control characters, which no path may hold.
  if (/[\s"'<>\\?#`]|\p{Cc}/u.test(path)) return "must not contain spaces, quotes, <, >, \\, ? or #";
  const segments = path.split("/").slice(1, -1);
  if (segments.some((s) => s === "." || s === "..")) return 'must not contain "." or ".." segments';
  if (segments.some((s) => s === "")) return "must not contain //";
  if (!path.endsWith("/") && !/\.html$/.test(path)) return "must end with / (a folder) or .html";
  if (folderRoute(path) === "/") return "must not be the home page";
  // Every file the build writes has a "." in its name (feed.xml, citation.ris …): a folder so named could be one.
  if (segments.some((s) => s.includes("."))) return 'must not name a folder with "." (such as feed.xml/): the build writes files by such names';
  const reserved = reservedFolderOf(path);
  if (reserved) return `must not lie in ${reserved}, where the build writes its own files`;
  return undefined;
}
