import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RBF_CODES_FILE, RbfCodesFormatError, parseRbfCodes, provideRbfCodesText, rbfCodes } from './rbf-codes';
import { readRbfCodesText as readInBrowser } from './rbf-codes-text.browser';

/** The team's reference copy: /work/shared/reference, four levels above this folder. */
const REFERENCE = path.resolve(__dirname, '../../../../shared/reference/rbf-digit-codes-7x12.txt');

describe('RBF codes', () => {
  // Outside the team's workspace there is no reference to compare with: the test shows as skipped there.
  (existsSync(REFERENCE) ? it : it.skip)('the package copy equals the shared reference bitmap file (skipped where the shared reference is absent)', () => {
    expect(readFileSync(RBF_CODES_FILE, 'utf8')).toBe(readFileSync(REFERENCE, 'utf8'));
  });

  it('reads 10 codes of 84 values, all +1 or -1', () => {
    const codes = rbfCodes();
    expect(codes).toHaveLength(10);
    for (const code of codes) {
      expect(code).toHaveLength(84);
      expect(code.every((v) => v === 1 || v === -1)).toBe(true);
    }
  });

  it('codes follow the bitmaps row by row ("#" = +1)', () => {
    const codes = rbfCodes();
    // digit 1, row 0: "...##.."; digit 3, row 0: "#######"; digit 4, row 11: ".....##"
    expect(codes[1].slice(0, 7)).toEqual([-1, -1, -1, 1, 1, -1, -1]);
    expect(codes[3].slice(0, 7)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(codes[4].slice(77, 84)).toEqual([-1, -1, -1, -1, -1, 1, 1]);
    // every bitmap line of the file, in order, is 7 consecutive code values
    const text = readFileSync(RBF_CODES_FILE, 'utf8');
    const rows = text.split('\n').filter((l) => /^[#.]{7}$/.test(l));
    expect(rows).toHaveLength(120);
    rows.forEach((row, r) => {
      const digit = Math.floor(r / 12);
      const offset = (r % 12) * 7;
      expect(codes[digit].slice(offset, offset + 7)).toEqual([...row].map((ch) => (ch === '#' ? 1 : -1)));
    });
  });

  it('the codes are distinct (every pair differs in at least 10 positions)', () => {
    const codes = rbfCodes();
    for (let a = 0; a < 10; a++)
      for (let b = a + 1; b < 10; b++) {
        const differing = codes[a].filter((v, i) => v !== codes[b][i]).length;
        expect(differing).toBeGreaterThanOrEqual(10);
      }
  });

  it('names the file and line of a malformed bitmap', () => {
    const good = readFileSync(RBF_CODES_FILE, 'utf8');
    expect(() => parseRbfCodes(good.replace('...##..', '...##x.'), 'codes.txt')).toThrow(RbfCodesFormatError);
    expect(() => parseRbfCodes(good.replace('...##..', '...##x.'), 'codes.txt')).toThrow(
      /codes\.txt:\d+: expected 7 characters of '#' or '\.', found '\.\.\.##x\.'/,
    );
    expect(() => parseRbfCodes(good.replace('digit 9', 'digit 8'), 'codes.txt')).toThrow('codes.txt:');
    expect(() => parseRbfCodes(good.split('digit 9')[0], 'codes.txt')).toThrow('codes.txt: expected a bitmap for digit 9, found none');
  });

  it('in a browser: codes from provideRbfCodesText, and a message saying so when it was not called', () => {
    expect(() => readInBrowser()).toThrow(/provideRbfCodesText\(text\).*@lenet\/model\/assets\/rbf-digit-codes-7x12\.txt\?raw/);
    const text = readFileSync(RBF_CODES_FILE, 'utf8');
    provideRbfCodesText(text);
    expect(rbfCodes()).toEqual(parseRbfCodes(text));
    expect(() => provideRbfCodesText('digit 1')).toThrow(RbfCodesFormatError);
  });
});
