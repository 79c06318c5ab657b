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
  const time = (a: Article) => Date.UTC(a.date.year, a.date.month - 1, a.date.day);

  const related = new Map<Article, readonly Article[]>();
  for (const article of articles) {
    const scores = new Map<Article, number>();
    for (const place of article.places) {
      const list = byPlace.get(place.name) ?? [];
      const at = position.get(article)?.get(place.name) ?? 0;
      for (const other of list.slice(Math.max(0, at - WINDOW), at + WINDOW + 1)) {
        if (other === article) continue;
        const sharedPlaces = other.places.filter((p) => article.places.includes(p)).length;
        const sharedTags = other.tags.filter((t) => article.tags.includes(t)).length;
        const days = Math.abs(time(other) - time(article)) / DAY;
        scores.set(other, sharedPlaces * 3 + sharedTags - Math.log2(1 + days) / 4);
      }
    }
    related.set(
      article,
      [...scores]
        .sort(([a, sa], [b, sb]) => sb - sa || (a.file < b.file ? -1 : 1))
        .slice(0, count)
        .map(([other]) => other),
    );
  }
  return related;
}
