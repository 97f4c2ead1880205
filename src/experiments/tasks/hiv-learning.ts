/**
 * Learning acceptance task for `dosegym/HIV-v0` (Ernst et al. 2006 benchmark): train PPO or
 * DQN and track the best greedy return reached, against the thresholds of the benchmark.
 *
 * Why the settings are what they are (see docs/results-combination-envs.md):
 * - **Reward scale.** The Ernst reward is ≈ 1.7·10⁴ per step at the unhealthy start and up
 *   to ≈ 3.5·10⁸ in the immune-controlled regime (E ≈ 3.5·10⁵), four orders of magnitude.
 *   Training rewards are either multiplied by a constant (`rewardScale`, a
 *   {@link VectorScaleReward}: no preference between policies changes) or normalised by
 *   the running std of the discounted return (PPO `normalizeReward`). Logged and evaluated
 *   returns are always the raw Ernst returns.
 * - **Discount close to 1** (γ = 0.99): the payoff of boosting the immune response comes
 *   tens of steps after the treatment decisions that cause it.
 * - **Evaluation.** The env is deterministic (no patient variability by default): one
 *   greedy episode from the unhealthy state is the greedy policy's return. A stochastic
 *   policy (PPO's) is also scored as it acts, sampling its actions: the mean return of
 *   `sampledEpisodes` episodes (its own seeded stream). Every `evalEvery` env steps the
 *   callback scores the current policy both ways and keeps the best of each, and a copy
 *   of the policy at the best greedy evaluation (`bestPolicy`, SB3 EvalCallback's
 *   `best_model`); the final policy is scored once more at the end (`final`). On HIV-v0
 *   the two differ a lot: a policy that mixes RTI-only and both-drugs steps at random can
 *   hold the immune response high where its argmax (one fixed choice) falls out of it.
 *
 * Landmarks (one 200-step episode): never treat 3.43·10⁶, always both drugs 7.02·10⁶, STI
 * ≈ 1.5·10⁷; the greedy target of the acceptance is 10¹⁰ (immune control: E ≥ 10⁵ for a
 * large part of the 1000 days).
 *
 * Config (JSON, e.g. experiments/tasks/hiv-ppo.json; hiv-ppo-entsched*.json anneal PPO's
 * entropy bonus to 0 so that the greedy policy, not only the sampled one, reaches the
 * target; every field has a default):
 * ```
 * { "algorithm": "ppo",            // or "dqn"
 *   "numEnvs": 16, "totalTimesteps": 1000000,
 *   "rewardScale": 1e-6,            // null: no constant scaling
 *   "envKwargs": {},                // HIV-v0 options (observation, parameterVariability, …)
 *   "agent": { …PpoConfig or DqnConfig, e.g. "gamma": 0.99, "seed": 0 },
 *   "evalEvery": 3200, "target": 1e10, "stopAtTarget": true }
 * ```
 */
import { z } from 'zod';
import type { Policy } from '../../agents/policy.js';
import { evaluatePolicy, type CallbackContext, type TrainingCallback } from '../../agents/rl/callbacks.js';
import { ActorCriticPolicy } from '../../agents/rl/actor-critic-policy.js';
import { QPolicy, trainDqn } from '../../agents/rl/dqn.js';
import { parseAlgoConfig } from '../../agents/rl/config.js';
import { NormalizedActorCriticPolicy } from '../../agents/rl/normalized-policy.js';
import { trainPpo } from '../../agents/rl/ppo.js';
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import '../../envs/builtin.js';
import { makeVec } from '../../envs/registry.js';
import type { VectorEnv } from '../../envs/vector/vector-env.js';
import { VectorScaleReward } from '../../envs/wrappers/vector-scale-reward.js';

export const HIV_ENV_ID = 'dosegym/HIV-v0';
/** Return of the acceptance: the immune-controlled regime. */
export const HIV_TARGET_RETURN = 1e10;
/** Constant-policy and STI returns of one episode (hiv-baselines.ts), for reports. */
export const HIV_LANDMARKS = Object.freeze({ never: 3.43e6, always: 7.02e6, sti: 1.5e7 });

