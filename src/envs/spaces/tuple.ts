/**
 * Tuple: an ordered product of subspaces, Gymnasium's `spaces.Tuple`.
 *
 * Elements are arrays with one element per subspace.
 *
 * JSON (Minari): `{"type":"Tuple","subspaces":[{…},{…}]}`.
 */
import type { RandomStream } from '../../core/random.js';
import { InputError } from '../../core/errors.js';
import type { Space, SpaceJSON } from './space.js';

export class Tuple implements Space<unknown[]> {
  readonly type = 'Tuple';
  readonly shape: readonly number[] = Object.freeze([]);
  readonly dtype = undefined;
  readonly spaces: readonly Space[];

  constructor(spaces: readonly Space[]) {
    if (!Array.isArray(spaces)) throw new InputError('Tuple needs an array of subspaces', 'spaces');
    spaces.forEach((s: unknown, i) => {
      if (s === null || typeof s !== 'object' || typeof (s as Space).contains !== 'function') {
        throw new InputError(`Tuple subspace ${i} must be a Space`, `spaces[${i}]`);
      }
    });
    this.spaces = Object.freeze([...spaces]);
  }

  sample(rng: RandomStream): unknown[] {
    return this.spaces.map((s) => s.sample(rng));
  }

  contains(x: unknown): boolean {
    return this.explain(x) === undefined;
  }

  /** Why `x` is not in the space (undefined when it is). */
  explain(x: unknown): string | undefined {
    if (!Array.isArray(x)) return 'expected an array';
    if (x.length !== this.spaces.length) return `length ${x.length}, expected ${this.spaces.length}`;
    for (let i = 0; i < x.length; i++) if (!this.spaces[i]!.contains(x[i])) return `element ${i} is not in its subspace`;
    return undefined;
  }

  toJSON(): SpaceJSON {
    return { type: 'Tuple', subspaces: this.spaces.map((s) => s.toJSON()) };
  }

  toString(): string {
    return `Tuple(${this.spaces.map(String).join(', ')})`;
  }
}
