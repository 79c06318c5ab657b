/**
 * The browser half of Pagefind (pagefind.js, pagefind-worker.js and the WebAssembly search
 * engine), taken unchanged from an official build so the bundle our writer makes is searched by
 * Pagefind's own code. The files come from running the pinned Pagefind once, through its Node
 * API, on a one-record index, in memory (or from `dir`, a folder holding an official
 * build). Only the no-stemming engine, wasm.unknown.pagefind, is taken: see writer.ts.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";

export interface PagefindRuntime {
  /** Pagefind's version, as its pagefind-entry.json states it. */
  readonly version: string;
  /** `include_characters` from the official pagefind-entry.json (characters kept in query words). */
  readonly includeCharacters: readonly string[];
  /** File name → contents: pagefind.js, pagefind-worker.js, wasm.unknown.pagefind. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

const RUNTIME_FILES = ["pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"] as const;
type RuntimeFile = (typeof RUNTIME_FILES)[number];

/**
 * The runtimes the writer's format (writer.ts, "THE FORMAT ASSUMPTIONS") was verified against, by
 * tests/e2e/pagefind-writer.test.ts and `npm run search:compat`: version → SHA-256 of each file.
 * Pagefind changes its index format between minor versions without a version check of its own,
 * so any other runtime is refused. To add a version: `npm run search:compat -- --pagefind <v>`.
 */
export const VERIFIED_RUNTIMES: Readonly<Record<string, Readonly<Record<RuntimeFile, string>>>> = {
  "1.5.2": {
    "pagefind.js": "252d272bd34d483d19a752060f6a065114d15ab12c42d8f905ca565e2768a009",
    "pagefind-worker.js": "4ca50d25bcab9e1c3afbc00ab5f7761114e83c8fc1b83d38655af1558b650c2a",
    "wasm.unknown.pagefind": "3a74cefceacd066e8d3bc8c52e7bc1c869544ca3d9031b44a9b7136356d5d7f4",
  },
};

/** Why a runtime is not one the writer was verified against (one line), or undefined when it is. */
export function unverifiedRuntime(runtime: PagefindRuntime): string | undefined {
  const expected = VERIFIED_RUNTIMES[runtime.version];
  const differing = RUNTIME_FILES.filter((name) => {
    const content = runtime.files.get(name);
    return !expected || !content || createHash("sha256").update(content).digest("hex") !== expected[name];
  });
  if (!differing.length) return undefined;
  const verified = Object.keys(VERIFIED_RUNTIMES).join(", ");
  return expected
    ? `Pagefind ${runtime.version}: ${differing.join(", ")} ${differing.length === 1 ? "differs" : "differ"} from the files the search index writer was verified against; reinstall pagefind ${runtime.version} (npm ci).`
    : `Pagefind ${runtime.version} is installed, but the search index writer is verified only against Pagefind ${verified}: install pagefind ${verified}, or check this version with \`npm run search:compat -- --pagefind ${runtime.version}\`.`;
}

interface EntryJson {
  version: string;
  include_characters?: string[];
}

/** Reads the runtime files from a folder holding an official Pagefind build. */
export async function readPagefindRuntime(dir: string): Promise<PagefindRuntime> {
  const names = ["pagefind-entry.json", ...RUNTIME_FILES];
  const contents = await Promise.all(names.map((name) => readFile(path.join(dir, name))));
  return runtimeOf(new Map(names.map((name, i) => [name, contents[i] as Uint8Array])), dir);
}

/** The runtime from an official build's files (by file name). */
function runtimeOf(byName: ReadonlyMap<string, Uint8Array>, where: string): PagefindRuntime {
  const entryBytes = byName.get("pagefind-entry.json");
  if (!entryBytes) throw new Error(`${where} has no pagefind-entry.json`);
  const entry = JSON.parse(new TextDecoder().decode(entryBytes)) as EntryJson;
  const files = new Map<string, Uint8Array>();
  for (const name of RUNTIME_FILES) {
    const content = byName.get(name);
    if (!content?.length) throw new Error(`${where} has no ${name}`);
    files.set(name, new Uint8Array(content));
  }
  return { version: entry.version, includeCharacters: entry.include_characters ?? [], files };
}

let cached: Promise<PagefindRuntime> | undefined;

/**
 * The runtime of the installed Pagefind, built once per process. Note that this starts and then
 * closes Pagefind's Node service (`pagefind.close()`), which is shared by the whole process.
 */
export function officialPagefindRuntime(): Promise<PagefindRuntime> {
  cached ??= buildRuntime().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function buildRuntime(): Promise<PagefindRuntime> {
  const pagefind = await import("pagefind");
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: "unknown" });
    if (!index) throw new Error(`Pagefind could not create an index: ${errors.join("; ")}`);
    const added = await index.addCustomRecord({ url: "/", content: "pagefind", language: "unknown" });
    if (added.errors.length) throw new Error(`Pagefind could not add a record: ${added.errors.join("; ")}`);
    // In memory: writeFiles() can resolve before every file is on disk.
    const built = await index.getFiles();
    if (built.errors.length) throw new Error(`Pagefind could not build its files: ${built.errors.join("; ")}`);
    await index.deleteIndex();
    return runtimeOf(new Map(built.files.map((f) => [path.posix.basename(f.path), f.content] as const)), "Pagefind's build");
  } finally {
    await pagefind.close();
  }
}