export const HivLearningConfigSchema = z
  .object({
    /** 'ppo' (agents/rl/ppo.ts) or 'dqn' (agents/rl/dqn.ts). */
    algorithm: z.enum(['ppo', 'dqn']).default('ppo'),
    /** Sub-envs for training. */
    numEnvs: z.number().int().positive().default(16),
    /** Env steps to train for (at most; see stopAtTarget). */
    totalTimesteps: z.number().int().positive().default(1_000_000),
    /** Constant factor on the training rewards (VectorScaleReward); null = none. */
    rewardScale: z.number().positive().nullable().default(1e-6),
    /** HIV-v0 options for training and evaluation. */
    envKwargs: z.record(z.string(), z.unknown()).default({}),
    /** Hyper-parameters of the algorithm (validated by its own schema). */
    agent: z.record(z.string(), z.unknown()).default({}),
    /** Greedy evaluation every this many env steps (checked after each update / log row). */
    evalEvery: z.number().int().positive().default(3200),
    /** Episodes of the sampled (stochastic) evaluation; 0 = greedy only. */
    sampledEpisodes: z.number().int().min(0).default(4),
    /** Return that counts as reaching the benchmark. */
    target: z.number().default(HIV_TARGET_RETURN),
    /** Stop training once the greedy or the sampled return reaches `target`. */
    stopAtTarget: z.boolean().default(true),
  })
  .strict();

export type HivLearningConfig = z.infer<typeof HivLearningConfigSchema>;
export type HivLearningConfigInput = z.input<typeof HivLearningConfigSchema>;

/** Validate a config; InputError names the field. */
export function parseHivLearningConfig(input: unknown = {}): HivLearningConfig {
  const parsed = parseAlgoConfig(HivLearningConfigSchema, input, 'hiv-learning');
  return parsed;
}

/** One greedy evaluation during training. */
export interface HivEvalPoint {
  timesteps: number;
  /** Greedy return (raw Ernst reward) of one episode from the unhealthy state. */
  return: number;
  /** Mean return of the sampled (stochastic) policy over `sampledEpisodes` episodes (NaN when 0). */
  sampledReturn: number;
  /** Wall time since training began, s. */
  seconds: number;
}

export interface HivLearningResult {
  config: HivLearningConfig;
  /** Evaluation with the best greedy return (the first one, on ties). */
  best: HivEvalPoint;
  /**
   * A frozen copy of the policy as it was at `best` (SB3 EvalCallback's `best_model`): its
   * greedy episode returns `best.return` again (the env is deterministic unless
   * `envKwargs` add variability). Save it with agents/checkpoint.ts `savePolicy`.
   */
  bestPolicy: Policy;
  /** Evaluation of the final policy (the last entry of `evaluations`). */
  final: HivEvalPoint;
  /** Evaluation with the best sampled return. */
  bestSampled: HivEvalPoint;
  /** Greedy action sequence (200 actions) of the best evaluation. */
  bestActions: number[];
  /** Whether the best greedy or sampled return ≥ `target`. */
  reachedTarget: boolean;
  evaluations: HivEvalPoint[];
  /** Env steps trained. */
  timesteps: number;
  /** Wall time of the whole run, s. */
  seconds: number;
  /** The final trained policy (not necessarily the best one: see `bestPolicy`). */
  policy: Policy;
  /** Raw returns of the training episodes (exploring policy), in order. */
  trainingReturns: number[];
}

/**
 * Greedy return and action sequence of `policy` on one HIV-v0 episode (reset with `seed`).
 * @example greedyHivReturn(policy, makeVec('dosegym/HIV-v0', 1)).return
 */
export function greedyHivReturn(policy: Policy, env: VectorEnv, seed = 0): { return: number; actions: number[] } {
  let { observations, infos } = env.reset({ seed });
  policy.reset();
  const actions: number[] = [];
  let total = 0;
  for (;;) {
    const a = policy.act(observations, infos, { deterministic: true });
    actions.push(Number(a[0]));
    const r = env.step(a);
    total += r.rewards[0]!;
    if (r.terminations[0] || r.truncations[0]) break;
    observations = r.observations;
    infos = r.infos;
  }
  return { return: total, actions };
}

const orMinusInfinity = (x: number): number => (Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x);

/** An independent copy of a trained PPO or DQN policy (weights and normalisation statistics copied). */
export function snapshotPolicy(policy: Policy): Policy {
  const rng = RandomStream.fromSeed(0).fork('snapshot');
  if (policy instanceof NormalizedActorCriticPolicy) {
    const n = policy.normalization;
    const normalization = { ...n, mean: Float64Array.from(n.mean), var: Float64Array.from(n.var) };
    return new NormalizedActorCriticPolicy(policy.getWeights(), policy.observation, policy.action, rng, normalization, policy.name);
  }
  if (policy instanceof ActorCriticPolicy) return new ActorCriticPolicy(policy.getWeights(), policy.observation, policy.action, rng, policy.name);
  if (policy instanceof QPolicy) return new QPolicy(policy.getWeights(), policy.observation, { n: policy.nActions, start: policy.actionStart }, policy.name);
  throw new InputError(`cannot snapshot policy '${policy.name}' (PPO and DQN policies only)`, 'policy');
}

