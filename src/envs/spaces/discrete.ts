/**
 * Discrete: the integers {start, start + 1, …, start + n − 1}, Gymnasium's `spaces.Discrete`.
 *
 * Elements are plain integer numbers. Batched (VectorEnv/Policy) they are an `Int32Array`
 * holding the action values themselves (start included). Flattened they are one-hot of
 * length n (Gymnasium's `flatten`).
 *
 * JSON (Gymnasium/Minari): `{"type":"Discrete","dtype":"int64","start":0,"n":4}`.
 */
import type { RandomStream } from '../../core/random.js';
import { InputError } from '../../core/errors.js';
import type { Space, SpaceJSON } from './space.js';
import { describeType } from './box.js';

export class Discrete implements Space<number> {
  readonly type = 'Discrete';
  readonly shape: readonly number[] = Object.freeze([]);
  readonly dtype = 'int64';
  readonly n: number;
  readonly start: number;

  constructor(n: number, start = 0) {
    if (!Number.isSafeInteger(n) || n <= 0) throw new InputError(`Discrete n must be a positive integer, got ${String(n)}`, 'n');
    if (!Number.isSafeInteger(start)) throw new InputError(`Discrete start must be an integer, got ${String(start)}`, 'start');
    this.n = n;
    this.start = start;
  }

  sample(rng: RandomStream): number {
    return this.start + rng.int(this.n);
  }

  contains(x: unknown): boolean {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  /** Why `x` is not in the space (undefined when it is): for error messages. */
  explain(x: unknown): string | undefined {
    if (this.contains(x)) return undefined;
    if (typeof x !== 'number') return `a ${describeType(x)}, expected an integer number`;
    return `${x} is not an integer in [${this.start}, ${this.start + this.n - 1}]`;
  }

  toJSON(): SpaceJSON {
    return { type: 'Discrete', dtype: 'int64', start: this.start, n: this.n };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
