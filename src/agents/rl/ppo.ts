/**
 * Proximal Policy Optimization (Schulman et al. 2017), clip variant, for Discrete and Box
 * actions, learning from a same-step-autoreset {@link VectorEnv}. One file, top to bottom,
 * in the spirit of CleanRL's `ppo.py`, with SB3's defaults and semantics
 * (`stable_baselines3/ppo/ppo.py`, `common/on_policy_algorithm.py`).
 *
 * Layout: config → setup (seeding, networks, optimiser) → loop { rollout → GAE → update
 * epochs over shuffled minibatches → log, callbacks } → trained Policy.
 *
 * Implementation details (Huang et al. 2022, "The 37 implementation details of PPO"), named
 * again where they happen: vectorised envs; orthogonal init (√2 hidden, 0.01 policy head,
 * 1.0 value head); Adam ε = 1e-5; linear lr/clip/entropy-coefficient annealing (optional); GAE with
 * time-limit bootstrapping; shuffled minibatches; per-minibatch advantage normalisation;
 * clipped surrogate; optional value clipping; entropy bonus; global gradient clipping;
 * approx-KL / clip-fraction diagnostics and target-KL early stop; separate actor and
 * critic; state-independent log-std; unclipped actions stored, clipped ones sent.
 *
 * Two learner engines behind one interface ({@link PpoLearner}), chosen by `engine`:
 * - 'ts' (default): our own network kernel (./ppo-ts-engine.ts: hand-written loss
 *   gradient, TrainableMlp backward, Adam); no tfjs call at all.
 *   Deterministic, and ≈ 1.5–1.6× faster per update than tfjs-wasm for the [64, 64]
 *   actor-critic at batch 256 on a 2-core machine (bench/ppo.bench.ts).
 * - 'tfjs': tfjs autodiff on the active backend (this file): one `variableGrads` + one
 *   `applyGradients` + one `dataSync` of the diagnostics per minibatch.
 * Both are tested by the same suite (test/agents/rl/ppo.test.ts) and their loss gradients
 * agree (test/agents/rl/ppo-gradients.test.ts). Rollouts always run the networks in plain
 * TypeScript (one batched forward for all sub-envs per step). `result.timing` splits wall
 * time into env stepping, rollout inference, update and weight sync.
 *
 * Observation/reward normalisation (SB3 VecNormalize, a "continuous" detail) uses the
 * vector wrappers of src/envs/wrappers: with `normalizeObservation` / `normalizeReward`
 * PPO wraps the env itself, freezes the statistics at the end of training, and returns a
 * {@link NormalizedActorCriticPolicy} that normalises raw observations (saved into the
 * checkpoint's `normalization` slot). Logged episode returns are always the raw rewards'.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import type { BatchedActions, VectorEnv, VectorStepResult } from '../../envs/vector/vector-env.js';
import { VectorNormalizeObservation } from '../../envs/wrappers/vector-normalize-observation.js';
import { VectorNormalizeReward } from '../../envs/wrappers/vector-normalize-reward.js';
import { VectorWrapper } from '../../envs/wrappers/vector-wrapper.js';
import type { RunningStatsState } from '../../envs/running-stats.js';
import { initMlp, GAIN_POLICY_HEAD, GAIN_VALUE_HEAD } from '../nn/init.js';
import { TfMlp, variableFrom } from '../nn/mlp.js';
import { actionHeadSize, actionSpecOf, clipToBox, inputSizeOf, observationSpecOf, type ActionSpec } from './action-space.js';
import { ActorCriticPolicy, type ActorCriticWeights } from './actor-critic-policy.js';
import { NormalizedActorCriticPolicy, type ObservationNormalization } from './normalized-policy.js';
import { TsPpoLearner, type PpoLearner } from './ppo-ts-engine.js';
import type { TrainingCallback, UpdateLog } from './callbacks.js';
import { categoricalEntropyTf, categoricalLogProbTf, diagGaussianEntropyTf, diagGaussianLogProbTf } from './distributions.js';
import { parseAlgoConfig } from './config.js';
import { RolloutBuffer } from './rollout-buffer.js';
import { constantSchedule, makeSchedule, windowedLinearSchedule, type Schedule } from './schedules.js';

// ===================================================================== config

const positiveInt = z.number().int().positive();
const fraction = z.number().min(0).max(1);

/** The entropy coefficient over training (see {@link windowedLinearSchedule}). */
const EntCoefScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }).strict(),
  z
    .object({
      kind: z.literal('linear'),
      /** Coefficient at and after the `end` fraction of training. */
      final: z.number().min(0).default(0),
      /** Fraction of training (0–1) where annealing begins; entCoef before it. */
      start: fraction.default(0),
      /** Fraction of training (0–1) where annealing ends (≥ start). */
      end: fraction.default(1),
    })
    .strict()
    .refine((s) => s.start <= s.end, { message: 'must be ≥ start', path: ['end'] }),
]);

