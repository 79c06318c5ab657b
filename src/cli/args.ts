/**
 * Command-line options for every command and tool (src/cli/, tools/): node:util's parseArgs,
 * strict, plus whole-number values checked with one message naming the option and the value. A
 * mistake is a UsageError in the same words everywhere: "unknown option --x", "--out needs a value".
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options only: an argument that is not an option is refused. */
export function parseOptions<T extends Options>(argv: readonly string[], options: T) {
  return usage(() => parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals: false }).values);
}

/** Options, then the other arguments (files) in order; `--` ends the options. */
export function parseCommand<T extends Options>(argv: readonly string[], options: T) {
  return usage(() => parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals: true }));
}

/**
 * A value that looks like a negative number (`--count -1`) is taken as the option's value, so that
 * the number check can name it, where parseArgs alone would refuse it as "ambiguous".
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (arg.startsWith("--") && options[arg.slice(2)]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else args.push(arg);
  }
  return args;
}

/** parseArgs' errors, as one short UsageError line. */
function usage<R>(parse: () => R): R {
  try {
    return parse();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const quoted = /'([^']*)'/.exec(message)?.[1] ?? "";
    const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option ${quoted}`);
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new UsageError(`unexpected argument ${JSON.stringify(quoted)}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(/argument missing/.test(message) ? `${flag} needs a value` : `${flag} takes no value`);
    throw error;
  }
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
