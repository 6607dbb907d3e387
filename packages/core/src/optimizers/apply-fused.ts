import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** A gradient list as `Optimizer.applyGradients` receives it. */
export type VariableGradients = tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>;

/** One variable's update over the wasm heap: everything is a float32 view, `slots` in the optimizer's order. */
export type FusedUpdate = (value: Float32Array, gradient: Float32Array, slots: Float32Array[]) => void;

/** One optimizer slot (TF.js's OptimizerVariable). */
interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** A gradient list's (name, gradient) pairs in its order, whichever of the two forms it comes in. */
export function gradientEntries(variableGradients: VariableGradients): Array<[string, tf.Tensor | undefined]> {
  return Array.isArray(variableGradients) ? variableGradients.map((g) => [g.name, g.tensor]) : Object.entries(variableGradients);
}

/** The slot list `slots[i]` of variable `name`, created as the stock optimizers create it when missing. */
export function ensureSlot(slots: Slot[], i: number, name: string, suffix: string, value: tf.Variable): tf.Variable {
  if (slots[i] == null) slots[i] = { originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
  return slots[i]!.variable;
}

/** The wasm backend when it is the active one, else null (the stock path then runs). */
export function activeWasmBackend(): BackendWasm | null {
  return tf.getBackend() === 'wasm' ? (tf.backend() as BackendWasm) : null;
}

/**
 * Whether a tensor can be read (and, `writable`, updated in place) on the wasm heap: float32, held by this
 * backend, and for writing its data shared by no other tensor (`assign` and views share data ids; writing
 * in place would change those tensors too).
 */
export function onHeap(backend: BackendWasm, t: tf.Tensor, writable: boolean): boolean {
  if (t.dtype !== 'float32' || !backend.dataIdMap.has(t.dataId)) return false;
  return !writable || backend.refCount(t.dataId) === 1;
}

/** The parts of BackendWasm (4.22) that {@link markWritten} needs; not in its public typings. */
interface WasmInternals {
  dataIdNextNumber: number;
  wasm: { tfjs: { registerTensor(id: number, size: number, memoryOffset: number): void; disposeData(id: number): void } };
}

/**
 * Tells the wasm backend that a tensor's data changed in place: the same memory gets a new tensor id and the
 * old id is unregistered. XNNPACK operators cached for the old id (convolutions and matrix products keep the
 * weights packed at creation) are freed with it; without this a later forward pass would use stale weights.
 * The memory itself stays (the JS side owns and frees it).
 */
export function markWritten(backend: BackendWasm, t: tf.TensorInfo): void {
  const internals = backend as unknown as WasmInternals;
  const data = backend.dataIdMap.get(t.dataId) as { id: number; memoryOffset: number };
  const id = internals.dataIdNextNumber++;
  internals.wasm.tfjs.registerTensor(id, tf.util.sizeFromShape(t.shape), data.memoryOffset);
  internals.wasm.tfjs.disposeData(data.id);
  data.id = id;
}

/** The float32 heap view of a tensor (valid until the next allocation on the backend). */
export function heapView(backend: BackendWasm, t: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/**
 * Applies a fused update to every variable of `variableGradients`, in place on the wasm heap (each written
 * tensor then {@link markWritten}; `extraWritable` are tensors the caller writes afterwards, checked here): one pass per
 * variable instead of the stock optimizers' ~10 element-wise kernels (each with its engine bookkeeping and
 * temporaries). `slotsOf(name, i, value)` returns (creating them if needed) the optimizer's slot variables of
 * variable i. Returns false, having changed nothing but the (stock-identical) slot creation, when any tensor
 * is not a float32 tensor of the active wasm backend or a written one shares its data: the caller then runs
 * the stock update.
 */
export function applyFused(
  variableGradients: VariableGradients,
  slotsOf: (name: string, i: number, value: tf.Variable) => tf.Variable[],
  update: FusedUpdate,
  extraWritable: tf.Tensor[] = [],
): boolean {
  const backend = activeWasmBackend();
  if (backend === null) return false;
  const entries = gradientEntries(variableGradients);
  const registered = tf.engine().registeredVariables;
  const work: Array<{ value: tf.Variable; gradient: tf.Tensor; slots: tf.Variable[] }> = [];
  let fusable = extraWritable.every((t) => onHeap(backend, t, true));
  entries.forEach(([name, gradient], i) => {
    const value = registered[name];
    if (value === undefined) return;
    // Slots are created for every listed variable, before the null-gradient check, as the stock code does.
    const slots = slotsOf(name, i, value);
    if (gradient == null) return;
    fusable &&= gradient.size === value.size && onHeap(backend, gradient, false) && onHeap(backend, value, true);
    fusable &&= slots.every((s) => onHeap(backend, s, true));
    work.push({ value, gradient, slots });
  });
  if (!fusable) return false;
  // Views only now: creating slots may have grown (and so detached) the heap.
  for (const { value, gradient, slots } of work) {
    update(
      heapView(backend, value),
      heapView(backend, gradient),
      slots.map((s) => heapView(backend, s)),
    );
    for (const t of [value, ...slots]) markWritten(backend, t);
  }
  return true;
}

/** The float32 value of a scalar tensor, read from wherever it lives. */
export function scalarValue(t: tf.Tensor): number {
  const backend = activeWasmBackend();
  if (backend !== null && onHeap(backend, t, false)) return heapView(backend, t)[0]!;
  return t.dataSync()[0]!;
}
