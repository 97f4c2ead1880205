/**
 * Dict: named subspaces, Gymnasium's `spaces.Dict`.
 *
 * Elements are plain objects with exactly the space's keys. Key order is the order given
 * to the constructor and is used by `sample`, `flatten` and `toJSON`. (Gymnasium sorts
 * the keys of a plain Python dict; we keep the declared order because env authors lay
 * observations out deliberately. A Dict read back by Python from our JSON is sorted there.)
 *
 * JSON (Minari): `{"type":"Dict","subspaces":{"a":{…},"b":{…}}}`.
 */
import type { RandomStream } from '../../core/random.js';
import { InputError } from '../../core/errors.js';
import type { Space, SpaceJSON } from './space.js';

export class Dict implements Space<Record<string, unknown>> {
  readonly type = 'Dict';
  readonly shape: readonly number[] = Object.freeze([]);
  readonly dtype = undefined;
  readonly spaces: Readonly<Record<string, Space>>;
  readonly keys: readonly string[];

  constructor(spaces: Record<string, Space>) {
    if (spaces === null || typeof spaces !== 'object') throw new InputError('Dict needs an object of subspaces', 'spaces');
    this.keys = Object.freeze(Object.keys(spaces));
    for (const k of this.keys) {
      const s = spaces[k] as unknown;
      if (s === null || typeof s !== 'object' || typeof (s as Space).contains !== 'function') {
        throw new InputError(`Dict subspace '${k}' must be a Space`, `spaces.${k}`);
      }
    }
    this.spaces = Object.freeze({ ...spaces });
  }

  sample(rng: RandomStream): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of this.keys) out[k] = this.spaces[k]!.sample(rng);
    return out;
  }

  contains(x: unknown): boolean {
    return this.explain(x) === undefined;
  }

  /** Why `x` is not in the space (undefined when it is). */
  explain(x: unknown): string | undefined {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) return 'expected a plain object';
    const obj = x as Record<string, unknown>;
    const extra = Object.keys(obj).filter((k) => !(k in this.spaces));
    if (extra.length > 0) return `unexpected key(s) ${extra.join(', ')}`;
    for (const k of this.keys) {
      if (!(k in obj)) return `missing key '${k}'`;
      if (!this.spaces[k]!.contains(obj[k])) return `key '${k}' is not in its subspace`;
    }
    return undefined;
  }

  toJSON(): SpaceJSON {
    const subspaces: Record<string, SpaceJSON> = {};
    for (const k of this.keys) subspaces[k] = this.spaces[k]!.toJSON();
    return { type: 'Dict', subspaces };
  }

  toString(): string {
    return `Dict(${this.keys.map((k) => `'${k}': ${String(this.spaces[k])}`).join(', ')})`;
  }
}
