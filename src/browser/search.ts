/**
 * The search page, in the browser. A query is split into parts (spaces and punctuation separate
 * them) and each part into the terms the index was built from (terms.ts). Pagefind looks up each
 * term on its own and gives, per article, the positions where it stands; a part matches where its
 * terms stand at consecutive positions, which is exactly where the article contains it. From the
 * positions alone, without loading any article, come the ranking (title, then subtitle and
 * metadata, then body; then how often; then newest) and the facet counts (with facets.json).
 * The query, filters and sort live in the URL. Everything from content is inserted as text.
 *
 * The index is Pagefind's format, split (src/search/pagefind/writer.ts, blockSize and
 * chunksPerPart; parts.json): a Pagefind page is a block of articles, a position says which
 * article of the block, and the word index is cut into parts by word, each with its own meta
 * file, read when a query first needs a word of it. A frequent word comes in pieces, newest
 * articles first (the writer's pieceBytes): a query reads the next piece only when the results it
 * shows need it (TermPostings, Search). The page reads these files itself (see SearchIndex) and
 * fetches articles' fragments by their number.
 */
import { HEAD_SLOTS, articleAt, recordFragment, type PartsJson } from "../search/pagefind/layout.ts";
import { BYLINE_LABELS, containsQuery, normalizeText, phraseTerms, pieceWord, queryParts, tierOf, type Tier } from "../search/analyzer/terms.ts";

interface PagefindFragment {
  readonly url: string;
  readonly content: string;
  readonly meta: Readonly<Record<string, string>>;
}

const SELECTS = ["place", "source", "tag"] as const;
type SelectName = (typeof SELECTS)[number];
const FACETS = [...SELECTS, "year"] as const;
type FacetName = (typeof FACETS)[number];
type Sort = "relevance" | "newest" | "oldest";
const LABELS: Record<FacetName, string> = { place: "地区", source: "报纸", tag: "标签", year: "年份" };

export interface SearchState {
  readonly q: string;
  readonly filters: Partial<Record<SelectName, string>>;
  /** A year range, both ends included; either may be open. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly sort: Sort;
}

export interface Hit {
  readonly url: string;
  readonly title: string;
  readonly date: string;
  readonly source: string;
  readonly places: string;
  /** Where the query was found when it is not in the title or the body: ["记者", "张海峰"]. */
  readonly field: readonly [string, string] | undefined;
  readonly text: string;
}

const PAGE = 10;
const TIER_RANK: Record<Tier, number> = { title: 0, fields: 1, body: 2 };

const sortOf = (value: string | null | undefined): Sort => (value === "newest" || value === "oldest" ? value : "relevance");
const isYear = (value: string | null | undefined): value is string => !!value && /^\d{4}$/.test(value);

/** The state of query `q` with the filters and sort `value` gives by name (the URL's parameters, the form's fields). */
function stateOf(q: string, value: (name: string) => string | null | undefined): SearchState {
  const filters: Partial<Record<SelectName, string>> = {};
  for (const name of SELECTS) {
    const chosen = value(name);
    if (chosen) filters[name] = chosen;
  }
  // ?year=2021 (older shared links) is the range 2021–2021.
  const year = value("year");
  let from = value("from") ?? year;
  let to = value("to") ?? year;
  // A range given backwards (从 2022 到 2019) is the years between them, as a reader means it.
  if (isYear(from) && isYear(to) && from > to) [from, to] = [to, from];
  return { q, filters, from: isYear(from) ? from : undefined, to: isYear(to) ? to : undefined, sort: sortOf(value("sort")) };
}

export function stateFromUrl(url: URL): SearchState {
  return stateOf(url.searchParams.get("q") ?? "", (name) => url.searchParams.get(name));
}

export function urlForState(state: SearchState, base: URL): URL {
  const url = new URL(base.pathname, base);
  if (state.q) url.searchParams.set("q", state.q);
  for (const name of SELECTS) {
    const value = state.filters[name];
    if (value) url.searchParams.set(name, value);
  }
  if (state.from) url.searchParams.set("from", state.from);
  if (state.to) url.searchParams.set("to", state.to);
  if (state.sort !== "relevance") url.searchParams.set("sort", state.sort);
  return url;
}

const hasFilters = (state: SearchState) => Object.keys(state.filters).length > 0 || !!state.from || !!state.to;

/**
 * The bundle's payload: gzip of "pagefind_dcd" and the data (src/search/pagefind/writer.ts, THE
 * FORMAT ASSUMPTIONS), as the host sends Pagefind's files, unchanged.
 */
async function fetchPayload(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  if (String.fromCharCode(...bytes.subarray(0, 12)) !== "pagefind_dcd") throw new Error(`${url}: not a Pagefind file`);
  return bytes.subarray(12);
}

/** Reads the CBOR the index files are made of: unsigned and negative integers, text, arrays. */
class Cbor {
  private at = 0;
  private readonly text = new TextDecoder();
  constructor(private readonly bytes: Uint8Array) {}

  /** The last head's major type. */
  private major = 0;

