/**
 * A stage of an experiment run (train, evaluate, plots, report, and any registered extra
 * stage such as export): a named async step over the run directory. The runner records
 * each finished stage in progress.json and skips finished stages on resume, so a stage
 * must leave its outputs complete (atomic writes) before it returns.
 */
import type { RunDir } from '../run-dir.js';
import type { ExperimentConfig } from '../config.js';

/** Something the runner reports while it works (rendered by the CLI as bars or lines). */
export type RunEvent =
  | { kind: 'stage'; stage: string; status: 'start' | 'done' | 'skipped' }
  | { kind: 'train-start'; run: string; total: number }
  | { kind: 'train-progress'; run: string; timesteps: number; total: number; meanReturn: number }
  | { kind: 'train-done'; run: string; seconds: number; skipped: boolean }
  | { kind: 'message'; text: string };

/** What every stage receives. */
export interface StageContext {
  run: RunDir;
  config: ExperimentConfig;
  /** tfjs backend actually in use (agents/backend.ts). */
  backend: string;
  /** Progress sink (no-op when nobody listens). */
  emit: (event: RunEvent) => void;
}

export interface Stage {
  /** Key in progress.json. */
  name: string;
  /** Whether the stage applies to this config (default: always). */
  enabled?: (config: ExperimentConfig) => boolean;
  /** Do the work; the return value is stored as the stage's `details` in progress.json. */
  run: (ctx: StageContext) => Promise<unknown>;
}
