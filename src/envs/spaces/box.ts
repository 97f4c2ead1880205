/**
 * Box: a (possibly unbounded) box in R^n, Gymnasium's `spaces.Box`.
 *
 * Elements are `Float32Array` (dtype 'float32', the default) or `Float64Array`
 * (dtype 'float64') of length `prod(shape)`, row-major. Bounds may be ±Infinity.
 *
 * `sample` follows Gymnasium: uniform on [low, high] where both bounds are finite,
 * standard normal where both are infinite, and low + Exp(1) / high − Exp(1) where only one
 * side is bounded.
 *
 * `contains` accepts the element typed array, a `Float32Array` for a float64 box (safe
 * cast), or a plain `number[]` (as `np.asarray` would); it rejects a `Float64Array` for a
 * float32 box (numpy's `can_cast(float64, float32)` is false), wrong lengths and NaN.
 *
 * JSON (Gymnasium/Minari): `{"type":"Box","dtype":"float32","shape":[3],"low":[…],"high":[…]}`.
 * JSON has no infinity, so infinite bounds are written as the strings "-Infinity" /
 * "Infinity" (numpy's `np.array(["-Infinity"], dtype=np.float32)` reads them back as ±inf).
 */
import type { RandomStream } from '../../core/random.js';
import { InputError } from '../../core/errors.js';
import type { Space, SpaceJSON } from './space.js';

export type BoxDtype = 'float32' | 'float64';
export type BoxArray = Float32Array | Float64Array;

export class Box<A extends BoxArray = Float32Array> implements Space<A> {
  readonly type = 'Box';
  readonly shape: readonly number[];
  readonly dtype: BoxDtype;
  /** Number of elements, prod(shape). */
  readonly size: number;
  readonly low: A;
  readonly high: A;

