import { sha1 } from "../core/digest.ts";
import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeUtf8 } from "./decode.ts";
import { normalizeLineBreaks } from "./frontmatter.ts";
import { ContentError } from "./problems.ts";

/**
 * Where a record's Markdown body is: in memory, or — for a large archive, once the gate is done
 * with it — in its file, read again whenever it is asked for. Bodies are most of a record's
 * memory, and a build uses each only a few times (its page, the open data, the search index), far
 * apart: holding every body of a 100,000-article archive all build long is what kept the build's
 * peak above its target (`npm run bench`, docs/scaling.md). An archive whose bodies fit in
 * HELD_BODY_BYTES keeps them all and never reads a file twice.
 *
 * A record's `body` is a getter over its holder; nothing else in the build knows which it is.
 */
interface Holder {
  text: string | undefined;
  /** Set when the body was let go: where to read it again, and what it must be. */
  source?: BodyInFile;
}

/** What a body read again must be: its length (UTF-16), its UTF-8 bytes and its digest. */
export interface BodyShape {
  readonly length: number;
  readonly bytes: number;
  readonly digest: string;
}

interface BodyInFile extends BodyShape {
  /** The project's folder, and the file in it as messages name it: joined only when it is read. */
  readonly root: string;
  readonly shown: string;
}

/** UTF-16 bytes of bodies a build keeps in memory; the bodies past it are read again from their files. */
export const HELD_BODY_BYTES = 128 * 1024 * 1024;

const holders = new WeakMap<object, Holder>();

/** Bodies read again lately: a page asks for its body more than once. */
const recent = new Map<Holder, string>();
const RECENT = 8;

/** `record` again with `body` a getter over a holder, its last field as in `record`; freeze what it returns. */
export function holdBody<T extends { body: string }>(record: T): T {
  return attach(record, (body) => ({ text: body }));
}

/** The one getter of every record's body: records keep one shape (see attach). */
const BODY = { get: function (this: object) { return bodyOf(holders.get(this) as Holder); }, enumerable: true, configurable: true };

function attach<T extends { body: string }>(record: T, holderOf: (body: string) => Holder): T {
  // A copy without the body, given the getter as a new last field: V8 keeps such records in one
  // shape with fast properties. A field made a getter in place (or many fields added one by one)
  // turns a record into a dictionary, and every read of its fields downstream into a lookup
  // (README, Performance).
  const { body, ...fields } = record;
  const made = Object.defineProperty(fields, "body", BODY) as unknown as T;
  holders.set(made, holderOf(body));
  return made;
}

/**
 * `record` again with `body` a getter over a body that is not in memory: the tail of its file
 * (`rootDir`/`record.file`) of `shape.length`, read when asked for (the build cache's records,
 * whose files it need not read). As holdBody.
 */
export function bodyInFile<T extends { body: string; readonly file: string }>(record: T, rootDir: string, shape: BodyShape): T {
  return attach(record, () => ({ text: undefined, source: inFile(record, rootDir, shape) }));
}

/** The length, UTF-8 bytes and digest of a record's body, without reading a body that was let go. */
export function bodyShape(record: { readonly body: string }): BodyShape {
  const source = holders.get(record)?.source;
  return source ? { length: source.length, bytes: source.bytes, digest: source.digest } : shapeOf(record.body);
}

const shapeOf = (text: string): BodyShape => ({ length: text.length, bytes: Buffer.byteLength(text), digest: sha1(text, "base64") });
const inFile = (record: { readonly file: string }, rootDir: string, shape: BodyShape): BodyInFile => ({ length: shape.length, bytes: shape.bytes, digest: shape.digest, root: rootDir, shown: record.file });

function bodyOf(holder: Holder): string {
  if (holder.text !== undefined) return holder.text;
  let text = recent.get(holder);
  if (text === undefined) {
    text = readAgain(holder.source as NonNullable<Holder["source"]>);
    recent.set(holder, text);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value as Holder);
  }
  return text;
}

/** The UTF-8 length of a record's body, without reading a body that was let go. */
export function bodyByteLength(record: { readonly body: string }): number {
  const holder = holders.get(record);
  return holder?.source && holder.text === undefined ? holder.source.bytes : Buffer.byteLength(record.body);
}

/**
 * A record's body as another thread can have it (structured clone): the text when it is held,
 * otherwise where it is in its file, for `bodyFrom` to read there with the same checks.
 */
export type PortableBody = string | BodyInFile;

export function portableBody(record: { readonly body: string }): PortableBody {
  const holder = holders.get(record);
  return holder?.text === undefined && holder?.source ? holder.source : record.body;
}

/** The body `portableBody` described (on any thread). */
export function bodyFrom(body: PortableBody): string {
  return typeof body === "string" ? body : readAgain(body);
}

/**
 * The body as the gate read it: the file's text (line breaks made "\n") from the same distance
 * before its end. A file changed since it was read fails the build, naming it, rather than mixing
 * the record's fields with another body.
 */
function readAgain(source: NonNullable<Holder["source"]>): string {
  const changed = () => new ContentError([{ severity: "error", file: source.shown, message: "changed while the site was being built — build again" }]);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(source.root, source.shown));
  } catch {
    throw changed();
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw changed();
  const text = normalizeLineBreaks(decoded.text);
  const body = text.slice(text.length - source.length);
  if (body.length !== source.length || sha1(body, "base64") !== source.digest) throw changed();
  return body;
}

/**
 * Keeps the bodies of `records` when they all fit in `budget` UTF-16 bytes, and otherwise lets
 * every one go (each to be read again from `rootDir`/its file): the bodies that would fit are a
 * few reads saved at the price of the budget's memory all build long, while the build's peak is
 * what it is held to (a held body also keeps the rest of its file's text). `beforeRelease` is
 * called with each record whose body goes, while it is still held: whatever is worked out from a
 * body once per build (the record's fingerprint) is worked out then, not from a second read.
 */
export function releaseBodies<T extends { readonly file: string }>(records: readonly T[], rootDir: string, budget: number, beforeRelease: (record: T) => void): void {
  let held = 0;
  for (const record of records) held += (holders.get(record)?.text?.length ?? 0) * 2;
  if (held <= budget) return;
  for (const record of records) {
    const holder = holders.get(record);
    if (holder?.text === undefined) continue;
    beforeRelease(record);
    const text = holder.text;
    holder.source = inFile(record, rootDir, shapeOf(text));
    holder.text = undefined;
  }
}
