import type { Archive } from "../src/content/load.ts";
import type { Links } from "../src/urls.ts";

/** What every template receives: the validated archive and the link builder for this deployment. */
export interface RenderContext {
  readonly archive: Archive;
  readonly links: Links;
}

/** One page's head information. */
export interface PageMeta {
  readonly title: string;
  readonly description: string;
  /** Extra class on <body>, for page-type styling. */
  readonly kind: "home" | "article" | "not-found";
}
