/**
 * The queue executor and worker: BullMQ on Redis, for cells spread over any number of
 * machines. Loaded only when used (bullmq is imported dynamically), so nothing else in
 * dosegym depends on Redis.
 *
 * Producer (`dosegym sweep <spec> --executor queue --redis <url>`): enqueues every cell
 * without a result as a job whose id is `<sweep-id>-<cell hash>` (sweep id: hash of the
 * absolute sweep directory), so enqueueing twice is a no-op; then polls the jobs' states,
 * reports progress, and writes each completed job's record (its return value) into the
 * sweep directory if the worker could not (no shared file system). A cell that failed for
 * good on an earlier run is re-enqueued; a cell already waiting or running is just awaited.
 * Stopping the producer does not stop the workers: the next `dosegym sweep` picks up the
 * same jobs.
 *
 * Worker (`dosegym worker --redis <url>`): takes jobs with `concurrency` cell processes
 * (./cell-process.ts), so CPU-bound cells never block the event loop that renews job
 * locks. Failures are retried with exponential backoff (`attempts`, `backoffMs`); after
 * the last attempt the job stays in BullMQ's failed set (the dead-letter list) and the
 * producer lists it in the summary. A worker killed mid-cell stops renewing its lock; after
 * `lockDurationMs` another worker's stalled-job check (every `stalledIntervalMs`) puts the
 * job back in the wait list and it is run again: nothing is lost, and since results are
 * keyed by cell hash and written atomically, nothing counts twice.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Job } from 'bullmq';
import type { SweepCell } from '../sweep/expand.js';
import { cellHash } from '../sweep/hash.js';
import type { CellTask } from '../sweep/run-cell.js';
import { SweepStore, type CellFailure, type CellRecord } from '../sweep/store.js';
import { CellProcess, CellProcessExit } from './cell-process.js';
import { summarize, type ExecuteOptions, type Executor, type SweepPlan, type SweepSummary } from './executor.js';

/** Queue used when none is named. */
export const DEFAULT_QUEUE = 'dosegym-sweeps';

/** Where the queue lives. */
export interface QueueConnection {
  /** e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** BullMQ queue name (default {@link DEFAULT_QUEUE}). */
  queueName?: string;
}

export interface QueueExecutorOptions extends QueueConnection {
  /** Attempts per cell, the first included. */
  attempts: number;
  /** First retry delay; doubles each retry. */
  backoffMs: number;
  /** How often job states are polled (default 500 ms). */
  pollMs?: number;
}

