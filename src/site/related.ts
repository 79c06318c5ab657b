import type { Article } from "../content/article.ts";

/** How many candidates near in time are looked at per shared place; keeps related-article search linear. */
const WINDOW = 40;
const DAY = 86_400_000;

/**
 * Articles related to each article: sharing a place (required) and tags, close in date, never
 * the article itself. Candidates come from each shared place's date-ordered list around the
 * article, so the cost is bounded per article however large the archive grows.
 */
export function relatedArticles(articles: readonly Article[], count = 4): ReadonlyMap<Article, readonly Article[]> {
  // Plain arrays indexed by article number: this runs over every article on every build.
  const byPlace = new Map<string, number[]>();
  articles.forEach((article, i) => {
    for (const place of article.places) {
      const list = byPlace.get(place.name);
      if (list) list.push(i);
      else byPlace.set(place.name, [i]);
    }
  });
  const positions: Map<string, number>[] = articles.map(() => new Map());
  for (const [name, list] of byPlace) list.forEach((i, at) => positions[i]?.set(name, at));
  const time = articles.map((a) => Date.UTC(a.date.year, a.date.month - 1, a.date.day));
  const seen = new Int32Array(articles.length).fill(-1);

  const related = new Map<Article, readonly Article[]>();
  articles.forEach((article, i) => {
    // The best `count` so far, best first: ties go to the file name, so results never depend on order.
    const best: { other: number; score: number }[] = [];
    const better = (a: { other: number; score: number }, b: { other: number; score: number }) =>
      a.score > b.score || (a.score === b.score && (articles[a.other] as Article).file < (articles[b.other] as Article).file);
    seen[i] = i;
    for (const place of article.places) {
      const list = byPlace.get(place.name) ?? [];
      const at = positions[i]?.get(place.name) ?? 0;
      for (let k = Math.max(0, at - WINDOW); k <= Math.min(list.length - 1, at + WINDOW); k++) {
        const j = list[k] as number;
        // The same neighbour turns up through each shared place: score it once.
        if (seen[j] === i) continue;
        seen[j] = i;
        const other = articles[j] as Article;
        let shared = 0;
        for (const p of other.places) if (article.places.includes(p)) shared += 3;
        for (const t of other.tags) if (article.tags.includes(t)) shared += 1;
        const candidate = { other: j, score: shared - Math.log2(1 + Math.abs((time[j] as number) - (time[i] as number)) / DAY) / 4 };
        if (best.length === count && !better(candidate, best[count - 1] as { other: number; score: number })) continue;
        let at2 = best.length;
        while (at2 > 0 && better(candidate, best[at2 - 1] as { other: number; score: number })) at2--;
        best.splice(at2, 0, candidate);
        if (best.length > count) best.pop();
      }
    }
    related.set(
      article,
      best.map((b) => articles[b.other] as Article),
    );
  });
  return related;
}
