import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";

export interface Measured {
  readonly seconds: number;
  /** Highest sum of resident memory over the process and all its descendants (Linux /proc). */
  readonly peakBytes: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function processTree(): Promise<Map<number, { parent: number; rss: number }>> {
  const tree = new Map<number, { parent: number; rss: number }>();
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, "utf8");
      // Fields after the command name (which may contain spaces) start after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const parent = Number(fields[1]);
      const rssPages = Number(fields[21]);
      tree.set(Number(name), { parent, rss: rssPages * 4096 });
    } catch {
      // The process ended while we looked.
    }
  }
  return tree;
}

async function treeRss(root: number): Promise<number> {
  const tree = await processTree();
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    total += tree.get(pid)?.rss ?? 0;
    for (const [child, info] of tree) if (info.parent === pid) stack.push(child);
  }
  return total;
}

/** Runs a command and measures wall time and the peak memory of its whole process tree. */
export async function measure(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  let peak = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      if (child.pid) peak = Math.max(peak, await treeRss(child.pid));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  running = false;
  await sampler;
  return { seconds: (performance.now() - started) / 1000, peakBytes: peak, status, stdout, stderr };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
