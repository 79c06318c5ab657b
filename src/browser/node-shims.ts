/**
 * Stand-ins for the Node built-ins that the content gate and the templates import, for the CMS
 * script bundled into the browser (src/build/admin.ts). Each does what the gate needs there.
 */
import { z } from "zod";

/** schema.ts loads zod lazily through require; in the bundle it is already there. */
export function createRequire(): (id: string) => unknown {
  return (id) => {
    if (id === "zod") return { z };
    throw new Error(`${id} is not available in the browser`);
  };
}

const strict = new TextDecoder("utf-8", { fatal: true });

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Absent, as in a Node built without ICU: decode.ts then decodes with TextDecoder. */
export const transcode = undefined;

/** File names are "/"-separated and relative in the browser. */
const path = {
  sep: "/",
  join: (...parts: string[]) => parts.filter(Boolean).join("/").replace(/\/+/g, "/"),
  relative: (from: string, to: string) => (from && to.startsWith(`${from}/`) ? to.slice(from.length + 1) : to),
  dirname: (p: string) => p.replace(/\/[^/]*$/, "") || ".",
  basename: (p: string) => p.slice(p.lastIndexOf("/") + 1),
};
export default path;

function unavailable(): never {
  throw new Error("no file system in the browser");
}
export const readFile = unavailable;
export const readFileSync = unavailable;
export const statSync = unavailable;
export const readdir = unavailable;
export const createHash = unavailable;
/**
 * Absent, as in a Node before 20.12: digest.ts then hashes with createHash. The gate and the
 * templates the CMS runs import digest.ts (through body.ts and fingerprint.ts) but hash nothing
 * in the editor: bodies stay in memory and pages are not fingerprinted there.
 */
export const hash = undefined;

/** decode.ts turns valid UTF-8 into text through Buffer (injected for the global by src/build/admin.ts). */
export const Buffer = {
  from: (buffer: ArrayBufferLike, offset: number, length: number) => ({ toString: () => new TextDecoder().decode(new Uint8Array(buffer, offset, length)) }),
};