export type EntCoefScheduleConfig = z.infer<typeof EntCoefScheduleSchema>;

/** The entropy-coefficient schedule of `config` as a function of progressRemaining. */
export function entCoefScheduleOf(config: Pick<PpoConfig, 'entCoef' | 'entCoefSchedule'>): Schedule {
  const s = config.entCoefSchedule;
  return s.kind === 'linear' ? windowedLinearSchedule(config.entCoef, s.final, s.start, s.end) : constantSchedule(config.entCoef);
}

/** PPO hyper-parameters. Defaults are SB3's (Adam ε from CleanRL). */
export const PpoConfigSchema = z
  .object({
    /** Adam learning rate (initial value when `lrSchedule` is 'linear'). */
    learningRate: z.number().positive().default(3e-4),
    /** 'constant', or 'linear' annealing to 0 over `totalTimesteps` (zoo's `lin_`). */
    lrSchedule: z.enum(['constant', 'linear']).default('constant'),
    /** Env steps per sub-env per rollout (the buffer holds nSteps × numEnvs). */
    nSteps: positiveInt.default(2048),
    /** Minibatch size for gradient steps. */
    batchSize: positiveInt.default(64),
    /** Passes over the rollout per update. */
    nEpochs: positiveInt.default(10),
    /** Discount factor γ. */
    gamma: z.number().min(0).max(1).default(0.99),
    /** GAE λ (1 = Monte-Carlo-like, 0 = one-step TD). */
    gaeLambda: z.number().min(0).max(1).default(0.95),
    /** Surrogate clipping ε (initial value when `clipSchedule` is 'linear'). */
    clipRange: z.number().positive().default(0.2),
    /** 'constant' or 'linear' annealing of clipRange to 0. */
    clipSchedule: z.enum(['constant', 'linear']).default('constant'),
    /** Value-function clipping around the old values; null = off (SB3 default). */
    clipRangeVf: z.number().positive().nullable().default(null),
    /** Normalise advantages per minibatch (skipped for minibatches of one). */
    normalizeAdvantage: z.boolean().default(true),
    /** Entropy bonus coefficient (initial value when `entCoefSchedule` is 'linear'). */
    entCoef: z.number().min(0).default(0),
    /** 'constant' entCoef, or 'linear' from entCoef to `final` over the training fractions [`start`, `end`], held outside. */
    entCoefSchedule: EntCoefScheduleSchema.default({ kind: 'constant' }),
    /** Value-loss coefficient. */
    vfCoef: z.number().min(0).default(0.5),
    /** Global gradient-norm clip over all parameters. */
    maxGradNorm: z.number().positive().default(0.5),
    /** Stop an update's epochs when approx KL exceeds 1.5 × targetKl; null = never. */
    targetKl: z.number().positive().nullable().default(null),
    /** Hidden sizes of the separate policy and value MLPs. */
    netArch: z.object({ pi: z.array(positiveInt).default([64, 64]), vf: z.array(positiveInt).default([64, 64]) }).default({ pi: [64, 64], vf: [64, 64] }),
    /** Hidden activation. */
    activation: z.enum(['tanh', 'relu']).default('tanh'),
    /** Adam ε (CleanRL 1e-5; PyTorch's default is 1e-8). */
    adamEps: z.number().positive().default(1e-5),
    /** Initial log-std of the Box Gaussian policy. */
    logStdInit: z.number().default(0),
    /** Learner: 'ts' = our own network kernel (WebAssembly SIMD; fast, deterministic), 'tfjs' = tfjs autodiff on the active backend. */
    engine: z.enum(['ts', 'tfjs']).default('ts'),
    /** Normalise observations with running statistics (VecNormalize, clip ±10); frozen and saved with the policy. */
    normalizeObservation: z.boolean().default(false),
    /** Scale rewards by the running std of the discounted return (VecNormalize with γ = gamma, clip ±10). */
    normalizeReward: z.boolean().default(false),
    /** Root seed: network init, exploration, minibatch order, env reset (seed + i). */
    seed: z.number().int().min(0).default(0),
  })
  .strict();

