import { sha1 } from "../core/digest.ts";
import type { Article } from "../content/article.ts";

/**
 * Short digests of records, for the preview's incremental rebuild: a page whose inputs have the
 * same fingerprints as last time renders to the same bytes and is not rendered again.
 */
const cache = new WeakMap<Article, string>();

// Places and newspapers stand in by slug: their details belong to the registries (site-wide).
const flat = (_key: string, value: unknown) => (value && typeof value === "object" && "slug" in value && "name" in value ? (value as { slug: string }).slug : value);

export function articleFingerprint(article: Article | undefined): string {
  if (!article) return "-";
  let digest = cache.get(article);
  if (!digest) {
    digest = sha1(JSON.stringify(article, flat), "base64url").slice(0, 16);
    cache.set(article, digest);
  }
  return digest;
}

/** The fingerprint an earlier build computed for a record of the same file, bytes and registries (the build cache), so it is not computed again. */
export function rememberFingerprint(article: Article, fingerprint: string): void {
  cache.set(article, fingerprint);
}

export function listFingerprint(articles: readonly Article[]): string {
  return sha1(articles.map(articleFingerprint).join(), "base64url");
}

export function digest(value: unknown): string {
  return sha1(JSON.stringify(value, flat), "base64url");
}

/** Bytes of a fingerprint: its 16 base64url characters. */
const FINGERPRINT_BYTES = 12;

/**
 * The fingerprints of a list of articles (the archive's) as bytes in one table, and their days,
 * both by number (an article's place in the list): the keys of a page's articles are then read
 * from a table a few MB long, not from each record and its entry in the fingerprints' WeakMap,
 * scattered over the heap (see site/numbers.ts). Made once per list.
 */
export class FingerprintTable {
  static readonly #made = new WeakMap<readonly Article[], FingerprintTable>();
  readonly #bytes: Buffer;
  readonly #days: Int32Array;
  #scratch = Buffer.alloc(FINGERPRINT_BYTES * 64);

  private constructor(articles: readonly Article[]) {
    this.#bytes = Buffer.alloc(articles.length * FINGERPRINT_BYTES);
    this.#days = new Int32Array(articles.length);
    articles.forEach((article, i) => {
      this.#bytes.write(articleFingerprint(article), i * FINGERPRINT_BYTES, FINGERPRINT_BYTES, "base64url");
      this.#days[i] = article.date.year * 10_000 + article.date.month * 100 + article.date.day;
    });
  }

  /** The table of `articles`, made the first time it is asked for. */
  static of(articles: readonly Article[]): FingerprintTable {
    let table = FingerprintTable.#made.get(articles);
    if (!table) FingerprintTable.#made.set(articles, (table = new FingerprintTable(articles)));
    return table;
  }

  /** The fingerprints of the articles of these numbers, in their order, as one text (a number that is no article's stands for none). */
  list(numbers: ArrayLike<number>): string {
    const length = numbers.length * FINGERPRINT_BYTES;
    if (this.#scratch.length < length) this.#scratch = Buffer.alloc(length);
    const scratch = this.#scratch;
    for (let k = 0; k < numbers.length; k++) {
      const at = numbers[k] as number;
      const known = at >= 0 && at < this.#days.length;
      for (let b = 0; b < FINGERPRINT_BYTES; b++) scratch[k * FINGERPRINT_BYTES + b] = known ? (this.#bytes[at * FINGERPRINT_BYTES + b] as number) : 0;
    }
    return scratch.toString("base64url", 0, length);
  }

  /** The days of the articles of these numbers in their order, as a digest (a listing's calendars show them): numbers, not text joined. */
  days(numbers: ArrayLike<number>): string {
    const days = new Int32Array(numbers.length);
    for (let k = 0; k < numbers.length; k++) days[k] = this.#days[numbers[k] as number] as number;
    return sha1(new Uint8Array(days.buffer), "base64url");
  }
}
