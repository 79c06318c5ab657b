/**
 * Turns the bytes of a source file into text, or refuses them with the byte offset of the first
 * byte that cannot be read. Scanned pages and old web posts arrive in whatever encoding the tool
 * that saved them used, and a wrongly guessed encoding produces plausible-looking mojibake that an
 * editor might publish — so detection is strict and in a fixed order, never a statistical guess:
 *
 * 1. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE), and the rest must be valid in it;
 * 2. otherwise strict UTF-8 (what every modern tool writes; pure ASCII is UTF-8 too);
 * 3. otherwise strict GB18030 (a superset of GBK and GB2312, what Chinese Windows tools write).
 *
 * Anything else is refused. Line endings (CRLF, CR) become LF.
 */
import { decodeUtf8, type Bytes } from "../content/decode.ts";

export type Decoded =
  | { readonly ok: true; readonly text: string; readonly encoding: string; readonly lineEndings: "LF" | "CRLF" | "CR" }
  | { readonly ok: false; readonly offset: number; readonly reason: string };

export function decodeSource(input: Bytes): Decoded {
  const bytes = input as Uint8Array;
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) return decoded;
  // A NUL is never text: most likely UTF-16 saved without a byte-order mark, which cannot be told
  // apart from other encodings reliably, so it is refused rather than guessed.
  const nul = decoded.text.indexOf("\u0000");
  if (nul !== -1) {
    return { ok: false, offset: decoded.byteOffsetOf(nul), reason: "contains a NUL byte — not a text file, or UTF-16 without a byte-order mark" };
  }
  const crlf = decoded.text.includes("\r\n");
  const cr = !crlf && decoded.text.includes("\r");
  const text = decoded.text.replace(/\r\n?/g, "\n");
  return { ok: true, text, encoding: decoded.encoding, lineEndings: crlf ? "CRLF" : cr ? "CR" : "LF" };
}

type Attempt =
  | { ok: true; text: string; encoding: string; byteOffsetOf: (charIndex: number) => number }
  | { ok: false; offset: number; reason: string };

const hex = (byte: number | undefined) => `0x${(byte ?? 0).toString(16).padStart(2, "0")}`;

function decodeBytes(bytes: Uint8Array): Attempt {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const rest = decodeUtf8(bytes.subarray(3));
    if (!rest.ok) return { ok: false, offset: rest.offset + 3, reason: `starts with a UTF-8 byte-order mark but byte ${hex(rest.byte)} is not valid UTF-8` };
    return { ok: true, text: rest.text, encoding: "UTF-8 with BOM", byteOffsetOf: (i) => 3 + Buffer.byteLength(rest.text.slice(0, i)) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, false);

  const utf8 = decodeUtf8(bytes);
  if (utf8.ok) return { ok: true, text: utf8.text, encoding: "UTF-8", byteOffsetOf: (i) => Buffer.byteLength(utf8.text.slice(0, i)) };

  const gbError = firstInvalidGb18030Byte(bytes);
  if (gbError === undefined) {
    const text = decodeGb18030(bytes);
    // A NUL is a single byte in GB18030 (0x00 never occurs inside a multi-byte sequence).
    if (text !== undefined) return { ok: true, text, encoding: "GB18030", byteOffsetOf: () => bytes.indexOf(0) };
  }
  const gbOffset = gbError ?? firstFailingPrefix(bytes);
  // The encoding that reads further is the file's likely encoding, and its bad byte the one to look at.
  const likely = gbOffset > utf8.offset ? "GB18030" : "UTF-8";
  return {
    ok: false,
    offset: Math.max(utf8.offset, gbOffset),
    reason:
      `not UTF-8 (byte ${hex(utf8.byte)} at offset ${utf8.offset}) and not GB18030 (byte ${hex(bytes[gbOffset])} at offset ${gbOffset}); ` +
      `if it is ${likely}, that byte is damaged — otherwise save it as UTF-8`,
  };
}

/** UTF-16 after its byte-order mark: an odd byte count or an unpaired surrogate is refused. */
function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): Attempt {
  const name = littleEndian ? "UTF-16LE" : "UTF-16BE";
  const unit = (i: number) => (littleEndian ? (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) : ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  if (bytes.length % 2 === 1) return { ok: false, offset: bytes.length - 1, reason: `${name} (byte-order mark) with an odd number of bytes: the last byte is half a character` };
  for (let i = 2; i < bytes.length; i += 2) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 2 < bytes.length ? unit(i + 2) : -1;
      if (next < 0xdc00 || next > 0xdfff) return { ok: false, offset: i, reason: `${name}: a high surrogate not followed by a low surrogate` };
      i += 2;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      return { ok: false, offset: i, reason: `${name}: a low surrogate without a high surrogate before it` };
    }
  }
  const text = new TextDecoder(littleEndian ? "utf-16le" : "utf-16be", { fatal: true, ignoreBOM: false }).decode(bytes);
  return { ok: true, text, encoding: `${name} with BOM`, byteOffsetOf: (i) => 2 + 2 * i };
}

/**
 * Offset of the first byte that does not start a valid GB18030 sequence, or undefined. Node's
 * decoder follows the WHATWG "gb18030" decoder, which also accepts the lone byte 0x80 (as €, a GBK
 * extension) — GB18030 itself does not, so the structure is checked here first:
 * one byte 0x00–0x7F; two bytes 81–FE + 40–7E/80–FE; four bytes 81–FE 30–39 81–FE 30–39 whose
 * value falls in the ranges mapped to Unicode (BMP 81308130–8431A439, supplementary 90308130–E3329A35).
 */
function firstInvalidGb18030Byte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    if (b === 0x80 || b === 0xff) return i;
    const c = bytes[i + 1];
    if (c === undefined) return i;
    if ((c >= 0x40 && c <= 0x7e) || (c >= 0x80 && c <= 0xfe)) {
      i += 2;
      continue;
    }
    const d = bytes[i + 2];
    const e = bytes[i + 3];
    if (c < 0x30 || c > 0x39 || d === undefined || d < 0x81 || d > 0xfe || e === undefined || e < 0x30 || e > 0x39) return i;
    const linear = (((b - 0x81) * 10 + (c - 0x30)) * 126 + (d - 0x81)) * 10 + (e - 0x30);
    const bmp = linear <= 39419; // 84 31 A4 39
    const supplementary = linear >= 189000 && linear <= 1237575; // 90 30 81 30 … E3 32 9A 35
    if (!bmp && !supplementary) return i;
    i += 4;
  }
  return undefined;
}

function decodeGb18030(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Where Node's own GB18030 decoder first fails, for the rare sequence that is well formed but
 * unmapped: the shortest prefix that fails to decode in streaming mode ends at the bad byte.
 */
function firstFailingPrefix(bytes: Uint8Array): number {
  const fails = (length: number) => {
    try {
      new TextDecoder("gb18030", { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (fails(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}