  /** Reads the next item's head: sets `major`, returns its argument (no allocation: this runs once per position). */
  private head(): number {
    const b = this.bytes;
    const initial = b[this.at++] as number;
    const info = initial & 31;
    this.major = initial >> 5;
    if (info < 24) return info;
    if (info === 24) return b[this.at++] as number;
    if (info === 25) return ((b[this.at++] as number) << 8) | (b[this.at++] as number);
    if (info === 26) return (((b[this.at++] as number) << 24) >>> 0) + ((b[this.at++] as number) << 16) + ((b[this.at++] as number) << 8) + (b[this.at++] as number);
    throw new Error(`unexpected CBOR head ${initial}`);
  }

  array(): number {
    const value = this.head();
    if (this.major !== 4) throw new Error(`expected a CBOR array, found major type ${this.major}`);
    return value;
  }

  /** An integer: unsigned, or negative (−1 − n). */
  int(): number {
    const value = this.head();
    if (this.major > 1) throw new Error(`expected a CBOR integer, found major type ${this.major}`);
    return this.major === 0 ? value : -1 - value;
  }

  string(): string {
    const value = this.head();
    if (this.major !== 3) throw new Error(`expected CBOR text, found major type ${this.major}`);
    this.at += value;
    return this.text.decode(this.bytes.subarray(this.at - value, this.at));
  }

  skip(): void {
    const value = this.head();
    const major = this.major;
    if (major === 2 || major === 3) this.at += value;
    else if (major === 4) for (let i = 0; i < value; i++) this.skip();
    else if (major === 5) for (let i = 0; i < 2 * value; i++) this.skip();
  }
}

/** Per article holding a term, its positions there, ascending. */
type Postings = Map<number, Int32Array>;

/** A chunk of the word index a part's meta file lists: its words sort from `from` to `to`. */
interface ChunkEntry {
  readonly from: string;
  readonly to: string;
  readonly hash: string;
}

/**
 * The site's index, read straight from the Pagefind bundle's files (the format the writer
 * documents and tests against Pagefind's own runtime): a word's part (parts.json), that part's
 * chunk list (its meta file), the chunk holding the word, and its page entries. Measured on
 * 10,000 articles, Pagefind's runtime took most of a frequent word's lookup to score and serialize
 * positions the page only needs as numbers, and is 90 KB of every first download.
 */
class SearchIndex {
  private readonly chunkLists = new Map<number, Promise<ChunkEntry[]>>();
  private readonly chunks = new Map<string, Promise<Uint8Array>>();
  private readonly fragments = new Map<number, Promise<PagefindFragment>>();
  private readonly terms = new Map<string, TermPostings>();

  constructor(
    readonly layout: PartsJson,
    private readonly base: string,
  ) {}

  private folder(part: number): string {
    return `${this.base}pagefind/${part ? `p${part}/` : ""}`;
  }

  /** The part holding a word: how many later parts start at or before it. */
  private partOf(term: string): number {
    let part = 0;
    while (part < this.layout.parts.length && (this.layout.parts[part] as string) <= term) part++;
    return part;
  }

  /** A part's chunk list, from the meta file its pagefind-entry.json names. */
  private chunkList(part: number): Promise<ChunkEntry[]> {
    let list = this.chunkLists.get(part);
    if (!list) {
      list = (async () => {
        const entry = (await (await fetch(`${this.folder(part)}pagefind-entry.json`)).json()) as { languages: Record<string, { hash: string }> };
        const [language] = Object.values(entry.languages);
        const meta = new Cbor(await fetchPayload(`${this.folder(part)}pagefind.${language?.hash ?? ""}.pf_meta`));
        meta.array();
        meta.skip(); // version
        meta.skip(); // pages
        const out: ChunkEntry[] = [];
        for (let n = meta.array(); n > 0; n--) {
          meta.array();
          out.push({ from: meta.string(), to: meta.string(), hash: meta.string() });
        }
        return out;
      })();
      this.chunkLists.set(part, list);
    }
    return list;
  }

  /** A term's postings as far as they are loaded, shared by every search. */
  term(term: string): TermPostings {
    let postings = this.terms.get(term);
    if (!postings) this.terms.set(term, (postings = new TermPostings(this, term)));
    return postings;
  }

