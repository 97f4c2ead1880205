/**
 * OncologyCombo-v0 throughput: sub-env steps (21-day cycles) per second, random dose
 * levels from a precomputed table, episodes reset on termination and at 12 cycles (each
 * reset draws a cohort patient and its parameters, which is included in the timing).
 *
 * Rows: the raw single env (baseline), the `make` env, and the native vector env at
 * N = 64 and 1024 (ratio vs the single env, per sub-env step).
 */
import { RandomStream } from '../src/core/random.js';
import { OncologyComboEnv } from '../src/envs/oncology/oncology-env.js';
import { OncologyComboVectorEnv } from '../src/envs/oncology/oncology-vector.js';
import '../src/envs/oncology/register.js';
import type { Env } from '../src/envs/core.js';
import { make } from '../src/envs/registry.js';
import { timeIt, type BenchResult } from './harness.js';

const GROUP = 'oncology';
const TABLE = 4096;
const rng = RandomStream.fromSeed(0).fork('bench-actions');
const table = Int32Array.from({ length: 2 * TABLE }, () => rng.int(4));

function single(env: Env<Float32Array, Int32Array>, steps: number): number {
  env.reset({ seed: 0 });
  const a = new Int32Array(2);
  let k = 0;
  const { secondsPerCall } = timeIt(() => {
    for (let t = 0; t < steps; t++) {
      a[0] = table[k++ % (2 * TABLE)]!;
      a[1] = table[k++ % (2 * TABLE)]!;
      const r = env.step(a);
      if (r.terminated || r.truncated) env.reset();
    }
  });
  return steps / secondsPerCall;
}

function vector(n: number): number {
  const vec = new OncologyComboVectorEnv(n);
  vec.reset({ seed: 0 });
  const a = new Int32Array(2 * n);
  let k = 0;
  const { secondsPerCall } = timeIt(() => {
    for (let j = 0; j < 2 * n; j++) a[j] = table[k++ % (2 * TABLE)]!;
    vec.step(a);
  });
  return n / secondsPerCall;
}

export default async function oncologyBench(): Promise<BenchResult[]> {
  const raw = single(new OncologyComboEnv() as Env<Float32Array, Int32Array>, 200);
  const made = single(make('dosegym/OncologyCombo-v0') as Env<Float32Array, Int32Array>, 200);
  const rows: BenchResult[] = [
    { group: GROUP, name: 'OncologyCombo-v0 single env (raw)', value: raw, unit: 'steps/s', details: { step: '21-day cycle, 252 sub-steps of 2 h' } },
    { group: GROUP, name: 'OncologyCombo-v0 single env (make)', value: made, unit: 'steps/s', baseline: 'OncologyCombo-v0 single env (raw)', ratio: made / raw },
  ];
  for (const n of [64, 1024]) {
    const v = vector(n);
    rows.push({ group: GROUP, name: `OncologyCombo-v0 native vector N=${n}`, value: v, unit: 'steps/s', baseline: 'OncologyCombo-v0 single env (raw)', ratio: v / raw });
  }
  return rows;
}
