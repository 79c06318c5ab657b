/**
 * Command-line options for the benchmark and corpus scripts (tools/bench.ts,
 * tools/bench-preview.ts, tools/generate-corpus.ts): node:util's parseArgs, strict and without
 * positionals, plus whole-number values checked with one message naming the option and the value.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * parseArgs(argv) with the given options. A value that looks like a negative number (`--count -1`)
 * is taken as the option's value, so that the number check can name it, where parseArgs alone
 * would refuse it as "ambiguous".
 */
export function parseOptions<T extends Options>(argv: readonly string[], options: T) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (arg.startsWith("--") && options[arg.slice(2)]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else args.push(arg);
  }
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}

export class UsageError extends Error {
  override name = "UsageError";
}

/** `text` as an integer of at least `min` (if given); a UsageError naming `--flag` and the text otherwise. */
export function wholeNumber(flag: string, text: string, min?: number): number {
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`--${flag} must be a whole number, got ${JSON.stringify(text)}`);
  if (min !== undefined && Number(text) < min) throw new UsageError(`--${flag} must be at least ${min}, got ${JSON.stringify(text)}`);
  return Number(text);
}
