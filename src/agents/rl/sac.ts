/**
 * Soft Actor-Critic (Haarnoja et al. 2018, "SAC: Algorithms and Applications") for Box
 * actions, learning from a same-step-autoreset {@link VectorEnv}. One file, top to bottom,
 * in the spirit of CleanRL's `sac_continuous_action.py`, with SB3's defaults and semantics
 * (`stable_baselines3/sac/sac.py`, `sac/policies.py`).
 *
 * Layout: config → setup (seeding, actor, twin critics + targets, log α, three Adam
 * optimisers, replay) → loop { act all sub-envs → store → gradient steps (critic, actor,
 * α, Polyak) → log, callbacks } → trained Policy.
 *
 * Details, named again where they happen:
 * - Actor: an MLP whose last layer gives the mean and the log-std of a Gaussian over the
 *   pre-squash action u; a = tanh(u) ∈ (−1, 1)^d; log π(a|s) uses the change-of-variables
 *   correction −Σ log(1 − tanh²u + 1e-6) (distributions.ts, `squashedGaussianLogProb*`).
 * - Log-std clamp [−20, 2] (SB3's `LOG_STD_MIN/MAX`; CleanRL squashes into [−5, 2]
 *   instead). SB3's clamp is chosen because its defaults are the reference here.
 * - Action rescaling: the replay stores the squashed action in [−1, 1]; the env receives
 *   low + (a + 1)(high − low)/2, clipped into the Box (SB3 `scale_action`/`unscale_action`).
 *   A Box without finite bounds is an InputError.
 * - Twin critics Q1, Q2 with Polyak-averaged targets (τ = 0.005, every step); the soft
 *   target uses min(Q1′, Q2′)(s′, a′) − α log π(a′|s′) with a′ ~ π(s′); terminated
 *   transitions do not bootstrap, truncated ones do (replay stores the true final obs).
 * - Automatic entropy tuning: α = exp(log α), log α starts at log 1 (SB3 "auto"),
 *   loss −log α · (log π + target entropy) with target −dim(A); α used in a step is its
 *   value before that step's α update, as in SB3.
 * - Order per gradient step (equivalent to SB3's): critic step, actor step (against the
 *   freshly updated critics), α step (with the actor's log-probs before its step),
 *   Polyak update.
 * - Reparameterisation noise ε ~ N(0, 1) is drawn in TypeScript from a seeded stream and
 *   uploaded, so a seed gives the same updates on every backend.
 * - Before `learningStarts` env steps, actions are uniform over the Box (SB3).
 * - Initialisation: orthogonal from the seed (√2 hidden; 0.01 actor head, 1.0 critic
 *   head), not PyTorch's default init that SB3 gets.
 *
 * Two learner engines behind one interface ({@link SacLearner}), chosen by `engine`:
 * - 'ts' (default): our own network kernel (./sac-ts-engine.ts: hand-written loss
 *   gradients, TrainableMlp backward, Adam); no tfjs call at all. Deterministic, and
 *   ≈ 5× faster per gradient step than tfjs-wasm for 64×64 networks at batch 256
 *   (≈ 5.5 vs 28 ms, Pendulum shapes, a loaded 2-core machine).
 * - 'tfjs': tfjs autodiff on the active backend ({@link TfjsSacLearner}, this file).
 * Both compute the same gradient step; their losses, gradients and a few steps' parameters
 * agree to float32 rounding (test/agents/rl/sac-ts-engine.test.ts).
 *
 * Cost (reference/rl-anchors.md §2d): the critic update dominates; 256×256 critics cost
 * ~12× more than 64×64 on wasm, so small networks are the practical choice on CPU.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import type { BatchedActions, VectorEnv, VectorInfo } from '../../envs/vector/vector-env.js';
import type { Policy } from '../policy.js';
import { GAIN_POLICY_HEAD, GAIN_VALUE_HEAD, initMlp } from '../nn/init.js';
import { TfMlp, variableFrom } from '../nn/mlp.js';
import { MlpRuntime } from '../nn/runtime.js';
import type { MlpWeights } from '../nn/weights.js';
import { actionSpecOf, clipToBox, observationSpecOf, type ActionSpec, type ObservationSpec } from './action-space.js';
import type { UpdateLog } from './callbacks.js';
import { parseAlgoConfig } from './config.js';
import { squashedGaussianLogProbTf } from './distributions.js';
import { polyakUpdate } from './polyak.js';
import { LOG_STD_MAX, LOG_STD_MIN, TsSacLearner, type SacInit, type SacLearner, type SacLearnerState } from './sac-ts-engine.js';
import {
  checkTotalTimesteps,
  EpisodeStats,
  logAndCallback,
  ObservationEncoder,
  ReplayBuffer,
  trueNextObservations,
  type OffPolicyLearnOptions,
  type OffPolicyResult,
  type OffPolicyTiming,
  type ReplayBatch,
} from './replay-buffer.js';

export { LOG_STD_MAX, LOG_STD_MIN, SAC_STATS, TsSacLearner, type SacInit, type SacLearner, type SacLearnerState } from './sac-ts-engine.js';

// ===================================================================== config

const positiveInt = z.number().int().positive();

/** SAC hyper-parameters. Defaults are SB3's, except the network size (see `netArch`). */
export const SacConfigSchema = z
  .object({
    /** Adam learning rate of actor, critics and entropy coefficient. */
    learningRate: z.number().positive().default(3e-4),
    /** Replay capacity in transitions (all sub-envs together). */
    bufferSize: positiveInt.default(1_000_000),
    /** Env steps of uniformly random actions before learning starts. */
    learningStarts: z.number().int().min(0).default(100),
    /** Minibatch size of each gradient step. */
    batchSize: positiveInt.default(256),
    /** Polyak coefficient of the target critics. */
    tau: z.number().min(0).max(1).default(0.005),
    /** Discount factor γ. */
    gamma: z.number().min(0).max(1).default(0.99),
    /** Train every this many VectorEnv steps. */
    trainFreq: positiveInt.default(1),
    /** Gradient steps per training round. */
    gradientSteps: positiveInt.default(1),
    /** Polyak-update the targets every this many gradient steps. */
    targetUpdateInterval: positiveInt.default(1),
    /** Entropy coefficient α: 'auto' (learned, SB3 default) or a fixed positive number. */
    entCoef: z.union([z.literal('auto'), z.number().positive()]).default('auto'),
    /** Initial α when entCoef is 'auto' (SB3 'auto' = 'auto_1.0'). */
    entCoefInit: z.number().positive().default(1),
    /** Target entropy of the automatic tuning; null = −dim(A). */
    targetEntropy: z.number().nullable().default(null),
    /** Hidden sizes of actor and critics. SB3 uses [256, 256]; [64, 64] is ~12× cheaper on CPU. */
    netArch: z.object({ pi: z.array(positiveInt).default([256, 256]), qf: z.array(positiveInt).default([256, 256]) }).default({ pi: [256, 256], qf: [256, 256] }),
    /** Hidden activation (SB3: ReLU). */
    activation: z.enum(['tanh', 'relu']).default('relu'),
    /** Adam ε (PyTorch default). */
    adamEps: z.number().positive().default(1e-8),
    /** Env steps between log rows and callback calls. */
    logInterval: positiveInt.default(1000),
    /** Learner engine: 'ts' = our own network kernel (./sac-ts-engine.ts), 'tfjs' = tfjs autodiff on the active backend. */
    engine: z.enum(['ts', 'tfjs']).default('ts'),
    /** Root seed: network init, exploration, replay sampling, env reset (seed + i). */
    seed: z.number().int().min(0).default(0),
  })
  .strict();

