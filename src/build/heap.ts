import { setFlagsFromString } from "node:v8";

const FLAG = "--heap-growing-percent";
/**
 * The growth the build sets. By a fifth, V8's collector threads were among the busiest of a clean
 * build of the benchmark's largest archive; by half that build still peaks under the 2 GB it is
 * held to, and by as much again as it holds it came near it (README, Performance, "Two cores busy").
 */
const TIGHT_PERCENT = 50;

/**
 * How far the build lets V8's heap grow past what survived its last full collection. V8 lets it
 * grow up to 4× before collecting again: while a large archive is validated and its pages written,
 * the heap was then mostly garbage (README, "Where the memory goes"); growing by TIGHT_PERCENT keeps
 * the process nearer what it holds, for more full collections. A republication from the build cache
 * makes little and revives much, and those extra collections are most of what it pays for the
 * setting (`tools/bench-cache.ts` prints both builds): it runs with V8's own growth until it turns
 * out to make most of the site again. V8 reads the setting at each collection, so it can change
 * while the build runs. Left to V8 when the build was started with the flag on Node's command
 * line (Node refuses it in NODE_OPTIONS).
 */
export class HeapGrowth {
  readonly #ours: boolean;
  #tight = false;

  constructor(execArgv: readonly string[] = process.execArgv) {
    this.#ours = !execArgv.some((arg) => arg === FLAG || arg.startsWith(`${FLAG}=`));
  }

  /** Whether the heap grows by TIGHT_PERCENT (false: as V8 chooses, or as the command line said). */
  get tight(): boolean {
    return this.#tight;
  }

  /** From now on, the heap grows by TIGHT_PERCENT of what survived. */
  tighten(): void {
    if (!this.#ours || this.#tight) return;
    setFlagsFromString(`${FLAG}=${TIGHT_PERCENT}`);
    this.#tight = true;
  }

  /** From now on, V8 chooses how far the heap grows (its default: the setting at 0). */
  relax(): void {
    if (!this.#ours || !this.#tight) return;
    setFlagsFromString(`${FLAG}=0`);
    this.#tight = false;
  }
}
