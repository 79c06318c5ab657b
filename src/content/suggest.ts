/** "Did you mean" for names and keys: prefix/containment first (乐陵 → 乐陵市), then edit distance. */
export function closest(input: string, candidates: Iterable<string>, aliases?: (c: string) => string[]): string | undefined {
  const needle = input.trim().toLowerCase();
  if (!needle) return undefined;
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    for (const form of [candidate, ...(aliases?.(candidate) ?? [])]) {
      const hay = form.toLowerCase();
      const score = hay.startsWith(needle) || needle.startsWith(hay) ? 0.5 : hay.includes(needle) ? 0.75 : distance(needle, hay);
      if (!best || score < best.score) best = { candidate, score };
    }
  }
  if (!best) return undefined;
  const limit = Math.max(1, Math.floor(needle.length / 3));
  return best.score <= limit ? best.candidate : undefined;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] ?? 0;
      prev[j] = Math.min(above + 1, (prev[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length] ?? 0;
}
