/**
 * Finding the registries' places and newspapers in printed text. Headlines and datelines use the
 * short form of a place (乐陵, 本报禹城讯) while the registry holds the official name (乐陵市), so
 * each place is known by both. Only names in the registries are ever returned: import never
 * creates a place or a newspaper.
 */
import type { Registries } from "../content/registry.ts";

export interface RegistryNames {
  /** Official name → itself; short name (乐陵) → official name (乐陵市). */
  readonly places: ReadonlyMap<string, string>;
  readonly sources: readonly string[];
}

export function registryNames(registries: Registries): RegistryNames {
  const places = new Map<string, string>();
  for (const name of registries.places.keys()) {
    places.set(name, name);
    const short = name.replace(/(?:省|市|区|县)$/, "");
    // A short form must still be a name (two characters at least) and must not belong to two places.
    if (short.length >= 2 && short !== name) places.set(short, places.has(short) ? "" : name);
  }
  for (const [key, value] of places) if (value === "") places.delete(key);
  // Longest names first, so 德州市 wins over 德州 and every match is the most specific one.
  const ordered = new Map([...places].sort((a, b) => b[0].length - a[0].length));
  return { places: ordered, sources: [...registries.sources.keys()].sort((a, b) => b.length - a.length) };
}

/** The registry place a headline starts with: "禹城:干事一线…" → 禹城市, "德州率先…" → 德州市. */
export function placeAtStart(names: RegistryNames, title: string): string | undefined {
  for (const [name, place] of names.places) if (title.startsWith(name)) return place;
  return undefined;
}

/** The registry place a dateline names exactly: 乐陵 (from 本报乐陵讯) → 乐陵市. */
export function placeNamed(names: RegistryNames, name: string): string | undefined {
  return names.places.get(name);
}

/** How often each registry place is named in the text, most often first — a hint for the editor, never a value. */
export function placesMentioned(names: RegistryNames, text: string): [string, number][] {
  const counts = new Map<string, number>();
  const keys = [...names.places.keys()];
  for (let i = 0; i < text.length; i++) {
    const key = keys.find((k) => text.startsWith(k, i));
    if (!key) continue;
    const place = names.places.get(key) ?? key;
    counts.set(place, (counts.get(place) ?? 0) + 1);
    i += key.length - 1;
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** Registry newspapers named in a line. */
export function sourcesIn(names: RegistryNames, line: string): string[] {
  return names.sources.filter((s) => line.includes(s));
}