export type SacConfig = z.infer<typeof SacConfigSchema>;
export type SacConfigInput = z.input<typeof SacConfigSchema>;

/** Validate a partial config, filling the defaults; InputError names the bad field. */
export function parseSacConfig(input: unknown = {}): SacConfig {
  return parseAlgoConfig(SacConfigSchema, input, 'SAC');
}

export type SacLearnOptions = OffPolicyLearnOptions;
export type SacResult = OffPolicyResult<SquashedGaussianPolicy, SacConfig>;

// ===================================================================== the policy

type BoxSpec = Extract<ActionSpec, { kind: 'box' }>;

/**
 * SAC's actor on the pure-TS runtime. The network maps an observation row to
 * [mean (d), log-std (d)]; actions are tanh(mean + σ·ε) rescaled to the Box.
 */
export class SquashedGaussianPolicy implements Policy {
  readonly name: string;
  readonly action: BoxSpec;
  readonly observation: ObservationSpec;
  private readonly encoder: ObservationEncoder;
  private runtime: MlpRuntime;
  private head: Float32Array;
  private readonly rng: RandomStream;

  /** `rng` drives stochastic `act` calls. */
  constructor(actor: MlpWeights, observation: ObservationSpec, action: BoxSpec, rng: RandomStream, name = 'sac', maxBatch = 1) {
    for (let j = 0; j < action.dim; j++) {
      if (!Number.isFinite(action.low[j]!) || !Number.isFinite(action.high[j]!)) {
        throw new InputError(`SAC needs finite Box bounds to rescale tanh actions; dimension ${j} is [${action.low[j]}, ${action.high[j]}]`, 'actionSpace');
      }
    }
    this.name = name;
    this.action = action;
    this.observation = observation;
    this.encoder = new ObservationEncoder(observation);
    this.rng = rng;
    this.runtime = MlpRuntime.fromWeights(actor, maxBatch);
    if (this.runtime.inputSize !== this.encoder.inputSize || this.runtime.outputSize !== 2 * action.dim) {
      throw new InputError(`actor shape ${this.runtime.inputSize}→${this.runtime.outputSize} does not fit the spaces`, 'actor');
    }
    this.head = new Float32Array(maxBatch * 2 * action.dim);
  }

