/**
 * Flattening spaces and elements to 1-D float vectors (Gymnasium's `spaces.utils`:
 * `flatdim`, `flatten`, `unflatten`, `flatten_space`), and the batched action layout of
 * VectorEnv/Policy.
 *
 * Layout of a flat vector, as Gymnasium's:
 * - Box: its elements, row-major;
 * - Discrete(n, start): one-hot of length n (index x − start);
 * - MultiDiscrete(nvec): one one-hot block per component, concatenated (Σ nvec);
 * - MultiBinary(n): the n bits;
 * - Dict: its subspaces' flat vectors in key order; Tuple: in order.
 *
 * `flatten` writes into a caller-provided array at an offset, so vector envs can fill an
 * observation row of their batch without allocating.
 */
import { InputError } from '../../core/errors.js';
import type { Space } from './space.js';
import { Box, type BoxArray } from './box.js';
import { Discrete } from './discrete.js';
import { MultiDiscrete } from './multi-discrete.js';
import { MultiBinary } from './multi-binary.js';
import { Dict } from './dict.js';
import { Tuple } from './tuple.js';

type FlatArray = Float32Array | Float64Array;

/** Length of the flat vector of an element of `space`. */
export function flatdim(space: Space): number {
  if (space instanceof Box) return space.size;
  if (space instanceof Discrete) return space.n;
  if (space instanceof MultiDiscrete) return space.nvec.reduce((a, b) => a + b, 0);
  if (space instanceof MultiBinary) return space.n;
  if (space instanceof Dict) return space.keys.reduce((a, k) => a + flatdim(space.spaces[k]!), 0);
  if (space instanceof Tuple) return space.spaces.reduce((a, s) => a + flatdim(s), 0);
  throw unsupported(space, 'flatdim');
}

/**
 * Write the flat vector of `x` (an element of `space`) into `out` from `offset`; returns
 * `out`. Allocates `out` (Float32Array) when omitted. `x` must be in the space (checked
 * only as far as needed to lay it out: Discrete values out of range are an InputError).
 */
export function flatten<O extends FlatArray = Float32Array>(space: Space, x: unknown, out?: O, offset = 0): O {
  const target = (out ?? new Float32Array(flatdim(space))) as O;
  if (offset + flatdim(space) > target.length) {
    throw new InputError(`flatten: output of length ${target.length} too short for ${flatdim(space)} values at offset ${offset}`, 'out');
  }
  write(space, x, target, offset);
  return target;
}

function write(space: Space, x: unknown, out: FlatArray, offset: number): number {
  if (space instanceof Box || space instanceof MultiBinary) {
    const values = x as ArrayLike<number>;
    const n = space instanceof Box ? space.size : space.n;
    if (values === null || typeof values !== 'object' || values.length !== n) {
      throw new InputError(`flatten: expected ${n} values for ${String(space)}, got ${describe(x)}`, 'x');
    }
    for (let i = 0; i < n; i++) out[offset + i] = values[i]!;
    return offset + n;
  }
  if (space instanceof Discrete) {
    oneHot(x, space.start, space.n, out, offset, String(space));
    return offset + space.n;
  }
  if (space instanceof MultiDiscrete) {
    const values = x as ArrayLike<number>;
    if (values === null || typeof values !== 'object' || values.length !== space.nvec.length) {
      throw new InputError(`flatten: expected ${space.nvec.length} values for ${String(space)}, got ${describe(x)}`, 'x');
    }
    let o = offset;
    for (let i = 0; i < space.nvec.length; i++) {
      oneHot(values[i], space.start[i]!, space.nvec[i]!, out, o, `${String(space)}[${i}]`);
      o += space.nvec[i]!;
    }
    return o;
  }
  if (space instanceof Dict) {
    const obj = x as Record<string, unknown>;
    if (obj === null || typeof obj !== 'object') throw new InputError(`flatten: expected an object for ${String(space)}`, 'x');
    let o = offset;
    for (const k of space.keys) o = write(space.spaces[k]!, obj[k], out, o);
    return o;
  }
  if (space instanceof Tuple) {
    if (!Array.isArray(x) || x.length !== space.spaces.length) throw new InputError(`flatten: expected an array of ${space.spaces.length} for ${String(space)}`, 'x');
    let o = offset;
    space.spaces.forEach((s, i) => (o = write(s, x[i], out, o)));
    return o;
  }
  throw unsupported(space, 'flatten');
}

function oneHot(x: unknown, start: number, n: number, out: FlatArray, offset: number, label: string): void {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < start || x >= start + n) {
    throw new InputError(`flatten: ${describe(x)} is not an element of ${label}`, 'x');
  }
  out.fill(0, offset, offset + n);
  out[offset + x - start] = 1;
}

/**
 * Inverse of {@link flatten}: the element of `space` laid out in `flat` from `offset`.
 * A one-hot block that is not exactly one 1 is an InputError.
 */
export function unflatten(space: Space, flat: ArrayLike<number>, offset = 0): unknown {
  if (offset + flatdim(space) > flat.length) {
    throw new InputError(`unflatten: ${flat.length - offset} values, ${String(space)} needs ${flatdim(space)}`, 'flat');
  }
  return read(space, flat, offset).value;
}

