import type { Article } from "../content/article.ts";

/** How many candidates near in time are looked at per shared place; keeps related-article search linear. */
const WINDOW = 40;
const DAY = 86_400_000;

/**
 * Each article's related articles, held as numbers: their places in the archive's list, `count`
 * slots per article. A republication keys every article page by them (render/pages.ts) and renders
 * a few: one typed array, not an array and a map entry per article kept through the build.
 */
export class RelatedArticles {
  readonly #articles: readonly Article[];
  readonly #best: Int32Array;
  readonly #found: Uint8Array;
  readonly #count: number;

  constructor(articles: readonly Article[], best: Int32Array, found: Uint8Array, count: number) {
    this.#articles = articles;
    this.#best = best;
    this.#found = found;
    this.#count = count;
  }

  /** The numbers of the related articles of the list's article `i`, best first. */
  of(i: number): Int32Array {
    return this.#best.subarray(i * this.#count, i * this.#count + (this.#found[i] ?? 0));
  }

  /** The related articles of the list's article `i`, best first. */
  at(i: number): Article[] {
    return Array.from(this.of(i), (j) => this.#articles[j] as Article);
  }
}

/**
 * Articles related to each article: sharing a place (required) and tags, close in date, never
 * the article itself. Candidates come from each shared place's date-ordered list around the
 * article, so the cost is bounded per article however large the archive grows.
 */
export function relatedArticles(articles: readonly Article[], count = 4): RelatedArticles {
  // This runs over every article on every build (`npm run bench` prints it in its stage, "site"):
  // articles, places and tags are numbers, candidates are scored into typed arrays, nothing is
  // allocated per candidate.
  const ids = new Map<string, number>();
  const idOf = (name: string) => {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = ids.size));
    return id;
  };
  // Each article's places and tags as numbers, all articles' in one array: article i's are
  // `names[start[i]…placesEnd[i])` and `names[placesEnd[i]…start[i + 1])`.
  const start = new Int32Array(articles.length + 1);
  const placesEnd = new Int32Array(articles.length);
  const names: number[] = [];
  articles.forEach((a, i) => {
    start[i] = names.length;
    for (const p of a.places) names.push(idOf(`p${p.name}`));
    placesEnd[i] = names.length;
    for (const t of a.tags) names.push(idOf(`t${t}`));
  });
  start[articles.length] = names.length;
  const name = Int32Array.from(names);
  // Each place's articles in archive order, and where each article stands in each of its places' lists.
  const byPlace = new Map<number, number[]>();
  const positions = new Int32Array(name.length);
  articles.forEach((_, i) => {
    for (let at = start[i] as number; at < (placesEnd[i] as number); at++) {
      let members = byPlace.get(name[at] as number);
      if (!members) byPlace.set(name[at] as number, (members = []));
      positions[at] = members.push(i) - 1;
    }
  });
  // Ties go to the file name, so results never depend on order: the files' order as numbers.
  const rank = new Int32Array(articles.length);
  [...articles.keys()].sort((a, b) => ((articles[a] as Article).file < (articles[b] as Article).file ? -1 : 1)).forEach((i, r) => (rank[i] = r));
  const days = Int32Array.from(articles, (a) => Date.UTC(a.date.year, a.date.month - 1, a.date.day) / DAY);
  // What being further apart in time takes off the score, per whole number of days apart.
  const span = days.length ? days.reduce((a, b) => Math.max(a, b)) - days.reduce((a, b) => Math.min(a, b)) : 0;
  const far = Float64Array.from({ length: span + 1 }, (_, apart) => Math.log2(1 + apart) / 4);
  const seen = new Int32Array(articles.length).fill(-1);
  // The best `count` so far, best first.
  const bestOther = new Int32Array(count);
  const bestScore = new Float64Array(count);
  const beats = (score: number, other: number, slot: number) =>
    score > (bestScore[slot] as number) || (score === bestScore[slot] && (rank[other] as number) < (rank[bestOther[slot] as number] as number));

  /** How many of the names in [a, aEnd) are among those in [b, bEnd) (each list holds a name once). */
  const common = (a: number, aEnd: number, b: number, bEnd: number) => {
    let n = 0;
    for (let x = a; x < aEnd; x++) for (let y = b; y < bEnd; y++) if (name[x] === name[y]) n++;
    return n;
  };
  const chosen = new Int32Array(articles.length * count);
  const chosenCount = new Uint8Array(articles.length);
  articles.forEach((_, i) => {
    let found = 0;
    const ownPlaces = start[i] as number;
    const ownTags = placesEnd[i] as number;
    const ownEnd = start[i + 1] as number;
    seen[i] = i;
    for (let p = ownPlaces; p < ownTags; p++) {
      const list = byPlace.get(name[p] as number) as number[];
      const at = positions[p] as number;
      for (let k = Math.max(0, at - WINDOW); k <= Math.min(list.length - 1, at + WINDOW); k++) {
        const j = list[k] as number;
        // The same neighbour turns up through each shared place: score it once.
        if (seen[j] === i) continue;
        seen[j] = i;
        const shared = 3 * common(start[j] as number, placesEnd[j] as number, ownPlaces, ownTags) + common(placesEnd[j] as number, start[j + 1] as number, ownTags, ownEnd);
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
    }
    chosen.set(bestOther.subarray(0, found), i * count);
    chosenCount[i] = found;
  });
  return new RelatedArticles(articles, chosen, chosenCount, count);
}
