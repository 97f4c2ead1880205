/**
 * The replay buffer of the off-policy agents (DQN, SAC): a preallocated ring of
 * transitions (obs, action, reward, next_obs, terminated) in `Float32Array`s, filled by N
 * sub-envs at a time and sampled uniformly with a {@link RandomStream}.
 *
 * Conventions (SB3 `common/buffers.py` `ReplayBuffer`, with `handle_timeout_termination`):
 * - `capacity` counts transitions over all sub-envs (SB3's `buffer_size`). When full, the
 *   oldest rows are overwritten.
 * - Rows hold *network inputs*: encode observations first (one-hot for a Discrete
 *   observation space, see {@link ObservationEncoder}), so sampling needs no work.
 * - `nextObservations` must be the true next observation: for a sub-env whose episode
 *   ended in a same-step-autoreset VectorEnv, `infos.finalObservation[i]`, not the
 *   returned row (which is already the next episode's first observation).
 * - `terminated` only is stored as the "done" flag: truncated transitions bootstrap.
 * - Actions: an `Int32Array` of indices from 0 for Discrete (`actionDim = 0`), a
 *   `Float32Array` of `actionDim` values per row for Box.
 * - Sampling draws indices uniformly from the written rows only (`[0, size)`), with
 *   replacement, as SB3.
 */
