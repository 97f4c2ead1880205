/**
 * Shards: splitting a sweep's cells between independent tasks (Slurm array tasks, any
 * scheduler's array index, several machines started by hand).
 *
 * `--shard i/n` is **0-based**: i ∈ {0, …, n−1}. Shard i takes the cells whose index is
 * congruent to i modulo n (round-robin), so shards differ in size by at most one cell and
 * neighbouring cells — often the same configuration with different seeds — spread out.
 * The n shards are disjoint and together cover every cell.
 *
 * Slurm: `#SBATCH --array=0-(n-1)` with `--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`.
 * With a 1-based scheduler index k, pass `--shard $((k-1))/n`.
 */
import { InputError } from '../../core/errors.js';

/** Shard `index` of `count` (0-based). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parse `i/n`.
 * @example parseShard('2/8') // { index: 2, count: 8 }
 * @throws InputError when malformed or when i ∉ [0, n).
 */
export function parseShard(text: string, field = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InputError(`${field}: expected i/n with 0 <= i < n (0-based, e.g. 0/4), got '${text}'`, field);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new InputError(`${field}: shard index must satisfy 0 <= i < n (0-based), got ${index}/${count}`, field);
  return { index, count };
}

/** The items of shard `index` of `count`: those at positions ≡ index (mod count). */
export function shardItems<T>(items: readonly T[], shard: Shard): T[] {
  return items.filter((_, i) => i % shard.count === shard.index);
}
