/**
 * Deep Q-Network (Mnih et al. 2015) with double-Q targets (van Hasselt et al. 2016) and an
 * optional dueling head (Wang et al. 2016), for Discrete actions, learning from a
 * same-step-autoreset {@link VectorEnv}. One file, top to bottom, in the spirit of
 * CleanRL's `dqn.py`, with SB3's defaults and semantics (`stable_baselines3/dqn/dqn.py`,
 * `common/off_policy_algorithm.py`).
 *
 * Layout: config → setup (seeding, Q-network, target network, optimiser, replay) → loop {
 * ε-greedy step of all sub-envs → store → target sync → gradient steps → log, callbacks }
 * → trained greedy Policy.
 *
 * Details, named again where they happen:
 * - Double DQN by default (`doubleQ`): the online network picks a′, the target network
 *   values it. SB3's DQN is vanilla (max over the target network): `doubleQ: false`.
 * - Huber (smooth L1, δ = 1) loss, global gradient-norm clip 10, Adam (PyTorch ε 1e-8).
 * - Linear ε schedule from 1 to 0.05 over the first 10 % of training (SB3
 *   `get_linear_fn`); uniformly random actions before `learningStarts`. ε-greedy draws
 *   one coin per sub-env (SB3 draws one for the whole batch).
 * - `trainFreq` and `targetUpdateInterval` count VectorEnv steps as SB3 does: the target
 *   is synced (Polyak with τ, hard copy at τ = 1) every ⌊targetUpdateInterval / nEnvs⌋
 *   vector steps, and `gradientSteps` updates run every `trainFreq` vector steps once
 *   more than `learningStarts` env steps were collected.
 * - Replay stores the *true* next observation (`finalObservation` on episode ends) and
 *   `terminated` only: truncated transitions bootstrap (SB3 `handle_timeout_termination`).
 * - Initialisation from the seed (../nn/init.ts), identical on every backend: by default
 *   the U(±1/√fan_in) of nn.Linear that SB3's QNetwork gets (`init: 'pytorch'`), or
 *   orthogonal (√2 hidden, 1.0 output; `init: 'orthogonal'`).
 *
 * Two learner engines behind one interface ({@link DqnLearner}), chosen by `engine`:
 * - 'ts' (default): our own network kernel (./dqn-ts-engine.ts: hand-written Huber /
 *   dueling gradient, TrainableMlp backward, Adam); no tfjs call at all. Deterministic.
 * - 'tfjs': tfjs autodiff on the active backend (this file): per gradient step one
 *   `variableGrads` + `applyGradients` over a minibatch uploaded once.
 * Their loss gradients and a few training steps agree (test/agents/rl/dqn-ts-engine.test.ts).
 *
 * Where time goes: acting runs the Q-network in plain TypeScript (one batched forward for
 * all sub-envs per step); the online weights are copied to the acting policy after each
 * training round.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';
import type { BatchedActions, VectorEnv, VectorInfo } from '../../envs/vector/vector-env.js';
import type { Policy } from '../policy.js';
import { GAIN_VALUE_HEAD, initMlp, initMlpPytorch } from '../nn/init.js';
import { TfMlp } from '../nn/mlp.js';
import { MlpRuntime } from '../nn/runtime.js';
import type { MlpWeights } from '../nn/weights.js';
import { actionSpecOf, observationSpecOf, type ObservationSpec } from './action-space.js';
import type { UpdateLog } from './callbacks.js';
import { parseAlgoConfig } from './config.js';
import { TsDqnLearner, type DqnLearner } from './dqn-ts-engine.js';
import { polyakUpdate } from './polyak.js';
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

// ===================================================================== config

const positiveInt = z.number().int().positive();

/** DQN hyper-parameters. Defaults are SB3's (`DQN.__init__`), plus doubleQ/dueling. */
export const DqnConfigSchema = z
  .object({
    /** Adam learning rate. */
    learningRate: z.number().positive().default(1e-4),
    /** Replay capacity in transitions (all sub-envs together). */
    bufferSize: positiveInt.default(1_000_000),
    /** Env steps of uniformly random actions before learning starts. */
    learningStarts: z.number().int().min(0).default(100),
    /** Minibatch size of each gradient step. */
    batchSize: positiveInt.default(32),
    /** Target update coefficient: 1 = hard copy, < 1 = Polyak averaging. */
    tau: z.number().min(0).max(1).default(1),
    /** Discount factor γ. */
    gamma: z.number().min(0).max(1).default(0.99),
    /** Train every this many VectorEnv steps. */
    trainFreq: positiveInt.default(4),
    /** Gradient steps per training round. */
    gradientSteps: positiveInt.default(1),
    /** Sync the target network every this many env steps (counted as ⌊· / nEnvs⌋ vector steps). */
    targetUpdateInterval: positiveInt.default(10_000),
    /** Fraction of training over which ε decays linearly. */
    explorationFraction: z.number().min(0).max(1).default(0.1),
    /** ε at the start. */
    explorationInitialEps: z.number().min(0).max(1).default(1),
    /** ε after the decay. */
    explorationFinalEps: z.number().min(0).max(1).default(0.05),
    /** Global gradient-norm clip. */
    maxGradNorm: z.number().positive().default(10),
    /** Double-DQN targets (online argmax, target value); false = SB3's max over the target. */
    doubleQ: z.boolean().default(true),
    /** Dueling head: Q = V + A − mean(A). */
    dueling: z.boolean().default(false),
    /** Hidden sizes of the Q-network. */
    netArch: z.array(positiveInt).default([64, 64]),
    /**
     * Initial weights: 'pytorch' (nn.Linear's default U(±1/√fan_in), which SB3's QNetwork
     * gets) or 'orthogonal' (√2 hidden, 1.0 output, zero biases: SB3's actor-critic init).
     * On CartPole with the zoo settings, 'pytorch' reached ≥ 475 on more seeds
     * (docs/training-engines.md).
     */
    init: z.enum(['orthogonal', 'pytorch']).default('pytorch'),
    /** Hidden activation (SB3 QNetwork: ReLU). */
    activation: z.enum(['tanh', 'relu']).default('relu'),
    /** Adam ε (PyTorch default). */
    adamEps: z.number().positive().default(1e-8),
    /** Learner: 'ts' = our own network kernel (WebAssembly SIMD; fast, deterministic), 'tfjs' = tfjs autodiff on the active backend. */
    engine: z.enum(['ts', 'tfjs']).default('ts'),
    /** Env steps between log rows and callback calls. */
    logInterval: positiveInt.default(1000),
    /** Root seed: network init, exploration, replay sampling, env reset (seed + i). */
    seed: z.number().int().min(0).default(0),
  })
  .strict();

