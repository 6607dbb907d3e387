import { crc32c, maskedCrc32c } from './crc32c';

describe('crc32c', () => {
  it('matches the standard check value', () => {
    expect(crc32c('123456789')).toBe(0xe3069283);
  });

  it('matches the RFC 3720 (iSCSI) test vectors', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('is 0 for no bytes and can be continued piecewise', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    const all = new TextEncoder().encode('hello, checksummed world');
    expect(crc32c(all.subarray(7), crc32c(all.subarray(0, 7)))).toBe(crc32c(all));
  });

  it('masks as TFRecord does', () => {
    const bytes = new TextEncoder().encode('123456789');
    const crc = 0xe3069283;
    expect(maskedCrc32c(bytes)).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
    // The header of the first record of every TensorFlow event file: length 24, masked CRC a3 7f 4b 22.
    const header = new Uint8Array(8);
    header[0] = 24;
    expect(maskedCrc32c(header)).toBe(0x224b7fa3);
  });
});
