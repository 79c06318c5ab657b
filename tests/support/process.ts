/**
 * Processes started by end-to-end tests. Each runs in a process group of its own (detached), so
 * that whatever it starts in turn (Eleventy, the search-index process, Chromium) is stopped with
 * it; its output is captured; every wait has a deadline, and a missed deadline fails with that
 * output and kills the group. Whatever is still running when the test file ends is killed too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { after } from "node:test";

/** Generous by design: a loaded 2-core machine is several times slower than an idle one. */
export const PROCESS_TIMEOUT_MS = 240_000;
/** For a test (or suite) that starts processes: a backstop above the deadlines of its waits. */
export const TEST_TIMEOUT_MS = 900_000;

export interface Finished {
  /** Exit code, or null when the process was ended by a signal. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface StartOptions {
  readonly cwd: string;
  /** The whole environment of the process (callers merge process.env themselves). */
  readonly env?: NodeJS.ProcessEnv;
  /** "pipe" to write to the process (see `write`); otherwise it reads nothing, as under CI. */
  readonly stdin?: "pipe" | "ignore";
}

export interface Started {
  readonly pid: number;
  /** Standard output and error so far, interleaved as they arrived. */
  output(): string;
  write(text: string): void;
  /** Waits until the output after `from` (a length of `output()`) matches; fails with the output at the deadline or if the process ends first. */
  waitForOutput(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<string>;
  /** Resolves when the process has exited and its output is complete. */
  readonly finished: Promise<Finished>;
  /** True once the process has exited. */
  exited(): boolean;
  /** Waits for the process to end; past the deadline, stops it and fails with its output. */
  waitForExit(options?: { timeoutMs?: number }): Promise<Finished>;
  /** Ends the whole group (SIGTERM, then SIGKILL if it lingers) and resolves with what it printed. */
  stop(): Promise<Finished>;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

// A test that failed or timed out must not leave servers, builds or browsers behind.
const killAll = () => {
  for (const child of running) killGroup(child, "SIGKILL");
};
after(killAll);
process.on("exit", killAll);
// The test runner ends a file that ran past --test-timeout with SIGTERM, which skips "exit"
// handlers: kill the groups, then let the signal do what it would have done.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

/** Describes a process for error messages: its command line and what it printed. */
function describeOutput(label: string, output: string): string {
  const tail = output.length > 8000 ? `…${output.slice(-8000)}` : output;
  return `${label}\n--- its output ---\n${tail || "(nothing)"}\n--- end of output ---`;
}

/** Starts `command` in its own process group, capturing its output. */
export function start(command: string, args: readonly string[], options: StartOptions): Started {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
    detached: true,
  });
  running.add(child);
  const label = `${command} ${args.join(" ")} (in ${options.cwd})`;
  let stdout = "";
  let stderr = "";
  let output = "";
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
    output += d;
    notify();
  });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    output += d;
    notify();
  });
  let done = false;
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on("error", (error) => {
      done = true;
      running.delete(child);
      notify();
      reject(new Error(describeOutput(`could not start ${label}: ${error.message}`, output)));
    });
    // "close" comes after the streams have ended, so the output is complete.
    child.on("close", (status, signal) => {
      done = true;
      running.delete(child);
      notify();
      resolve({ status, signal, stdout, stderr });
    });
  });
  // Awaited by callers; never an unhandled rejection on its own.
  finished.catch(() => undefined);

  const stop = async (): Promise<Finished> => {
    if (!done) {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
      await finished.catch(() => undefined);
      clearTimeout(timer);
    }
    // Children that ignored SIGTERM while their parent exited.
    killGroup(child, "SIGKILL");
    return finished;
  };

  return {
    pid: child.pid ?? -1,
    output: () => output,
    write: (text) => {
      child.stdin?.write(text);
    },
    finished,
    exited: () => done,
    stop,
    waitForOutput(pattern, { from = 0, timeoutMs = PROCESS_TIMEOUT_MS } = {}) {
      return new Promise<string>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output.slice(from));
          if (match) return settle(() => resolve(match[0]));
          if (done) return settle(() => reject(new Error(describeOutput(`${label} ended (exit ${child.exitCode ?? child.signalCode}) before printing ${pattern}`, output))));
        };
        const timer = setTimeout(() => {
          settle(() => reject(new Error(describeOutput(`${label} did not print ${pattern} within ${timeoutMs / 1000} s`, output))));
        }, timeoutMs);
        const settle = (action: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          action();
        };
        listeners.add(check);
        check();
      });
    },
    async waitForExit({ timeoutMs = PROCESS_TIMEOUT_MS } = {}) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          void stop();
          reject(new Error(describeOutput(`${label} did not finish within ${timeoutMs / 1000} s; stopped it`, output)));
        }, timeoutMs);
      });
      try {
        return await Promise.race([finished, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs `command` to its end; past the deadline, kills its group and fails with its output. */
export function run(command: string, args: readonly string[], options: StartOptions & { timeoutMs?: number }): Promise<Finished> {
  return start(command, args, options).waitForExit(options);
}

/**
 * Polls `check` until it gives a value (errors count as "not yet"), every `intervalMs`, for at
 * most `timeoutMs`; then fails naming what was awaited, the last error and `context()` (e.g. a
 * process's output).
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = PROCESS_TIMEOUT_MS, intervalMs = 200, context = () => "" }: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) {
      const message = `not within ${timeoutMs / 1000} s: ${what}${last ? ` (last error: ${last})` : ""}`;
      const output = context();
      throw new Error(output ? describeOutput(message, output) : message);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
