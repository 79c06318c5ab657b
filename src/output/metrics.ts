/**
 * Wall-clock seconds per build stage (load, article pages, index pages, search index, output
 * checks …) and the counts that go with them, recorded by the stages themselves so the benchmark
 * can report them without guessing. One per build: the build command makes it and hands it to
 * the stages it runs.
 */
export class Metrics {
  readonly #seconds = new Map<string, number>();
  readonly #figures = new Map<string, number>();
  readonly #peaks = new Map<string, number>();
  readonly #running: string[] = [];
  readonly #onStage: ((stage: string) => void) | undefined;

  /**
   * `onStage`: told the name of the stage that runs whenever that changes (a stage starts, or one
   * that ran inside another ends): the build's supervisor names it if memory runs out.
   */
  constructor(options: { onStage?: (stage: string) => void } = {}) {
    this.#onStage = options.onStage;
  }

  /** Runs one stage and adds its duration to that stage's total. */
  async timed<T>(name: string, run: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    this.#running.push(name);
    this.#onStage?.(name);
    try {
      return await run();
    } finally {
      this.beside(name, (performance.now() - started) / 1000);
      // The process's peak resident memory so far (KB on Linux): the stage where it first jumps is where the peak was.
      this.#peaks.set(name, Math.max(this.#peaks.get(name) ?? 0, process.resourceUsage().maxRSS * 1024));
      this.#running.splice(this.#running.lastIndexOf(name), 1);
      const outer = this.#running.at(-1);
      if (outer) this.#onStage?.(outer);
    }
  }

  /**
   * Adds `seconds` to a stage's total (`timed` does, for the stage it ran). Alone, for a stage that
   * ran beside the others (on a thread of its own): never the stage the supervisor is told of.
   */
  beside(name: string, seconds: number): void {
    this.#seconds.set(name, (this.#seconds.get(name) ?? 0) + seconds);
  }

  /** A count that goes with the timings (pages written, bytes …); the last value recorded wins. */
  record(name: string, value: number): void {
    this.#figures.set(name, value);
  }

  /** Seconds per stage, in the order the stages first ran. */
  stageSeconds(): Record<string, number> {
    return Object.fromEntries([...this.#seconds].map(([name, s]) => [name, Math.round(s * 1000) / 1000]));
  }

  /** The process's peak resident memory in MB (worker threads included, child processes not) when each stage last ended. */
  stagePeakMegabytes(): Record<string, number> {
    return Object.fromEntries([...this.#peaks].map(([name, bytes]) => [name, Math.round(bytes / 2 ** 20)]));
  }

  figures(): Record<string, number> {
    return Object.fromEntries(this.#figures);
  }
}