export type PpoConfig = z.infer<typeof PpoConfigSchema>;
export type PpoConfigInput = z.input<typeof PpoConfigSchema>;

/** Validate a partial config, filling SB3 defaults; InputError names the bad field. */
export function parsePpoConfig(input: unknown = {}): PpoConfig {
  return parseAlgoConfig(PpoConfigSchema, input, 'PPO');
}

export interface PpoLearnOptions {
  /** Env steps to train for (all sub-envs; rounded up to whole rollouts). */
  totalTimesteps: number;
  callbacks?: TrainingCallback[];
}

export interface PpoTiming {
  /** Time inside env.step / env.reset. */
  envMs: number;
  /** Rollout network inference (pure TS) and sampling. */
  inferenceMs: number;
  /** Gradient steps (tfjs: also building tensors and reading diagnostics). */
  updateMs: number;
  /** Copying the updated weights from the learner into the rollout runtime. */
  syncMs: number;
  totalMs: number;
}

export interface PpoResult {
  /** The trained policy (stochastic by default; deterministic = argmax / mean). */
  policy: ActorCriticPolicy;
  config: PpoConfig;
  /** One row per update. */
  history: UpdateLog[];
  /** Returns of every finished training episode, in the order they ended. */
  episodeReturns: number[];
  episodeLengths: number[];
  timesteps: number;
  timing: PpoTiming;
  /** Final (frozen) normalisation statistics; null where off. */
  normalization: { observation: RunningStatsState | null; reward: RunningStatsState | null };
}

// ===================================================================== the agent

let learnerCount = 0;

/** Initial weights from the seed (orthogonal init computed in TS: identical for every engine and backend). */
export function initActorCritic(config: PpoConfig, obsSize: number, action: ActionSpec, rng: RandomStream): ActorCriticWeights {
  const actor = initMlp([obsSize, ...config.netArch.pi, actionHeadSize(action)], config.activation, GAIN_POLICY_HEAD, rng.fork('actor'));
  const critic = initMlp([obsSize, ...config.netArch.vf, 1], config.activation, GAIN_VALUE_HEAD, rng.fork('critic'));
  const logStd = action.kind === 'box' ? new Float32Array(action.dim).fill(config.logStdInit) : null;
  return { actor, critic, logStd };
}

/** The learner of `config.engine`, starting from `init`, for minibatches of up to `maxBatch` rows. */
export function makePpoLearner(config: PpoConfig, init: ActorCriticWeights, action: ActionSpec, maxBatch: number): PpoLearner {
  return config.engine === 'ts' ? new TsPpoLearner(config, init, action, maxBatch) : new TfjsPpoLearner(config, init, action);
}

/** The rollout buffer uploaded once per update; minibatches are gathers from it. */
interface RolloutTensors {
  obs: tf.Tensor2D;
  actions: tf.Tensor;
  oldLogProbs: tf.Tensor1D;
  oldValues: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
}

