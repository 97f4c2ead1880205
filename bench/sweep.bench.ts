/**
 * Sweep throughput: cells per minute of the local executor with 1 and 2 worker processes
 * on the same fixed sweep of CPU-bound cells (ppo-identity, 8 cells of ~2–3 s each: PPO
 * for 16384 steps on IdentityDiscrete-v0, then evaluation; cells must be long against the
 * ~1–2 s start-up of a worker process, or start-up dominates), each run into a fresh sweep
 * directory. Worker start-up is included: it is part of what a sweep costs.
 * Goal (issue "Experiment sweeps at scale"): ≥ 1.7× with 2 workers on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { LocalExecutor } from '../src/experiments/executors/local.js';
import { expandSweep } from '../src/experiments/sweep/expand.js';
import { parseSweepSpec } from '../src/experiments/sweep/spec.js';
import type { BenchResult } from './harness.js';

const spec = parseSweepSpec({
  name: 'bench',
  runner: 'ppo-identity',
  base: { seed: 0, totalTimesteps: 16384, ppo: { learningRate: 0.001, nSteps: 128, batchSize: 32, nEpochs: 4 }, eval: { episodes: 3, seed: 1 } },
  grid: { 'ppo.learningRate': [0.0003, 0.003], seed: [0, 1, 2, 3] },
});

async function cellsPerMinute(workers: number): Promise<{ perMin: number; seconds: number }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'dosegym-sweep-bench-'));
  try {
    const cells = expandSweep(spec);
    const t0 = performance.now();
    const summary = await new LocalExecutor({ workers, env: { DOSEGYM_BACKEND: 'wasm' } }).execute({ sweepDir: dir, runner: spec.runner, cells });
    const seconds = (performance.now() - t0) / 1000;
    if (summary.completed !== cells.length) throw new Error(`bench sweep: ${summary.completed}/${cells.length} cells completed`);
    return { perMin: (cells.length / seconds) * 60, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function sweepBench(): Promise<BenchResult[]> {
  const one = await cellsPerMinute(1);
  const two = await cellsPerMinute(2);
  const ratio = two.perMin / one.perMin;
  const details = { cells: 8, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Number(x.toFixed(2))) };
  return [
    { group: 'sweep', name: 'local executor, 1 worker (8 ppo-identity cells)', value: one.perMin, unit: 'cells/min', details: { ...details, seconds: one.seconds } },
    {
      group: 'sweep',
      name: 'local executor, 2 workers (8 ppo-identity cells)',
      value: two.perMin,
      unit: 'cells/min',
      baseline: 'local executor, 1 worker (8 ppo-identity cells)',
      ratio,
      goal: '>= 1.7x with 2 workers on 2 cores',
      goalMet: ratio >= 1.7,
      details: { ...details, seconds: two.seconds },
    },
  ];
}
