/**
 * The search page, in the browser. Queries are split into the same bigram terms the index was
 * built from (terms.ts); Pagefind finds the articles containing every term; each shown result is
 * then checked against its original text, so a result always contains what the reader typed.
 * The query, filters and sort live in the URL. Everything from content is inserted as text.
 */
import { containsQuery, normalizeText, phraseTerms, queryParts, queryTerms } from "../search/analyzer/terms.ts";

interface PagefindResult {
  readonly id: string;
  readonly score: number;
  data(): Promise<PagefindFragment>;
}
interface PagefindFragment {
  readonly url: string;
  readonly content: string;
  readonly meta: Readonly<Record<string, string>>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options: Record<string, unknown>): Promise<{ results: PagefindResult[] } | null>;
}

const FILTERS = ["place", "source", "tag", "year"] as const;
type FilterName = (typeof FILTERS)[number];
type Sort = "relevance" | "newest" | "oldest";

export interface SearchState {
  readonly q: string;
  readonly filters: Partial<Record<FilterName, string>>;
  readonly sort: Sort;
}

export interface Hit {
  readonly url: string;
  readonly title: string;
  readonly date: string;
  readonly source: string;
  readonly places: string;
  readonly text: string;
}

const PAGE = 10;

const sortOf = (value: string | null | undefined): Sort => (value === "newest" || value === "oldest" ? value : "relevance");

function stateFromUrl(url: URL): SearchState {
  const params = url.searchParams;
  const filters: Partial<Record<FilterName, string>> = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return { q: params.get("q") ?? "", filters, sort: sortOf(params.get("sort")) };
}

function urlForState(state: SearchState, base: URL): URL {
  const url = new URL(base.pathname, base);
  if (state.q) url.searchParams.set("q", state.q);
  for (const name of FILTERS) {
    const value = state.filters[name];
    if (value) url.searchParams.set(name, value);
  }
  if (state.sort !== "relevance") url.searchParams.set("sort", state.sort);
  return url;
}

/** Loads the index once; the bundle lives in `<site base>pagefind/`. */
let pagefindPromise: Promise<Pagefind> | undefined;
function loadPagefind(base: string): Promise<Pagefind> {
  pagefindPromise ??= (async () => {
    const module = (await import(/* webpackIgnore: true */ `${base}pagefind/pagefind.js`)) as Pagefind;
    // baseUrl "/": the index stores each article's full path (prefix included); Pagefind would
    // otherwise default it to the bundle's parent folder and prefix the path a second time.
    await module.options({ basePath: `${base}pagefind/`, baseUrl: "/", excerptLength: 0 });
    await module.init();
    return module;
  })();
  return pagefindPromise;
}

/** A running search: results come from Pagefind in score (or date) order and are checked against their text as they are shown. */
export class Search {
  private readonly verified: Hit[] = [];
  private next = 0;
  /** Each candidate's fragment, fetched once: Pagefind rebuilds it (a copy, excerpt, sub-results) on every data() call. */
  private readonly fragments = new Map<PagefindResult, ReturnType<PagefindResult["data"]>>();
  private constructor(
    private readonly candidates: readonly PagefindResult[],
    /** The parts every shown result contains (queryParts), to mark them. */
    readonly parts: readonly string[],
  ) {}

  static async run(pagefind: Pagefind, state: SearchState): Promise<Search> {
    const terms = queryTerms(state.q);
    const parts = queryParts(state.q);
    const filters: Record<string, unknown> = {};
    for (const name of FILTERS) {
      const value = state.filters[name];
      if (value) filters[name] = { any: [value] };
    }
    const hasFilter = Object.keys(filters).length > 0;
    if (!terms.length && !hasFilter) return new Search([], parts);
    // One part of three or more characters: an exact phrase of its bigrams (every bigram position is
    // indexed, so this is exactly substring search). Otherwise every term must occur (AND), and
    // shown results are checked against their text.
    const [only] = parts;
    const phrase = parts.length === 1 && only !== undefined && [...only].length >= 3;
    const query = phrase ? `"${phraseTerms(only).join(" ")}"` : terms.join(" ");
    const response = await pagefind.search(terms.length ? query : null, { filters });
    const results = response?.results ?? [];
    // Articles are indexed newest first and a result's id ends in its page number (base 36), so
    // date order is page order (src/search/pagefind-writer.ts, fragmentPrefix).
    if (state.sort !== "relevance") {
      const page = (r: PagefindResult) => Number.parseInt(r.id.slice(r.id.lastIndexOf("-") + 1), 36);
      results.sort((a, b) => (state.sort === "newest" ? page(a) - page(b) : page(b) - page(a)));
    }
    return new Search(results, parts);
  }

  /** Candidates Pagefind found; every shown result is checked, so this is an upper bound. */
  get found(): number {
    return this.candidates.length;
  }

  get done(): boolean {
    return this.next >= this.candidates.length;
  }

  /** The next `count` results that really contain the query. */
  async more(count = PAGE): Promise<Hit[]> {
    const hits: Hit[] = [];
    while (hits.length < count && !this.done) {
      const batch = this.candidates.slice(this.next, this.next + count - hits.length);
      this.next += batch.length;
      for (const fragment of await Promise.all(batch.map((r) => this.fragment(r)))) {
        // The fragment holds the original title, a newline, then the text (src/search/pagefind-writer.ts).
        const title = fragment.meta["title"] ?? "";
        if (!containsQuery(fragment.content, this.parts)) continue;
        const text = fragment.content.startsWith(`${title}\n`) ? fragment.content.slice(title.length + 1) : fragment.content;
        hits.push({
          url: fragment.url,
          title,
          date: fragment.meta["date"] ?? "",
          source: fragment.meta["source"] ?? "",
          places: fragment.meta["places"] ?? "",
          text,
        });
      }
    }
    this.verified.push(...hits);
    return hits;
  }