/** PPO's learner on tfjs: networks as raw variables, autodiff, tf.train.adam. */
export class TfjsPpoLearner implements PpoLearner {
  readonly engine = 'tfjs';
  private readonly actor: TfMlp;
  private readonly critic: TfMlp;
  private readonly logStd: tf.Variable | null;
  private readonly optimizer: tf.AdamOptimizer;
  private readonly vars: tf.Variable[];
  private data: RolloutTensors | null = null;
  /** Entropy coefficient of the current update (set by beginUpdate). */
  private entCoef: number;

  constructor(
    private readonly config: PpoConfig,
    init: ActorCriticWeights,
    private readonly action: ActionSpec,
  ) {
    this.entCoef = config.entCoef;
    // tfjs variable names are global: prefix them so several learners can coexist.
    const prefix = `ppo${++learnerCount}`;
    this.actor = new TfMlp(init.actor, `${prefix}/pi`);
    this.critic = new TfMlp(init.critic, `${prefix}/vf`);
    // State-independent log-std: a free parameter, not a network output.
    this.logStd = init.logStd ? variableFrom(tf.tensor1d(init.logStd), `${prefix}/pi/log_std`) : null;
    // Adam ε = 1e-5 (CleanRL detail); one optimiser over actor, critic and log-std like SB3.
    this.optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, config.adamEps);
    this.vars = [...this.actor.variables, ...this.critic.variables, ...(this.logStd ? [this.logStd] : [])];
  }

  beginUpdate(buffer: RolloutBuffer, learningRate: number, entCoef = this.config.entCoef): void {
    this.entCoef = entCoef;
    // tfjs reads `learningRate` on every applyGradients; it is not public in the typings.
    (this.optimizer as unknown as { learningRate: number }).learningRate = learningRate;
    const n = buffer.size;
    tf.dispose(this.data === null ? [] : Object.values(this.data));
    this.data = {
      obs: tf.tensor2d(buffer.observations, [n, buffer.obsSize]),
      actions: buffer.actionDim === 0 ? tf.tensor1d(buffer.actions as Int32Array, 'int32') : tf.tensor2d(buffer.actions as Float32Array, [n, buffer.actionDim]),
      oldLogProbs: tf.tensor1d(buffer.logProbs),
      oldValues: tf.tensor1d(buffer.values),
      advantages: tf.tensor1d(buffer.advantages),
      returns: tf.tensor1d(buffer.returns),
    };
  }

  endUpdate(): void {
    if (this.data) tf.dispose(Object.values(this.data));
    this.data = null;
  }

  /**
   * PPO loss on one minibatch (SB3 `PPO.train`). Returns the scalar loss and the
   * diagnostics [policyLoss, valueLoss, entropy, approxKl, clipFraction] (kept, caller
   * disposes).
   */
  private loss(idx: tf.Tensor1D, clipRange: number): { loss: tf.Scalar; stats: tf.Tensor1D } {
    const data = this.data!;
    const config = this.config;
    const obs = tf.gather(data.obs, idx);
    const oldLogProbs = tf.gather(data.oldLogProbs, idx);
    const oldValues = tf.gather(data.oldValues, idx);
    const returns = tf.gather(data.returns, idx);
    let advantages = tf.gather(data.advantages, idx);
    // Advantage normalisation per minibatch; skipped at size 1 where std is undefined (SB3 GH #325).
    if (config.normalizeAdvantage && idx.shape[0] > 1) {
      const { mean, variance } = tf.moments(advantages);
      // torch .std() is the unbiased estimator: rescale the population variance by n/(n−1).
      const n = idx.shape[0];
      advantages = tf.div(tf.sub(advantages, mean), tf.add(tf.sqrt(tf.mul(variance, n / (n - 1))), 1e-8));
    }

    const head = this.actor.apply(obs);
    let logProbs: tf.Tensor1D;
    let entropy: tf.Scalar;
    if (this.action.kind === 'discrete') {
      logProbs = categoricalLogProbTf(head, tf.gather(data.actions, idx) as tf.Tensor1D);
      entropy = tf.mean(categoricalEntropyTf(head));
    } else {
      logProbs = diagGaussianLogProbTf(head, this.logStd!, tf.gather(data.actions, idx) as tf.Tensor2D);
      entropy = diagGaussianEntropyTf(this.logStd! as tf.Tensor1D);
    }

    // Clipped surrogate: ratio r = π/π_old; loss = −min(r·A, clip(r, 1±ε)·A).
    const logRatio = tf.sub(logProbs, oldLogProbs);
    const ratio = tf.exp(logRatio);
    const surr1 = tf.mul(advantages, ratio);
    const surr2 = tf.mul(advantages, tf.clipByValue(ratio, 1 - clipRange, 1 + clipRange));
    const policyLoss = tf.neg(tf.mean(tf.minimum(surr1, surr2)));

    // Value loss: plain MSE (SB3, no ½), or clipped around the rollout's values when clipRangeVf is set.
    let values = tf.squeeze(this.critic.apply(obs), [1]) as tf.Tensor1D;
    if (config.clipRangeVf !== null) {
      values = tf.add(oldValues, tf.clipByValue(tf.sub(values, oldValues), -config.clipRangeVf, config.clipRangeVf));
    }
    const valueLoss = tf.mean(tf.squaredDifference(returns, values));

    // Entropy bonus enters as −entropy.
    const loss = tf.addN([policyLoss, tf.mul(-this.entCoef, entropy), tf.mul(config.vfCoef, valueLoss)]) as tf.Scalar;

    // Diagnostics: approx KL = mean((r − 1) − log r) (Schulman's k3 estimator, as SB3), clip fraction.
    const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logRatio));
    const clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), clipRange), 'float32'));
    const stats = tf.keep(tf.stack([policyLoss, valueLoss, entropy, approxKl, clipFraction]) as tf.Tensor1D);
    return { loss, stats };
  }

  /** Gradients of the loss (kept) and the diagnostics read into `stats` (the one sync per minibatch). */
  private grads(idx: Int32Array, clipRange: number, stats: Float64Array): tf.NamedTensorMap {
    if (this.data === null) throw new Error('TfjsPpoLearner: beginUpdate must be called before step');
    const idxT = tf.tensor1d(idx, 'int32');
    let statsT: tf.Tensor1D | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const out = this.loss(idxT, clipRange);
      statsT = out.stats;
      return out.loss;
    }, this.vars);
    stats.set(statsT!.dataSync());
    tf.dispose([statsT!, value, idxT]);
    return grads;
  }

  step(idx: Int32Array, clipRange: number, klLimit: number | null, stats: Float64Array): boolean {
    const grads = this.grads(idx, clipRange, stats);
    const stopped = klLimit !== null && stats[3]! > klLimit;
    if (!stopped) {
      // Global gradient clipping over all parameters (torch clip_grad_norm_: scale by max/(norm+1e-6) when above).
      const clipped = tf.tidy(() => {
        const names = Object.keys(grads);
        const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!)))));
        const scale = tf.minimum(1, tf.div(this.config.maxGradNorm, tf.add(norm, 1e-6)));
        const out: tf.NamedTensorMap = {};
        for (const n of names) out[n] = tf.mul(grads[n]!, scale);
        return out;
      });
      this.optimizer.applyGradients(clipped as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
      tf.dispose(clipped);
    }
    tf.dispose(grads);
    return stopped;
  }

  lossGradients(idx: Int32Array, clipRange: number, stats: Float64Array): ArrayLike<number>[] {
    const grads = this.grads(idx, clipRange, stats);
    const out = this.vars.map((v) => Float32Array.from(grads[v.name]!.dataSync() as Float32Array));
    tf.dispose(grads);
    return out;
  }

  weights(): ActorCriticWeights {
    return {
      actor: this.actor.getWeights(),
      critic: this.critic.getWeights(),
      logStd: this.logStd ? Float32Array.from(this.logStd.dataSync() as Float32Array) : null,
    };
  }

  dispose(): void {
    this.endUpdate();
    this.actor.dispose();
    this.critic.dispose();
    this.logStd?.dispose();
    this.optimizer.dispose();
  }
}

