import { z } from "zod";
import { isSlug, SLUG_PATTERN } from "../core/slugs.ts";
import { findUnsafeCharacter } from "../core/text.ts";
import { quote } from "./problems.ts";

/*
 * The kinds of value front matter and the registries share, each stated once: the article schema
 * (schema.ts) and the registries' schemas (registry.ts) are made of these.
 */

/** Text with no character that may not be published (core/text.ts), tab and line breaks only where `multiline`. */
function safeText(multiline: boolean) {
  return z.string().trim().min(1).superRefine((value, ctx) => {
    const unsafe = findUnsafeCharacter(value, multiline);
    if (unsafe) ctx.addIssue({ code: "custom", message: `contains ${unsafe.description}, at character ${[...value.slice(0, unsafe.index)].length + 1} — remove it: ${quote(value)}` });
  });
}

/** One line of text, trimmed, not empty. */
export const text = safeText(false);

/** Text that may span lines (notes, descriptions). */
export const paragraph = safeText(true);

/** One name or a non-empty list of them, as a list without repeats. */
export const textList = z.union([text, z.array(text).min(1)]).transform((v) => (typeof v === "string" ? [v] : [...new Set(v)]));

/** A URL segment the editor chose. */
export const slug = z.string().superRefine((value, ctx) => {
  if (isSlug(value)) return;
  const message = SLUG_PATTERN.test(value)
    ? `is a device name Windows reserves (no folder may have it) — add a suffix, e.g. ${value}-1`
    : "must be lowercase pinyin or digits joined by hyphens";
  ctx.addIssue({ code: "custom", message: `${message}; got ${quote(value)}` });
});

/** A web address readers can follow: http or https only (never javascript: and the like). */
export const webAddress = z.url({ protocol: /^https?$/ });
