/**
 * The browser half of Pagefind (pagefind.js, pagefind-worker.js and the WebAssembly search
 * engine), taken unchanged from an official build so the bundle our writer makes is searched by
 * Pagefind's own code. The files come from running the pinned Pagefind once, through its Node
 * API, on a one-record index, in memory (or from `dir`, a folder holding an official
 * build). Only the no-stemming engine, wasm.unknown.pagefind, is taken: see pagefind-writer.ts.
 */
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
