/**
 * RL agents end to end: training speed (env steps/s, wall time) and the final return, three
 * seeds each, with each algorithm's default learner engine ('ts': the float32 WebAssembly
 * SIMD kernel of src/agents/nn/kernel.ts; the tfjs backend `selectBackend` picks is
 * recorded but unused by that engine). Not run in CI: `npm run bench:agents` (≈ tens of minutes on 2 vCPUs);
 * `BENCH_QUICK=1 npm run bench:agents` is a one-seed smoke run with short budgets.
 *
 * Runs (settings from rl-baselines3-zoo `hyperparams/*.yml`, reference/rl-anchors.md §1a):
 * - PPO, CartPole-v1: n_envs 8, n_steps 32, batch 256, n_epochs 20, γ 0.98, λ 0.8, ent 0,
 *   lr linear from 1e-3, clip linear from 0.2; 100k steps; goal mean return ≥ 475.
 * - DQN, CartPole-v1: lr 2.3e-3, batch 64, buffer 100k, learning_starts 1000,
 *   target_update_interval 10, train_freq 256, gradient_steps 128, ε 1 → 0.04 over 16 %,
 *   net [256, 256]; vanilla targets (`doubleQ: false`: SB3's DQN has no double-Q, and the
 *   speed comparison is with SB3); 50k steps (zoo's budget), and again over 100k (the
 *   issue's budget); goal ≥ 475.
 * - SAC, Pendulum-v1: SB3 defaults with lr 1e-3, 64×64 networks; 20k steps; goal ≥ −200.
 *
 * The return is the mean of 10 deterministic evaluation episodes after training (and the
 * mean of the last 100 training episodes, in details). Speed is compared with SB3 wall
 * times **published** for a 2-core machine (PPO 100k steps 17 s; DQN 50k 51 s; SAC 20k 74 s
 * with 64×64), not measured in this run: `ratio` = published SB3 wall time / our wall time,
 * scaled to the same number of steps (> 1 = faster than SB3).
 */
import { selectBackend } from '../src/agents/backend.js';
import type { Policy } from '../src/agents/policy.js';
import { evaluatePolicy } from '../src/agents/rl/callbacks.js';
import { trainDqn } from '../src/agents/rl/dqn.js';
import { trainPpo } from '../src/agents/rl/ppo.js';
import { trainSac } from '../src/agents/rl/sac.js';
import '../src/envs/builtin.js';
import { makeVec } from '../src/envs/registry.js';
import type { BenchResult } from './harness.js';

const GROUP = 'agents';
const QUICK = process.env.BENCH_QUICK === '1';
/** Seeds: `BENCH_SEEDS=0,1` overrides; `BENCH_AGENTS=dqn,sac` picks runs by name prefix. */
const SEEDS = process.env.BENCH_SEEDS ? process.env.BENCH_SEEDS.split(',').map(Number) : QUICK ? [0] : [0, 1, 2];

interface Run {
  /** Bench row name. */
  name: string;
  envId: string;
  steps: number;
  /** Published SB3 wall time (s) for `sb3Steps` steps on a 2-core machine. */
  sb3Seconds: number;
  sb3Steps: number;
  goal: number;
  train: (seed: number, steps: number) => { policy: Policy; timesteps: number; episodeReturns: number[] };
}

/** rl-zoo's DQN CartPole-v1 settings, vanilla targets as SB3. */
const DQN_ZOO = {
  learningRate: 2.3e-3,
  batchSize: 64,
  bufferSize: 100_000,
  learningStarts: 1000,
  gamma: 0.99,
  targetUpdateInterval: 10,
  trainFreq: 256,
  gradientSteps: 128,
  explorationFraction: 0.16,
  explorationFinalEps: 0.04,
  netArch: [256, 256],
  doubleQ: false,
};

