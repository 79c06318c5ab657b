import type { Archive } from "../content/load.ts";
import type { ContentProblem } from "../content/problems.ts";
import type { SafeHtml } from "./html.ts";
import type { SiteIndexes } from "../site/indexes.ts";
import type { RelatedArticles } from "../site/related.ts";
import type { Links } from "../core/urls.ts";

/** What every template receives: the validated archive, its indexes and the link builder for this deployment. */
export interface RenderContext {
  readonly archive: Archive;
  readonly indexes: SiteIndexes;
  readonly related: RelatedArticles;
  readonly links: Links;
  /** The route of the page being rendered (for its canonical URL). */
  readonly route: string;
  /** Preview only: content errors found since the last good build (shown as a banner on every page). */
  readonly problems?: readonly ContentProblem[];
  /** The site's hand-written pages (pages/), linked from every page's footer. */
  readonly handWritten?: readonly { readonly title: string; readonly route: string }[];
}

/** A step in the breadcrumb trail; the last one (the page itself) has no href. */
export interface Crumb {
  readonly label: string;
  readonly href?: string | undefined;
}

/** The top-level sections in the site navigation. */
export type Section = "tags" | "places" | "archive" | "sources" | "authors" | "search";

/** One page's head information. */
export interface PageMeta {
  readonly title: string;
  readonly description: string;
  readonly kind: "home" | "article" | "index" | "search" | "not-found" | "page";
  readonly section?: Section | undefined;
  /** From the home page down to this page (the home page itself has none). */
  readonly breadcrumbs?: readonly Crumb[] | undefined;
  /** The page's own feed (a place's or a tag's), announced besides the whole archive's. */
  readonly feed?: { readonly topic: string; readonly page: string } | undefined;
  /** Extra elements for <head> (structured data). */
  readonly head?: SafeHtml | undefined;
}
