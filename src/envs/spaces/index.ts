/**
 * The spaces, their Gymnasium/Minari JSON (de)serialisation and flattening.
 */
import { InputError } from '../../core/errors.js';
import type { Space, SpaceJSON } from './space.js';
import { Box, decodeBound } from './box.js';
import { Discrete } from './discrete.js';
import { MultiDiscrete } from './multi-discrete.js';
import { MultiBinary } from './multi-binary.js';
import { Dict } from './dict.js';
import { Tuple } from './tuple.js';

export type { Space, SpaceJSON } from './space.js';
export { Box, type BoxArray, type BoxDtype } from './box.js';
export { Discrete } from './discrete.js';
export { MultiDiscrete } from './multi-discrete.js';
export { MultiBinary } from './multi-binary.js';
export { Dict } from './dict.js';
export { Tuple } from './tuple.js';
export {
  flatdim,
  flatten,
  unflatten,
  flattenSpace,
  actionRowSize,
  createActionBatch,
  writeBatchedAction,
  readBatchedAction,
} from './flatten.js';

/**
 * Rebuild a space from its JSON (the inverse of `toJSON`, also reading Minari's output:
 * Box bounds as numbers or ±"Infinity"/"inf" strings). Malformed JSON is an InputError
 * naming the path of the offending field, e.g. `space.subspaces.dose.low`.
 * @example spaceFromJSON({ type: 'Discrete', dtype: 'int64', start: 0, n: 4 }) // Discrete(4)
 */
export function spaceFromJSON(json: unknown, path = 'space'): Space {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError(`${path} must be a space object like {"type": "Box", …}, got ${JSON.stringify(json)}`, path);
  }
  const j = json as SpaceJSON;
  const int = (field: string): number => {
    const v = j[field];
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputError(`${path}.${field} must be an integer, got ${JSON.stringify(v)}`, `${path}.${field}`);
    return v;
  };
  const intArray = (field: string): number[] => {
    const v = j[field];
    if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) {
      throw new InputError(`${path}.${field} must be an array of integers, got ${JSON.stringify(v)}`, `${path}.${field}`);
    }
    return v as number[];
  };
  switch (j.type) {
    case 'Box': {
      const shape = intArray('shape');
      const dtype = j.dtype ?? 'float32';
      if (dtype !== 'float32' && dtype !== 'float64') {
        throw new InputError(`${path}.dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`, `${path}.dtype`);
      }
      const bound = (field: 'low' | 'high'): number | number[] => {
        const v = j[field];
        if (Array.isArray(v)) return v.map((x, i) => decodeBound(x, `${path}.${field}[${i}]`));
        return decodeBound(v, `${path}.${field}`);
      };
      return new Box(bound('low'), bound('high'), shape, dtype);
    }
    case 'Discrete':
      return new Discrete(int('n'), j.start === undefined ? 0 : int('start'));
    case 'MultiDiscrete':
      return new MultiDiscrete(intArray('nvec'), j.start === undefined ? undefined : intArray('start'));
    case 'MultiBinary': {
      // Gymnasium allows n as an int or a 1-element shape.
      const n = Array.isArray(j.n) && j.n.length === 1 ? (j.n[0] as unknown) : j.n;
      if (typeof n !== 'number') throw new InputError(`${path}.n must be a positive integer, got ${JSON.stringify(j.n)}`, `${path}.n`);
      return new MultiBinary(n);
    }
    case 'Dict': {
      const subs = j.subspaces;
      if (subs === null || typeof subs !== 'object' || Array.isArray(subs)) {
        throw new InputError(`${path}.subspaces must be an object of spaces`, `${path}.subspaces`);
      }
      const spaces: Record<string, Space> = {};
      for (const [k, v] of Object.entries(subs)) spaces[k] = spaceFromJSON(v, `${path}.subspaces.${k}`);
      return new Dict(spaces);
    }
    case 'Tuple': {
      const subs = j.subspaces;
      if (!Array.isArray(subs)) throw new InputError(`${path}.subspaces must be an array of spaces`, `${path}.subspaces`);
      return new Tuple(subs.map((v, i) => spaceFromJSON(v, `${path}.subspaces[${i}]`)));
    }
    default:
      throw new InputError(
        `${path}.type must be one of Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple; got ${JSON.stringify(j.type)}`,
        `${path}.type`,
      );
  }
}