  /**
   * Every article holding the index word, with the word's positions in it, ascending; and whether
   * the next word in the index starts with `prefix` (read from the chunk, or else from the next
   * chunk's or part's first word, so without loading more).
   */
  async lookup(term: string, prefix: string): Promise<{ postings: Postings; followed: boolean }> {
    const out: Postings = new Map();
    const part = this.partOf(term);
    const list = await this.chunkList(part);
    const at = list.findIndex((c) => c.from <= term && term <= c.to);
    const chunk = list[at];
    if (!chunk) return { postings: out, followed: false };
    const url = `${this.folder(part)}index/${chunk.hash}.pf_index`;
    let bytes = this.chunks.get(url);
    if (!bytes) this.chunks.set(url, (bytes = fetchPayload(url)));
    const cbor = new Cbor(await bytes);
    const { block, stride, firstPage } = this.layout;
    // A block placed by hash (the layout's head) spreads its articles over HEAD_SLOTS slots.
    const slotsOf = (blockNumber: number) => (blockNumber < this.layout.head.length ? HEAD_SLOTS : block);
    cbor.array();
    for (let words = cbor.array(); words > 0; words--) {
      cbor.array();
      const word = cbor.string();
      if (word !== term) {
        cbor.skip();
        cbor.skip();
        if (word > term) break;
        continue;
      }
      // [page delta, locs, meta locs] per page; locs: −(weight + 1) then an absolute position, then
      // deltas. In a block (blockSize in the writer) a position also says which of its articles.
      // Pagefind's page number; block firstPage + k is block k of the layout.
      let pageNumber = 0;
      let positions = new Int32Array(1024);
      const perSlot = new Int32Array(slotsOf(0));
      const slotOf = (p: number) => (block === 1 ? 0 : Math.floor(p / stride));
      for (let pages = cbor.array(); pages > 0; pages--) {
        cbor.array();
        pageNumber += cbor.int();
        const blockNumber = pageNumber - firstPage;
        const slots = slotsOf(blockNumber);
        let n = 0;
        let position = 0;
        let absolute = false;
        const locs = cbor.array();
        if (positions.length < locs) positions = new Int32Array(locs);
        for (let i = 0; i < locs; i++) {
          const value = cbor.int();
          if (value < 0) absolute = true;
          else {
            position = absolute ? value : position + value;
            absolute = false;
            positions[n++] = position;
          }
        }
        cbor.skip();
        perSlot.fill(0, 0, slots);
        for (let i = 0; i < n; i++) {
          const slot = slotOf(positions[i] as number);
          perSlot[slot] = (perSlot[slot] as number) + 1;
        }
        const lists: Int32Array[] = [];
        for (let slot = 0; slot < slots; slot++) if (perSlot[slot]) lists[slot] = new Int32Array(perSlot[slot] as number);
        perSlot.fill(0, 0, slots);
        for (let i = 0; i < n; i++) {
          const p = positions[i] as number;
          const slot = slotOf(p);
          const k = perSlot[slot] as number;
          perSlot[slot] = k + 1;
          (lists[slot] as Int32Array)[k] = p - slot * stride;
        }
        lists.forEach((list, slot) => out.set(articleAt(this.layout, blockNumber, slot), list.sort()));
      }
      cbor.skip(); // variants
      const next = words > 1 ? (cbor.array(), cbor.string()) : (list[at + 1]?.from ?? this.layout.parts[part] ?? "");
      return { postings: out, followed: next.startsWith(prefix) };
    }
    return { postings: out, followed: false };
  }

  /** An article's fragment (JSON), fetched once. */
  fragment(page: number): Promise<PagefindFragment> {
    let fragment = this.fragments.get(page);
    if (!fragment) {
      const url = `${this.base}pagefind/${recordFragment(this.layout, page)}`;
      fragment = fetchPayload(url).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)) as PagefindFragment);
      this.fragments.set(page, fragment);
    }
    return fragment;
  }
}

/**
 * A term's postings as far as they are loaded. A frequent term is written in pieces, each the
 * next-older articles' entries (the writer's pieceBytes); `covered` says up to which article
 * every position of the term is here.
 */
class TermPostings {
  readonly postings: Postings = new Map();
  /** Every article numbered up to this has all its positions of the term here; Infinity: all do. */
  covered = -1;
  private pieces = 0;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    private readonly index: SearchIndex,
    readonly term: string,
  ) {}

  /** Loads pieces until `covered` is past `article` (one load at a time: searches share this). */
  reach(article: number): Promise<void> {
    this.loading = this.loading.then(async () => {
      while (this.covered <= article) {
        const { postings, followed } = await this.index.lookup(pieceWord(this.term, this.pieces++), `${this.term}-`);
        let last = -1;
        for (const [page, positions] of postings) {
          this.postings.set(page, positions);
          last = Math.max(last, page);
        }
        // A piece ends with a whole block: the articles up to the end of its last block are covered.
        const { block, offset } = this.index.layout;
        this.covered = followed ? (Math.floor((last + offset) / block) + 1) * block - 1 - offset : Infinity;
      }
    });
    return this.loading;
  }
}

/** Loads the index's layout once. */
let indexPromise: Promise<SearchIndex> | undefined;
function loadIndex(base: string): Promise<SearchIndex> {
  indexPromise ??= fetch(`${base}pagefind/parts.json`).then(async (r) => {
    if (!r.ok) throw new Error(`parts.json: HTTP ${r.status}`);
    return new SearchIndex((await r.json()) as PartsJson, base);
  });
  return indexPromise;
}

/**
 * Every article's filter values (facets.json, written beside the index by src/search/bundle/site-search.ts):
 * per filter, [value, page numbers as deltas]. Articles are numbered newest first.
 */
export class Facets {
  readonly pages: number;
  /** Per filter: value → the pages carrying it. */
  readonly byValue: Record<FacetName, Map<string, Set<number>>>;
  /** Per filter: the values, in the order of facets.json (the site's order). */
  readonly values: Record<FacetName, string[]>;

  constructor(json: { pages: number; filters: Record<string, [string, number[]][]> }) {
    this.pages = json.pages;
    this.byValue = {} as Facets["byValue"];
    this.values = {} as Facets["values"];
    for (const name of FACETS) {
      const map = new Map<string, Set<number>>();
      for (const [value, deltas] of json.filters[name] ?? []) {
        let page = 0;
        map.set(value, new Set(deltas.map((d) => (page += d))));
      }
      this.byValue[name] = map;
      this.values[name] = [...map.keys()];
    }
  }

