import { customPinyin, pinyin } from "pinyin-pro";

/** A URL segment: lowercase ASCII letters and digits separated by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * pinyin-pro's default dictionary misreads a few words common in this archive; its complete
 * dictionary fixes them but costs ~2 s to load and breaks others (乐陵 → lao ling).
 */
customPinyin({
  率先: "shuài xiān",
});

const MAX_SLUG_LENGTH = 60;

/**
 * Readable ASCII slug for Chinese text: 乐陵市 → le-ling-shi, 作风建设 2021 → zuo-feng-jian-she-2021.
 * Returns "" when the text has nothing to spell (callers report that as an error).
 */
export function slugify(text: string, maxLength = MAX_SLUG_LENGTH): string {
  // pinyin-pro is slow next to a lookup, and an archive slugs the same few thousand tags and names on every load.
  let cache = slugCaches.get(maxLength);
  if (!cache) slugCaches.set(maxLength, (cache = new Map()));
  let slug = cache.get(text);
  if (slug === undefined) {
    if (cache.size >= SLUG_CACHE_LIMIT) cache.clear();
    cache.set(text, (slug = spell(text, maxLength)));
  }
  return slug;
}

const slugCaches = new Map<number, Map<string, string>>();
const SLUG_CACHE_LIMIT = 200_000;

function spell(text: string, maxLength: number): string {
  const syllables = pinyin(text.normalize("NFKC"), { toneType: "none", type: "array", nonZh: "consecutive", v: true });
  const words = syllables
    .flatMap((s) => s.toLowerCase().split(/[^a-z0-9]+/))
    .filter((w) => w.length > 0);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  return slug || (words[0] ?? "").slice(0, maxLength);
}

export function isSlug(text: string): boolean {
  return SLUG_PATTERN.test(text);
}
