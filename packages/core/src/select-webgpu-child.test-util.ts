/**
 * The child process of load-webgpu.spec.ts (the `webgpu` package is an ES module, which jest's CommonJS
 * loader cannot import). Usage: node --conditions=@lenet/source -r ts-node/register/transpile-only select-webgpu-child.test-util.ts
 * Prints one JSON line: {"backend": ..., "described": describeBackend(), "sum": ...} (a 2x2 convolution's filter
 * gradient summed, on the selected backend), or {"error": <name>, "backend": <its .backend>, "message": ...} when selectBackend throws.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, describeBackend, selectBackend } from './index';

async function main(): Promise<void> {
  try {
    const backend = await selectBackend('webgpu');
    const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
    const dw = tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, 1, 'valid').sum())(tf.ones([2, 2, 1, 1]));
    console.log(JSON.stringify({ backend, described: describeBackend(), sum: (await dw.sum().data())[0] }));
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    console.log(JSON.stringify({ error: error.name, backend: error.backend, message: error.message }));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