  /** The years of a range, as filter values. */
  years(state: SearchState): string[] | undefined {
    if (!state.from && !state.to) return undefined;
    return this.values.year.filter((y) => (!state.from || y >= state.from) && (!state.to || y <= state.to));
  }

  /** Whether a page passes every filter of the state except `except`. */
  passes(page: number, state: SearchState, except?: FacetName): boolean {
    for (const name of SELECTS) {
      const value = state.filters[name];
      if (value && name !== except && !this.byValue[name].get(value)?.has(page)) return false;
    }
    if (except !== "year") {
      const years = this.years(state);
      if (years && !years.some((y) => this.byValue.year.get(y)?.has(page))) return false;
    }
    return true;
  }

  /** Counts per value of each filter among `pages`, each filter counted with the others applied. */
  counts(pages: Iterable<number>, state: SearchState): Record<FacetName, Map<string, number>> {
    const out = Object.fromEntries(FACETS.map((n) => [n, new Map<string, number>()])) as Record<FacetName, Map<string, number>>;
    const list = [...pages];
    for (const name of FACETS) {
      // Through each page's values: a query can match most of a large archive, with thousands of tags.
      const values = this.values[name];
      const ofPage = this.valuesOfPage(name);
      const tally = new Array<number>(values.length).fill(0);
      for (const p of list) if (this.passes(p, state, name)) for (const v of ofPage[p] ?? []) tally[v] = (tally[v] as number) + 1;
      values.forEach((value, i) => out[name].set(value, tally[i] as number));
    }
    return out;
  }

  private readonly pageValues = new Map<FacetName, number[][]>();
  /** Per page, the indexes (in `values`) of its values of a filter. */
  private valuesOfPage(name: FacetName): number[][] {
    let ofPage = this.pageValues.get(name);
    if (!ofPage) {
      const built: number[][] = Array.from({ length: this.pages }, () => []);
      this.values[name].forEach((value, i) => {
        for (const p of this.byValue[name].get(value) ?? []) built[p]?.push(i);
      });
      this.pageValues.set(name, (ofPage = built));
    }
    return ofPage;
  }

  /** Filter values of the state that no article carries (from a mistyped or outdated shared URL). */
  unknown(state: SearchState): [FacetName, string][] {
    const out: [FacetName, string][] = [];
    for (const name of SELECTS) {
      const value = state.filters[name];
      if (value && !this.byValue[name].has(value)) out.push([name, value]);
    }
    return out;
  }
}

let facetsPromise: Promise<Facets> | undefined;
function loadFacets(base: string): Promise<Facets> {
  facetsPromise ??= fetch(`${base}pagefind/facets.json`).then(async (r) => {
    if (!r.ok) throw new Error(`facets.json: HTTP ${r.status}`);
    return new Facets((await r.json()) as ConstructorParameters<typeof Facets>[0]);
  });
  return facetsPromise;
}

interface Candidate {
  /** The article's number (the records' order, newest first). */
  readonly page: number;
  /** Best place of a match: 0 title, 1 fields, 2 body. */
  readonly tier: number;
  /** Occurrences of the query (its parts' matches, added up). */
  readonly count: number;
}

/**
 * The articles numbered in (from, to] containing every part of the query, with where and how
 * often: each distinct term is looked up alone (so every position comes back), and a part matches
 * at p when its k-th term stands at p + k. One-character parts have their body positions capped by
 * the index (one per article), so they rank by where, then by date.
 */
function matchQuery(byTerm: ReadonlyMap<string, Postings>, partTerms: readonly (readonly string[])[], from: number, to: number): Candidate[] {
  const postings = [...byTerm.values()];
  // Walk the articles of the rarest term.
  const rarest = postings.reduce<Postings | undefined>((a, b) => (!a || b.size < a.size ? b : a), undefined);
  const out: Candidate[] = [];
  for (const page of rarest?.keys() ?? []) {
    if (page <= from || page > to || !postings.every((p) => p.has(page))) continue;
    let tier = 0;
    let count = 0;
    let all = true;
    for (const termsOfPart of partTerms) {
      const [head, ...rest] = termsOfPart.map((t) => (byTerm.get(t) as Postings).get(page) as Int32Array);
      // Positions ascend, so each following term's list is walked once.
      const at = rest.map(() => 0);
      let best = 2;
      let found = 0;
      for (const p of head ?? []) {
        let match = true;
        rest.forEach((list, k) => {
          let i = at[k] as number;
          while (i < list.length && (list[i] as number) < p + k + 1) i++;
          at[k] = i;
          if (list[i] !== p + k + 1) match = false;
        });
        if (match) {
          found++;
          best = Math.min(best, TIER_RANK[tierOf(p)]);
        }
      }
      if (!found) {
        all = false;
        break;
      }
      tier = Math.max(tier, best);
      count += found;
    }
    if (all) out.push({ page, tier, count });
  }
  return out;
}

/**
 * A running search: the matching articles in order; their text is loaded as they are shown.
 * When a term of the query comes in pieces, the matches are known only up to the article its
 * loaded pieces cover, so results are ranked by where, then newest first (not by how often, which
 * would need every piece): the title matches found so far can be shown, being newer than any
 * title match still to be found, and the rest once every piece is loaded. More pieces are loaded
 * as the reader pages on, and all of them for the oldest first, or for counting filter values.
 */
