// The Node entry of @lenet/data: the runtime-free API of the browser entry, plus the loaders that read the
// file system (and node:zlib / node:crypto).
export * from './index.browser';

// Node only.
export { readIdx } from './read-idx';
export { readIdxFile } from './read-idx-file';
export { loadMnist, locateDataset, verifyMnistSha256 } from './mnist';
export type { Dataset, LoadOptions, LocatedDataset } from './mnist';
