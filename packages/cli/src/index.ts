export { runCli, usageText, COMMANDS } from './cli';
export type { Command } from './command';
export type { Io } from './io';
export { UsageError, EXIT } from './usage-error';
export { isUserError } from './user-error';
export { epochLine, testLine, fixed, markdownTable } from './format';
export { decodePng } from './preprocess/decode-png';
export { reproductionVariants, PAPER_ERRORS, SEED_NOTEBOOK_ACCURACY } from './reproduce/variants';
export type { Variant } from './reproduce/variants';
