import * as crypto from "node:crypto";

/** Node's one-shot digest where it has one (Node 20.12 on); a hash object each time elsewhere. */
const oneShot = (crypto as { hash?: (algorithm: string, data: crypto.BinaryLike, encoding: crypto.BinaryToTextEncoding) => string }).hash;

/**
 * The SHA-1 of `data` as text: the digest behind every key, fingerprint and file hash of the
 * build. Pages, bodies and keys are digested by the hundred thousand, and making a hash object
 * for each was the larger part of a key's cost.
 */
export function sha1(data: string | Uint8Array | Buffer, encoding: crypto.BinaryToTextEncoding = "hex"): string {
  const bytes = data as crypto.BinaryLike;
  return oneShot ? oneShot("sha1", bytes, encoding) : crypto.createHash("sha1").update(bytes).digest(encoding);
}
