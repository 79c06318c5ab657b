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
  /**
   * The Pagefind page number of the first block: block k is page `firstPage` + k, and the pages
   * below it are empty (blockNumbering).
   */
  readonly firstPage: number;
  /**
   * The first blocks' slots, each block's newest first. These blocks place their articles by a
   * hash of the URL among HEAD_SLOTS slots instead of in order, so that an article added among
   * the newest moves no other to another slot (pagefind/update.ts); the later blocks hold theirs
   * in order, from slot 0.
   */
  readonly head: readonly (readonly number[])[];
}

/** Slots of a block placed by hash (PartsJson.head): few enough for a slot's positions to stay below 2³¹, many enough to make two URLs' homes rarely meet. */
export const HEAD_SLOTS = 1024;

/**
 * Where the blocks of a site index of `count` articles start (blocks of `blockSize`, newest
 * first): the empty slots before the first article, so that the blocks end with the oldest
 * (blockOffset), and the page number of the first block (firstPage), so that the page numbers end
 * at a multiple of a power of two about an eighth of the blocks. Numbered from 0, every block's
 * number would move when an added article starts a new first block, and with it every word's
 * entries: the whole index written again, once in every `blockSize` additions. This way the new
 * block takes the number below the first and no other moves, except once in every eighth or so of
 * the blocks (pagefind/update.ts).
 */
export function blockNumbering(count: number, blockSize: number): { blockOffset: number; firstPage: number } {
  if (blockSize < 2) return { blockOffset: 0, firstPage: 0 };
  const blockOffset = (blockSize - (count % blockSize)) % blockSize;
  const blocks = Math.ceil(count / blockSize);
  // 2 ** (floor(log2(blocks)) − 3), at least 1.
  const round = 2 ** Math.max(0, 31 - Math.clz32(blocks) - 3);
  return { blockOffset, firstPage: Math.ceil(blocks / round) * round - blocks };
}

type Layout = Pick<PartsJson, "fragment" | "blocks" | "block" | "offset" | "head">;

/** The block and slot of article number `page`. */
export function placeOf(layout: Omit<Layout, "fragment" | "blocks">, page: number): { block: number; slot: number } {
  const at = page + layout.offset;
  const block = Math.floor(at / layout.block);
  const head = layout.head[block];
  if (!head) return { block, slot: at % layout.block };
  const slot = head[at - block * layout.block - (block === 0 ? layout.offset : 0)];
  if (slot === undefined) throw new Error(`article ${page} is not in the index's layout`);
  return { block, slot };
}

/** The number of the article in `slot` of `block`, or −1 when the slot is empty. */
export function articleAt(layout: Omit<Layout, "fragment" | "blocks">, block: number, slot: number): number {
  const head = layout.head[block];
  if (!head) return block * layout.block + slot - layout.offset;
  const i = head.indexOf(slot);
  return i < 0 ? -1 : (block === 0 ? 0 : block * layout.block - layout.offset) + i;
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
export function recordFragment(layout: Layout, page: number): string {
  const { block, slot } = placeOf(layout, page);
  return fragmentFile(layout.fragment, layout.blocks[block] ?? "", slot);
}
