import type { Article } from "../content/article.ts";

const NONE = new Int32Array(0);

/**
 * Lists of articles as their articles' numbers, each article's place in the archive's list
 * (`archive.articles`): the site model's listings, numbered as they are made.
 * A page's key is made from these numbers (render/pages.ts, FingerprintTable) without visiting the
 * records: a republication keys every page of the site, and looking up the fingerprint of every
 * record a page lists, one scattered record after another, was the larger part of that (a CPU
 * profile of an addition: `articleFingerprint`).
 */
export class ArticleNumbers {
  readonly #articles: readonly Article[];
  readonly #lists = new Map<readonly Article[], Int32Array>();
  #each: Map<Article, number> | undefined;

  /** `articles`: the archive's list, which numbers itself. */
  constructor(articles: readonly Article[]) {
    this.#articles = articles;
    this.#lists.set(articles, Int32Array.from(articles.keys()));
  }

  /** Notes the numbers of `list`'s articles, as the code that made the list knows them. */
  set(list: readonly Article[], numbers: Int32Array): void {
    this.#lists.set(list, numbers);
  }

  /** The numbers of `list`'s articles: as noted, or else looked up one by one (-1 for an article not in the archive). */
  of(list: readonly Article[]): Int32Array {
    const noted = this.#lists.get(list);
    if (noted) return noted;
    if (list.length === 0) return NONE;
    this.#each ??= new Map(this.#articles.map((article, i) => [article, i]));
    const each = this.#each;
    return Int32Array.from(list, (article) => each.get(article) ?? -1);
  }
}