  setWeights(actor: MlpWeights): void {
    this.runtime.setWeights(actor);
  }

  getWeights(): MlpWeights {
    return this.runtime.getWeights();
  }

  /**
   * Squashed actions a ∈ [−1, 1]^d for network-input rows into `out` ([batch × d]):
   * tanh(mean + exp(clamp(logStd))·ε) with ε from `rng`, or tanh(mean) when `rng` is null.
   */
  sampleEncoded(inputs: Float32Array, rng: RandomStream | null, out: Float32Array): Float32Array {
    const batch = inputs.length / this.runtime.inputSize;
    if (batch > this.runtime.maxBatch) {
      this.runtime = MlpRuntime.fromWeights(this.runtime.getWeights(), batch);
      this.head = new Float32Array(batch * 2 * this.action.dim);
    }
    this.runtime.forward(inputs, batch, this.head);
    const d = this.action.dim;
    for (let r = 0; r < batch; r++) {
      for (let j = 0; j < d; j++) {
        const mean = this.head[r * 2 * d + j]!;
        const logStd = Math.min(LOG_STD_MAX, Math.max(LOG_STD_MIN, this.head[r * 2 * d + d + j]!));
        out[r * d + j] = Math.tanh(rng === null ? mean : mean + Math.exp(logStd) * rng.normal());
      }
    }
    return out;
  }

  /** Squashed [−1, 1] actions → env actions in [low, high] (SB3 `unscale_action`), clipped. */
  toEnvActions(squashed: Float32Array, out: Float32Array): Float32Array {
    const { dim, low, high } = this.action;
    for (let k = 0; k < squashed.length; k++) {
      const j = k % dim;
      out[k] = low[j]! + 0.5 * (squashed[k]! + 1) * (high[j]! - low[j]!);
    }
    return clipToBox(out, this.action, out);
  }

  reset(): void {
    // Memoryless policy: nothing to clear.
  }

  act(observations: Float32Array, _infos: VectorInfo, options: { deterministic?: boolean } = {}): BatchedActions {
    const inputs = this.encoder.encode(observations);
    const squashed = new Float32Array((inputs.length / this.encoder.inputSize) * this.action.dim);
    this.sampleEncoded(inputs, options.deterministic ? null : this.rng, squashed);
    return this.toEnvActions(squashed, squashed);
  }
}

// ===================================================================== the learner

let learnerCount = 0;

