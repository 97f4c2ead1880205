/**
 * CartPole-v1 throughput: sub-env steps per second (N sub-envs stepping once = N steps),
 * random actions from a precomputed table, episodes reset on termination/truncation.
 *
 * Rows:
 * - single env, raw `CartPoleEnv` and through `make` (PassiveEnvChecker, OrderEnforcing,
 *   TimeLimit), baseline: the `make` env measured in this run;
 * - `SyncVectorEnv` over `make` copies and the native `CartPoleVectorEnv`, N = 1, 64,
 *   1024; native rows are compared with SyncVectorEnv at the same N in this run.
 *
 * Issue goals compare with *published* figures, not measured here (no Python in this run):
 * Gymnasium 1.0's numpy-vectorised CartPoleVectorEnv at 64 envs ≈ 1.4M steps/s (goal:
 * native N = 64 ≥ 2×), one `gym.make("CartPole-v1")` env ≈ 125k steps/s (goal: our `make`
 * env ≥ 5×). The ratio to the published figure is in `details.ratioToPublished`.
 */
import { RandomStream } from '../src/core/random.js';
import { CartPoleEnv } from '../src/envs/classic/cartpole.js';
import { CartPoleVectorEnv } from '../src/envs/classic/cartpole-vector.js';
import '../src/envs/classic/register.js';
import type { Env } from '../src/envs/core.js';
import { make, makeVec } from '../src/envs/registry.js';
import type { VectorEnv } from '../src/envs/vector/vector-env.js';
import { timeIt, type BenchResult } from './harness.js';

const GROUP = 'envs';
const ID = 'dosegym/CartPole-v1';
/** Published: Gymnasium 1.0 CartPoleVectorEnv (numpy), 64 envs, steps/s. */
const PUBLISHED_GYM_VECTOR_64 = 1.4e6;
/** Published: one gym.make('CartPole-v1') env, steps/s. */
const PUBLISHED_GYM_SINGLE = 125e3;
/** Sub-env steps per timed call (so each call lasts a few ms). */
const STEPS_PER_CALL = 65_536;
const TABLE_SIZE = 1 << 16;

/** Random 0/1 actions, precomputed so the timing measures the env, not the RNG. */
const actionRng = RandomStream.fromSeed(0).fork('bench-actions');
const actionTable = Int32Array.from({ length: TABLE_SIZE }, () => actionRng.int(2));

function singleStepsPerSecond(env: Env<Float32Array, number>): number {
  env.reset({ seed: 0 });
  let k = 0;
  const { secondsPerCall } = timeIt(() => {
    for (let t = 0; t < STEPS_PER_CALL; t++) {
      const r = env.step(actionTable[k++ & (TABLE_SIZE - 1)]!);
      if (r.terminated || r.truncated) env.reset();
    }
  });
  return STEPS_PER_CALL / secondsPerCall;
}

function vectorStepsPerSecond(vec: VectorEnv): number {
  const n = vec.numEnvs;
  vec.reset({ seed: 0 });
  const batches = Array.from({ length: 64 }, (_, b) => {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = actionTable[(b * n + i) & (TABLE_SIZE - 1)]!;
    return a;
  });
  const calls = Math.max(1, Math.round(STEPS_PER_CALL / n));
  let b = 0;
  const { secondsPerCall } = timeIt(() => {
    for (let t = 0; t < calls; t++) vec.step(batches[b++ & 63]!);
  });
  return (calls * n) / secondsPerCall;
}

export default async function envsBench(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];

  const viaMake = singleStepsPerSecond(make<Float32Array, number>(ID));
  const raw = singleStepsPerSecond(new CartPoleEnv());
  const singleGoal = 5 * PUBLISHED_GYM_SINGLE;
  rows.push({
    group: GROUP,
    name: 'CartPole single env via make (checker+order+TimeLimit)',
    value: viaMake,
    unit: 'steps/s',
    goal: `>= 5x gym.make CartPole (${PUBLISHED_GYM_SINGLE / 1e3}k steps/s, published)`,
    goalMet: viaMake >= singleGoal,
    details: { ratioToPublished: viaMake / PUBLISHED_GYM_SINGLE, published: PUBLISHED_GYM_SINGLE, publishedNotMeasured: true },
  });
  rows.push({
    group: GROUP,
    name: 'CartPole single env raw (no wrappers)',
    value: raw,
    unit: 'steps/s',
    baseline: 'CartPole single env via make (checker+order+TimeLimit)',
    ratio: raw / viaMake,
    details: { ratioToPublished: raw / PUBLISHED_GYM_SINGLE, published: PUBLISHED_GYM_SINGLE, publishedNotMeasured: true },
  });

  for (const n of [1, 64, 1024]) {
    const syncName = `CartPole SyncVectorEnv (make copies) N=${n}`;
    const sync = vectorStepsPerSecond(makeVec(ID, n, { vectorizationMode: 'sync' }));
    const native = vectorStepsPerSecond(new CartPoleVectorEnv(n));
    rows.push({ group: GROUP, name: syncName, value: sync, unit: 'steps/s', baseline: 'CartPole single env via make (checker+order+TimeLimit)', ratio: sync / viaMake });
    const vectorGoal = n === 64 ? 2 * PUBLISHED_GYM_VECTOR_64 : undefined;
    rows.push({
      group: GROUP,
      name: `CartPole native SoA CartPoleVectorEnv N=${n}`,
      value: native,
      unit: 'steps/s',
      baseline: syncName,
      ratio: native / sync,
      ...(vectorGoal === undefined
        ? {}
        : { goal: `>= 2x Gymnasium 1.0 CartPoleVectorEnv 64 envs (${PUBLISHED_GYM_VECTOR_64 / 1e6}M steps/s, published)`, goalMet: native >= vectorGoal }),
      details: {
        ratioToPublishedGymVector64: native / PUBLISHED_GYM_VECTOR_64,
        published: PUBLISHED_GYM_VECTOR_64,
        publishedNotMeasured: true,
      },
    });
  }
  return rows;
}