const RUNS: Run[] = [
  {
    name: 'PPO CartPole-v1 (zoo, 8 envs)',
    envId: 'dosegym/CartPole-v1',
    steps: QUICK ? 4096 : 100_000,
    sb3Seconds: 17,
    sb3Steps: 100_000,
    goal: 475,
    train: (seed, steps) =>
      trainPpo(
        makeVec('dosegym/CartPole-v1', 8),
        { nSteps: 32, batchSize: 256, nEpochs: 20, gamma: 0.98, gaeLambda: 0.8, entCoef: 0, learningRate: 1e-3, lrSchedule: 'linear', clipRange: 0.2, clipSchedule: 'linear', seed },
        { totalTimesteps: steps },
      ),
  },
  {
    name: 'DQN CartPole-v1 (zoo, [256, 256])',
    envId: 'dosegym/CartPole-v1',
    steps: QUICK ? 3000 : 50_000,
    sb3Seconds: 51,
    sb3Steps: 50_000,
    goal: 475,
    train: (seed, steps) => trainDqn(makeVec('dosegym/CartPole-v1', 1), { ...DQN_ZOO, seed }, { totalTimesteps: steps }),
  },
  {
    // The issue's budget ("≥ 475 within 100k steps"): the zoo settings over 100k (ε decays over the first 16k).
    name: 'DQN CartPole-v1 (zoo, [256, 256], 100k budget)',
    envId: 'dosegym/CartPole-v1',
    steps: QUICK ? 3000 : 100_000,
    sb3Seconds: 51,
    sb3Steps: 50_000,
    goal: 475,
    train: (seed, steps) => trainDqn(makeVec('dosegym/CartPole-v1', 1), { ...DQN_ZOO, seed }, { totalTimesteps: steps }),
  },
  {
    name: 'SAC Pendulum-v1 (lr 1e-3, 64×64)',
    envId: 'dosegym/Pendulum-v1',
    steps: QUICK ? 600 : 20_000,
    sb3Seconds: 74,
    sb3Steps: 20_000,
    goal: -200,
    train: (seed, steps) =>
      trainSac(makeVec('dosegym/Pendulum-v1', 1), { learningRate: 1e-3, netArch: { pi: [64, 64], qf: [64, 64] }, seed }, { totalTimesteps: steps }),
  },
];

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export default async function bench(): Promise<BenchResult[]> {
  const { backend } = await selectBackend();
  const only = process.env.BENCH_AGENTS?.split(',');
  const rows: BenchResult[] = [];
  for (const run of RUNS) {
    if (only && !only.some((o) => run.name.toLowerCase().startsWith(o.toLowerCase()))) continue;
    const perSeed = SEEDS.map((seed) => {
      const t0 = performance.now();
      const result = run.train(seed, run.steps);
      const seconds = (performance.now() - t0) / 1000;
      const evaluation = evaluatePolicy(result.policy, makeVec(run.envId, 1), { nEpisodes: 10, seed: 10_000 + seed });
      const recent = result.episodeReturns.slice(-100);
      const row = {
        seed,
        seconds,
        stepsPerSecond: result.timesteps / seconds,
        evalMeanReturn: evaluation.meanReturn,
        trainMeanReturnLast100: recent.length > 0 ? mean(recent) : Number.NaN,
      };
      process.stdout.write(`  ${run.name} seed ${seed}: ${JSON.stringify(row)}\n`);
      return { ...row, timesteps: result.timesteps };
    });
    const seconds = mean(perSeed.map((r) => r.seconds));
    const timesteps = perSeed[0]!.timesteps;
    const sb3SecondsScaled = (run.sb3Seconds * timesteps) / run.sb3Steps;
    const returns = perSeed.map((r) => r.evalMeanReturn);
    rows.push({
      group: GROUP,
      name: `${run.name}, ${timesteps} steps, ${SEEDS.length} seed(s)`,
      value: mean(perSeed.map((r) => r.stepsPerSecond)),
      unit: 'steps/s',
      baseline: `SB3 published ${run.sb3Seconds} s / ${run.sb3Steps} steps (2 cores; not measured here)`,
      ratio: sb3SecondsScaled / seconds,
      goal: `mean eval return ≥ ${run.goal} in every seed${QUICK ? ' (quick mode: budgets too short to reach it)' : ''}`,
      goalMet: returns.every((r) => r >= run.goal),
      details: { backend, quick: QUICK, meanWallSeconds: seconds, meanEvalReturn: mean(returns), perSeed },
    });
  }
  return rows;
}
