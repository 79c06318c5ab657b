/**
 * Wall-clock seconds per build stage (load, article pages, index pages, search index, output
 * checks …), recorded by the stages themselves so the benchmark can report them without guessing.
 */
const recorded = new Map<string, number>();

/** Runs one stage and adds its duration to that stage's total. */
export async function timed<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    recorded.set(name, (recorded.get(name) ?? 0) + (performance.now() - started) / 1000);
  }
}

/** Seconds per stage, in the order the stages first ran. */
export function stageSeconds(): Record<string, number> {
  return Object.fromEntries([...recorded].map(([name, s]) => [name, Math.round(s * 1000) / 1000]));
}

const figures = new Map<string, number>();

/** Counts that go with the timings (pages written, bytes …); the last value recorded wins. */
export function recordFigure(name: string, value: number): void {
  figures.set(name, value);
}

export function buildFigures(): Record<string, number> {
  return Object.fromEntries(figures);
}