  /**
   * @param low lower bound: one number for every element, or one per element (row-major)
   * @param high upper bound, likewise
   * @param shape element shape; inferred from `low`/`high` when either is an array
   * @param dtype 'float32' (default) → Float32Array elements; 'float64' → Float64Array
   * @example new Box(-1, 1, [3])                 // Box(-1, 1, (3,), float32)
   * @example new Box([0, -Infinity], [10, Infinity], undefined, 'float64')
   */
  constructor(
    low: number | ArrayLike<number>,
    high: number | ArrayLike<number>,
    shapeArg?: readonly number[],
    dtype: BoxDtype = 'float32',
  ) {
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new InputError(`Box dtype must be 'float32' or 'float64', got '${String(dtype)}'`, 'dtype');
    }
    this.dtype = dtype;
    const shape = shape0(shapeArg, low, high);
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) {
        throw new InputError(`Box shape must hold non-negative integers, got [${shape.join(', ')}]`, 'shape');
      }
    }
    this.shape = Object.freeze([...shape]);
    this.size = shape.reduce((a, b) => a * b, 1);
    this.low = this.fill(low, 'low');
    this.high = this.fill(high, 'high');
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi || lo === Infinity || hi === -Infinity) {
        throw new InputError(`Box bounds at index ${i} must satisfy low ≤ high (got low ${lo}, high ${hi})`, 'low');
      }
    }
  }

  /** A new zero-filled element array of this box's dtype. */
  create(): A {
    return (this.dtype === 'float32' ? new Float32Array(this.size) : new Float64Array(this.size)) as A;
  }

  /** Whether every element has both bounds finite. */
  isBounded(): boolean {
    for (let i = 0; i < this.size; i++) {
      if (!Number.isFinite(this.low[i]!) || !Number.isFinite(this.high[i]!)) return false;
    }
    return true;
  }

  sample(rng: RandomStream): A {
    const out = this.create();
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      const loFinite = Number.isFinite(lo);
      const hiFinite = Number.isFinite(hi);
      let x: number;
      if (loFinite && hiFinite) x = rng.uniformRange(lo, hi);
      else if (loFinite) x = lo + exponential(rng);
      else if (hiFinite) x = hi - exponential(rng);
      else x = rng.normal();
      out[i] = x;
      // float32 rounding can push a value just past a bound: keep samples inside.
      if (out[i]! > hi) out[i] = hi;
      if (out[i]! < lo) out[i] = lo;
    }
    return out;
  }

  contains(x: unknown): boolean {
    let values: ArrayLike<number>;
    if (x instanceof Float32Array) values = x;
    else if (x instanceof Float64Array) {
      if (this.dtype === 'float32') return false;
      values = x;
    } else if (Array.isArray(x) && x.every((v) => typeof v === 'number')) values = x as number[];
    else return false;
    if (values.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = values[i]!;
      if (!(v >= this.low[i]! && v <= this.high[i]!)) return false; // also rejects NaN
    }
    return true;
  }

  /** Why `x` is not in the box (undefined when it is): for error messages. */
  explain(x: unknown): string | undefined {
    if (this.contains(x)) return undefined;
    if (x instanceof Float64Array && this.dtype === 'float32') return 'a Float64Array for a float32 Box';
    if (!(x instanceof Float32Array || x instanceof Float64Array || Array.isArray(x))) {
      return `a ${describeType(x)}, expected a ${this.dtype === 'float32' ? 'Float32Array' : 'Float64Array'}`;
    }
    const values = x as ArrayLike<unknown>;
    if (values.length !== this.size) return `length ${values.length}, expected ${this.size}`;
    for (let i = 0; i < this.size; i++) {
      const v = values[i];
      if (typeof v !== 'number') return `element ${i} is a ${describeType(v)}`;
      if (!(v >= this.low[i]! && v <= this.high[i]!)) return `element ${i} = ${v} outside [${this.low[i]}, ${this.high[i]}]`;
    }
    return 'not an element';
  }

  toJSON(): SpaceJSON {
    return {
      type: 'Box',
      dtype: this.dtype,
      shape: [...this.shape],
      low: Array.from(this.low, encodeBound),
      high: Array.from(this.high, encodeBound),
    };
  }

  toString(): string {
    const lo = uniformValue(this.low);
    const hi = uniformValue(this.high);
    const bounds = lo !== undefined && hi !== undefined ? `${lo}, ${hi}` : 'low, high';
    return `Box(${bounds}, (${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''}), ${this.dtype})`;
  }

  private fill(bound: number | ArrayLike<number>, field: 'low' | 'high'): A {
    const out = this.create();
    if (typeof bound === 'number') {
      out.fill(bound);
      return out;
    }
    if (bound.length !== this.size) {
      throw new InputError(`Box ${field} has ${bound.length} values, shape [${this.shape.join(', ')}] needs ${this.size}`, field);
    }
    for (let i = 0; i < this.size; i++) {
      const v = bound[i];
      if (typeof v !== 'number') throw new InputError(`Box ${field}[${i}] must be a number, got ${String(v)}`, field);
      out[i] = v;
    }
    return out;
  }
}

function shape0(shape: readonly number[] | undefined, low: number | ArrayLike<number>, high: number | ArrayLike<number>): readonly number[] {
  if (shape !== undefined) {
    if (!Array.isArray(shape)) throw new InputError(`Box shape must be an array of integers, got ${String(shape)}`, 'shape');
    return shape;
  }
  if (typeof low !== 'number') return [low.length];
  if (typeof high !== 'number') return [high.length];
  throw new InputError('Box needs a shape when low and high are both scalars', 'shape');
}

function exponential(rng: RandomStream): number {
  return -Math.log(1 - rng.uniform());
}

/** ±Infinity as strings, since JSON has no infinity. */
export function encodeBound(v: number): number | string {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

/** Inverse of {@link encodeBound}; also accepts 'inf', '-inf' (numpy's spelling). */
export function decodeBound(v: unknown, field: string): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity' || v === 'inf' || v === '+inf') return Infinity;
  if (v === '-Infinity' || v === '-inf') return -Infinity;
  throw new InputError(`${field} must be a number or ±"Infinity", got ${JSON.stringify(v)}`, field);
}

function uniformValue(a: ArrayLike<number>): number | undefined {
  if (a.length === 0) return undefined;
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return undefined;
  return a[0];
}

export function describeType(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'Array';
  if (ArrayBuffer.isView(x)) return x.constructor.name;
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}
