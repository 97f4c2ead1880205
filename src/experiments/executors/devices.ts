/**
 * GPU placement of worker processes: which `CUDA_VISIBLE_DEVICES` each worker gets.
 *
 * With GPUs `[g0, g1, …]` and `k` workers per GPU, worker i sees only GPU
 * `gpus[floor(i / k) mod gpus.length]`, so workers 0..k−1 share g0, the next k share g1,
 * and so on. Without GPUs, workers get no `CUDA_VISIBLE_DEVICES` at all (inherited as is).
 */
import { InputError } from '../../core/errors.js';

/**
 * GPU ids from `--gpus 0,1`, else from `CUDA_VISIBLE_DEVICES`, else none.
 * @example parseGpuList('0, 2') // ['0', '2']
 */
export function parseGpuList(option: string | undefined, env: string | undefined = process.env.CUDA_VISIBLE_DEVICES): string[] {
  const text = option ?? env ?? '';
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const id of ids) if (!/^(\d+|GPU-[\w-]+|MIG-[\w/-]+)$/.test(id)) throw new InputError(`--gpus: '${id}' is not a GPU index or UUID`, '--gpus');
  return ids;
}

/** The device of each of `workers` workers (undefined entries: leave the env alone). */
export function assignDevices(workers: number, gpus: readonly string[], workersPerGpu: number): (string | undefined)[] {
  if (!Number.isInteger(workersPerGpu) || workersPerGpu < 1) throw new InputError(`--workers-per-gpu must be a positive integer, got ${workersPerGpu}`, '--workers-per-gpu');
  return Array.from({ length: workers }, (_, i) => (gpus.length === 0 ? undefined : gpus[Math.floor(i / workersPerGpu) % gpus.length]));
}
