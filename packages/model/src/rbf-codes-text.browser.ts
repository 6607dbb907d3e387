// The browser's side of the `#rbf-codes-text` import (package.json `imports`): a bundle has no file system,
// so the bitmap text comes from the application through provideRbfCodesText.

/** The asset's module path, named in messages. */
export const RBF_CODES_FILE = '@lenet/model/assets/rbf-digit-codes-7x12.txt';

/** Never returns: reached only when the application did not call provideRbfCodesText first. */
export function readRbfCodesText(): string {
  throw new Error(
    `@lenet/model: the RBF codes are not available in a browser until provideRbfCodesText(text) is called with ` +
      `the contents of ${RBF_CODES_FILE} (with Vite: import text from '${RBF_CODES_FILE}?raw')`,
  );
}
