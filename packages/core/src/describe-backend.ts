import * as tf from '@tensorflow/tfjs';

/** What TF.js's webgpu backend keeps of the adapter it runs on. */
interface WithAdapterInfo {
  adapterInfo?: { vendor?: string; architecture?: string };
}

/**
 * The current backend for a log line: `tf.getBackend()`, and for `webgpu` the adapter's vendor and
 * architecture, e.g. `webgpu (google swiftshader)`, so that a software adapter is visible where it is used.
 */
export function describeBackend(): string {
  const name = tf.getBackend();
  if (name !== 'webgpu') return name;
  const info = (tf.backend() as WithAdapterInfo).adapterInfo;
  const adapter = [info?.vendor, info?.architecture].filter((s) => s !== undefined && s !== '').join(' ');
  return adapter === '' ? name : `${name} (${adapter})`;
}
