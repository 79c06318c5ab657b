import { slugify, stableHash } from "./slugs.ts";

/**
 * URL slugs for free-text names (tags, reporters). Names that spell the same in pinyin would
 * share a URL: for tags that is an editor's error to fix (作风建设 / 作风建設); for reporters, whose
 * names editors cannot change, each colliding name gets a stable suffix derived from the name.
 */
export function assignSlugs(names: Iterable<string>, onCollision: "error" | "disambiguate") {
  const byBase = new Map<string, string[]>();
  /** Names with nothing to spell in a URL. */
  const unspellable: string[] = [];
  // First-seen order: the spelling in the earliest file is the established one.
  const slugs = new Map<string, string>();
  for (const name of new Set(names)) {
    const base = slugify(name);
    // An unspellable tag is its own error, not a collision with other unspellable tags or a tag "x".
    if (!base && onCollision === "error") {
      unspellable.push(name);
      slugs.set(name, "x");
      continue;
    }
    const key = base || "x";
    const group = byBase.get(key);
    if (group) group.push(name);
    else byBase.set(key, [name]);
  }
  /** Pairs of names that would share a slug (only when collisions are errors). */
  const collisions: { names: [string, string]; slug: string }[] = [];
  for (const [base, group] of byBase) {
    if (group.length === 1 && base !== "x") {
      slugs.set(group[0] as string, base);
      continue;
    }
    if (onCollision === "error") {
      for (const name of group.slice(1)) collisions.push({ names: [group[0] as string, name], slug: base });
      for (const name of group) slugs.set(name, base);
    } else {
      for (const name of group) slugs.set(name, `${base}-${stableHash(name)}`);
    }
  }
  return { slugs, collisions, unspellable };
}
