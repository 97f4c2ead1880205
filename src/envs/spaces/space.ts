/**
 * The Space contract (Gymnasium `spaces.Space`). Concrete spaces (Box, Discrete,
 * MultiDiscrete, MultiBinary, Dict, Tuple) live one per file beside this one.
 */
import type { RandomStream } from '../../core/random.js';

/** Gymnasium/Minari space JSON, e.g. `{"type":"Box","dtype":"float32","shape":[3],"low":[…],"high":[…]}`. */
export type SpaceJSON = { type: string; [key: string]: unknown };

export interface Space<T = unknown> {
  /** 'Box' | 'Discrete' | 'MultiDiscrete' | 'MultiBinary' | 'Dict' | 'Tuple'. */
  readonly type: string;
  /** Shape of one element (empty for Discrete, Dict and Tuple). */
  readonly shape: readonly number[];
  /** Element dtype in numpy terms ('float32', 'int64', 'int8'); undefined for composite spaces. */
  readonly dtype: string | undefined;
  /** A random element, drawn only from `rng` (reproducible). */
  sample(rng: RandomStream): T;
  /** Whether `x` is an element of the space (type, length and bounds checked). */
  contains(x: unknown): boolean;
  /** Serialise in Gymnasium/Minari's space JSON format. */
  toJSON(): SpaceJSON;
}
