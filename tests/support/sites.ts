/**
 * Built sites shared between test files. Several files read the same build (the seed archive at
 * the root and under /archive/, generated archives): each is built once, into a cache keyed by
 * everything the build reads — the generator's own files, the project's content, the settings —
 * and later readers get the same folder. Readers must not change it.
 * TEST_BUILD_CACHE=0 builds every time.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";
import { listFiles, repoDir, runScript } from "./project.ts";

const CACHE = path.join(repoDir, "node_modules", ".cache", "archive-test-sites");
/** Sites kept; the least recently used beyond this are removed. */
const KEEP = 12;
/** What a build never reads: tests, their output, dependencies (the lockfile stands for them), git. */
const NOT_READ = new Set(["node_modules", ".git", "tests", "test-results"]);

async function hashTree(hash: ReturnType<typeof createHash>, dir: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(new Uint8Array(await readFile(path.join(dir, file))));
  }
}

let generatorFiles: Promise<string[]> | undefined;
/** The generator's files: everything in the checkout but tests, dependencies and build output. */
function generator(): Promise<string[]> {
  generatorFiles ??= readdir(repoDir, { withFileTypes: true }).then(async (entries) => {
    const files: string[] = [];
    for (const entry of entries) {
      if (NOT_READ.has(entry.name) || /^_(site|preview)/.test(entry.name)) continue;
      if (entry.isDirectory()) files.push(...(await listFiles(path.join(repoDir, entry.name), repoDir)));
      else if (entry.isFile()) files.push(entry.name);
    }
    return files.filter((f) => !f.endsWith(".test.ts")).sort();
  });
  return generatorFiles;
}

/** The key of a build: generator, content of `rootDir`, settings and Node's version. */
async function buildKey(rootDir: string, env: Record<string, string>): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`${process.version}\0${JSON.stringify(Object.entries(env).sort())}\0`);
  await hashTree(hash, repoDir, await generator());
  const content = path.join(rootDir, "content");
  await hashTree(hash, content, await listFiles(content));
  return hash.digest("hex").slice(0, 24);
}

/**
 * The production build of the project in `rootDir` with the given settings (SITE_URL,
 * PATH_PREFIX…), from the cache when the same inputs were built before. Returns its folder.
 */
export async function builtSite(rootDir: string, env: Record<string, string> = {}): Promise<string> {
  const key = await buildKey(rootDir, env);
  const out = path.join(CACHE, key);
  const now = new Date();
  if (process.env["TEST_BUILD_CACHE"] !== "0" && existsSync(out)) {
    await utimes(out, now, now);
    return out;
  }
  // The build writes a temporary folder and renames it into place only when it succeeded.
  const result = await runScript("build", rootDir, { ...env, OUTPUT_DIR: out });
  assert.equal(result.status, 0, `build of ${rootDir} with ${JSON.stringify(env)} failed:\n${result.stderr}`);
  await prune();
  return out;
}

async function prune(): Promise<void> {
  const entries = await Promise.all((await readdir(CACHE)).map(async (name) => ({ name, used: (await stat(path.join(CACHE, name))).mtimeMs })));
  const sites = entries.filter((e) => /^[0-9a-f]{24}$/.test(e.name)).sort((a, b) => b.used - a.used);
  // A build that was killed leaves its temporary folder behind.
  const abandoned = entries.filter((e) => /\.(tmp|old)-\d+$/.test(e.name) && e.used < Date.now() - 3_600_000);
  for (const { name } of [...sites.slice(KEEP), ...abandoned]) await rm(path.join(CACHE, name), { recursive: true, force: true });
}

/** The seed archive (content/ of this checkout), as published at https://archive.example.org/. */
export const SEED_SITE = { SITE_URL: "https://archive.example.org" } as const;
/** The seed archive as published under a sub-path of another site. */
export const SEED_SITE_UNDER_PREFIX = { SITE_URL: "https://example.org", PATH_PREFIX: "/archive/" } as const;
