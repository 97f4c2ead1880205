/**
 * HIV-v0 throughput: env steps per second (one step = 5 simulated days, RK4 with 50
 * substeps, h = 0.1 d: the accuracy the env runs at, returns within 1e-8 relative of a
 * Radau rtol 1e-12 reference), actions cycling 0..3.
 *
 * Rows:
 * - scipy baseline: `bench/hiv_scipy_reference.py bench` steps the same model with
 *   `scipy.integrate.odeint` (rtol 1e-6) per 5-day step, measured in this run by a child
 *   process (with the first `python3` on PATH, then /usr/bin/python3, that imports scipy;
 *   when none does, the scipy row and the ratios are skipped with a message);
 * - single `HivEnv` raw and through `make`;
 * - native `HivVectorEnv`, N = 64 and 1024 (ratio to scipy; goal ≥ 300×).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env } from '../src/envs/core.js';
import { HivEnv } from '../src/envs/hiv/hiv-env.js';
import { HivVectorEnv } from '../src/envs/hiv/hiv-vector-env.js';
import '../src/envs/hiv/register.js';
import { make } from '../src/envs/registry.js';
import { timeIt, type BenchResult } from './harness.js';

const GROUP = 'hiv';
const SCIPY_NAME = 'HIV scipy odeint rtol 1e-6 (python, this run)';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'hiv_scipy_reference.py');
/** Env steps per timed call. */
const STEPS_PER_CALL = 8192;

interface ScipyResult {
  stepsPerSecond: number;
  steps: number;
  rtol: number;
  python: string;
}

/** Run the scipy reference with the first python3 that has scipy; undefined if none. */
function scipyStepsPerSecond(): ScipyResult | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import scipy'], { stdio: 'ignore' });
    } catch {
      continue;
    }
    const out = execFileSync(python, [SCRIPT, 'bench', '3'], { encoding: 'utf8' });
    return { ...(JSON.parse(out) as Omit<ScipyResult, 'python'>), python };
  }
  process.stdout.write('hiv bench: no python3 with scipy found (tried python3, /usr/bin/python3); scipy baseline and ratios skipped\n');
  return undefined;
}

function singleStepsPerSecond(env: Env<Float32Array, number>): number {
  env.reset({ seed: 0 });
  let k = 0;
  const { secondsPerCall } = timeIt(() => {
    for (let t = 0; t < STEPS_PER_CALL; t++) {
      const r = env.step(k++ & 3);
      if (r.terminated || r.truncated) env.reset();
    }
  });
  return STEPS_PER_CALL / secondsPerCall;
}

function vectorStepsPerSecond(n: number): number {
  const vec = new HivVectorEnv(n);
  vec.reset({ seed: 0 });
  const batches = Array.from({ length: 4 }, (_, b) => Int32Array.from({ length: n }, (_, i) => (b + i) & 3));
  const calls = Math.max(1, Math.round(STEPS_PER_CALL / n));
  let b = 0;
  const { secondsPerCall } = timeIt(() => {
    for (let t = 0; t < calls; t++) vec.step(batches[b++ & 3]!);
  });
  return (calls * n) / secondsPerCall;
}

export default async function hivBench(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const scipy = scipyStepsPerSecond();
  if (scipy) {
    rows.push({ group: GROUP, name: SCIPY_NAME, value: scipy.stepsPerSecond, unit: 'steps/s', details: { steps: scipy.steps, rtol: scipy.rtol, python: scipy.python } });
  }
  const vsScipy = (value: number) => (scipy ? { baseline: SCIPY_NAME, ratio: value / scipy.stepsPerSecond } : {});
  const raw = singleStepsPerSecond(new HivEnv());
  rows.push({ group: GROUP, name: 'HIV single env raw (RK4 h=0.1 d)', value: raw, unit: 'steps/s', ...vsScipy(raw) });
  const viaMake = singleStepsPerSecond(make<Float32Array, number>('dosegym/HIV-v0'));
  rows.push({ group: GROUP, name: 'HIV single env via make', value: viaMake, unit: 'steps/s', ...vsScipy(viaMake) });
  for (const n of [64, 1024]) {
    const value = vectorStepsPerSecond(n);
    rows.push({
      group: GROUP,
      name: `HIV native HivVectorEnv N=${n} (RK4 h=0.1 d)`,
      value,
      unit: 'steps/s',
      ...vsScipy(value),
      goal: '>= 300x scipy odeint (rtol 1e-6), same run',
      goalMet: scipy ? value >= 300 * scipy.stepsPerSecond : false,
      details: { substepsPerStep: 50, stepDays: 5, ...(scipy ? {} : { skipped: 'no python3 with scipy' }) },
    });
  }
  return rows;
}
