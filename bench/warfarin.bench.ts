/**
 * Warfarin-v0 throughput in patient-days per second (one env step = one patient-day of the
 * Hamberg 2007 model, variability, lifestyle and measurement noise on, the defaults),
 * constant 5 mg doses, episodes of 90 days with their resets (a new patient drawn from the
 * cohort every 90 days) included in the timing.
 *
 * Rows:
 * - baseline: the single env one patient at a time through `make` (wrapper stack);
 * - the single `WarfarinEnv` raw;
 * - the native `WarfarinVectorEnv`, N = 64 and N = 1024 (goal ≥ 100 000 patient-days/s on
 *   one core at N = 1024), with the ratio to the baseline.
 */
import type { Env } from '../src/envs/core.js';
import '../src/envs/warfarin/register.js';
import { make } from '../src/envs/registry.js';
import { WarfarinEnv } from '../src/envs/warfarin/warfarin-env.js';
import { WarfarinVectorEnv } from '../src/envs/warfarin/warfarin-vector-env.js';
import { timeIt, type BenchResult } from './harness.js';

const GROUP = 'warfarin';
const BASELINE = 'Warfarin single env via make, one patient at a time';
/** Patient-days per timed call (a few episodes per call, so that resets are included). */
const DAYS_PER_CALL = 90 * 40;
const ACTION = 10; // 5 mg

function singleDaysPerSecond(env: Env<Float32Array, number>): number {
  env.reset({ seed: 0 });
  let day = 0;
  const { secondsPerCall } = timeIt(() => {
    for (let t = 0; t < DAYS_PER_CALL; t++) {
      const r = env.step(ACTION);
      if (r.terminated || r.truncated || ++day === 90) {
        env.reset();
        day = 0;
      }
    }
  });
  return DAYS_PER_CALL / secondsPerCall;
}

function vectorDaysPerSecond(n: number): number {
  const vec = new WarfarinVectorEnv(n);
  vec.reset({ seed: 0 });
  const actions = new Int32Array(n).fill(ACTION);
  const calls = Math.max(90, Math.round(DAYS_PER_CALL / n));
  const { secondsPerCall } = timeIt(() => {
    for (let t = 0; t < calls; t++) vec.step(actions);
  }, 1000);
  return (calls * n) / secondsPerCall;
}

export default async function warfarinBench(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const baseline = singleDaysPerSecond(make<Float32Array, number>('dosegym/Warfarin-v0', { maxEpisodeSteps: null }));
  rows.push({ group: GROUP, name: BASELINE, value: baseline, unit: 'patient-days/s' });
  const raw = singleDaysPerSecond(new WarfarinEnv() as Env<Float32Array, number>);
  rows.push({ group: GROUP, name: 'Warfarin single WarfarinEnv raw', value: raw, unit: 'patient-days/s', baseline: BASELINE, ratio: raw / baseline });
  for (const n of [64, 1024]) {
    const value = vectorDaysPerSecond(n);
    rows.push({
      group: GROUP,
      name: `Warfarin native WarfarinVectorEnv N=${n} (variability on)`,
      value,
      unit: 'patient-days/s',
      baseline: BASELINE,
      ratio: value / baseline,
      ...(n === 1024 ? { goal: '>= 100000 patient-days/s on one core', goalMet: value >= 100_000 } : {}),
      details: { substepsPerDay: 14, episodeDays: 90, model: 'hamberg2007' },
    });
  }
  return rows;
}