/** Initial weights from the seed (orthogonal init computed in TS: identical for every engine and backend). */
export function initSacWeights(config: SacConfig, inputSize: number, dim: number, rng: RandomStream): SacInit {
  return {
    actor: initMlp([inputSize, ...config.netArch.pi, 2 * dim], config.activation, GAIN_POLICY_HEAD, rng.fork('actor')),
    q1: initMlp([inputSize + dim, ...config.netArch.qf, 1], config.activation, GAIN_VALUE_HEAD, rng.fork('q1')),
    q2: initMlp([inputSize + dim, ...config.netArch.qf, 1], config.activation, GAIN_VALUE_HEAD, rng.fork('q2')),
  };
}

/** The learner of `config.engine`, starting from `init`, for minibatches of up to `maxBatch` rows. */
export function makeSacLearner(config: SacConfig, init: SacInit, maxBatch: number): SacLearner {
  return config.engine === 'ts' ? new TsSacLearner(config, init, maxBatch) : new TfjsSacLearner(config, init);
}

/** Reparameterised squashed sample: a = tanh(mean + σ ε) and its log-density (with the tanh correction). */
function actorSampleTf(actor: TfMlp, obs: tf.Tensor2D, eps: tf.Tensor2D, dim: number): { actions: tf.Tensor2D; logProb: tf.Tensor1D } {
  const head = actor.apply(obs);
  const mean = tf.slice(head, [0, 0], [-1, dim]);
  const logStd = tf.clipByValue(tf.slice(head, [0, dim], [-1, dim]), LOG_STD_MIN, LOG_STD_MAX); // log-std clamp
  const u: tf.Tensor2D = tf.add(mean, tf.mul(tf.exp(logStd), eps));
  return { actions: tf.tanh(u), logProb: squashedGaussianLogProbTf(mean, logStd, u) };
}

/** Q(s, a) as [batch] from a critic over concat(s, a). */
function qTf(critic: TfMlp, obs: tf.Tensor2D, actions: tf.Tensor2D): tf.Tensor1D {
  return tf.squeeze(critic.apply(tf.concat([obs, actions], 1)), [1]) as tf.Tensor1D;
}

/** One minibatch uploaded as tensors. */
interface BatchTensors {
  obs: tf.Tensor2D;
  nextObs: tf.Tensor2D;
  actions: tf.Tensor2D;
  epsNow: tf.Tensor2D;
  epsNext: tf.Tensor2D;
}

/** SAC's learner on tfjs: networks as raw variables, autodiff, three tf.train.adam. */
export class TfjsSacLearner implements SacLearner {
  readonly engine = 'tfjs';
  private readonly actor: TfMlp;
  private readonly q1: TfMlp;
  private readonly q2: TfMlp;
  private readonly q1Target: TfMlp;
  private readonly q2Target: TfMlp;
  private readonly logAlpha: tf.Variable;
  private readonly actorOptimizer: tf.Optimizer;
  private readonly criticOptimizer: tf.Optimizer;
  private readonly alphaOptimizer: tf.Optimizer | null;
  private readonly dim: number;
  private readonly targetEntropy: number;

  constructor(
    private readonly config: SacConfig,
    init: SacInit,
  ) {
    // tfjs variable names are global: prefix them so several learners can coexist.
    const p = `sac${++learnerCount}`;
    const alpha0 = config.entCoef === 'auto' ? config.entCoefInit : config.entCoef;
    const opt = (): tf.Optimizer => tf.train.adam(config.learningRate, 0.9, 0.999, config.adamEps);
    this.actor = new TfMlp(init.actor, `${p}/pi`);
    this.q1 = new TfMlp(init.q1, `${p}/qf1`);
    this.q2 = new TfMlp(init.q2, `${p}/qf2`);
    // Target critics start as copies of the critics.
    this.q1Target = new TfMlp(init.q1, `${p}/qf1_target`);
    this.q2Target = new TfMlp(init.q2, `${p}/qf2_target`);
    this.logAlpha = variableFrom(tf.scalar(Math.log(alpha0)), `${p}/log_ent_coef`);
    this.actorOptimizer = opt();
    this.criticOptimizer = opt();
    this.alphaOptimizer = config.entCoef === 'auto' ? opt() : null;
    this.dim = init.actor.layers.at(-1)!.outSize / 2;
    this.targetEntropy = config.targetEntropy ?? -this.dim; // heuristic target −dim(A)
  }

