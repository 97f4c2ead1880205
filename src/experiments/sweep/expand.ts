/**
 * Expanding a sweep spec into its ordered list of cells.
 *
 * Order (deterministic, independent of machine and worker count): the random points
 * (`random.budget` of them, in draw order; one empty point when there is no random
 * search) are the outer loop, the grid's Cartesian product the inner loop, the grid's first
 * key varying slowest. Each random point's values come from the stream
 * `fromSeed(random.seed).fork('sweep/random').fork(point).fork(path)`, so adding a
 * parameter or raising the budget leaves the existing draws unchanged.
 *
 * Cells that resolve to the same config (e.g. a `choice` drawn twice) share one hash; only
 * the first is kept, so every cell in the list is distinct.
 */
import { RandomStream } from '../../core/random.js';
import { setConfigPath } from './config-path.js';
import { cellHash } from './hash.js';
import type { Distribution, SweepSpec } from './spec.js';

/** One (config, seed) point of a sweep. */
export interface SweepCell {
  /** Position in the expanded list (0-based): shards and reports use it. */
  index: number;
  /** SHA-256 of the canonical resolved config, truncated: the cell's identity. */
  hash: string;
  /** Readable label, e.g. `learningRate=0.001,seed=2`. */
  name: string;
  /** Swept path → value, grid paths first, then random ones, in spec order. */
  params: Record<string, unknown>;
  /** The base config with every swept value set. */
  config: unknown;
}

/** Draw one value of `dist` from `rng`. */
export function drawValue(dist: Distribution, rng: RandomStream): unknown {
  switch (dist.type) {
    case 'uniform':
      return rng.uniformRange(dist.low, dist.high);
    case 'log-uniform':
      return Math.exp(rng.uniformRange(Math.log(dist.low), Math.log(dist.high)));
    case 'int':
      return dist.low + rng.int(dist.high - dist.low + 1);
    case 'choice':
      return dist.values[rng.int(dist.values.length)];
  }
}

function cartesian(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [path, values] of Object.entries(grid)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })));
  }
  return points;
}

function shortValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Label keys: each path's last property name, or the full path where those collide. */
function labelKeys(paths: readonly string[]): Map<string, string> {
  const last = (p: string) => p.replace(/\[\d+\]/g, '').split('.').pop() ?? p;
  const counts = new Map<string, number>();
  for (const p of paths) counts.set(last(p), (counts.get(last(p)) ?? 0) + 1);
  return new Map(paths.map((p) => [p, counts.get(last(p))! > 1 ? p : last(p)]));
}

/**
 * Expand a validated spec into its cells.
 * @throws InputError when a swept path does not exist in the base config.
 */
export function expandSweep(spec: SweepSpec): SweepCell[] {
  const randomPoints: Record<string, unknown>[] = [];
  if (spec.random) {
    const root = RandomStream.fromSeed(spec.random.seed).fork('sweep/random');
    for (let i = 0; i < spec.random.budget; i++) {
      const point: Record<string, unknown> = {};
      for (const [path, dist] of Object.entries(spec.random.params)) point[path] = drawValue(dist, root.fork(i).fork(path));
      randomPoints.push(point);
    }
  } else {
    randomPoints.push({});
  }
  const gridPoints = cartesian(spec.grid);
  const paths = [...Object.keys(spec.grid), ...Object.keys(spec.random?.params ?? {})];
  const labels = labelKeys(paths);
  const cells: SweepCell[] = [];
  const seen = new Set<string>();
  for (const r of randomPoints) {
    for (const g of gridPoints) {
      const params: Record<string, unknown> = {};
      for (const p of paths) params[p] = p in g ? g[p] : r[p];
      let config: unknown = spec.base;
      for (const p of paths) {
        const field = p in g ? `grid["${p}"]` : `random.params["${p}"]`;
        config = setConfigPath(config, p, params[p], field);
      }
      const hash = cellHash(config);
      if (seen.has(hash)) continue;
      seen.add(hash);
      const name = paths.map((p) => `${labels.get(p)}=${shortValue(params[p])}`).join(',') || 'base';
      cells.push({ index: cells.length, hash, name, params, config });
    }
  }
  return cells;
}
