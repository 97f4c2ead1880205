/**
 * The executor interface: how the cells of a sweep get run. Every executor receives the
 * same plan (sweep directory, runner name, ordered cells) and reports the same events, so
 * the CLI, progress view and summary do not care whether cells run in local processes, in
 * Slurm array tasks or on queue workers.
 *
 * Executors never re-run a cell whose result exists (see ../sweep/store.ts): they report it
 * as `skipped`. They do not throw for failing cells: failures end in the summary.
 */
import type { SweepCell } from '../sweep/expand.js';
import type { CellFailure, CellRecord } from '../sweep/store.js';

/** What to run. */
export interface SweepPlan {
  /** The sweep directory (results, failures, cell directories). */
  sweepDir: string;
  /** CellRunner name every cell runs with. */
  runner: string;
  /** The cells to run, in order (already filtered to a shard when sharding). */
  cells: SweepCell[];
}

/** Progress events, in the order they happen for each cell. */
export type SweepEvent =
  | { type: 'skipped'; cell: SweepCell }
  | { type: 'started'; cell: SweepCell }
  | { type: 'done'; cell: SweepCell; record: CellRecord }
  /** `final`: no attempt is left (dead letter); otherwise the cell will be retried. */
  | { type: 'failed'; cell: SweepCell; error: string; final: boolean };

export interface ExecuteOptions {
  /** Stops dispatching and ends running work as soon as possible. */
  signal?: AbortSignal;
  onEvent?: (event: SweepEvent) => void;
}

/** How a run of an executor ended. */
export interface SweepSummary {
  executor: string;
  /** Cells in the plan. */
  total: number;
  /** Cells run to completion by this execution. */
  completed: number;
  /** Cells whose result already existed. */
  skipped: number;
  /** Cells that failed for good (the dead-letter list), in cell order. */
  failed: CellFailure[];
  /** Cells neither done nor failed when the executor returned (aborted, or handed off). */
  pending: number;
  durationMs: number;
  /** Files the executor wrote besides results (e.g. the sbatch script). */
  artifacts?: string[];
}

/** Runs a plan. */
export interface Executor {
  readonly name: string;
  execute(plan: SweepPlan, options?: ExecuteOptions): Promise<SweepSummary>;
}

/** Build a summary, listing failures in cell order. */
export function summarize(executor: string, plan: SweepPlan, counts: { completed: number; skipped: number; failed: CellFailure[]; pending: number }, startedAt: number): SweepSummary {
  return { executor, total: plan.cells.length, ...counts, failed: [...counts.failed].sort((a, b) => a.index - b.index), durationMs: Date.now() - startedAt };
}
