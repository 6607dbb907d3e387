/** A backend the project can train on; `auto` picks the fastest one installed. */
export type BackendName = 'auto' | 'wasm' | 'cpu' | 'tensorflow' | 'tensorflow-gpu' | 'webgpu';

/**
 * Every accepted `--backend` value: `auto`, then the concrete ones in the order `auto` tries them (it stops
 * at `wasm`, which always works; `webgpu` and `cpu` only run when asked for by name).
 */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'webgpu', 'cpu'] as const);
