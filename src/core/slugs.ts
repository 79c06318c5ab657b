import { customPinyin, pinyin } from "pinyin-pro";

/** A URL segment: lowercase ASCII letters and digits separated by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Device names Windows reserves, with or without an extension: no file or folder there may have them. */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\.|$)/i;

/** Separators, characters Windows refuses in a name (controls among them), a trailing dot or space. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNSAFE_IN_NAME = /[/\\:*?"<>|\u0000-\u001f]|[. ]$/;

/**
 * The one rule for every generated path segment (a slug becomes a folder of the site): a name
 * every system can create, check out and sync. No separators or characters Windows refuses, no
 * trailing dot or space (Windows drops them), not "." or "..", not a reserved device name.
 */
export function isSafePathSegment(segment: string): boolean {
  return segment !== "" && segment !== "." && segment !== ".." && !UNSAFE_IN_NAME.test(segment) && !WINDOWS_RESERVED.test(segment);
}

/**
 * pinyin-pro's default dictionary misreads a few words common in this archive; its complete
 * dictionary fixes them but is slow to load and breaks others (乐陵 → lao ling).
 */
customPinyin({
  率先: "shuài xiān",
});

/** The longest slug of a URL, and of a file name: file names stay short, the URL slug is made from the whole title. */
const MAX_LENGTH = { url: 60, file: 40 } as const;

/**
 * Readable ASCII slug for Chinese text: 乐陵市 → le-ling-shi, 作风建设 2021 → zuo-feng-jian-she-2021.
 * Returns "" when the text has nothing to spell (callers report that as an error). A slug cut to
 * its length ends in a hash of the whole text (see spell), unless it is for a file name, which
 * needs no hash to be told apart.
 */
export function slugify(text: string, use: "url" | "file" = "url"): string {
  // pinyin-pro is the costly part of a slug; an archive slugs the same few thousand tags and names on every load.
  const cache = slugCaches[use];
  let slug = cache.get(text);
  if (slug === undefined) {
    if (cache.size >= SLUG_CACHE_LIMIT) cache.clear();
    cache.set(text, (slug = spell(text, MAX_LENGTH[use], use === "url")));
  }
  return slug;
}

const slugCaches = { url: new Map<string, string>(), file: new Map<string, string>() };
const SLUG_CACHE_LIMIT = 200_000;

function spell(text: string, maxLength: number, hashWhenCut: boolean): string {
  const syllables = pinyin(text.normalize("NFKC"), { toneType: "none", type: "array", nonZh: "consecutive", v: true });
  const words = syllables
    .flatMap((s) => s.toLowerCase().split(/[^a-z0-9]+/))
    .filter((w) => w.length > 0);
  let slug = words.join("-");
  if (slug.length > maxLength) {
    // Cut at a word within the length, and keep distinct texts distinct with a hash of the whole
    // text: two long titles of one day that start alike must not share a URL. A slug that is
    // not cut never changes.
    const room = hashWhenCut ? maxLength - HASH_SUFFIX_LENGTH : maxLength;
    slug = "";
    for (const word of words) {
      const next = slug ? `${slug}-${word}` : word;
      if (next.length > room) break;
      slug = next;
    }
    slug ||= (words[0] ?? "").slice(0, room);
    if (hashWhenCut) slug = `${slug}-${stableHash(text)}`;
  }
  // A name Windows reserves (a tag NUL, a title "Con") gets a suffix: a folder "nul" cannot exist there.
  return slug && !isSafePathSegment(slug) ? `${slug}-0` : slug;
}

/** Four hex digits of FNV-1a over the name's UTF-16 code units: the same name always gets the same suffix. */
export function stableHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash & 0xffff).toString(16).padStart(4, "0");
}

/** "-" and stableHash's four hex digits. */
const HASH_SUFFIX_LENGTH = 5;

/** A slug: SLUG_PATTERN, and a safe path segment (so never "con" or "nul"). */
export function isSlug(text: string): boolean {
  return SLUG_PATTERN.test(text) && isSafePathSegment(text);
}
