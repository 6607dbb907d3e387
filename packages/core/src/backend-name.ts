/** A backend the project can train on; `auto` picks the fastest one installed. */
export type BackendName = 'auto' | 'wasm' | 'cpu' | 'tensorflow' | 'tensorflow-gpu';

/** Every accepted `--backend` value, in the order `auto` tries the concrete ones (after itself). */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze([
  'auto',
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
] as const);
