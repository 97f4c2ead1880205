/**
 * The local executor: N cell processes on this machine (default: one per CPU), each
 * taking the next pending cell as soon as it is free. Cells with a result are skipped
 * without starting anything; a cell process that dies mid-cell marks that cell failed
 * (it is retried at the next run of the sweep) and is replaced.
 *
 * Killing the parent (even with SIGKILL) closes the children's IPC channel: each finishes
 * and commits the cell it is running, then exits, so a resumed sweep loses at most the
 * cells that were running.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SweepCell } from '../sweep/expand.js';
import type { CellOutcome } from '../sweep/run-cell.js';
import { SweepStore, type CellFailure } from '../sweep/store.js';
import { CellProcess, CellProcessExit } from './cell-process.js';
import { summarize, type ExecuteOptions, type Executor, type SweepPlan, type SweepSummary } from './executor.js';

export interface LocalExecutorOptions {
  /** Number of cell processes (≥ 1). */
  workers: number;
  /** Environment for every cell process (e.g. `{ DOSEGYM_BACKEND: 'wasm' }`). */
  env?: Record<string, string>;
  /** `CUDA_VISIBLE_DEVICES` per worker index (see ./devices.ts); undefined = inherit. */
  devices?: readonly (string | undefined)[];
}

export class LocalExecutor implements Executor {
  readonly name = 'local';
  constructor(private readonly options: LocalExecutorOptions) {}

  async execute(plan: SweepPlan, { signal, onEvent }: ExecuteOptions = {}): Promise<SweepSummary> {
    const t0 = Date.now();
    const store = new SweepStore(plan.sweepDir);
    let skipped = 0;
    let completed = 0;
    const failed: CellFailure[] = [];
    const queue: SweepCell[] = [];
    for (const cell of plan.cells) {
      if (store.has(cell.hash)) {
        skipped++;
        onEvent?.({ type: 'skipped', cell });
      } else queue.push(cell);
    }
    const procs = new Set<CellProcess>();
    const start = (slot: number): CellProcess => {
      const device = this.options.devices?.[slot];
      const proc = new CellProcess({
        env: { ...this.options.env, DOSEGYM_WORKER: String(slot), ...(device === undefined ? {} : { CUDA_VISIBLE_DEVICES: device }) },
        logFile: join(plan.sweepDir, 'logs', `worker-${slot}.log`),
      });
      procs.add(proc);
      return proc;
    };
    const onAbort = () => {
      for (const p of procs) void p.kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const handle = (cell: SweepCell, outcome: CellOutcome) => {
      if (outcome.status === 'done') {
        completed++;
        onEvent?.({ type: 'done', cell, record: outcome.record });
      } else if (outcome.status === 'skipped') {
        skipped++;
        onEvent?.({ type: 'skipped', cell });
      } else {
        const failure = store.listFailures().find((f) => f.hash === cell.hash) ?? this.failure(cell, outcome.error);
        failed.push(failure);
        onEvent?.({ type: 'failed', cell, error: outcome.error, final: true });
      }
    };

    const slot = async (index: number) => {
      let proc = start(index);
      while (queue.length > 0 && !signal?.aborted) {
        const cell = queue.shift()!;
        try {
          const outcome = await proc.run({ sweepDir: plan.sweepDir, runner: plan.runner, cell }, { onStarted: () => onEvent?.({ type: 'started', cell }) });
          handle(cell, outcome);
        } catch (e) {
          if (!(e instanceof CellProcessExit)) throw e;
          procs.delete(proc);
          if (signal?.aborted) {
            queue.unshift(cell);
            break;
          }
          const failure = this.failure(cell, e.message);
          await store.writeFailure(failure);
          failed.push(failure);
          onEvent?.({ type: 'failed', cell, error: e.message, final: true });
          proc = start(index);
        }
      }
      procs.delete(proc);
      await proc.close();
    };

    const n = Math.max(1, Math.min(this.options.workers, queue.length));
    try {
      if (queue.length > 0) await Promise.all(Array.from({ length: n }, (_, i) => slot(i)));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return summarize(this.name, plan, { completed, skipped, failed, pending: plan.cells.length - completed - skipped - failed.length }, t0);
  }

  private failure(cell: SweepCell, error: string): CellFailure {
    return { hash: cell.hash, index: cell.index, name: cell.name, error, at: new Date().toISOString(), host: hostname(), pid: process.pid };
  }
}
