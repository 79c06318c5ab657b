/**
 * The little CBOR (RFC 8949) that Pagefind's index files use, written by hand instead of pulling in
 * a library: definite-length arrays, unsigned and negative integers, UTF-8 text, each head in its
 * shortest form (as Rust's minicbor writes them). `decodeCbor` reads the same subset back (plus
 * maps, byte strings and simple values), for tests and for checking official output.
 */

const textEncoder = new TextEncoder();

/** A growable byte buffer with CBOR writers. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.bytes = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  append(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** A CBOR head: major type (0–7) and its argument, shortest encoding. */
  head(major: number, value: number): void {
    this.reserve(9);
    this.length = putHead(this.bytes, this.length, major, value);
  }

  /** A definite-length CBOR array head. */
  array(length: number): void {
    this.head(4, length);
  }

  /** A CBOR text string. */
  text(value: string): void {
    const encoded = textEncoder.encode(value);
    this.head(3, encoded.length);
    this.append(encoded);
  }

  /** The written bytes (a view, valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** A right-sized copy of the written bytes. */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * Writes a CBOR head (major type and argument, shortest form) into `bytes` at `at`, which must have
 * room for 9 bytes; returns the end. The one CBOR encoder: ByteWriter and the index writer's
 * posting log, which writes into its buffer directly, both use it.
 */
export function putHead(bytes: Uint8Array, at: number, major: number, value: number): number {
  const m = major << 5;
  if (value < 24) {
    bytes[at] = m | value;
    return at + 1;
  }
  if (value < 0x100) {
    bytes[at] = m | 24;
    bytes[at + 1] = value;
    return at + 2;
  }
  if (value < 0x10000) {
    bytes[at] = m | 25;
    bytes[at + 1] = value >>> 8;
    bytes[at + 2] = value & 0xff;
    return at + 3;
  }
  if (value < 0x100000000) {
    bytes[at] = m | 26;
    bytes[at + 1] = value >>> 24;
    bytes[at + 2] = (value >>> 16) & 0xff;
    bytes[at + 3] = (value >>> 8) & 0xff;
    bytes[at + 4] = value & 0xff;
    return at + 5;
  }
  if (!Number.isSafeInteger(value)) throw new RangeError(`CBOR: ${value} is not a safe integer`);
  bytes[at] = m | 27;
  const hi = Math.floor(value / 0x100000000);
  const lo = value >>> 0;
  let p = at + 1;
  for (const word of [hi, lo]) {
    bytes[p++] = word >>> 24;
    bytes[p++] = (word >>> 16) & 0xff;
    bytes[p++] = (word >>> 8) & 0xff;
    bytes[p++] = word & 0xff;
  }
  return p;
}

/** The argument of the CBOR head at `at` (up to 32 bits). */
export function cborArgument(bytes: Uint8Array, at: number): number {
  const info = (bytes[at] as number) & 31;
  if (info < 24) return info;
  let value = 0;
  for (let i = 1; i <= 1 << (info - 24); i++) value = value * 256 + (bytes[at + i] as number);
  return value;
}

/** Where the item starting at `at` ends: past its head, and past every item of an array (the writer's own subset: integers and arrays). */
export function cborItemEnd(bytes: Uint8Array, at: number): number {
  // Heads in order, counting the items still to pass: an array's head adds its items. No call per
  // item: an update reads back every entry of the words it changes.
  let p = at;
  for (let pending = 1; pending > 0; pending--) {
    const initial = bytes[p] as number;
    const info = initial & 31;
    if (initial >> 5 === 4) pending += cborArgument(bytes, p);
    p += 1 + (info < 24 ? 0 : 1 << (info - 24));
  }
  return p;
}

/** Decoded CBOR: numbers, strings, arrays, Maps (for CBOR maps), Uint8Array, booleans and null. */
export type CborValue = number | string | boolean | null | Uint8Array | CborValue[] | Map<CborValue, CborValue>;

/** Decodes one CBOR item that must fill `bytes` exactly (definite lengths only). */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let p = 0;
  const argument = (info: number): number => {
    if (info < 24) return info;
    let value: number;
    if (info === 24) value = view.getUint8(p);
    else if (info === 25) value = view.getUint16(p);
    else if (info === 26) value = view.getUint32(p);
    else if (info === 27) value = Number(view.getBigUint64(p));
    else throw new Error(`CBOR: unsupported additional info ${info} at byte ${p - 1}`);
    p += 1 << (info - 24);
    return value;
  };
  const item = (): CborValue => {
    if (p >= bytes.length) throw new Error("CBOR: unexpected end");
    const initial = view.getUint8(p++);
    const major = initial >> 5;
    const info = initial & 31;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22) return null;
      throw new Error(`CBOR: unsupported simple value ${info}`);
    }
    const n = argument(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
      case 3: {
        if (p + n > bytes.length) throw new Error("CBOR: string runs past the end");
        const data = bytes.subarray(p, p + n);
        p += n;
        return major === 2 ? data.slice() : decoder.decode(data);
      }
      case 4: {
        const out: CborValue[] = [];
        for (let i = 0; i < n; i++) out.push(item());
        return out;
      }
      case 5: {
        const out = new Map<CborValue, CborValue>();
        for (let i = 0; i < n; i++) {
          const key = item();
          out.set(key, item());
        }
        return out;
      }
      default:
        throw new Error(`CBOR: unsupported major type ${major}`);
    }
  };
  const value = item();
  if (p !== bytes.length) throw new Error(`CBOR: ${bytes.length - p} trailing bytes`);
  return value;
}
