/**
 * The one thing a sweep needs from an experiment: run one resolved config and return its
 * metrics. Executors, workers and shards all call a {@link CellRunner} by name through this
 * registry, so a worker process on another machine finds the same runner as the parent.
 *
 * Contract of a runner:
 * - deterministic: the same config (seeds included) gives the same metrics, in any
 *   process, on any worker, whatever ran before it in that process;
 * - it writes whatever it wants (run directory, checkpoints, plots) under `ctx.cellDir`,
 *   which exists and belongs to this cell only; it may be re-run after a crash, so it must
 *   tolerate leftovers from an earlier, interrupted attempt there;
 * - it throws on failure (a bad config should throw a DosegymError); it never writes the
 *   sweep's result record, which the caller does atomically after it returns;
 * - `ctx.signal` aborts: check it between phases where possible.
 *
 * Runners are registered lazily (a loader), so a process imports only the runner it uses.
 */
import { NotFoundError } from '../../core/errors.js';

/** What a cell runner is given besides the config. */
export interface CellContext {
  /** This cell's own working directory (`<sweep-dir>/cells/<hash>/`), already created. */
  cellDir: string;
  /** Aborted when the sweep is cancelled. */
  signal?: AbortSignal;
}

/** What a cell runner returns. */
export interface CellResult {
  /** Scalar metrics by name (finite numbers); the report tabulates and plots these. */
  metrics: Record<string, number>;
  /** The tfjs backend actually used (`wasm`, `tensorflow`, `cpu`), when tfjs was used. */
  backend?: string;
  /** Anything else worth keeping in the result record (JSON-serialisable). */
  info?: Record<string, unknown>;
}

/** Runs one cell: a resolved experiment config. */
export type CellRunner = (config: unknown, ctx: CellContext) => Promise<CellResult>;

/** Loads a runner on first use. */
export type CellRunnerLoader = () => Promise<CellRunner>;

/** Runner used when a sweep spec names none: the experiment runner (`dosegym run`). */
export const DEFAULT_CELL_RUNNER = 'experiment';

const loaders = new Map<string, CellRunnerLoader>([
  // The experiment runner (train → evaluate → [export] → report), ./experiment-runner.ts.
  [DEFAULT_CELL_RUNNER, () => import('./experiment-runner.js').then((m) => m.experimentRunner)],
  // Lightweight, deterministic PPO cell: tests, benchmarks, examples.
  ['ppo-identity', () => import('./ppo-identity-runner.js').then((m) => m.ppoIdentityRunner)],
]);

/** Register (or replace) a runner under `name`. */
export function registerCellRunner(name: string, loader: CellRunnerLoader): void {
  loaders.set(name, loader);
}

/** Names of the registered runners. */
export function listCellRunners(): string[] {
  return [...loaders.keys()].sort();
}

/**
 * The runner registered as `name`.
 * @throws NotFoundError listing the known runners.
 */
export async function getCellRunner(name: string): Promise<CellRunner> {
  const load = loaders.get(name);
  if (!load) throw new NotFoundError('cell runner', name, listCellRunners());
  return load();
}
