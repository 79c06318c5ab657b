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
  // This runs over every article on every build (`npm run bench` prints it in its stage, "site"):
  // articles, places and tags are numbers, candidates are scored into typed arrays, nothing is
  // allocated per candidate.
  const ids = new Map<string, number>();
  const idOf = (name: string) => {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = ids.size));
    return id;
  };
  const places = articles.map((a) => Int32Array.from(a.places, (p) => idOf(`p${p.name}`)));
  const tags = articles.map((a) => Int32Array.from(a.tags, (t) => idOf(`t${t}`)));
  // Each place's articles in archive order, and where each article stands in each of its places' lists.
  const byPlace = new Map<number, number[]>();
  const positions = places.map((list, i) =>
    Int32Array.from(list, (place) => {
      let members = byPlace.get(place);
      if (!members) byPlace.set(place, (members = []));
      return members.push(i) - 1;
    }),
  );
  // Ties go to the file name, so results never depend on order: the files' order as numbers.
  const rank = new Int32Array(articles.length);
  [...articles.keys()].sort((a, b) => ((articles[a] as Article).file < (articles[b] as Article).file ? -1 : 1)).forEach((i, r) => (rank[i] = r));
  const days = articles.map((a) => Date.UTC(a.date.year, a.date.month - 1, a.date.day) / DAY);
  // What being further apart in time takes off the score, per whole number of days apart.
  const span = days.length ? days.reduce((a, b) => Math.max(a, b)) - days.reduce((a, b) => Math.min(a, b)) : 0;
  const far = Float64Array.from({ length: span + 1 }, (_, apart) => Math.log2(1 + apart) / 4);
  const seen = new Int32Array(articles.length).fill(-1);
  // The best `count` so far, best first.
  const bestOther = new Int32Array(count);
  const bestScore = new Float64Array(count);
  const beats = (score: number, other: number, slot: number) =>
    score > (bestScore[slot] as number) || (score === bestScore[slot] && (rank[other] as number) < (rank[bestOther[slot] as number] as number));

  /** How many of `these` are among `those` (each list holds a name once). */
  const common = (these: Int32Array, those: Int32Array) => {
    let n = 0;
    for (let a = 0; a < these.length; a++) for (let b = 0; b < those.length; b++) if (these[a] === those[b]) n++;
    return n;
  };
  const related = new Map<Article, readonly Article[]>();
  articles.forEach((article, i) => {
    let found = 0;
    const own = places[i] as Int32Array;
    const ownTags = tags[i] as Int32Array;
    seen[i] = i;
    own.forEach((place, p) => {
      const list = byPlace.get(place) as number[];
      const at = (positions[i] as Int32Array)[p] as number;
      for (let k = Math.max(0, at - WINDOW); k <= Math.min(list.length - 1, at + WINDOW); k++) {
        const j = list[k] as number;
        // The same neighbour turns up through each shared place: score it once.
        if (seen[j] === i) continue;
        seen[j] = i;
        const shared = 3 * common(places[j] as Int32Array, own) + common(tags[j] as Int32Array, ownTags);
        const score = shared - (far[Math.abs((days[j] as number) - (days[i] as number))] as number);
        if (found === count && !beats(score, j, count - 1)) continue;
        let slot = Math.min(found, count - 1);
        while (slot > 0 && beats(score, j, slot - 1)) {
          bestOther[slot] = bestOther[slot - 1] as number;
          bestScore[slot] = bestScore[slot - 1] as number;
          slot--;
        }
        bestOther[slot] = j;
        bestScore[slot] = score;
        if (found < count) found++;
      }
    });
    related.set(
      article,
      Array.from(bestOther.subarray(0, found), (j) => articles[j] as Article),
    );
  });
  return related;
}
