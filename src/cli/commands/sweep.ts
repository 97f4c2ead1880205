/**
 * `dosegym sweep`: run an experiment over a grid / random search of configs and seeds.
 *
 * ```
 * dosegym sweep <spec.sweep.json> [--out <sweep-dir>] [--executor local|slurm|queue]
 *   [--workers N] [--shard i/n] [--gpus 0,1] [--workers-per-gpu k] [--backend auto|tensorflow|wasm|cpu]
 *   [--redis <url>] [--queue <name>] [--attempts n] [--backoff ms]
 *   [--dry-run] [--no-report] [--quiet] [--format text|json]
 * ```
 * - The sweep directory defaults to `sweeps/<spec name>`. Cells with a result there are
 *   skipped, so re-running resumes an interrupted sweep and re-running a finished one does
 *   nothing.
 * - `local` (default): N cell processes, N = `--workers`, else GPUs × workers-per-GPU, else
 *   one per CPU; with `--shard` the default is 1 (schedulers allocate CPUs per task).
 * - `--shard i/n` (0-based, any executor but slurm) runs only cells with index ≡ i mod n.
 * - `slurm` writes `<sweep-dir>/sweep.sbatch` (an array `0-(n-1)` of shard tasks) and prints
 *   its path; submit it with `sbatch`.
 * - `queue` enqueues the cells on BullMQ at `--redis` and waits for `dosegym worker`s.
 * - After a complete (unsharded) run the report is written (see `dosegym sweep-report`).
 *
 * Output: progress on stderr; on stdout a summary (text, or one JSON object with
 * `--format json`: the executor summary plus `sweepDir`, `report` and `best`). Exit code 0
 * when every cell has a result, 1 when some cell failed for good (listed in the summary),
 * 130 when interrupted; bad input exits 2 with one line.
 */
import os from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import { BACKEND_CHOICES } from '../../agents/backend.js';
import { loadSweepSpec } from '../../experiments/sweep/spec.js';
import { expandSweep } from '../../experiments/sweep/expand.js';
import { parseShard, shardItems } from '../../experiments/sweep/shard.js';
import { SweepStore } from '../../experiments/sweep/store.js';
import { writeSweepReport } from '../../experiments/sweep/report.js';
import type { Executor, SweepSummary } from '../../experiments/executors/executor.js';
import { LocalExecutor } from '../../experiments/executors/local.js';
import { SlurmExecutor } from '../../experiments/executors/slurm.js';
import { assignDevices, parseGpuList } from '../../experiments/executors/devices.js';
import { SweepProgressView } from '../../experiments/executors/progress.js';

interface SweepArgs {
  spec: string;
  out?: string;
  executor: 'local' | 'slurm' | 'queue';
  workers?: number;
  shard?: string;
  gpus?: string;
  workersPerGpu: number;
  backend?: string;
  redis?: string;
  queue?: string;
  attempts?: number;
  backoff?: number;
  dryRun: boolean;
  report: boolean;
  quiet: boolean;
  format: 'text' | 'json';
}

/** A positive integer option, or an InputError naming it. */
export function positiveInt(value: number | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new InputError(`${option} must be a positive integer, got ${String(value)}`, option);
  return value;
}

