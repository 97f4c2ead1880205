/**
 * MultiBinary: n independent bits (Gymnasium's `spaces.MultiBinary`, 1-D).
 *
 * Elements are `Int8Array` of 0/1 of length n (`Uint8Array` and `number[]` are accepted
 * by `contains`). Flattened, the bits are copied as they are.
 *
 * JSON: `{"type":"MultiBinary","dtype":"int8","n":4}`.
 */
import type { RandomStream } from '../../core/random.js';
import { InputError } from '../../core/errors.js';
import type { Space, SpaceJSON } from './space.js';
import { describeType } from './box.js';

export class MultiBinary implements Space<Int8Array> {
  readonly type = 'MultiBinary';
  readonly shape: readonly number[];
  readonly dtype = 'int8';
  readonly n: number;

  constructor(n: number) {
    if (!Number.isSafeInteger(n) || n <= 0) throw new InputError(`MultiBinary n must be a positive integer, got ${String(n)}`, 'n');
    this.n = n;
    this.shape = Object.freeze([n]);
  }

  sample(rng: RandomStream): Int8Array {
    const out = new Int8Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = rng.int(2);
    return out;
  }

  contains(x: unknown): boolean {
    return this.explain(x) === undefined;
  }

  /** Why `x` is not in the space (undefined when it is). */
  explain(x: unknown): string | undefined {
    if (!(x instanceof Int8Array || x instanceof Uint8Array || x instanceof Int32Array || Array.isArray(x))) {
      return `a ${describeType(x)}, expected an Int8Array`;
    }
    const values = x as ArrayLike<unknown>;
    if (values.length !== this.n) return `length ${values.length}, expected ${this.n}`;
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0 && values[i] !== 1) return `element ${i} = ${String(values[i])} is not 0 or 1`;
    }
    return undefined;
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiBinary', dtype: 'int8', n: this.n };
  }

  toString(): string {
    return `MultiBinary(${this.n})`;
  }
}