/** Evaluation callback keeping the best greedy and sampled returns (and optionally stopping at the target). */
class BestReturnCallback implements TrainingCallback {
  readonly evaluations: HivEvalPoint[] = [];
  best: HivEvalPoint = { timesteps: 0, return: Number.NEGATIVE_INFINITY, sampledReturn: Number.NaN, seconds: 0 };
  bestSampled: HivEvalPoint = this.best;
  bestActions: number[] = [];
  bestPolicy: Policy | null = null;
  private next: number;

  constructor(
    private readonly env: VectorEnv,
    private readonly sampledEnv: VectorEnv | null,
    private readonly config: HivLearningConfig,
    private readonly t0: number,
    private readonly onEvaluation?: (point: HivEvalPoint) => void,
  ) {
    this.next = config.evalEvery;
  }

  /** Score `policy` (greedy and sampled) and keep the bests; true when the target is reached. */
  score(policy: Policy, timesteps: number): HivEvalPoint {
    const { return: ret, actions } = greedyHivReturn(policy, this.env);
    const sampled = this.sampledEnv
      ? evaluatePolicy(policy, this.sampledEnv, { nEpisodes: this.config.sampledEpisodes, deterministic: false, seed: 0 }).meanReturn
      : Number.NaN;
    const point = { timesteps, return: ret, sampledReturn: sampled, seconds: (performance.now() - this.t0) / 1000 };
    this.evaluations.push(point);
    this.onEvaluation?.(point);
    if (ret > this.best.return) {
      this.best = point;
      this.bestActions = actions;
      this.bestPolicy = snapshotPolicy(policy);
    }
    if (!Number.isNaN(sampled) && !(this.bestSampled.sampledReturn >= sampled)) this.bestSampled = point;
    return point;
  }

  onUpdate(ctx: CallbackContext): boolean | void {
    if (ctx.timesteps < this.next) return;
    while (this.next <= ctx.timesteps) this.next += this.config.evalEvery;
    const point = this.score(ctx.policy, ctx.timesteps);
    ctx.log.greedyReturn = point.return;
    ctx.log.sampledReturn = point.sampledReturn;
    if (this.config.stopAtTarget && Math.max(point.return, orMinusInfinity(point.sampledReturn)) >= this.config.target) return false;
  }
}

/**
 * Train the configured agent on HIV-v0 and report the best greedy return reached.
 * @example trainHivAgent({ algorithm: 'ppo', totalTimesteps: 200_000, agent: { gamma: 0.99, seed: 1 } }).best.return
 */
export function trainHivAgent(configInput: HivLearningConfigInput | HivLearningConfig = {}, options: { onEvaluation?: (point: HivEvalPoint) => void } = {}): HivLearningResult {
  const config = parseHivLearningConfig(configInput);
  const t0 = performance.now();
  const raw = makeVec(HIV_ENV_ID, config.numEnvs, { ...config.envKwargs });
  const env = config.rewardScale === null ? raw : new VectorScaleReward(raw, config.rewardScale);
  const evalEnv = makeVec(HIV_ENV_ID, 1, { ...config.envKwargs });
  const sampledEnv = config.sampledEpisodes > 0 ? makeVec(HIV_ENV_ID, config.sampledEpisodes, { ...config.envKwargs }) : null;
  const callback = new BestReturnCallback(evalEnv, sampledEnv, config, t0, options.onEvaluation);
  try {
    const options = { totalTimesteps: config.totalTimesteps, callbacks: [callback] };
    const result = config.algorithm === 'ppo' ? trainPpo(env, config.agent, options) : trainDqn(env, config.agent, options);
    // One last look at the final policy (training may end between two evaluations).
    const final = callback.score(result.policy, result.timesteps);
    // Training returns are logged on the env the agent saw: undo the constant scale.
    const scale = config.rewardScale ?? 1;
    const trainingReturns = result.episodeReturns.map((r) => r / scale);
    return {
      config,
      best: callback.best,
      bestPolicy: callback.bestPolicy ?? snapshotPolicy(result.policy),
      final,
      bestSampled: callback.bestSampled,
      bestActions: callback.bestActions,
      reachedTarget: Math.max(callback.best.return, orMinusInfinity(callback.bestSampled.sampledReturn)) >= config.target,
      evaluations: callback.evaluations,
      timesteps: result.timesteps,
      seconds: (performance.now() - t0) / 1000,
      policy: result.policy,
      trainingReturns,
    };
  } finally {
    env.close();
    evalEnv.close();
    sampledEnv?.close();
  }
}