  private upload(batch: ReplayBatch, noise: Float32Array): BatchTensors {
    const n = batch.size;
    const dim = this.dim;
    const obsSize = batch.observations.length / n;
    return {
      obs: tf.tensor2d(batch.observations, [n, obsSize]),
      nextObs: tf.tensor2d(batch.nextObservations, [n, obsSize]),
      actions: tf.tensor2d(batch.actions as Float32Array, [n, dim]),
      epsNow: tf.tensor2d(noise.subarray(0, n * dim), [n, dim]),
      epsNext: tf.tensor2d(noise.subarray(n * dim, 2 * n * dim), [n, dim]),
    };
  }

  /** Soft TD target y = r + γ (1 − terminated)(min Q′(s′, a′) − α log π(a′|s′)), a′ ~ π(s′). */
  private target(batch: ReplayBatch, t: BatchTensors, alpha: tf.Scalar): tf.Tensor1D {
    return tf.tidy(() => {
      const next = actorSampleTf(this.actor, t.nextObs, t.epsNext, this.dim);
      const minQNext = tf.minimum(qTf(this.q1Target, t.nextObs, next.actions), qTf(this.q2Target, t.nextObs, next.actions));
      const soft = tf.sub(minQNext, tf.mul(alpha, next.logProb));
      return tf.add(tf.tensor1d(batch.rewards), tf.mul(this.config.gamma, tf.mul(tf.sub(1, tf.tensor1d(batch.terminated)), soft)));
    });
  }

  /** ½ Σ_i MSE(Q_i(s, a), y) over the twin critics (SB3). */
  private criticLoss(t: BatchTensors, y: tf.Tensor1D): tf.Scalar {
    return tf.mul(0.5, tf.add(tf.losses.meanSquaredError(y, qTf(this.q1, t.obs, t.actions)), tf.losses.meanSquaredError(y, qTf(this.q2, t.obs, t.actions)))) as tf.Scalar;
  }

  /** E[α log π(a|s) − min Q(s, a)], a reparameterised; `keepLogProb` receives log π (kept). */
  private actorLoss(t: BatchTensors, alpha: tf.Scalar, keepLogProb: (lp: tf.Tensor1D) => void): tf.Scalar {
    const pi = actorSampleTf(this.actor, t.obs, t.epsNow, this.dim);
    keepLogProb(tf.keep(pi.logProb));
    const minQ = tf.minimum(qTf(this.q1, t.obs, pi.actions), qTf(this.q2, t.obs, pi.actions));
    return tf.mean(tf.sub(tf.mul(alpha, pi.logProb), minQ)) as tf.Scalar;
  }

  /** −log α · (log π + target entropy), log π treated as a constant. */
  private alphaLoss(logProb: tf.Tensor1D): () => tf.Scalar {
    return () => tf.neg(tf.mean(tf.mul(this.logAlpha, tf.add(logProb, this.targetEntropy)))) as tf.Scalar;
  }

