import type { Article } from "./content/article.ts";

/** How many candidates near in time are looked at per shared place; keeps related-article search linear. */
const WINDOW = 40;
const DAY = 86_400_000;

/**
 * Articles related to each article: sharing a place (required) and tags, close in date, never
 * the article itself. Candidates come from each shared place's date-ordered list around the
 * article, so the cost is bounded per article however large the archive grows.
 */
export function relatedArticles(articles: readonly Article[], count = 4): ReadonlyMap<Article, readonly Article[]> {
  const byPlace = new Map<string, Article[]>();
  for (const article of articles) {
    for (const place of article.places) {
      const list = byPlace.get(place.name);
      if (list) list.push(article);
      else byPlace.set(place.name, [article]);
    }
  }
  const position = new Map<Article, Map<string, number>>();
  for (const [name, list] of byPlace) {
    list.forEach((article, i) => {
      const positions = position.get(article) ?? new Map<string, number>();
      positions.set(name, i);
      position.set(article, positions);
    });
  }
  const time = new Map(articles.map((a) => [a, Date.UTC(a.date.year, a.date.month - 1, a.date.day)]));

  const related = new Map<Article, readonly Article[]>();
  for (const article of articles) {
    // The same neighbour turns up through the county, the city and the province: score it once.
    const candidates = new Set<Article>();
    for (const place of article.places) {
      const list = byPlace.get(place.name) ?? [];
      const at = position.get(article)?.get(place.name) ?? 0;
      for (let i = Math.max(0, at - WINDOW); i <= Math.min(list.length - 1, at + WINDOW); i++) candidates.add(list[i] as Article);
    }
    candidates.delete(article);
    const own = time.get(article) ?? 0;
    const scored: { other: Article; score: number }[] = [];
    for (const other of candidates) {
      const sharedPlaces = other.places.filter((p) => article.places.includes(p)).length;
      const sharedTags = other.tags.filter((t) => article.tags.includes(t)).length;
      const days = Math.abs((time.get(other) ?? 0) - own) / DAY;
      scored.push({ other, score: sharedPlaces * 3 + sharedTags - Math.log2(1 + days) / 4 });
    }
    scored.sort((a, b) => b.score - a.score || (a.other.file < b.other.file ? -1 : 1));
    related.set(
      article,
      scored.slice(0, count).map((s) => s.other),
    );
  }
  return related;
}