export type DqnConfig = z.infer<typeof DqnConfigSchema>;
export type DqnConfigInput = z.input<typeof DqnConfigSchema>;

/** Validate a partial config, filling the defaults; InputError names the bad field. */
export function parseDqnConfig(input: unknown = {}): DqnConfig {
  return parseAlgoConfig(DqnConfigSchema, input, 'DQN');
}

export type DqnLearnOptions = OffPolicyLearnOptions;
export type DqnResult = OffPolicyResult<QPolicy, DqnConfig>;

// ===================================================================== the policy

/** What a DQN checkpoint needs: the Q-network and whether its head is dueling. */
export interface QNetworkWeights {
  q: MlpWeights;
  dueling: boolean;
}

/** Width of the Q-network's output: n Q-values, or n advantages + 1 value when dueling. */
function qHeadSize(nActions: number, dueling: boolean): number {
  return dueling ? nActions + 1 : nActions;
}

/**
 * The greedy policy of a Q-network on the pure-TS runtime: `act` returns argmax_a Q(s, a)
 * (first index on ties) offset by the action space's `start`, whatever `deterministic`.
 */
export class QPolicy implements Policy {
  readonly name: string;
  readonly nActions: number;
  readonly actionStart: number;
  readonly dueling: boolean;
  readonly observation: ObservationSpec;
  private readonly encoder: ObservationEncoder;
  private runtime: MlpRuntime;
  private head: Float32Array;
  private q: Float32Array;