  /**
   * The three losses (critic, actor, α) with their gradients; with `apply`, each is
   * followed by its Adam step before the next loss (SB3 `SAC.train`). Returns the
   * stats and, unless applied, the gradients (kept, caller disposes).
   */
  private run(batch: ReplayBatch, noise: Float32Array, stats: Float64Array, apply: boolean): tf.NamedTensorMap[] {
    const t = this.upload(batch, noise);
    // α of this step: its value before this step's α update (SB3), carrying no gradient.
    const alpha = tf.tidy(() => tf.exp(this.logAlpha)) as tf.Scalar;
    const grads: tf.NamedTensorMap[] = [];
    const minimize = (optimizer: tf.Optimizer | null, lossFn: () => tf.Scalar, vars: tf.Variable[]): tf.Scalar => {
      const { value, grads: g } = tf.variableGrads(lossFn, vars);
      if (apply) {
        optimizer!.applyGradients(g as Parameters<tf.Optimizer['applyGradients']>[0]);
        tf.dispose(g);
      } else grads.push(g);
      return value;
    };

    // --- critic
    const y = this.target(batch, t, alpha);
    const criticLoss = minimize(this.criticOptimizer, () => this.criticLoss(t, y), [...this.q1.variables, ...this.q2.variables]);

    // --- actor: against the (freshly updated) critics, which are not updated here.
    let logProb: tf.Tensor1D | undefined;
    const actorLoss = minimize(this.actorOptimizer, () => this.actorLoss(t, alpha, (lp) => (logProb = lp)), this.actor.variables);

    // --- entropy coefficient, with the actor's log-probs before its step.
    const alphaLoss = this.alphaOptimizer ? minimize(this.alphaOptimizer, this.alphaLoss(logProb!), [this.logAlpha]) : tf.scalar(Number.NaN);
    const values = tf.tidy(() => tf.stack([criticLoss, actorLoss, alpha, alphaLoss]).dataSync() as Float32Array);
    for (let k = 0; k < 4; k++) stats[k] = values[k]!;
    tf.dispose([...Object.values(t), alpha, y, criticLoss, actorLoss, alphaLoss, logProb!]);
    return grads;
  }

  step(batch: ReplayBatch, noise: Float32Array, stats: Float64Array): void {
    this.run(batch, noise, stats, true);
  }

  updateTargets(): void {
    polyakUpdate([...this.q1.variables, ...this.q2.variables], [...this.q1Target.variables, ...this.q2Target.variables], this.config.tau);
  }

  actorWeights(): MlpWeights {
    return this.actor.getWeights();
  }

  state(): SacLearnerState {
    return {
      actor: this.actor.getWeights(),
      q1: this.q1.getWeights(),
      q2: this.q2.getWeights(),
      q1Target: this.q1Target.getWeights(),
      q2Target: this.q2Target.getWeights(),
      logAlpha: this.logAlpha.dataSync()[0]!,
    };
  }

  lossGradients(batch: ReplayBatch, noise: Float32Array, stats: Float64Array): ArrayLike<number>[] {
    const grads = this.run(batch, noise, stats, false);
    const vars = [...this.q1.variables, ...this.q2.variables, ...this.actor.variables, ...(this.alphaOptimizer ? [this.logAlpha] : [])];
    const byName = Object.assign({}, ...grads) as tf.NamedTensorMap;
    const out = vars.map((v) => Float32Array.from(byName[v.name]!.dataSync() as Float32Array));
    tf.dispose(grads.flatMap((g) => Object.values(g)));
    return out;
  }

  dispose(): void {
    for (const net of [this.actor, this.q1, this.q2, this.q1Target, this.q2Target]) net.dispose();
    this.logAlpha.dispose();
    for (const o of [this.actorOptimizer, this.criticOptimizer, this.alphaOptimizer]) o?.dispose();
  }
}

// ===================================================================== training loop

/**
 * Train SAC on `env` (Box actions with finite bounds) and return the policy with its log.
 *
 * @example
 * const env = makeVec('dosegym/Pendulum-v1', 1);
 * const { policy } = trainSac(env, { learningRate: 1e-3, netArch: { pi: [64, 64], qf: [64, 64] } }, { totalTimesteps: 20_000 });
 */