/** Environment for cell processes: the chosen tfjs backend, when one was given. */
export function backendEnv(backend: string | undefined): Record<string, string> {
  if (backend === undefined) return {};
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) throw new InputError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}; got '${backend}'`, '--backend');
  return { DOSEGYM_BACKEND: backend };
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <spec>',
  describe: 'Run an experiment over a sweep of configs and seeds (local processes, Slurm array or Redis queue)',
  builder: (y) =>
    y
      .positional('spec', { type: 'string', demandOption: true, describe: 'sweep spec JSON file' })
      .option('out', { alias: 'o', type: 'string', describe: 'sweep directory (default sweeps/<name>)' })
      .option('executor', { choices: ['local', 'slurm', 'queue'] as const, default: 'local' as const, describe: 'where cells run' })
      .option('workers', { type: 'number', describe: 'local cell processes (default: one per CPU; 1 with --shard)' })
      .option('shard', { type: 'string', describe: 'run only shard i of n, 0-based: i/n' })
      .option('gpus', { type: 'string', describe: 'GPU ids for workers, e.g. 0,1 (default $CUDA_VISIBLE_DEVICES)' })
      .option('workers-per-gpu', { type: 'number', default: 1, describe: 'cell processes sharing each GPU' })
      .option('backend', { type: 'string', describe: `tfjs backend of the cells (${BACKEND_CHOICES.join(', ')}); sets DOSEGYM_BACKEND` })
      .option('redis', { type: 'string', describe: 'queue executor: Redis URL, e.g. redis://host:6379' })
      .option('queue', { type: 'string', describe: 'queue executor: queue name (default dosegym-sweeps)' })
      .option('attempts', { type: 'number', describe: 'queue executor: attempts per cell (default: spec retry.attempts)' })
      .option('backoff', { type: 'number', describe: 'queue executor: first retry delay in ms, doubling (default: spec retry.backoffMs)' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'list the cells and exit' })
      .option('report', { type: 'boolean', default: true, describe: 'write the report after a complete run (--no-report to skip)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'summary format on stdout' }) as never,
  handler: async (argv) => {
    const spec = loadSweepSpec(argv.spec);
    const all = expandSweep(spec);
    const sweepDir = resolve(argv.out ?? join('sweeps', spec.name));
    if (argv.dryRun) {
      const out = argv.format === 'json' ? JSON.stringify(all.map(({ index, hash, name, params }) => ({ index, hash, name, params })), null, 2) : all.map((c) => `${c.index}\t${c.hash}\t${c.name}`).join('\n');
      process.stdout.write(`${out}\n`);
      return;
    }
    const shard = argv.shard === undefined ? undefined : parseShard(argv.shard);
    if (shard && argv.executor === 'slurm') throw new InputError('--shard cannot be combined with --executor slurm (the script runs the shards)', '--shard');
    const env = backendEnv(argv.backend);
    const gpus = parseGpuList(argv.gpus);
    const perGpu = positiveInt(argv.workersPerGpu, '--workers-per-gpu') ?? 1;
    const workers = positiveInt(argv.workers, '--workers') ?? (shard ? 1 : gpus.length > 0 ? gpus.length * perGpu : os.cpus().length);
    const cells = shard ? shardItems(all, shard) : all;
    await new SweepStore(sweepDir).writeManifest(spec, all);

    let executor: Executor;
    if (argv.executor === 'slurm') {
      executor = new SlurmExecutor({ name: spec.name, specPath: resolve(argv.spec), resources: spec.resources, extraArgs: argv.backend ? ['--backend', argv.backend] : [] });
    } else if (argv.executor === 'queue') {
      if (!argv.redis) throw new InputError('--executor queue needs --redis <url>', '--redis');
      const { QueueExecutor } = await import('../../experiments/executors/queue.js');
      executor = new QueueExecutor({
        redisUrl: argv.redis,
        ...(argv.queue ? { queueName: argv.queue } : {}),
        attempts: positiveInt(argv.attempts, '--attempts') ?? spec.retry.attempts,
        backoffMs: argv.backoff ?? spec.retry.backoffMs,
      });
    } else {
      executor = new LocalExecutor({ workers, env, devices: assignDevices(workers, gpus, perGpu) });
    }

    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const view = argv.quiet || argv.executor === 'slurm' ? undefined : new SweepProgressView(cells.length);
    let summary: SweepSummary;
    try {
      summary = await executor.execute({ sweepDir, runner: spec.runner, cells }, { signal: controller.signal, onEvent: (e) => view?.handle(e) });
    } finally {
      view?.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }

    const complete = !shard && argv.executor !== 'slurm' && summary.pending === 0 && !controller.signal.aborted;
    const report = complete && argv.report ? await writeSweepReport(sweepDir) : undefined;
    const best = report?.best && report.metric ? { metric: report.metric, direction: report.direction, params: report.best.params, mean: report.best.metrics[report.metric]?.mean ?? null } : null;
    if (argv.format === 'json') {
      process.stdout.write(`${JSON.stringify({ ...summary, sweepDir, shard: shard ?? null, report: report?.files ?? null, best }, null, 2)}\n`);
    } else {
      const lines = [`sweep ${spec.name} (${summary.executor}${shard ? `, shard ${shard.index}/${shard.count}` : ''}): ${summary.completed} run, ${summary.skipped} already done, ${summary.failed.length} failed, ${summary.pending} pending, ${(summary.durationMs / 1000).toFixed(1)} s`];
      lines.push(`directory ${sweepDir}`);
      for (const f of summary.failed) lines.push(`failed ${f.hash} ${f.name}${f.attempts ? ` after ${f.attempts} attempt(s)` : ''}: ${f.error}`);
      for (const a of summary.artifacts ?? []) lines.push(`wrote ${a}${argv.executor === 'slurm' ? `  (submit: sbatch ${a})` : ''}`);
      if (report) lines.push(`report ${report.files.html}`);
      if (best) lines.push(`best by ${best.metric} (${best.direction}): ${JSON.stringify(best.params)} mean ${best.mean}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (controller.signal.aborted) process.exitCode = 130;
    else if (summary.failed.length > 0) process.exitCode = 1;
  },
};