  constructor(weights: QNetworkWeights, observation: ObservationSpec, action: { n: number; start: number }, name = 'dqn', maxBatch = 1) {
    this.name = name;
    this.nActions = action.n;
    this.actionStart = action.start;
    this.dueling = weights.dueling;
    this.observation = observation;
    this.encoder = new ObservationEncoder(observation);
    this.runtime = MlpRuntime.fromWeights(weights.q, maxBatch);
    if (this.runtime.inputSize !== this.encoder.inputSize || this.runtime.outputSize !== qHeadSize(action.n, weights.dueling)) {
      throw new InputError(`Q-network shape ${this.runtime.inputSize}→${this.runtime.outputSize} does not fit the spaces`, 'q');
    }
    this.head = new Float32Array(maxBatch * this.runtime.outputSize);
    this.q = new Float32Array(maxBatch * action.n);
  }

  setWeights(weights: QNetworkWeights): void {
    this.runtime.setWeights(weights.q);
  }

  getWeights(): QNetworkWeights {
    return { q: this.runtime.getWeights(), dueling: this.dueling };
  }

  /** Q(s, ·) for each row of network inputs, [batch × nActions] (a view, valid until the next call). */
  qValuesEncoded(inputs: Float32Array): Float32Array {
    const batch = inputs.length / this.runtime.inputSize;
    if (batch > this.runtime.maxBatch) {
      this.runtime = MlpRuntime.fromWeights(this.runtime.getWeights(), batch);
      this.head = new Float32Array(batch * this.runtime.outputSize);
      this.q = new Float32Array(batch * this.nActions);
    }
    this.runtime.forward(inputs, batch, this.head);
    const n = this.nActions;
    const w = this.runtime.outputSize;
    for (let r = 0; r < batch; r++) {
      if (!this.dueling) {
        for (let j = 0; j < n; j++) this.q[r * n + j] = this.head[r * w + j]!;
        continue;
      }
      // Dueling: Q = V + (A − mean A), the identifiable form of Wang et al. 2016 (eq. 9).
      let meanA = 0;
      for (let j = 0; j < n; j++) meanA += this.head[r * w + j]!;
      meanA /= n;
      for (let j = 0; j < n; j++) this.q[r * n + j] = this.head[r * w + n]! + this.head[r * w + j]! - meanA;
    }
    return this.q.subarray(0, batch * n);
  }

  /** Q(s, ·) for raw observation rows. */
  qValues(observations: Float32Array): Float32Array {
    return this.qValuesEncoded(this.encoder.encode(observations));
  }

  /** Greedy action indices (from 0) of network-input rows into `out`. */
  greedyEncoded(inputs: Float32Array, out: Int32Array): Int32Array {
    const q = this.qValuesEncoded(inputs);
    const n = this.nActions;
    for (let r = 0; r < q.length / n; r++) {
      let a = 0;
      for (let j = 1; j < n; j++) if (q[r * n + j]! > q[r * n + a]!) a = j;
      out[r] = a;
    }
    return out;
  }

  reset(): void {
    // Memoryless policy: nothing to clear.
  }

  act(observations: Float32Array, _infos: VectorInfo, _options?: { deterministic?: boolean }): BatchedActions {
    const inputs = this.encoder.encode(observations);
    const actions = new Int32Array(inputs.length / this.encoder.inputSize);
    this.greedyEncoded(inputs, actions);
    if (this.actionStart !== 0) for (let i = 0; i < actions.length; i++) actions[i] = actions[i]! + this.actionStart;
    return actions;
  }
}