export function trainSac(env: VectorEnv, configInput: SacConfigInput | SacConfig = {}, options: SacLearnOptions): SacResult {
  const config = parseSacConfig(configInput);
  checkTotalTimesteps(options);
  const action = actionSpecOf(env.singleActionSpace);
  if (action.kind !== 'box') throw new InputError('SAC needs a Box action space', 'actionSpace');
  const dim = action.dim;
  const nEnvs = env.numEnvs;
  const observation = observationSpecOf(env.singleObservationSpace, env.observationSize);
  const obsEncoder = new ObservationEncoder(observation);
  const nextEncoder = new ObservationEncoder(observation);
  const inputSize = obsEncoder.inputSize;

  // --- seeding: every consumer forks a named stream from the config seed.
  const root = RandomStream.fromSeed(config.seed);
  const explorationRng = root.fork('exploration');
  const replayRng = root.fork('replay');
  const noiseRng = root.fork('reparameterisation');
  const init = initSacWeights(config, inputSize, dim, root.fork('init'));
  const learner = makeSacLearner(config, init, config.batchSize);
  const policy = new SquashedGaussianPolicy(init.actor, observation, action, root.fork('policy'), 'sac', nEnvs);
  const replay = new ReplayBuffer(config.bufferSize, inputSize, dim);
  const batch = replay.allocateBatch(config.batchSize);
  const noise = new Float32Array(2 * config.batchSize * dim);

  const squashed = new Float32Array(nEnvs * dim);
  const envActions = new Float32Array(nEnvs * dim);
  const rawNext = new Float32Array(nEnvs * env.observationSize);
  const obsInputs = new Float32Array(nEnvs * inputSize);
  const stats = new EpisodeStats(nEnvs);
  const history: UpdateLog[] = [];
  const timing: OffPolicyTiming = { envMs: 0, inferenceMs: 0, updateMs: 0, totalMs: 0 };
  const t0 = performance.now();
  let timesteps = 0;
  let vecSteps = 0;
  let nUpdates = 0;
  let nextLog = config.logInterval;
  const last = new Float64Array(4).fill(Number.NaN);

  let tEnv = performance.now();
  let observations = env.reset({ seed: config.seed }).observations;
  timing.envMs += performance.now() - tEnv;

  try {
    while (timesteps < options.totalTimesteps) {
      // ------------------------------------------------------------- act: one forward for all sub-envs
      let tInf = performance.now();
      obsInputs.set(obsEncoder.encode(observations));
      if (timesteps < config.learningStarts) {
        for (let k = 0; k < squashed.length; k++) squashed[k] = explorationRng.uniformRange(-1, 1); // warm-up: uniform over the Box
      } else {
        policy.sampleEncoded(obsInputs, explorationRng, squashed);
      }
      // Rescale [−1, 1] → [low, high] for the env; the replay keeps the squashed action.
      policy.toEnvActions(squashed, envActions);
      timing.inferenceMs += performance.now() - tInf;

      tEnv = performance.now();
      const r = env.step(envActions);
      timing.envMs += performance.now() - tEnv;

      // ------------------------------------------------------------- store: the true next obs, terminated only
      tInf = performance.now();
      const nextInputs = nextEncoder.encode(trueNextObservations(r, env.observationSize, rawNext));
      replay.add(obsInputs, squashed, r.rewards, nextInputs, r.terminations);
      stats.record(r);
      observations = r.observations;
      timesteps += nEnvs;
      vecSteps++;
      timing.inferenceMs += performance.now() - tInf;

      // ------------------------------------------------------------- train
      const tUpd = performance.now();
      if (timesteps > config.learningStarts && vecSteps % config.trainFreq === 0) {
        for (let g = 0; g < config.gradientSteps; g++) {
          replay.sample(replayRng, batch);
          noiseRng.fillNormal(noise);
          learner.step(batch, noise, last); // critic, actor, α
          nUpdates++;
          // Polyak-average the target critics (τ = 0.005 by default).
          if (nUpdates % config.targetUpdateInterval === 0) learner.updateTargets();
        }
        policy.setWeights(learner.actorWeights());
      }
      timing.updateMs += performance.now() - tUpd;

      // ------------------------------------------------------------- log, callbacks
      if (timesteps >= nextLog || timesteps >= options.totalTimesteps) {
        while (nextLog <= timesteps) nextLog += config.logInterval;
        const run = { timesteps, updates: nUpdates, learningRate: config.learningRate, startMs: t0, stats, policy, options };
        const diagnostics = { criticLoss: last[0]!, actorLoss: last[1]!, entCoef: last[2]!, entCoefLoss: last[3]! };
        if (!logAndCallback(history, run, diagnostics)) break; // a callback asked to stop
      }
    }
  } finally {
    learner.dispose();
  }
  timing.totalMs = performance.now() - t0;
  return { policy, config, history, episodeReturns: stats.returns, episodeLengths: stats.lengths, timesteps, timing };
}
