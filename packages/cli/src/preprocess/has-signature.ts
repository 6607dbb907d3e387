/** True when `bytes` start with `signature` (a file format's magic bytes). */
export function hasSignature(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}