// ===================================================================== the learner

let learnerCount = 0;

/**
 * The learner of `config.engine` for minibatches of up to `maxBatch` rows: online network
 * from `init`, target network from `targetInit` (by default a copy of `init`).
 */
export function makeDqnLearner(config: DqnConfig, init: MlpWeights, nActions: number, maxBatch: number, targetInit: MlpWeights = init): DqnLearner {
  return config.engine === 'ts' ? new TsDqnLearner(config, init, nActions, maxBatch, targetInit) : new TfjsDqnLearner(config, init, nActions, targetInit);
}

/** [batch, nActions] Q-values from a Q-network's raw head (dueling combination in tfjs). */
function qValuesTf(net: TfMlp, obs: tf.Tensor2D, nActions: number, dueling: boolean): tf.Tensor2D {
  const head = net.apply(obs);
  if (!dueling) return head;
  const advantages = tf.slice(head, [0, 0], [-1, nActions]);
  const value = tf.slice(head, [0, nActions], [-1, 1]);
  return tf.add(value, tf.sub(advantages, tf.mean(advantages, 1, true)));
}

/** Scale gradients so their global norm is at most `maxNorm` (torch `clip_grad_norm_`). */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!)))));
    const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
    const out: tf.NamedTensorMap = {};
    for (const n of names) out[n] = tf.mul(grads[n]!, scale);
    return out;
  });
}

/** DQN's learner on tfjs: Q-networks as raw variables, autodiff, tf.train.adam. */
export class TfjsDqnLearner implements DqnLearner {
  readonly engine = 'tfjs';
  private readonly online: TfMlp;
  private readonly target: TfMlp;
  private readonly optimizer: tf.AdamOptimizer;

  constructor(
    private readonly config: DqnConfig,
    init: MlpWeights,
    private readonly nActions: number,
    targetInit: MlpWeights = init,
  ) {
    // tfjs variable names are global: prefix them so several learners can coexist.
    const prefix = `dqn${++learnerCount}`;
    this.online = new TfMlp(init, `${prefix}/q`);
    this.target = new TfMlp(targetInit, `${prefix}/q_target`); // by default a copy of the online network
    this.optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, config.adamEps);
  }

  /**
   * Loss gradients on a replay minibatch (kept; caller disposes) and [loss, mean Q(s, a)]
   * read into `stats`. Target y = r + γ (1 − terminated) Q_target(s′, a′), a′ = argmax
   * Q_online(s′) (double) or argmax Q_target(s′) (vanilla); loss = Huber(Q_online(s, a) − y).
   */
  private grads(batch: ReplayBatch, stats: Float64Array): tf.NamedTensorMap {
    const { config, nActions } = this;
    const obsSize = batch.observations.length / batch.size;
    const obs = tf.tensor2d(batch.observations, [batch.size, obsSize]);
    const nextObs = tf.tensor2d(batch.nextObservations, [batch.size, obsSize]);
    const actionsOneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(batch.actions as Int32Array, 'int32'), nActions).toFloat());
    // The TD target carries no gradient: computed outside variableGrads.
    const y = tf.tidy(() => {
      const qNextTarget = qValuesTf(this.target, nextObs, nActions, config.dueling);
      const chooser = config.doubleQ ? qValuesTf(this.online, nextObs, nActions, config.dueling) : qNextTarget;
      const nextQ = tf.sum(tf.mul(qNextTarget, tf.oneHot(tf.argMax(chooser, 1), nActions)), 1);
      const notDone = tf.sub(1, tf.tensor1d(batch.terminated));
      return tf.add(tf.tensor1d(batch.rewards), tf.mul(config.gamma, tf.mul(notDone, nextQ)));
    });
    let statsT: tf.Tensor1D | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const q = tf.sum(tf.mul(qValuesTf(this.online, obs, nActions, config.dueling), actionsOneHot), 1);
      // Huber / smooth-L1 with δ = 1: ½x² for |x| ≤ 1, |x| − ½ beyond (SB3 F.smooth_l1_loss).
      const absErr = tf.abs(tf.sub(q, y));
      const quadratic = tf.minimum(absErr, 1);
      const loss = tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(absErr, quadratic))) as tf.Scalar;
      statsT = tf.keep(tf.stack([loss, tf.mean(q)]) as tf.Tensor1D);
      return loss;
    }, this.online.variables);
    stats.set(statsT!.dataSync());
    tf.dispose([obs, nextObs, actionsOneHot, y, value, statsT!]);
    return grads;
  }

  step(batch: ReplayBatch, stats: Float64Array): void {
    const grads = this.grads(batch, stats);
    // Gradient clipping at global norm 10 (SB3 max_grad_norm).
    const clipped = clipByGlobalNorm(grads, this.config.maxGradNorm);
    this.optimizer.applyGradients(clipped as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    tf.dispose([clipped, grads]);
  }

  syncTarget(tau: number): void {
    polyakUpdate(this.online.variables, this.target.variables, tau);
  }

  weights(): MlpWeights {
    return this.online.getWeights();
  }

  lossGradients(batch: ReplayBatch, stats: Float64Array): ArrayLike<number>[] {
    const grads = this.grads(batch, stats);
    const out = this.online.variables.map((v) => Float32Array.from(grads[v.name]!.dataSync() as Float32Array));
    tf.dispose(grads);
    return out;
  }

  dispose(): void {
    this.online.dispose();
    this.target.dispose();
    this.optimizer.dispose();
  }
}

