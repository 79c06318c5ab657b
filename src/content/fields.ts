import { z } from "zod";
import { isSlug } from "../core/slugs.ts";

/*
 * The kinds of value front matter and the registries share, each stated once: the article schema
 * (schema.ts) and the registries' schemas (registry.ts) are made of these.
 */

/** One line of text, trimmed, not empty. */
export const text = z.string().trim().min(1);

/** One name or a non-empty list of them, as a list without repeats. */
export const textList = z.union([text, z.array(text).min(1)]).transform((v) => (typeof v === "string" ? [v] : [...new Set(v)]));

/** A URL segment the editor chose. */
export const slug = z.string().refine(isSlug, { message: "must be lowercase pinyin or digits joined by hyphens" });

/** A web address readers can follow: http or https only (never javascript: and the like). */
export const webAddress = z.url({ protocol: /^https?$/ });