function read(space: Space, flat: ArrayLike<number>, offset: number): { value: unknown; next: number } {
  if (space instanceof Box) {
    const v: BoxArray = space.create();
    for (let i = 0; i < space.size; i++) v[i] = flat[offset + i]!;
    return { value: v, next: offset + space.size };
  }
  if (space instanceof MultiBinary) {
    const v = new Int8Array(space.n);
    for (let i = 0; i < space.n; i++) v[i] = flat[offset + i]!;
    return { value: v, next: offset + space.n };
  }
  if (space instanceof Discrete) return { value: space.start + hotIndex(flat, offset, space.n, String(space)), next: offset + space.n };
  if (space instanceof MultiDiscrete) {
    const v = new Int32Array(space.nvec.length);
    let o = offset;
    for (let i = 0; i < v.length; i++) {
      v[i] = space.start[i]! + hotIndex(flat, o, space.nvec[i]!, `${String(space)}[${i}]`);
      o += space.nvec[i]!;
    }
    return { value: v, next: o };
  }
  if (space instanceof Dict) {
    const value: Record<string, unknown> = {};
    let o = offset;
    for (const k of space.keys) {
      const r = read(space.spaces[k]!, flat, o);
      value[k] = r.value;
      o = r.next;
    }
    return { value, next: o };
  }
  if (space instanceof Tuple) {
    const value: unknown[] = [];
    let o = offset;
    for (const s of space.spaces) {
      const r = read(s, flat, o);
      value.push(r.value);
      o = r.next;
    }
    return { value, next: o };
  }
  throw unsupported(space, 'unflatten');
}

function hotIndex(flat: ArrayLike<number>, offset: number, n: number, label: string): number {
  let index = -1;
  for (let i = 0; i < n; i++) {
    const v = flat[offset + i]!;
    if (v === 0) continue;
    if (v !== 1 || index !== -1) {
      throw new InputError(`unflatten: the ${n} values for ${label} at offset ${offset} are not one-hot`, 'flat');
    }
    index = i;
  }
  if (index === -1) throw new InputError(`unflatten: the ${n} values for ${label} at offset ${offset} are all zero, expected one-hot`, 'flat');
  return index;
}

/**
 * The Box of flat vectors of `space` (Gymnasium's `flatten_space`): bounds of Box parts
 * kept, [0, 1] for one-hot and binary parts. dtype float64 when the space holds a float64
 * Box, float32 otherwise.
 */
export function flattenSpace(space: Space): Box<BoxArray> {
  if (space instanceof Box) return new Box(space.low, space.high, [space.size], space.dtype);
  const n = flatdim(space);
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  let float64 = false;
  const fill = (s: Space, o: number): number => {
    if (s instanceof Box) {
      low.set(s.low, o);
      high.set(s.high, o);
      if (s.dtype === 'float64') float64 = true;
      return o + s.size;
    }
    if (s instanceof Dict) return s.keys.reduce((acc, k) => fill(s.spaces[k]!, acc), o);
    if (s instanceof Tuple) return s.spaces.reduce((acc, sub) => fill(sub, acc), o);
    const d = flatdim(s);
    high.fill(1, o, o + d);
    return o + d;
  };
  fill(space, 0);
  return new Box(low, high, [n], float64 ? 'float64' : 'float32');
}

// ---------------------------------------------------------------------------------------
// Batched action layout (VectorEnv / Policy): one row per sub-env.
//   Discrete → Int32Array(numEnvs) holding the action values (start included);
//   MultiDiscrete, MultiBinary → Int32Array(numEnvs × k);
//   Box → Float32Array(numEnvs × size).
// Dict and Tuple actions have no batched layout.
// ---------------------------------------------------------------------------------------

/** Numbers per sub-env in the batched action layout of `space`. */
export function actionRowSize(space: Space): number {
  if (space instanceof Discrete) return 1;
  if (space instanceof MultiDiscrete) return space.nvec.length;
  if (space instanceof MultiBinary) return space.n;
  if (space instanceof Box) return space.size;
  throw unsupported(space, 'batched actions');
}

/** A zeroed batch of `numEnvs` actions of `space`. */
export function createActionBatch(space: Space, numEnvs: number): Int32Array | Float32Array {
  const n = numEnvs * actionRowSize(space);
  return space instanceof Box ? new Float32Array(n) : new Int32Array(n);
}

/** Write one sub-env's action into row `i` of a batch. */
export function writeBatchedAction(space: Space, action: unknown, batch: Int32Array | Float32Array | Float64Array, i: number): void {
  if (space instanceof Discrete) {
    batch[i] = action as number;
    return;
  }
  const k = actionRowSize(space);
  const values = action as ArrayLike<number>;
  if (values === null || typeof values !== 'object' || values.length !== k) {
    throw new InputError(`action ${describe(action)} does not fit ${String(space)} (${k} values)`, 'action');
  }
  for (let j = 0; j < k; j++) batch[i * k + j] = values[j]!;
}

/** Row `i` of a batch as a single-env action of `space` (a new array for vector spaces). */
export function readBatchedAction(space: Space, batch: ArrayLike<number>, i: number): unknown {
  if (space instanceof Discrete) return batch[i];
  const k = actionRowSize(space);
  let out: Int32Array | Int8Array | BoxArray;
  if (space instanceof Box) out = space.create();
  else if (space instanceof MultiBinary) out = new Int8Array(k);
  else out = new Int32Array(k);
  for (let j = 0; j < k; j++) out[j] = batch[i * k + j]!;
  return out;
}

function unsupported(space: Space, what: string): InputError {
  return new InputError(`${what}: space type '${space?.type}' is not supported`, 'space');
}

function describe(x: unknown): string {
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}(${(x as unknown as ArrayLike<number>).length})`;
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}