// ===================================================================== training loop

/**
 * Train DQN on `env` (Discrete actions) and return the greedy policy with its log.
 *
 * @example
 * const env = makeVec('dosegym/CartPole-v1', 1);
 * const { policy } = trainDqn(env, { learningRate: 2.3e-3, batchSize: 64, trainFreq: 256, gradientSteps: 128 }, { totalTimesteps: 50_000 });
 */
export function trainDqn(env: VectorEnv, configInput: DqnConfigInput | DqnConfig = {}, options: DqnLearnOptions): DqnResult {
  const config = parseDqnConfig(configInput);
  checkTotalTimesteps(options);
  const action = actionSpecOf(env.singleActionSpace);
  if (action.kind !== 'discrete') throw new InputError('DQN needs a Discrete action space', 'actionSpace');
  const nEnvs = env.numEnvs;
  const nActions = action.n;
  const observation = observationSpecOf(env.singleObservationSpace, env.observationSize);
  const obsEncoder = new ObservationEncoder(observation);
  const nextEncoder = new ObservationEncoder(observation);
  const inputSize = obsEncoder.inputSize;

  // --- seeding: every consumer forks a named stream from the config seed.
  const root = RandomStream.fromSeed(config.seed);
  const explorationRng = root.fork('exploration');
  const replayRng = root.fork('replay');
  const sizes = [inputSize, ...config.netArch, qHeadSize(nActions, config.dueling)];
  const weights =
    config.init === 'pytorch' ? initMlpPytorch(sizes, config.activation, root.fork('init').fork('q')) : initMlp(sizes, config.activation, GAIN_VALUE_HEAD, root.fork('init').fork('q'));
  const learner = makeDqnLearner(config, weights, nActions, config.batchSize); // online + target network, optimiser
  const policy = new QPolicy({ q: weights, dueling: config.dueling }, observation, action, 'dqn', nEnvs);
  const replay = new ReplayBuffer(config.bufferSize, inputSize, 0);
  const batch = replay.allocateBatch(config.batchSize);

  const targetEvery = Math.max(1, Math.floor(config.targetUpdateInterval / nEnvs));
  const stepActions = new Int32Array(nEnvs);
  const envActions = new Int32Array(nEnvs);
  const rawNext = new Float32Array(nEnvs * env.observationSize);
  const obsInputs = new Float32Array(nEnvs * inputSize);
  const stats = new EpisodeStats(nEnvs);
  const stepStats = new Float64Array(2);
  const history: UpdateLog[] = [];
  const timing: OffPolicyTiming = { envMs: 0, inferenceMs: 0, updateMs: 0, totalMs: 0 };
  const t0 = performance.now();
  let timesteps = 0;
  let vecSteps = 0;
  let nextLog = config.logInterval;
  let lastLoss = Number.NaN;
  let lastQ = Number.NaN;
  let nUpdates = 0;

  let tEnv = performance.now();
  let observations = env.reset({ seed: config.seed }).observations;
  timing.envMs += performance.now() - tEnv;

  try {
    while (timesteps < options.totalTimesteps) {
      // ------------------------------------------------------------- act: ε-greedy, one forward for all sub-envs
      let tInf = performance.now();
      const progress = timesteps / options.totalTimesteps; // SB3: 1 − progress_remaining
      const epsilon =
        progress >= config.explorationFraction
          ? config.explorationFinalEps
          : config.explorationInitialEps + (progress / config.explorationFraction) * (config.explorationFinalEps - config.explorationInitialEps);
      obsInputs.set(obsEncoder.encode(observations));
      if (timesteps < config.learningStarts) {
        for (let i = 0; i < nEnvs; i++) stepActions[i] = explorationRng.int(nActions); // warm-up: uniform actions
      } else {
        policy.greedyEncoded(obsInputs, stepActions);
        for (let i = 0; i < nEnvs; i++) if (explorationRng.uniform() < epsilon) stepActions[i] = explorationRng.int(nActions);
      }
      for (let i = 0; i < nEnvs; i++) envActions[i] = stepActions[i]! + action.start;
      timing.inferenceMs += performance.now() - tInf;

      tEnv = performance.now();
      const r = env.step(envActions);
      timing.envMs += performance.now() - tEnv;

      // ------------------------------------------------------------- store: the true next obs, terminated only
      tInf = performance.now();
      const nextInputs = nextEncoder.encode(trueNextObservations(r, env.observationSize, rawNext));
      replay.add(obsInputs, stepActions, r.rewards, nextInputs, r.terminations);
      stats.record(r);
      observations = r.observations;
      timesteps += nEnvs;
      vecSteps++;
      timing.inferenceMs += performance.now() - tInf;

      // ------------------------------------------------------------- target sync (SB3 _on_step), then train
      const tUpd = performance.now();
      if (vecSteps % targetEvery === 0) learner.syncTarget(config.tau);
      if (timesteps > config.learningStarts && vecSteps % config.trainFreq === 0) {
        for (let g = 0; g < config.gradientSteps; g++) {
          learner.step(replay.sample(replayRng, batch), stepStats);
          nUpdates++;
        }
        lastLoss = stepStats[0]!;
        lastQ = stepStats[1]!;
        policy.setWeights({ q: learner.weights(), dueling: config.dueling });
      }
      timing.updateMs += performance.now() - tUpd;

      // ------------------------------------------------------------- log, callbacks
      if (timesteps >= nextLog || timesteps >= options.totalTimesteps) {
        while (nextLog <= timesteps) nextLog += config.logInterval;
        const run = { timesteps, updates: nUpdates, learningRate: config.learningRate, startMs: t0, stats, policy, options };
        const diagnostics = { loss: lastLoss, meanQ: lastQ, explorationRate: epsilon };
        if (!logAndCallback(history, run, diagnostics)) break; // a callback asked to stop
      }
    }
  } finally {
    learner.dispose();
  }
  timing.totalMs = performance.now() - t0;
  return { policy, config, history, episodeReturns: stats.returns, episodeLengths: stats.lengths, timesteps, timing };
}