  /** URLs of everything Pagefind returned, before the check (to measure the index itself). */
  async candidateUrls(): Promise<string[]> {
    return (await Promise.all(this.candidates.map((r) => this.fragment(r)))).map((f) => f.url);
  }

  private fragment(result: PagefindResult): ReturnType<PagefindResult["data"]> {
    let fragment = this.fragments.get(result);
    if (!fragment) this.fragments.set(result, (fragment = result.data()));
    return fragment;
  }

  /** Every matching article (for tools and tests): checks all candidates. */
  async all(): Promise<Hit[]> {
    while (!this.done) await this.more(50);
    return [...this.verified];
  }
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
  const text = doc.createElement("p");
  text.className = "search-excerpt";
  text.append(highlighted(doc, excerpt(hit.text, parts), parts));
  item.append(heading, meta, text);
  return item;
}

/** Wires the search form on the page: typing searches at once, filters and sort too; the URL follows. */
export async function mountSearch(root: HTMLElement): Promise<void> {
  const doc = root.ownerDocument;
  const base = root.dataset["base"] ?? "/";
  const form = root.querySelector("form") as HTMLFormElement;
  const input = form.querySelector<HTMLInputElement>('input[name="q"]') as HTMLInputElement;
  const status = root.querySelector("[data-search-status]") as HTMLElement;
  const list = root.querySelector("[data-search-results]") as HTMLElement;
  const moreButton = root.querySelector("[data-search-more]") as HTMLButtonElement;
  const selects = Object.fromEntries([...FILTERS, "sort"].map((n) => [n, form.querySelector<HTMLSelectElement>(`select[name="${n}"]`)]));

  const readForm = (): SearchState => {
    const filters: Partial<Record<FilterName, string>> = {};
    for (const name of FILTERS) if (selects[name]?.value) filters[name] = selects[name].value;
    return { q: input.value.trim(), filters, sort: sortOf(selects["sort"]?.value) };
  };
  const writeForm = (state: SearchState) => {
    input.value = state.q;
    for (const name of FILTERS) if (selects[name]) selects[name].value = state.filters[name] ?? "";
    if (selects["sort"]) selects["sort"].value = state.sort;
  };

  status.textContent = "正在载入索引…";
  const pagefind = await loadPagefind(base);
  writeForm(stateFromUrl(new URL(doc.location.href)));

  let generation = 0;
  let current: Search | undefined;
  // data-state tells tools (and tests) when the shown results belong to the current query.
  const show = async (state: SearchState) => {
    const mine = ++generation;
    root.dataset["state"] = "searching";
    const search = await Search.run(pagefind, state);
    if (mine !== generation) return;
    current = search;
    const hits = await search.more();
    if (mine !== generation) return;
    list.replaceChildren(...hits.map((h) => renderHit(doc, h, search.parts)));
    const filtered = Object.keys(state.filters).length > 0;
    if (!state.q && !filtered) status.textContent = "输入要查找的字词，例如：乐陵、营商环境、述责述廉。";
    else if (hits.length === 0) status.textContent = state.q ? `没有找到包含“${state.q}”的报道。` : "没有符合条件的报道。";
    else status.textContent = state.q ? `找到 ${search.found} 篇包含“${state.q}”的报道。` : `共 ${search.found} 篇报道。`;
    moreButton.hidden = search.done;
    root.dataset["state"] = "done";
  };

  // History: the first keystroke of a new query adds an entry, later keystrokes update it, so
  // Back returns to the previous search rather than to every letter typed.
  let typing = false;
  const update = (mode: "push" | "replace") => {
    const state = readForm();
    const url = urlForState(state, new URL(doc.location.href));
    if (url.href !== doc.location.href) history[mode === "push" ? "pushState" : "replaceState"](null, "", url);
    void show(state);
  };
  input.addEventListener("input", () => {
    update(typing ? "replace" : "push");
    typing = true;
  });
  form.addEventListener("change", (event) => {
    if (event.target === input) return;
    typing = false;
    update("push");
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update(typing ? "replace" : "push");
    typing = false;
  });
  moreButton.addEventListener("click", async () => {
    if (!current) return;
    const search = current;
    const hits = await search.more();
    if (search !== current) return; // a newer search has replaced the list meanwhile
    list.append(...hits.map((h) => renderHit(doc, h, search.parts)));
    moreButton.hidden = search.done;
  });
  window.addEventListener("popstate", () => {
    typing = false;
    const state = stateFromUrl(new URL(doc.location.href));
    writeForm(state);
    void show(state);
  });

  // A small API for tools and tests: every article matching a query, checked like the page's own results.
  Object.assign(window, {
    archiveSearch: {
      async all(q: string, filters: SearchState["filters"] = {}, sort: Sort = "relevance"): Promise<Hit[]> {
        return (await Search.run(pagefind, { q, filters, sort })).all();
      },
      async candidates(q: string): Promise<string[]> {
        return (await Search.run(pagefind, { q, filters: {}, sort: "relevance" })).candidateUrls();
      },
      /** Both of the above from one search (for the search-quality measurement). */
      async checked(q: string): Promise<{ hits: Hit[]; candidates: string[] }> {
        const search = await Search.run(pagefind, { q, filters: {}, sort: "relevance" });
        return { candidates: await search.candidateUrls(), hits: await search.all() };
      },
    },
  });
  await show(stateFromUrl(new URL(doc.location.href)));
}

const root = typeof document === "undefined" ? null : document.querySelector<HTMLElement>("[data-search]");
if (root) void mountSearch(root);