export class Search {
  private readonly verified: Hit[] = [];
  private next = 0;
  /** The matches among the articles up to `covered`: all of them (for the counts), and those passing the filters, in order. */
  private readonly matched: number[] = [];
  private readonly candidates: Candidate[] = [];
  private covered = -1;
  /** Per filter value, the matching articles with the other filters applied (once facets.json is loaded). */
  counts: Record<FacetName, Map<string, number>> | undefined;
  private constructor(
    private readonly index: SearchIndex,
    private readonly terms: readonly TermPostings[],
    private readonly partTerms: readonly (readonly string[])[],
    private readonly facets: Facets | undefined,
    /** The parts every shown result contains (queryParts), to mark them. */
    readonly parts: readonly string[],
    readonly state: SearchState,
    /** Whether a term came in pieces: then ranked by where, then newest. */
    private readonly pieced: boolean,
  ) {}

  /** A search; `facets` must be given when the state has filters. */
  static async run(index: SearchIndex, facets: Facets | undefined, state: SearchState): Promise<Search> {
    const parts = queryParts(state.q);
    const partTerms = parts.map(phraseTerms);
    const terms = [...new Set(partTerms.flat())].map((t) => index.term(t));
    await Promise.all(terms.map((t) => t.reach(-1)));
    const search = new Search(index, terms, partTerms, facets, parts, state, terms.some((t) => t.covered < Infinity));
    if (parts.length) search.grow();
    else if (hasFilters(state) && facets) search.add(range(facets.pages).map((page) => ({ page, tier: 2, count: 0 })), Infinity);
    else search.covered = Infinity;
    // The counts need every match, the oldest first the last piece.
    if (facets || state.sort === "oldest") await search.complete();
    if (facets) search.countWith(facets);
    return search;
  }

  /** Adds the matches among the articles up to `covered`. */
  private add(found: Candidate[], covered: number): void {
    this.covered = covered;
    this.matched.push(...found.map((c) => c.page));
    const { facets, state } = this;
    this.candidates.push(...(facets ? found.filter((c) => facets.passes(c.page, state)) : found));
    const byCount = state.sort === "relevance" && !this.pieced;
    if (state.sort === "relevance") this.candidates.sort((a, b) => a.tier - b.tier || (byCount ? b.count - a.count : 0) || a.page - b.page);
    else this.candidates.sort((a, b) => (state.sort === "newest" ? a.page - b.page : b.page - a.page));
  }

  /** Matches the articles the terms now cover beyond those already matched. */
  private grow(): void {
    const to = Math.min(...this.terms.map((t) => t.covered));
    if (to <= this.covered) return;
    this.add(matchQuery(new Map(this.terms.map((t) => [t.term, t.postings])), this.partTerms, this.covered, to), to);
  }

  /** Loads the next piece of the terms that cover the fewest articles. */
  private async extend(): Promise<void> {
    const least = Math.min(...this.terms.map((t) => t.covered));
    await Promise.all(this.terms.filter((t) => t.covered === least).map((t) => t.reach(least)));
    this.grow();
  }

  /** Loads every piece; then every match is known. */
  async complete(): Promise<this> {
    while (!this.isComplete) await this.extend();
    return this;
  }

  get isComplete(): boolean {
    return this.covered === Infinity;
  }

  /** Counts each filter value among the matches (facets.json may arrive after the results). */
  async countWith(facets: Facets): Promise<void> {
    await this.complete();
    if (this.parts.length || hasFilters(this.state)) this.counts = facets.counts(this.matched, this.state);
  }

  /** Articles found so far (all of them once isComplete). */
  get found(): number {
    return this.candidates.length;
  }

  /** How many of the candidates are in their final place: more pieces cannot put a match before them. */
  private get ready(): number {
    if (this.isComplete || this.state.sort !== "relevance") return this.candidates.length;
    const titles = this.candidates.findIndex((c) => c.tier > 0);
    return titles < 0 ? this.candidates.length : titles;
  }

  get done(): boolean {
    return this.isComplete && this.next >= this.candidates.length;
  }

  get shown(): number {
    return this.verified.length;
  }

  /** The next `count` results (each checked against its text, as a safeguard). */
  async more(count = PAGE): Promise<Hit[]> {
    const hits: Hit[] = [];
    while (hits.length < count && !this.done) {
      if (this.next >= this.ready) {
        await this.extend();
        continue;
      }
      const batch = this.candidates.slice(this.next, Math.min(this.ready, this.next + count - hits.length));
      this.next += batch.length;
      for (const fragment of await Promise.all(batch.map((c) => this.index.fragment(c.page)))) {
        if (!containsQuery(fragment.content, this.parts)) continue;
        hits.push(hitOf(fragment, this.parts));
      }
    }
    this.verified.push(...hits);
    return hits;
  }

  /** The page numbers (the records' order, newest first) of every matching article, in order; loads no article. */
  async pages(): Promise<number[]> {
    await this.complete();
    return this.candidates.map((c) => c.page);
  }