function connection(url: string) {
  return { url, maxRetriesPerRequest: null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class QueueExecutor implements Executor {
  readonly name = 'queue';
  constructor(private readonly options: QueueExecutorOptions) {}

  async execute(plan: SweepPlan, { signal, onEvent }: ExecuteOptions = {}): Promise<SweepSummary> {
    const t0 = Date.now();
    const { Queue } = await import('bullmq');
    const queue = new Queue<CellTask, CellRecord>(this.options.queueName ?? DEFAULT_QUEUE, { connection: connection(this.options.redisUrl) });
    const store = new SweepStore(plan.sweepDir);
    const sweepId = cellHash(resolve(plan.sweepDir), 8);
    const jobId = (cell: SweepCell) => `${sweepId}-${cell.hash}`;
    let skipped = 0;
    let completed = 0;
    const failed: CellFailure[] = [];
    const outstanding = new Map<string, { cell: SweepCell; started: boolean; attempts: number }>();
    const toAdd: SweepCell[] = [];

    const finishCompleted = async (cell: SweepCell, job: Job<CellTask, CellRecord> | undefined) => {
      if (!store.has(cell.hash) && job?.returnvalue) await store.write(job.returnvalue);
      completed++;
      onEvent?.({ type: 'done', cell, record: store.read(cell.hash) ?? job!.returnvalue });
    };
    const finishFailed = async (cell: SweepCell, job: Job<CellTask, CellRecord> | undefined) => {
      const failure: CellFailure = {
        hash: cell.hash,
        index: cell.index,
        name: cell.name,
        error: job?.failedReason ?? 'job failed',
        attempts: job?.attemptsMade ?? this.options.attempts,
        at: new Date().toISOString(),
        host: hostname(),
        pid: process.pid,
      };
      await store.writeFailure(failure);
      failed.push(failure);
      onEvent?.({ type: 'failed', cell, error: failure.error, final: true });
    };

    try {
      for (const cell of plan.cells) {
        if (store.has(cell.hash)) {
          skipped++;
          onEvent?.({ type: 'skipped', cell });
          continue;
        }
        const existing = await queue.getJob(jobId(cell));
        const state = existing ? await existing.getState() : 'unknown';
        if (state === 'completed' && existing?.returnvalue) {
          await finishCompleted(cell, existing);
          continue;
        }
        if (existing && (state === 'failed' || state === 'completed')) await existing.remove();
        else if (existing && state !== 'unknown') {
          outstanding.set(jobId(cell), { cell, started: false, attempts: existing.attemptsMade });
          continue;
        }
        toAdd.push(cell);
        outstanding.set(jobId(cell), { cell, started: false, attempts: 0 });
      }
      await queue.addBulk(
        toAdd.map((cell) => ({
          name: cell.name,
          data: { sweepDir: resolve(plan.sweepDir), runner: plan.runner, cell },
          opts: {
            jobId: jobId(cell),
            attempts: this.options.attempts,
            backoff: { type: 'exponential', delay: this.options.backoffMs },
            removeOnComplete: { age: 7 * 24 * 3600 },
            removeOnFail: false,
          },
        })),
      );

      while (outstanding.size > 0 && !signal?.aborted) {
        for (const [id, entry] of outstanding) {
          const state = await queue.getJobState(id);
          if (state === 'active' && !entry.started) {
            entry.started = true;
            onEvent?.({ type: 'started', cell: entry.cell });
          } else if (state === 'completed' || state === 'failed') {
            const job = await queue.getJob(id);
            outstanding.delete(id);
            if (state === 'completed') await finishCompleted(entry.cell, job);
            else await finishFailed(entry.cell, job);
          } else if (state === 'delayed' || state === 'waiting' || state === 'prioritized') {
            const job = await queue.getJob(id);
            if (job && job.attemptsMade > entry.attempts) {
              entry.attempts = job.attemptsMade;
              entry.started = false;
              onEvent?.({ type: 'failed', cell: entry.cell, error: job.failedReason, final: false });
            }
          } else if (state === 'unknown') {
            // Removed behind our back (e.g. the queue was cleaned): enqueue it again.
            await queue.add(entry.cell.name, { sweepDir: resolve(plan.sweepDir), runner: plan.runner, cell: entry.cell }, {
              jobId: id,
              attempts: this.options.attempts,
              backoff: { type: 'exponential', delay: this.options.backoffMs },
              removeOnFail: false,
            });
          }
        }
        if (outstanding.size > 0) await sleep(this.options.pollMs ?? 500);
      }
    } finally {
      await queue.close();
    }
    return summarize(this.name, plan, { completed, skipped, failed, pending: outstanding.size }, t0);
  }
}

export interface QueueWorkerOptions extends QueueConnection {
  /** Cells run at once by this worker (one cell process each). */
  concurrency: number;
  /** A job whose lock is not renewed for this long is considered stalled (default 30 s). */
  lockDurationMs?: number;
  /** How often this worker checks for stalled jobs (default 30 s). */
  stalledIntervalMs?: number;
  /** Stalls after which a job fails instead of being retried (default 2). */
  maxStalledCount?: number;
  /** Environment for the cell processes (e.g. `DOSEGYM_BACKEND`). */
  env?: Record<string, string>;
  /** `CUDA_VISIBLE_DEVICES` per concurrency slot (see ./devices.ts). */
  devices?: readonly (string | undefined)[];
  /** One line per job start / end, for the worker's log. */
  log?: (line: string) => void;
}

/** A running queue worker. */
export interface QueueWorkerHandle {
  /** Finish running jobs, then stop taking jobs and end the cell processes. */
  close(): Promise<void>;
}

/** Start a worker that processes sweep cells from the queue until closed. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  const { Worker } = await import('bullmq');
  const log = options.log ?? (() => undefined);
  const free: number[] = Array.from({ length: options.concurrency }, (_, i) => i);
  const procs: (CellProcess | undefined)[] = [];
  const proc = (slot: number): CellProcess => {
    let p = procs[slot];
    if (!p || !p.alive) {
      const device = options.devices?.[slot];
      p = new CellProcess({ env: { ...options.env, DOSEGYM_WORKER: String(slot), ...(device === undefined ? {} : { CUDA_VISIBLE_DEVICES: device }) } });
      procs[slot] = p;
    }
    return p;
  };

  const worker = new Worker<CellTask, CellRecord>(
    options.queueName ?? DEFAULT_QUEUE,
    async (job) => {
      const slot = free.pop();
      if (slot === undefined) throw new Error('no free cell process (concurrency exceeded)');
      const { cell } = job.data;
      log(`start ${cell.name} ${cell.hash} (attempt ${job.attemptsMade + 1})`);
      try {
        const outcome = await proc(slot).run(job.data, { attempts: job.attemptsMade + 1 });
        if (outcome.status === 'failed') throw new Error(outcome.error);
        log(`${outcome.status} ${cell.name} ${cell.hash}`);
        return outcome.record;
      } catch (e) {
        log(`failed ${cell.name} ${cell.hash}: ${e instanceof Error ? e.message : String(e)}`);
        if (e instanceof CellProcessExit) procs[slot] = undefined;
        throw e;
      } finally {
        free.push(slot);
      }
    },
    {
      connection: connection(options.redisUrl),
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
    },
  );
  worker.on('error', (e) => log(`queue error: ${e.message}`));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await Promise.all(procs.map((p) => p?.close()));
    },
  };
}
