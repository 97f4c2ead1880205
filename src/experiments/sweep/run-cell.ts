/**
 * Running one cell end to end, in whichever process executes it (a local worker, a queue
 * worker, a shard task): skip it when its result exists, otherwise log the start, run the
 * {@link CellRunner} in the cell's own directory, and commit the result record
 * atomically — or record the failure.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { getCellRunner } from './cell-runner.js';
import type { SweepCell } from './expand.js';
import { SweepStore, type CellRecord } from './store.js';

/** Everything needed to run one cell anywhere (JSON-serialisable: sent over IPC/queues). */
export interface CellTask {
  /** Sweep directory (must be the same shared path on every machine). */
  sweepDir: string;
  /** CellRunner name. */
  runner: string;
  cell: SweepCell;
}

/** How a cell ended. `skipped`: its result already existed, nothing was run. */
export type CellOutcome =
  | { status: 'done'; record: CellRecord }
  | { status: 'skipped'; record: CellRecord }
  | { status: 'failed'; hash: string; error: string };

function finite(metrics: Record<string, number>): string | undefined {
  for (const [k, v] of Object.entries(metrics)) if (typeof v !== 'number' || !Number.isFinite(v)) return `metric '${k}' is ${String(v)}, not a finite number`;
  return undefined;
}

/**
 * Run `task.cell` unless it is done. Never throws for a failing runner: the failure is
 * written to `failures/<hash>.json` and returned (executors decide about retries).
 */
export async function runCell(task: CellTask, options: { signal?: AbortSignal; attempts?: number } = {}): Promise<CellOutcome> {
  const store = new SweepStore(task.sweepDir);
  const { cell } = task;
  const existing = store.read(cell.hash);
  if (existing) return { status: 'skipped', record: existing };
  const cellDir = store.cellDir(cell.hash);
  mkdirSync(cellDir, { recursive: true });
  const startedAt = new Date();
  store.logRun({ hash: cell.hash, event: 'start', at: startedAt.toISOString(), host: hostname(), pid: process.pid });
  try {
    const runner = await getCellRunner(task.runner);
    const result = await runner(cell.config, { cellDir, signal: options.signal });
    const bad = finite(result.metrics);
    if (bad) throw new Error(bad);
    const finishedAt = new Date();
    const record: CellRecord = {
      hash: cell.hash,
      index: cell.index,
      name: cell.name,
      params: cell.params,
      metrics: result.metrics,
      runner: task.runner,
      ...(result.backend ? { backend: result.backend } : {}),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      host: hostname(),
      pid: process.pid,
      ...(process.env.CUDA_VISIBLE_DEVICES !== undefined ? { devices: process.env.CUDA_VISIBLE_DEVICES } : {}),
      ...(result.info ? { info: result.info } : {}),
    };
    await store.write(record);
    return { status: 'done', record };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await store.writeFailure({
      hash: cell.hash,
      index: cell.index,
      name: cell.name,
      error,
      ...(options.attempts !== undefined ? { attempts: options.attempts } : {}),
      at: new Date().toISOString(),
      host: hostname(),
      pid: process.pid,
    });
    return { status: 'failed', hash: cell.hash, error };
  }
}
