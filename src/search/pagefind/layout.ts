/**
 * pagefind/parts.json: what the search page's script (src/browser/search.ts) reads besides
 * Pagefind's own files, to find the part of the word index that holds a word and the fragment of
 * an article. Stated once, here, for the writer and the script, which takes nothing else from the
 * Pagefind format's code.
 */
export interface PartsJson {
  /** The first word of each part after the first; part k is in p<k>/. */
  readonly parts: readonly string[];
  /** Articles per Pagefind page, and positions per article in it. */
  readonly block: number;
  readonly stride: number;
  /** Every fragment's name starts with this (`fragmentStart`), then its block's key, "-" and its slot in the block in base 36. */
  readonly fragment: string;
  /** Each block's key. */
  readonly blocks: readonly string[];
  /** Articles indexed. */
  readonly pages: number;
  /** Empty slots before the first article in the first block: an article's number is block × `block` + slot − `offset`. */
  readonly offset: number;
}

/** The start of the names of a language's numbered fragments (PartsJson.fragment). */
export function fragmentStart(language: string): string {
  return `${language}_`;
}

/** A numbered fragment's name (its page's hash in the index): the start, its block's key, "-" and its slot in base 36. */
export function fragmentName(start: string, block: string, slot: number): string {
  return `${start}${block}-${slot.toString(36)}`;
}

/** A numbered fragment's path in the bundle. */
export function fragmentFile(start: string, block: string, slot: number): string {
  return `fragment/${fragmentName(start, block, slot)}.pf_fragment`;
}

/** The path in the bundle of the fragment of article number `page`, given the index's layout. */
export function recordFragment(layout: Pick<PartsJson, "fragment" | "blocks" | "block" | "offset">, page: number): string {
  const slot = page + layout.offset;
  return fragmentFile(layout.fragment, layout.blocks[Math.floor(slot / layout.block)] ?? "", slot % layout.block);
}