  /** URLs of every matching article, before the check against their text (to measure the index itself). */
  async candidateUrls(): Promise<string[]> {
    await this.complete();
    return (await Promise.all(this.candidates.map((c) => this.index.fragment(c.page)))).map((f) => f.url);
  }

  /** Every matching article, in order (for tools and tests). */
  async all(): Promise<Hit[]> {
    while (!this.done) await this.more(50);
    return [...this.verified];
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const BYLINES: ReadonlySet<string> = new Set(Object.values(BYLINE_LABELS));

/**
 * A result from its fragment: the content holds the title, one line per field (labels in
 * meta.fields, one per line), then the body (src/search/bundle/records.ts, searchText).
 */
function hitOf(fragment: PagefindFragment, parts: readonly string[]): Hit {
  const labels = (fragment.meta["fields"] ?? "").split("\n").filter(Boolean);
  const lines = fragment.content.split("\n");
  const title = lines[0] ?? "";
  const fields = lines.slice(1, 1 + labels.length);
  const text = lines.slice(1 + labels.length).join("\n");
  const inTitle = parts.every((p) => normalizeText(title).includes(p));
  const inTitleOrText = parts.every((p) => normalizeText(title).includes(p) || normalizeText(text).includes(p));
  // A byline is shown even when the text names the person too: a mention does not say who wrote it.
  const shown = (i: number) => !inTitleOrText || BYLINES.has(labels[i] ?? "");
  const at = inTitle || !parts.length ? -1 : fields.findIndex((f, i) => shown(i) && parts.some((p) => normalizeText(f).includes(p)));
  return {
    url: fragment.url,
    title,
    date: fragment.meta["date"] ?? "",
    source: fragment.meta["source"] ?? "",
    places: fragment.meta["places"] ?? "",
    field: at >= 0 ? [labels[at] as string, fields[at] as string] : undefined,
    text,
  };
}

/**
 * Where the query parts occur in `text`, as [start, end) ranges of the original string. Matching
 * runs on normalized text (NFKC, lowercase), which can change length (… → ...), so every
 * normalized character remembers the original character it came from.
 */
export function matchRanges(text: string, parts: readonly string[]): [number, number][] {
  let normalized = "";
  const origin: number[] = [];
  let offset = 0;
  for (const char of text) {
    const folded = normalizeText(char);
    normalized += folded;
    for (let i = 0; i < folded.length; i++) origin.push(offset);
    offset += char.length;
  }
  origin.push(text.length);
  const ranges: [number, number][] = [];
  for (const part of parts) {
    if (!part) continue;
    for (let at = normalized.indexOf(part); at !== -1; at = normalized.indexOf(part, at + part.length)) {
      // The range ends after the original character that the match's last character came from.
      const last = origin[at + part.length - 1] ?? 0;
      ranges.push([origin[at] ?? 0, last + ((text.codePointAt(last) ?? 0) > 0xffff ? 2 : 1)]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Text nodes with each occurrence of the query parts wrapped in <mark>. */
function highlighted(doc: Document, text: string, parts: readonly string[]): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  let at = 0;
  for (const [start, end] of matchRanges(text, parts)) {
    fragment.append(text.slice(at, start));
    const mark = doc.createElement("mark");
    mark.textContent = text.slice(start, end);
    fragment.append(mark);
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

/** About 80 characters of the text around the first match. */
function excerpt(text: string, parts: readonly string[]): string {
  const flat = text.replace(/\s+/g, " ");
  const first = matchRanges(flat, parts)[0]?.[0] ?? 0;
  const start = Math.max(0, first - 30);
  return `${start > 0 ? "…" : ""}${flat.slice(start, start + 80)}${start + 80 < flat.length ? "…" : ""}`;
}

function renderHit(doc: Document, hit: Hit, parts: readonly string[]): HTMLLIElement {
  const item = doc.createElement("li");
  item.className = "summary search-hit";
  const heading = doc.createElement("h3");
  heading.className = "summary-title";
  const link = doc.createElement("a");
  link.href = hit.url;
  link.append(highlighted(doc, hit.title, parts));
  heading.append(link);
  const meta = doc.createElement("p");
  meta.className = "summary-meta";
  meta.textContent = [hit.date, hit.source, hit.places].filter(Boolean).join(" · ");
  item.append(heading, meta);
  if (hit.field) {
    const where = doc.createElement("p");
    where.className = "search-where";
    where.append(`${hit.field[0]}：`, highlighted(doc, hit.field[1], parts));
    item.append(where);
  }
  const text = doc.createElement("p");
  text.className = "search-excerpt";
  text.append(highlighted(doc, excerpt(hit.text, parts), parts));
  item.append(text);
  return item;
}

/** 地区：德州市；年份：2019–2021 */
function describeFilters(state: SearchState): string {
  const out: string[] = SELECTS.flatMap((name) => (state.filters[name] ? [`${LABELS[name]}：${state.filters[name]}`] : []));
  if (state.from || state.to) out.push(`年份：${state.from === state.to ? `${state.from}年` : `${state.from ? `${state.from}年` : "最早"}–${state.to ? `${state.to}年` : "最新"}`}`);
  return out.join("；");
}

/** Up to this many articles, facets.json (a few bytes per article) is loaded with the index. */
const EAGER_FACET_PAGES = 2_000;

/** When the reader pauses this long after typing, the search keeps its history entry (data-pause-ms overrides it). */
const PAUSE_MS = 1000;

/** Wires the search form on the page: typing searches at once, filters and sort too; the URL follows. */
export async function mountSearch(root: HTMLElement): Promise<void> {
  const doc = root.ownerDocument;
  const base = root.dataset["base"] ?? "/";
  const form = root.querySelector("form") as HTMLFormElement;
  const input = form.querySelector<HTMLInputElement>('input[name="q"]') as HTMLInputElement;
  const status = root.querySelector("[data-search-status]") as HTMLElement;
  const list = root.querySelector("[data-search-results]") as HTMLElement;
  const moreButton = root.querySelector("[data-search-more]") as HTMLButtonElement;
  const clearButton = root.querySelector<HTMLButtonElement>("[data-search-clear]");
  const filterBox = root.querySelector<HTMLDetailsElement>("details.search-filters");
  const select = (name: string) => form.querySelector<HTMLSelectElement>(`select[name="${name}"]`);
  const baseTitle = doc.title;
  // Option labels as written by the page (value → "德州市"), to add the live counts to.
  const optionLabels = new Map<HTMLOptionElement, string>();
  for (const option of form.querySelectorAll<HTMLOptionElement>("select option[data-label]")) optionLabels.set(option, option.dataset["label"] ?? "");

  const readForm = () => stateOf(input.value.trim(), (name) => select(name)?.value);
  const writeForm = (state: SearchState) => {
    input.value = state.q;
    for (const name of SELECTS) {
      const el = select(name);
      if (!el) continue;
      const value = state.filters[name] ?? "";
      // A value no article carries (a shared URL): shown as chosen, and explained in the status.
      if (value && ![...el.options].some((o) => o.value === value)) {
        const option = doc.createElement("option");
        option.value = value;
        option.textContent = `${value}（无此${LABELS[name]}）`;
        option.dataset["unknown"] = "";
        el.append(option);
      }
      el.value = value;
    }
    for (const [name, value] of [["from", state.from], ["to", state.to]] as const) {
      const el = select(name);
      if (el) el.value = value ?? "";
    }
    const sort = select("sort");
    if (sort) sort.value = state.sort;
  };

  status.textContent = "正在载入索引…";
  const index = await loadIndex(base);
  let facets: Facets | undefined;
  const needFacets = async () => (facets ??= await loadFacets(base).catch(() => undefined));
  // A small archive's filter values come with the index; a large one's (hundreds of KB) when a
  // search uses a filter or the reader turns to the filters, whose counts then appear.
  if (index.layout.pages <= EAGER_FACET_PAGES) await needFacets();
  const run = async (state: SearchState) => {
    if (hasFilters(state)) await needFacets();
    return Search.run(index, facets, state);
  };
  writeForm(stateFromUrl(new URL(doc.location.href)));
  // On a phone the filters fold away (the first result then fits the first screen), unless in use.
  if (filterBox) filterBox.open = hasFilters(readForm()) || !window.matchMedia("(max-width: 40rem)").matches;
  const summary = filterBox?.querySelector("summary");
  const summaryText = summary?.textContent ?? "";

  const showCounts = (search: Search) => {
    for (const [option, label] of optionLabels) {
      const name = option.parentElement?.getAttribute("name") ?? "";
      const facet: FacetName | undefined = name === "from" || name === "to" ? "year" : (FACETS as readonly string[]).includes(name) ? (name as FacetName) : undefined;
      const n = facet ? search.counts?.[facet].get(option.value) : undefined;
      option.textContent = `${label}（${n ?? option.dataset["total"] ?? ""}）`;
    }
  };

  /** The status line; until every match is known (Search), the number found so far is a lower bound. */
  const describe = (search: Search, state: SearchState, shown: number): string => {
    const where = hasFilters(state) ? `（${describeFilters(state)}）` : "";
    const unknown = facets?.unknown(state) ?? [];
    if (unknown.length) return `${unknown.map(([n, v]) => `本站没有${LABELS[n]}为“${v}”的报道`).join("；")}。请改选筛选条件或清除筛选。`;
    if (!state.q && !hasFilters(state)) return "输入要查找的字词，例如：乐陵、营商环境、述责述廉。";
    if (shown === 0) return state.q ? `没有找到包含“${state.q}”的报道${where}。` : `没有符合条件的报道${where}。`;
    return state.q ? `找到 ${search.found} 篇${search.isComplete ? "" : "以上"}包含“${state.q}”的报道${where}。` : `共 ${search.found} 篇报道${where}。`;
  };

  let generation = 0;
  let current: Search | undefined;
  const countLater = () => {
    if (facets) return;
    void needFacets().then(async (loaded) => {
      const search = current;
      if (!loaded || !search) return;
      await search.countWith(loaded);
      showCounts(search);
      if (search === current) status.textContent = describe(search, search.state, search.shown);
    });
  };
  for (const type of ["focusin", "pointerdown", "toggle"]) filterBox?.addEventListener(type, countLater);
  let lastShown = "";
  // data-state tells tools (and tests) when the shown results belong to the current query.
  const show = async (state: SearchState, restore?: { shown: number; scrollY: number }) => {
    lastShown = JSON.stringify(state);
    const mine = ++generation;
    root.dataset["state"] = "searching";
    const search = await run(state);
    if (mine !== generation) return;
    current = search;
    const hits = await search.more(Math.max(PAGE, restore?.shown ?? 0));
    if (mine !== generation) return;
    list.replaceChildren(...hits.map((h) => renderHit(doc, h, search.parts)));
    showCounts(search);
    const filtered = hasFilters(state);
    status.textContent = describe(search, state, hits.length);
    doc.title = state.q ? `“${state.q}”的搜索结果 · ${baseTitle}` : baseTitle;
    moreButton.hidden = search.done;
    if (clearButton) clearButton.hidden = !filtered;
    const active = Object.keys(state.filters).length + (state.from || state.to ? 1 : 0);
    if (summary) summary.textContent = active ? `${summaryText}（已选 ${active} 项）` : summaryText;
    if (restore) window.scrollTo(0, restore.scrollY);
    root.dataset["state"] = "done";
  };

  // History: the first search after a pause (or a submit, a filter change, Back) adds an entry;
  // later keystrokes replace it, so Back returns to the previous search, not the previous letter.
  // Nothing happens while an input method is composing: only the committed text is searched.
  let typing = false;
  let composing = false;
  let pause: ReturnType<typeof setTimeout> | undefined;
  // data-typing: the current entry is still being typed into (for tools and tests).
  const settle = () => {
    typing = false;
    delete root.dataset["typing"];
    clearTimeout(pause);
  };
  const update = (mode: "push" | "replace") => {
    const state = readForm();
    const url = urlForState(state, new URL(doc.location.href));
    if (url.href !== doc.location.href) history[mode === "push" ? "pushState" : "replaceState"](null, "", url);
    if (JSON.stringify(state) !== lastShown) void show(state);
  };
  const typed = () => {
    if (composing) return;
    update(typing ? "replace" : "push");
    typing = true;
    root.dataset["typing"] = "";
    clearTimeout(pause);
    pause = setTimeout(settle, Number(root.dataset["pauseMs"] ?? PAUSE_MS));
  };
  input.addEventListener("compositionstart", () => {
    composing = true;
  });
  input.addEventListener("compositionend", () => {
    composing = false;
    typed();
  });
  input.addEventListener("input", (event) => {
    if ((event as InputEvent).isComposing) return;
    typed();
  });
  form.addEventListener("change", (event) => {
    if (event.target === input) return;
    settle();
    update("push");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (composing) return;
    update(typing ? "replace" : "push");
    settle();
  });
  clearButton?.addEventListener("click", () => {
    const state = readForm();
    writeForm({ q: state.q, filters: {}, sort: state.sort });
    settle();
    update("push");
  });
  // The number of results shown and the scroll position travel with the history entry, so Back
  // from an article opened after 更多结果 returns to the same results at the same place.
  const remember = () => {
    if (current) history.replaceState({ shown: current.shown, scrollY: window.scrollY }, "");
  };
  moreButton.addEventListener("click", async () => {
    if (!current) return;
    const search = current;
    const hits = await search.more();
    if (search !== current) return; // a newer search has replaced the list meanwhile
    const added = hits.map((h) => renderHit(doc, h, search.parts));
    list.append(...added);
    // A keyboard reader goes on at the first new result: hiding the button would drop the focus
    // to the page's start. Not when the reader has moved on while the results came.
    if (doc.activeElement === moreButton) added[0]?.querySelector("a")?.focus();
    moreButton.hidden = search.done;
    status.textContent = describe(search, search.state, search.shown);
    remember();
  });
  // On leaving, not on a result's click: a history change then would count as a navigation.
  window.addEventListener("pagehide", remember);
  window.addEventListener("popstate", (event) => {
    settle();
    const state = stateFromUrl(new URL(doc.location.href));
    writeForm(state);
    void show(state, restoreOf(event.state));
  });

  // A small API for tools and tests: every article matching a query, in the page's order.
  Object.assign(window, {
    archiveSearch: {
      async all(q: string, filters: SearchState["filters"] = {}, sort: Sort = "relevance", years: { from?: string; to?: string } = {}): Promise<Hit[]> {
        return (await run({ q, filters, sort, ...years })).all();
      },
      async pages(q: string): Promise<number[]> {
        return (await run({ q, filters: {}, sort: "relevance" })).pages();
      },
      /** Both of the above from one search (for the search-quality measurement). */
      async checked(q: string): Promise<{ hits: Hit[]; candidates: string[] }> {
        const search = await run({ q, filters: {}, sort: "relevance" });
        return { candidates: await search.candidateUrls(), hits: await search.all() };
      },
    },
  });
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  await show(stateFromUrl(new URL(doc.location.href)), restoreOf(history.state));
}

function restoreOf(state: unknown): { shown: number; scrollY: number } | undefined {
  const s = state as { shown?: unknown; scrollY?: unknown } | null;
  return s && typeof s.shown === "number" && typeof s.scrollY === "number" ? { shown: s.shown, scrollY: s.scrollY } : undefined;
}

const root = typeof document === "undefined" ? null : document.querySelector<HTMLElement>("[data-search]");
if (root) void mountSearch(root);
