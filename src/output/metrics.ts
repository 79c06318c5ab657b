/**
 * Wall-clock seconds per build stage (load, article pages, index pages, search index, output
 * checks …) and the counts that go with them, recorded by the stages themselves so the benchmark
 * can report them without guessing. One per build: the build command makes it and hands it to
 * the stages it runs.
 */
export class Metrics {
  readonly #seconds = new Map<string, number>();
  readonly #figures = new Map<string, number>();

  /** Runs one stage and adds its duration to that stage's total. */
  async timed<T>(name: string, run: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.#seconds.set(name, (this.#seconds.get(name) ?? 0) + (performance.now() - started) / 1000);
    }
  }

  /** A count that goes with the timings (pages written, bytes …); the last value recorded wins. */
  record(name: string, value: number): void {
    this.#figures.set(name, value);
  }

  /** Seconds per stage, in the order the stages first ran. */
  stageSeconds(): Record<string, number> {
    return Object.fromEntries([...this.#seconds].map(([name, s]) => [name, Math.round(s * 1000) / 1000]));
  }

  figures(): Record<string, number> {
    return Object.fromEntries(this.#figures);
  }
}