import { InputError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import type { ObservationSpec } from './action-space.js';
import { inputSizeOf } from './action-space.js';
import type { VectorStepResult } from '../../envs/vector/vector-env.js';
import type { Policy } from '../policy.js';
import type { TrainingCallback, UpdateLog } from './callbacks.js';

/** A sampled minibatch, in preallocated arrays (overwritten by the next `sample`). */
export interface ReplayBatch {
  size: number;
  indices: Int32Array;
  observations: Float32Array;
  actions: Int32Array | Float32Array;
  rewards: Float32Array;
  nextObservations: Float32Array;
  /** 1 where the transition ended the MDP (no bootstrap), 0 otherwise (incl. truncation). */
  terminated: Float32Array;
}

export class ReplayBuffer {
  readonly capacity: number;
  readonly obsSize: number;
  /** 0 for Discrete actions (one Int32 index per row). */
  readonly actionDim: number;
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  readonly actions: Int32Array | Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Float32Array;
  /** Next row to write. */
  private pos = 0;
  /** Rows written so far, at most `capacity`. */
  private filled = 0;

  constructor(capacity: number, obsSize: number, actionDim: number) {
    for (const [name, v, min] of [['capacity', capacity, 1], ['obsSize', obsSize, 1], ['actionDim', actionDim, 0]] as const) {
      if (!Number.isSafeInteger(v) || v < min) throw new InputError(`replay buffer ${name} must be an integer ≥ ${min}, got ${v}`, name);
    }
    this.capacity = capacity;
    this.obsSize = obsSize;
    this.actionDim = actionDim;
    this.observations = new Float32Array(capacity * obsSize);
    this.nextObservations = new Float32Array(capacity * obsSize);
    this.actions = actionDim === 0 ? new Int32Array(capacity) : new Float32Array(capacity * actionDim);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Float32Array(capacity);
  }

  /** Number of stored transitions. */
  get size(): number {
    return this.filled;
  }

  /**
   * Append one transition per sub-env (`n = rewards.length` rows): `observations` and
   * `nextObservations` are [n, obsSize] network inputs, `actions` [n] or [n, actionDim].
   */
  add(
    observations: Float32Array,
    actions: Int32Array | Float32Array,
    rewards: ArrayLike<number>,
    nextObservations: Float32Array,
    terminated: ArrayLike<number>,
  ): void {
    const n = rewards.length;
    const d = this.obsSize;
    const k = Math.max(1, this.actionDim);
    if (observations.length !== n * d || nextObservations.length !== n * d || actions.length !== n * k || terminated.length !== n) {
      throw new InputError(`replay add: expected ${n} rows of obs ${d} and action ${k}`, 'observations');
    }
    for (let i = 0; i < n; i++) {
      const p = this.pos;
      this.observations.set(observations.subarray(i * d, (i + 1) * d), p * d);
      this.nextObservations.set(nextObservations.subarray(i * d, (i + 1) * d), p * d);
      for (let j = 0; j < k; j++) this.actions[p * k + j] = actions[i * k + j]!;
      this.rewards[p] = rewards[i]!;
      this.terminated[p] = terminated[i] ? 1 : 0;
      this.pos = (p + 1) % this.capacity;
      if (this.filled < this.capacity) this.filled++;
    }
  }

  /** Preallocated arrays for minibatches of `batchSize`. */
  allocateBatch(batchSize: number): ReplayBatch {
    const k = Math.max(1, this.actionDim);
    return {
      size: batchSize,
      indices: new Int32Array(batchSize),
      observations: new Float32Array(batchSize * this.obsSize),
      actions: this.actionDim === 0 ? new Int32Array(batchSize) : new Float32Array(batchSize * k),
      rewards: new Float32Array(batchSize),
      nextObservations: new Float32Array(batchSize * this.obsSize),
      terminated: new Float32Array(batchSize),
    };
  }

  /** Fill `batch` with `batch.size` transitions drawn uniformly (with replacement) from the written rows. */
  sample(rng: RandomStream, batch: ReplayBatch): ReplayBatch {
    if (this.filled === 0) throw new InputError('cannot sample from an empty replay buffer', 'replay');
    const d = this.obsSize;
    const k = Math.max(1, this.actionDim);
    for (let b = 0; b < batch.size; b++) {
      const r = rng.int(this.filled); // only written rows: [0, size)
      batch.indices[b] = r;
      batch.observations.set(this.observations.subarray(r * d, (r + 1) * d), b * d);
      batch.nextObservations.set(this.nextObservations.subarray(r * d, (r + 1) * d), b * d);
      for (let j = 0; j < k; j++) batch.actions[b * k + j] = this.actions[r * k + j]!;
      batch.rewards[b] = this.rewards[r]!;
      batch.terminated[b] = this.terminated[r]!;
    }
    return batch;
  }
}

/**
 * Observation rows → network inputs (SB3 `preprocess_obs`): one-hot for a Discrete
 * observation space, the rows themselves otherwise. Writes into an internal buffer (valid
 * until the next call) so the hot loop does not allocate.
 */
export class ObservationEncoder {
  readonly inputSize: number;
  private buffer = new Float32Array(0);

  constructor(readonly spec: ObservationSpec) {
    this.inputSize = inputSizeOf(spec);
  }

  encode(observations: Float32Array): Float32Array {
    const spec = this.spec;
    if (spec.kind === 'flat') return observations;
    const batch = observations.length;
    if (this.buffer.length < batch * spec.n) this.buffer = new Float32Array(batch * spec.n);
    const out = this.buffer.subarray(0, batch * spec.n);
    out.fill(0);
    for (let r = 0; r < batch; r++) {
      const k = observations[r]! - spec.start;
      if (!(k >= 0 && k < spec.n && Number.isInteger(k))) {
        throw new InputError(`observation ${observations[r]} is outside Discrete(${spec.n}, start=${spec.start})`, 'observations');
      }
      out[r * spec.n + k] = 1;
    }
    return out;
  }
}

// ===================================================================== off-policy collection helpers

/**
 * The replay buffer's next-observation rows for one VectorEnv step, as raw observations:
 * the returned rows, except for sub-envs whose episode ended, which get their true last
 * observation `infos.finalObservation[i]` (same-step autoreset).
 */
export function trueNextObservations(step: VectorStepResult, obsSize: number, out: Float32Array): Float32Array {
  out.set(step.observations);
  const n = step.rewards.length;
  for (let i = 0; i < n; i++) {
    if (!step.terminations[i] && !step.truncations[i]) continue;
    const final = step.infos.finalObservation?.[i];
    if (!final) throw new InputError(`sub-env ${i} ended but infos.finalObservation[${i}] is missing`, 'finalObservation');
    out.set(final, i * obsSize);
  }
  return out;
}

/** Returns and lengths of finished training episodes, tracked per sub-env. */
export class EpisodeStats {
  readonly returns: number[] = [];
  readonly lengths: number[] = [];
  private readonly running: Float64Array;
  private readonly runningLength: Int32Array;

  constructor(numEnvs: number) {
    this.running = new Float64Array(numEnvs);
    this.runningLength = new Int32Array(numEnvs);
  }

  record(step: VectorStepResult): void {
    for (let i = 0; i < this.running.length; i++) {
      this.running[i] = this.running[i]! + step.rewards[i]!;
      this.runningLength[i] = this.runningLength[i]! + 1;
      if (!step.terminations[i] && !step.truncations[i]) continue;
      this.returns.push(this.running[i]!);
      this.lengths.push(this.runningLength[i]!);
      this.running[i] = 0;
      this.runningLength[i] = 0;
    }
  }

  /** Mean return and length of the last `window` finished episodes (NaN before the first). */
  recent(window = 100): { meanReturn: number; meanLength: number } {
    const r = this.returns.slice(-window);
    const l = this.lengths.slice(-window);
    const mean = (xs: number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
    return { meanReturn: mean(r), meanLength: mean(l) };
  }
}

/** The PPO-specific fields of {@link UpdateLog}, not applicable to off-policy learners (NaN). */
const OFF_POLICY_UNUSED_LOG_FIELDS = {
  policyLoss: Number.NaN,
  valueLoss: Number.NaN,
  entropy: Number.NaN,
  approxKl: Number.NaN,
  clipFraction: Number.NaN,
  explainedVariance: Number.NaN,
  clipRange: Number.NaN,
  epochs: Number.NaN,
} as const satisfies Partial<UpdateLog>;

export interface OffPolicyLearnOptions {
  /** Env steps to train for (all sub-envs; rounded up to whole vector steps). */
  totalTimesteps: number;
  callbacks?: TrainingCallback[];
}

/** Wall time split of an off-policy run (ms). */
export interface OffPolicyTiming {
  /** Inside env.step / env.reset. */
  envMs: number;
  /** Acting (pure-TS inference, sampling) and storing transitions. */
  inferenceMs: number;
  /** Gradient steps, target updates and weight copies to the acting runtime. */
  updateMs: number;
  totalMs: number;
}

export interface OffPolicyResult<P extends Policy, C> {
  policy: P;
  config: C;
  /** One row per `logInterval` env steps. */
  history: UpdateLog[];
  /** Returns of every finished training episode, in the order they ended. */
  episodeReturns: number[];
  episodeLengths: number[];
  timesteps: number;
  timing: OffPolicyTiming;
}

/** Throw an InputError unless `totalTimesteps` is a positive number. */
export function checkTotalTimesteps(options: OffPolicyLearnOptions): void {
  if (!Number.isFinite(options.totalTimesteps) || options.totalTimesteps <= 0) {
    throw new InputError(`totalTimesteps must be a positive number, got ${options.totalTimesteps}`, 'totalTimesteps');
  }
}

/**
 * Append a log row (common fields + the algorithm's `extra` diagnostics) to `history` and
 * run the callbacks on it. Returns false when a callback asked to stop training.
 */
export function logAndCallback(
  history: UpdateLog[],
  run: { timesteps: number; updates: number; learningRate: number; startMs: number; stats: EpisodeStats; policy: Policy; options: OffPolicyLearnOptions },
  extra: Record<string, number>,
): boolean {
  const recent = run.stats.recent();
  const log: UpdateLog = {
    ...OFF_POLICY_UNUSED_LOG_FIELDS,
    timesteps: run.timesteps,
    update: run.updates,
    meanEpisodeReturn: recent.meanReturn,
    meanEpisodeLength: recent.meanLength,
    learningRate: run.learningRate,
    fps: run.timesteps / ((performance.now() - run.startMs) / 1000),
    ...extra,
  };
  history.push(log);
  let keepGoing = true;
  for (const cb of run.options.callbacks ?? []) {
    if (cb.onUpdate({ timesteps: run.timesteps, totalTimesteps: run.options.totalTimesteps, policy: run.policy, log }) === false) keepGoing = false;
  }
  return keepGoing;
}
