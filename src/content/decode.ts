import { isUtf8, transcode } from "node:buffer";

/** File contents as read by fs (a Buffer) or made in memory. @types/node 20.9 types Buffer apart from TS 6's Uint8Array. */
export type Bytes = Uint8Array | Buffer;

export type DecodeResult = { ok: true; text: string } | { ok: false; offset: number; byte: number };

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Strict UTF-8: a file that is not valid UTF-8 is refused with the byte offset, never guessed at. */
export function decodeUtf8(bytes: Bytes): DecodeResult {
  // The common case, quicker than the fatal TextDecoder: validate, then decode, then
  // drop one byte-order mark as the TextDecoder does.
  if (isUtf8(bytes as Uint8Array)) {
    const text = decodeValidUtf8(bytes as Uint8Array);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  try {
    return { ok: true, text: decoder.decode(bytes as Uint8Array) };
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    return { ok: false, offset, byte: bytes[offset] ?? 0 };
  }
}

/**
 * Valid UTF-8 to a string. For Chinese text, ICU's converter to UTF-16 and a copy are quicker than
 * V8's own decoder (Buffer#toString, TextDecoder). Node built without ICU has no transcode: then
 * Buffer#toString.
 */
function decodeValidUtf8(view: Uint8Array): string {
  const bytes = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  if (icuTranscode) {
    try {
      const utf16 = transcode(bytes as unknown as Uint8Array, "utf8", "ucs2");
      return utf16.toString("ucs2");
    } catch {
      icuTranscode = false;
    }
  }
  return bytes.toString("utf8");
}
let icuTranscode = true;

function firstInvalidUtf8Byte(bytes: Bytes): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

/**
 * What an editor is told about a file that is not UTF-8: the line and the byte at fault, and for
 * an article the command that converts GBK and UTF-16 text (`npm run import`).
 */
export function notUtf8Problem(bytes: Bytes, failure: { offset: number; byte: number }, kind: "article" | "registry" = "article"): { line: number; message: string } {
  let line = 1;
  for (let i = 0; i < failure.offset; i++) if (bytes[i] === 0x0a) line++;
  const fix = kind === "article" ? "save the file as UTF-8, or let `npm run import -- FILE` convert it from GBK or UTF-16 into a draft" : "save the file as UTF-8";
  return { line, message: `not valid UTF-8: byte 0x${failure.byte.toString(16).padStart(2, "0")} at offset ${failure.offset} — ${fix}` };
}
