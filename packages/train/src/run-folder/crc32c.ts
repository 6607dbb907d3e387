/**
 * CRC-32C (Castagnoli), the checksum of TFRecord framing (TensorBoard event files) and of our
 * checkpoint manifests. Reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF.
 */

const POLYNOMIAL = 0x82f63b78;

/** One lookup table for byte-at-a-time updates, built once at module load. */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * Continues a CRC-32C over `bytes`. Pass the previous result as `crc` to checksum data in pieces
 * (`crc32c(b, crc32c(a))` equals `crc32c(a ++ b)`).
 *
 * @returns the CRC as an unsigned 32-bit integer.
 */
export function crc32c(bytes: Uint8Array | string, crc = 0): number {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** TFRecord's masking delta: a CRC stored next to the data it covers is masked so that a CRC of a CRC is not trivially recognisable. */
const MASK_DELTA = 0xa282ead8;

/** The masked CRC-32C that TFRecord stores: `((crc >>> 15) | (crc << 17)) + 0xa282ead8`, as uint32. */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}
