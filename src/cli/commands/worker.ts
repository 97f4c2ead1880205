/**
 * `dosegym worker`: process sweep cells from a BullMQ queue on Redis, on any machine that
 * sees the sweep directory (shared file system) — start as many as you like.
 *
 * ```
 * dosegym worker --redis <url> [--queue dosegym-sweeps] [--concurrency 1]
 *   [--lock-duration 30000] [--stalled-interval 30000] [--backend …] [--gpus 0,1] [--workers-per-gpu k]
 * ```
 * Runs until SIGINT/SIGTERM, then finishes its running cells and exits 0. Logs one line per
 * job start and end on stderr (`worker <pid>: start <name> <hash> (attempt n)`).
 */
import type { CommandModule } from 'yargs';
import { assignDevices, parseGpuList } from '../../experiments/executors/devices.js';
import { backendEnv, positiveInt } from './sweep.js';

interface WorkerArgs {
  redis: string;
  queue?: string;
  concurrency: number;
  lockDuration: number;
  stalledInterval: number;
  backend?: string;
  gpus?: string;
  workersPerGpu: number;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'Run sweep cells from a Redis queue (pair with: dosegym sweep --executor queue)',
  builder: (y) =>
    y
      .option('redis', { type: 'string', demandOption: true, describe: 'Redis URL, e.g. redis://host:6379' })
      .option('queue', { type: 'string', describe: 'queue name (default dosegym-sweeps)' })
      .option('concurrency', { type: 'number', default: 1, describe: 'cells at once (one process each)' })
      .option('lock-duration', { type: 'number', default: 30_000, describe: 'ms without lock renewal after which a job counts as stalled' })
      .option('stalled-interval', { type: 'number', default: 30_000, describe: 'ms between checks for stalled jobs' })
      .option('backend', { type: 'string', describe: 'tfjs backend of the cells; sets DOSEGYM_BACKEND' })
      .option('gpus', { type: 'string', describe: 'GPU ids, e.g. 0,1 (default $CUDA_VISIBLE_DEVICES)' })
      .option('workers-per-gpu', { type: 'number', default: 1, describe: 'concurrency slots sharing each GPU' }) as never,
  handler: async (argv) => {
    const concurrency = positiveInt(argv.concurrency, '--concurrency')!;
    const lockDurationMs = positiveInt(argv.lockDuration, '--lock-duration')!;
    const stalledIntervalMs = positiveInt(argv.stalledInterval, '--stalled-interval')!;
    const env = backendEnv(argv.backend);
    const devices = assignDevices(concurrency, parseGpuList(argv.gpus), positiveInt(argv.workersPerGpu, '--workers-per-gpu') ?? 1);
    const { startQueueWorker } = await import('../../experiments/executors/queue.js');
    const log = (line: string) => process.stderr.write(`worker ${process.pid}: ${line}\n`);
    const handle = await startQueueWorker({
      redisUrl: argv.redis,
      ...(argv.queue ? { queueName: argv.queue } : {}),
      concurrency,
      lockDurationMs,
      stalledIntervalMs,
      env,
      devices,
      log,
    });
    log(`ready (concurrency ${concurrency})`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    log('stopping after running cells');
    await handle.close();
  },
};
