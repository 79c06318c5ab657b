/** The article's place (place:), read the same way from OCR pages and web posts. */
import { quote } from "./cjk.ts";
import type { ArticleBuilder } from "./imported.ts";
import { placeAtStart, placeNamed, placesMentioned, type RegistryNames } from "./registry-names.ts";

/** 本报乐陵讯 at the start of a paragraph: the paper's dateline, naming where the report was filed. */
export const DATELINE_AT_START = /^本报([^\s，。,]{1,8}?)讯(?!员)/;

/**
 * The place is set only when the text says it plainly: the headline starts with a registry place
 * (乐陵…, 禹城:…) or a dateline names one (本报乐陵讯), and they do not disagree.
 */
export function readPlace(a: ArticleBuilder, title: string | undefined, paragraphs: readonly string[], names: RegistryNames): void {
  const found = new Map<string, string>();
  const fromTitle = title ? placeAtStart(names, title) : undefined;
  if (fromTitle) found.set(fromTitle, `the headline ${quote(title ?? "", 12)}`);
  for (const paragraph of paragraphs) {
    const dateline = DATELINE_AT_START.exec(paragraph.trim());
    if (!dateline) continue;
    const place = placeNamed(names, dateline[1] ?? "");
    if (place) found.set(place, [found.get(place), `the dateline 本报${dateline[1]}讯`].filter(Boolean).join(" and "));
    else a.note("place", `the dateline 本报${dateline[1]}讯 names no place in content/_data/places.yaml`);
  }
  if (found.size === 1) {
    const [[place, why]] = [...found] as [[string, string]];
    a.set("place", place, `from ${why}`);
    return;
  }
  const mentioned = placesMentioned(names, paragraphs.join("\n")).slice(0, 5);
  const hint = mentioned.length ? `; places named in the text: ${mentioned.map(([p, n]) => `${p} ×${n}`).join(", ")}` : "";
  if (found.size > 1) a.fillIn("place", `the headline and datelines disagree: ${[...found].map(([p, why]) => `${p} (${why})`).join(", ")}${hint}`);
  else a.fillIn("place", `neither the headline nor a 本报X讯 dateline names the place${hint}`);
}
