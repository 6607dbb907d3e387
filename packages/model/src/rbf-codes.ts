import { RBF_CODES_FILE, readRbfCodesText } from '#rbf-codes-text';

/** Rows x columns of each digit's bitmap: 7 x 12 = 84 = the F6 width. */
export const RBF_CODE_ROWS = 12;
export const RBF_CODE_COLS = 7;

export { RBF_CODES_FILE };

/** The bitmap text is not what was expected. */
export class RbfCodesFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RbfCodesFormatError';
  }
}

/**
 * Parses the 7x12 digit bitmaps: lines starting with '# ' are comments, `digit D` opens a
 * bitmap of 12 rows of 7 characters, '#' = +1 and '.' = -1. Returns 10 codes of 84 values, row-major.
 */
export function parseRbfCodes(text: string, file = RBF_CODES_FILE): number[][] {
  const codes: (number[] | undefined)[] = new Array(10).fill(undefined);
  let current: number[] | undefined;
  let digit = -1;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const where = `${file}:${index + 1}`;
    if (line === '' || line.startsWith('# ') || line === '#') return;
    const header = /^digit\s+(\d)$/.exec(line);
    if (header) {
      digit = Number(header[1]);
      if (codes[digit] !== undefined) throw new RbfCodesFormatError(`${where}: digit ${digit} defined twice`);
      current = [];
      codes[digit] = current;
      return;
    }
    if (current === undefined) throw new RbfCodesFormatError(`${where}: expected 'digit N', found '${line}'`);
    if (!/^[#.]{7}$/.test(line)) {
      throw new RbfCodesFormatError(`${where}: expected ${RBF_CODE_COLS} characters of '#' or '.', found '${line}'`);
    }
    if (current.length >= RBF_CODE_ROWS * RBF_CODE_COLS) {
      throw new RbfCodesFormatError(`${where}: digit ${digit} has more than ${RBF_CODE_ROWS} rows`);
    }
    for (const ch of line) current.push(ch === '#' ? 1 : -1);
  });
  return codes.map((code, d) => {
    if (code === undefined) throw new RbfCodesFormatError(`${file}: expected a bitmap for digit ${d}, found none`);
    if (code.length !== RBF_CODE_ROWS * RBF_CODE_COLS) {
      throw new RbfCodesFormatError(`${file}: digit ${d}: expected ${RBF_CODE_ROWS} rows of ${RBF_CODE_COLS}, found ${code.length / RBF_CODE_COLS} rows`);
    }
    return code;
  });
}

let cached: number[][] | undefined;

/**
 * The 10 fixed RBF codes (+1/-1, 84 each), read from the package's bitmap file once (Node), or the text given
 * to {@link provideRbfCodesText} (browsers, which cannot read the package's files themselves).
 */
export function rbfCodes(): number[][] {
  cached ??= parseRbfCodes(readRbfCodesText());
  return cached;
}

/**
 * Supplies the bitmap text where the package cannot read its asset file (a browser bundle): pass the contents of
 * `@lenet/model/assets/rbf-digit-codes-7x12.txt` (with Vite: `import text from '...txt?raw'`) before building or
 * loading a model with an RBF head. Parsed and checked at once.
 */
export function provideRbfCodesText(text: string): void {
  cached = parseRbfCodes(text);
}