/** Passes everything through and remembers the raw rewards of the last step (for logging under reward normalisation). */
class RawRewardTap extends VectorWrapper {
  rewards: ArrayLike<number> = [];
  override step(actions: BatchedActions): VectorStepResult {
    const r = this.env.step(actions);
    this.rewards = r.rewards;
    return r;
  }
}

/** 1 − Var(y − ŷ)/Var(y) (SB3 `explained_variance`); NaN when Var(y) = 0. */
function explainedVariance(pred: Float32Array, target: Float32Array): number {
  const n = target.length;
  let my = 0;
  let md = 0;
  for (let k = 0; k < n; k++) {
    my += target[k]!;
    md += target[k]! - pred[k]!;
  }
  my /= n;
  md /= n;
  let vy = 0;
  let vd = 0;
  for (let k = 0; k < n; k++) {
    vy += (target[k]! - my) ** 2;
    vd += (target[k]! - pred[k]! - md) ** 2;
  }
  return vy === 0 ? Number.NaN : 1 - vd / vy;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

// ===================================================================== training loop

/** The wrapper's statistics arrays themselves (updated in place as training goes). */
function liveNormalization(w: VectorNormalizeObservation): ObservationNormalization {
  return { mean: w.stats.mean, var: w.stats.var, count: w.stats.count, clip: w.clip, epsilon: w.epsilon };
}

function copyNormalization(n: ObservationNormalization, w: VectorNormalizeObservation): ObservationNormalization {
  return { mean: Float64Array.from(n.mean), var: Float64Array.from(n.var), count: w.stats.count, clip: n.clip, epsilon: n.epsilon };
}

/**
 * Train PPO on `env` and return the trained policy with its training log.
 *
 * @example
 * const env = makeVec('dosegym/CartPole-v1', 8);
 * const { policy, history } = trainPpo(env, { nSteps: 32, batchSize: 256, seed: 1 }, { totalTimesteps: 100_000 });
 */
export function trainPpo(rawEnv: VectorEnv, configInput: PpoConfigInput | PpoConfig = {}, options: PpoLearnOptions): PpoResult {
  const config = parsePpoConfig(configInput);
  if (!Number.isFinite(options.totalTimesteps) || options.totalTimesteps <= 0) {
    throw new InputError(`totalTimesteps must be a positive number, got ${options.totalTimesteps}`, 'totalTimesteps');
  }
  // Normalisation wrappers (SB3 VecNormalize: clip ±10, ε 1e-8; rewards scaled with γ = gamma).
  // The tap under them keeps the raw rewards for the logged episode returns.
  const tap = new RawRewardTap(rawEnv);
  const obsNorm = config.normalizeObservation ? new VectorNormalizeObservation(tap) : null;
  const rewardNorm = config.normalizeReward ? new VectorNormalizeReward(obsNorm ?? tap, { gamma: config.gamma }) : null;
  const env: VectorEnv = rewardNorm ?? obsNorm ?? tap;
  const nEnvs = env.numEnvs;
  // Network input width: one-hot for Discrete observations (SB3 preprocess_obs).
  const observation = observationSpecOf(env.singleObservationSpace, env.observationSize);
  const obsSize = inputSizeOf(observation);
  const action = actionSpecOf(env.singleActionSpace);
  const actionDim = action.kind === 'box' ? action.dim : 0;
  const rolloutSize = config.nSteps * nEnvs;
  if (config.batchSize > rolloutSize) {
    throw new InputError(`batchSize ${config.batchSize} exceeds nSteps × numEnvs = ${rolloutSize}`, 'batchSize');
  }

  // --- seeding: every consumer forks a named stream from the config seed.
  const root = RandomStream.fromSeed(config.seed);
  const explorationRng = root.fork('exploration');
  const minibatchRng = root.fork('minibatches');
  const weights = initActorCritic(config, obsSize, action, root.fork('init'));
  const learner = makePpoLearner(config, weights, action, Math.min(config.batchSize, rolloutSize));
  // Rollouts act with a pure-TS copy of the networks; the trained policy is the same object.
  // With observation normalisation it normalises raw observations itself, with the
  // wrapper's live statistics (so callbacks can evaluate it on raw envs); the rollout
  // below feeds it the wrapper's already-normalised rows through the *Encoded methods.
  const policy: ActorCriticPolicy = obsNorm
    ? new NormalizedActorCriticPolicy(weights, observation, action, root.fork('policy'), liveNormalization(obsNorm), 'ppo', nEnvs)
    : new ActorCriticPolicy(weights, observation, action, root.fork('policy'), 'ppo', nEnvs);
  // Network inputs for the observations the (wrapped) env returns.
  const toInputs = (obs: Float32Array): Float32Array => (obsNorm ? obs : policy.encode(obs));

  const lrSchedule = makeSchedule(config.lrSchedule, config.learningRate);
  const clipSchedule = makeSchedule(config.clipSchedule, config.clipRange);
  const entCoefSchedule = entCoefScheduleOf(config);
  const buffer = new RolloutBuffer(config.nSteps, nEnvs, obsSize, actionDim);
  const nUpdates = Math.ceil(options.totalTimesteps / rolloutSize);

  // Per-step scratch (allocated once).
  const stepActions = actionDim === 0 ? new Int32Array(nEnvs) : new Float32Array(nEnvs * actionDim);
  const envActions = actionDim === 0 ? (stepActions as Int32Array) : new Float32Array(nEnvs * actionDim);
  const stepLogProbs = new Float32Array(nEnvs);
  const stepValues = new Float32Array(nEnvs);
  const finalValue = new Float32Array(1);
  const lastValues = new Float32Array(nEnvs);
  const perm = new Int32Array(rolloutSize);
  const stepStats = new Float64Array(5);

  const episodeReturns: number[] = [];
  const episodeLengths: number[] = [];
  const runningReturn = new Float64Array(nEnvs);
  const runningLength = new Int32Array(nEnvs);
  const history: UpdateLog[] = [];
  const timing: PpoTiming = { envMs: 0, inferenceMs: 0, updateMs: 0, syncMs: 0, totalMs: 0 };
  const t0 = performance.now();
  let timesteps = 0;

  let tEnv = performance.now();
  let observations = env.reset({ seed: config.seed }).observations;
  timing.envMs += performance.now() - tEnv;

  try {
    for (let update = 1; update <= nUpdates; update++) {
      // ------------------------------------------------------------- rollout
      buffer.reset();
      for (let t = 0; t < config.nSteps; t++) {
        let tInf = performance.now();
        // One batched forward for all sub-envs (actor and critic), pure TS.
        const inputs = toInputs(observations);
        policy.sampleEncoded(inputs, explorationRng, stepActions, stepLogProbs);
        policy.valuesEncoded(inputs, stepValues);
        buffer.addPolicyStep(inputs, stepActions, stepLogProbs, stepValues);
        // Store the unclipped Box action; clip only the copy sent to the env.
        if (action.kind === 'box') clipToBox(stepActions as Float32Array, action, envActions as Float32Array);
        else if (action.start !== 0) for (let i = 0; i < nEnvs; i++) envActions[i] = stepActions[i]! + action.start;
        timing.inferenceMs += performance.now() - tInf;

        tEnv = performance.now();
        const r = env.step(envActions);
        timing.envMs += performance.now() - tEnv;

        tInf = performance.now();
        buffer.addEnvStep(r.rewards, r.terminations, r.truncations);
        const rawRewards = tap.rewards;
        for (let i = 0; i < nEnvs; i++) {
          runningReturn[i] = runningReturn[i]! + rawRewards[i]!;
          runningLength[i] = runningLength[i]! + 1;
          const terminated = r.terminations[i] !== 0;
          const truncated = r.truncations[i] !== 0;
          if (!terminated && !truncated) continue;
          episodeReturns.push(runningReturn[i]!);
          episodeLengths.push(runningLength[i]!);
          runningReturn[i] = 0;
          runningLength[i] = 0;
          // Truncation bootstrap (SB3): the returned row is already the next episode's first
          // obs, so value the true final observation instead. Terminated steps do not bootstrap.
          if (truncated && !terminated) {
            const finalObs = r.infos.finalObservation?.[i];
            if (!finalObs) throw new InputError(`sub-env ${i} was truncated but infos.finalObservation[${i}] is missing`, 'finalObservation');
            policy.valuesEncoded(toInputs(finalObs), finalValue);
            buffer.setBootstrapValue(i, finalValue[0]!);
          }
        }
        observations = r.observations;
        timesteps += nEnvs;
        timing.inferenceMs += performance.now() - tInf;
      }
      let tInf = performance.now();
      policy.valuesEncoded(toInputs(observations), lastValues);
      buffer.computeReturnsAndAdvantages(lastValues, config.gamma, config.gaeLambda);
      timing.inferenceMs += performance.now() - tInf;

      // ------------------------------------------------------------- update
      const tUpd = performance.now();
      const progressRemaining = 1 - (update - 1) / nUpdates;
      const lr = lrSchedule(progressRemaining);
      const clipRange = clipSchedule(progressRemaining);
      const entCoef = entCoefSchedule(progressRemaining);
      learner.beginUpdate(buffer, lr, entCoef);
      const klLimit = config.targetKl === null ? null : 1.5 * config.targetKl;
      const sums = new Float64Array(5);
      let nMinibatches = 0;
      let epochs = 0;
      let stopped = false;
      for (let epoch = 0; epoch < config.nEpochs && !stopped; epoch++) {
        buffer.permutation(minibatchRng, perm);
        for (let start = 0; start < rolloutSize; start += config.batchSize) {
          const idx = perm.subarray(start, Math.min(start + config.batchSize, rolloutSize));
          if (learner.step(idx, clipRange, klLimit, stepStats)) {
            stopped = true; // target-KL early stop (SB3: > 1.5 × target_kl)
            break;
          }
          for (let s = 0; s < 5; s++) sums[s] = sums[s]! + stepStats[s]!;
          nMinibatches++;
        }
        if (!stopped) epochs++;
      }
      learner.endUpdate();
      timing.updateMs += performance.now() - tUpd;

      const tSync = performance.now();
      policy.setWeights(learner.weights());
      timing.syncMs += performance.now() - tSync;

      // ------------------------------------------------------------- log, callbacks
      const recent = episodeReturns.slice(-100);
      const d = Math.max(1, nMinibatches);
      const log: UpdateLog = {
        timesteps,
        update,
        meanEpisodeReturn: mean(recent),
        meanEpisodeLength: mean(episodeLengths.slice(-100)),
        policyLoss: sums[0]! / d,
        valueLoss: sums[1]! / d,
        entropy: sums[2]! / d,
        approxKl: sums[3]! / d,
        clipFraction: sums[4]! / d,
        explainedVariance: explainedVariance(buffer.values, buffer.returns),
        learningRate: lr,
        clipRange,
        entCoef,
        epochs,
        fps: timesteps / ((performance.now() - t0) / 1000),
      };
      history.push(log);
      let keepGoing = true;
      for (const cb of options.callbacks ?? []) {
        if (cb.onUpdate({ timesteps, totalTimesteps: options.totalTimesteps, policy, log }) === false) keepGoing = false;
      }
      if (!keepGoing) break;
    }
  } finally {
    learner.dispose();
  }
  // Freeze the statistics (SB3 training=False) and give the policy its own frozen copy.
  if (obsNorm) obsNorm.frozen = true;
  if (rewardNorm) rewardNorm.frozen = true;
  if (obsNorm && policy instanceof NormalizedActorCriticPolicy) policy.normalization = copyNormalization(policy.normalization, obsNorm);
  const normalization = { observation: obsNorm ? obsNorm.stats.getState() : null, reward: rewardNorm ? rewardNorm.stats.getState() : null };
  timing.totalMs = performance.now() - t0;
  return { policy, config, history, episodeReturns, episodeLengths, timesteps, timing, normalization };
}
