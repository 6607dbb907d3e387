import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The bitmap file, copied from the paper's Fig. 3 into this package. Resolved from this file's folder so
 * that it is found from src/ (tests) and dist/ (the build) alike: both are siblings of assets/.
 * (Node's side of the `#rbf-codes-text` import; browsers get `rbf-codes-text.browser.ts`.)
 */
export const RBF_CODES_FILE = path.resolve(__dirname, '../assets/rbf-digit-codes-7x12.txt');

/** The bitmap file's text. */
export function readRbfCodesText(): string {
  return readFileSync(RBF_CODES_FILE, 'utf8');
}
