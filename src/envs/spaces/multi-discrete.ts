/**
 * MultiDiscrete: a vector of independent discrete choices, element i in
 * {start[i], …, start[i] + nvec[i] − 1} (Gymnasium's `spaces.MultiDiscrete`, 1-D).
 *
 * Elements are `Int32Array` of length `nvec.length` (plain `number[]` of integers is also
 * accepted by `contains`). Flattened, each component is one-hot and the blocks are
 * concatenated (Gymnasium's `flatten`).
 *
 * JSON: `{"type":"MultiDiscrete","dtype":"int64","nvec":[3,2],"start":[0,0]}` (the field
 * names of Gymnasium's attributes; Minari's serialiser does not cover this space).
 */
import type { RandomStream } from '../../core/random.js';
import { InputError } from '../../core/errors.js';
import type { Space, SpaceJSON } from './space.js';
import { describeType } from './box.js';

export class MultiDiscrete implements Space<Int32Array> {
  readonly type = 'MultiDiscrete';
  readonly shape: readonly number[];
  readonly dtype = 'int64';
  readonly nvec: readonly number[];
  readonly start: readonly number[];

  constructor(nvec: readonly number[], start?: readonly number[]) {
    if (!Array.isArray(nvec) || nvec.length === 0) throw new InputError('MultiDiscrete nvec must be a non-empty array of positive integers', 'nvec');
    nvec.forEach((n, i) => {
      if (!Number.isInteger(n) || n <= 0 || n > 2 ** 31 - 1) throw new InputError(`MultiDiscrete nvec[${i}] must be a positive integer, got ${String(n)}`, 'nvec');
    });
    const s = start ?? nvec.map(() => 0);
    if (!Array.isArray(s) || s.length !== nvec.length) throw new InputError(`MultiDiscrete start must have ${nvec.length} integers`, 'start');
    s.forEach((v, i) => {
      if (!Number.isInteger(v) || Math.abs(v) > 2 ** 30) throw new InputError(`MultiDiscrete start[${i}] must be an integer, got ${String(v)}`, 'start');
    });
    this.nvec = Object.freeze([...nvec]);
    this.start = Object.freeze([...s]);
    this.shape = Object.freeze([nvec.length]);
  }

  sample(rng: RandomStream): Int32Array {
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) out[i] = this.start[i]! + rng.int(this.nvec[i]!);
    return out;
  }

  contains(x: unknown): boolean {
    return this.explain(x) === undefined;
  }

  /** Why `x` is not in the space (undefined when it is). */
  explain(x: unknown): string | undefined {
    if (!(x instanceof Int32Array || x instanceof Int16Array || x instanceof Int8Array || x instanceof Uint8Array || Array.isArray(x))) {
      return `a ${describeType(x)}, expected an Int32Array`;
    }
    const values = x as ArrayLike<unknown>;
    if (values.length !== this.nvec.length) return `length ${values.length}, expected ${this.nvec.length}`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const lo = this.start[i]!;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v >= lo + this.nvec[i]!) {
        return `element ${i} = ${String(v)} is not an integer in [${lo}, ${lo + this.nvec[i]! - 1}]`;
      }
    }
    return undefined;
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiDiscrete', dtype: 'int64', nvec: [...this.nvec], start: [...this.start] };
  }

  toString(): string {
    return `MultiDiscrete([${this.nvec.join(', ')}])`;
  }
}
