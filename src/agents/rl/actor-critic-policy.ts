/**
 * The policy of an actor-critic agent (PPO now; A2C later), running on the pure-TS
 * {@link MlpRuntime}: separate actor and critic MLPs, and for Box actions a
 * state-independent log-std vector. Used both for rollouts during training (sampling with
 * log-probs and values) and as the trained/loaded {@link Policy}.
 *
 * `act` returns env-ready actions: Discrete indices offset by the space's `start`, Box
 * samples clipped into the bounds. `sample` returns what the learner stores: raw indices
 * and *unclipped* Box samples, with their log-probabilities.
 *
 * Observations are first encoded into network inputs (`encode`: one-hot for a Discrete
 * observation space, as SB3's `preprocess_obs`); the `*Encoded` methods take inputs.
 */
import type { RandomStream } from '../../core/random.js';
import { InputError } from '../../core/errors.js';
import type { BatchedActions, VectorInfo } from '../../envs/vector/vector-env.js';
import type { Policy } from '../policy.js';
import { MlpRuntime } from '../nn/runtime.js';
import type { MlpWeights } from '../nn/weights.js';
import { clipToBox, inputSizeOf, type ActionSpec, type ObservationSpec } from './action-space.js';
import { categoricalSample, diagGaussianSample } from './distributions.js';

/** Everything needed to rebuild the policy (what a checkpoint stores). */
export interface ActorCriticWeights {
  actor: MlpWeights;
  critic: MlpWeights;
  /** [actionDim] log-std for Box actions; null for Discrete. */
  logStd: Float32Array | null;
}

export class ActorCriticPolicy implements Policy {
  readonly name: string;
  readonly action: ActionSpec;
  readonly observation: ObservationSpec;
  /** Width of one raw observation row (1 for Discrete observations). */
  readonly observationSize: number;
  private readonly inputSize: number;
  private encoded: Float32Array;
  private actor: MlpRuntime;
  private critic: MlpRuntime;
  private logStd: Float32Array | null;
  private head: Float32Array;
  private readonly rng: RandomStream;

  /** `rng` drives stochastic `act` calls (forked from the agent's seed). */
  constructor(weights: ActorCriticWeights, observation: ObservationSpec, action: ActionSpec, rng: RandomStream, name = 'ppo', maxBatch = 1) {
    this.name = name;
    this.action = action;
    this.observation = observation;
    this.observationSize = observation.kind === 'discrete' ? 1 : observation.size;
    this.inputSize = inputSizeOf(observation);
    this.encoded = new Float32Array(observation.kind === 'discrete' ? maxBatch * this.inputSize : 0);
    this.rng = rng;
    this.actor = MlpRuntime.fromWeights(weights.actor, maxBatch);
    this.critic = MlpRuntime.fromWeights(weights.critic, maxBatch);
    if (this.actor.inputSize !== this.inputSize || this.critic.inputSize !== this.inputSize) {
      throw new InputError(`network input size ${this.actor.inputSize} does not match the observation encoding (${this.inputSize})`, 'actor');
    }
    this.logStd = weights.logStd ? Float32Array.from(weights.logStd) : null;
    this.head = new Float32Array(maxBatch * this.actor.outputSize);
    if ((action.kind === 'box') !== (this.logStd !== null)) {
      throw new InputError('a Box action space needs a logStd vector, a Discrete one none', 'logStd');
    }
  }

  /** Copy new weights in (after a training update); shapes must not change. */
  setWeights(weights: ActorCriticWeights): void {
    this.actor.setWeights(weights.actor);
    this.critic.setWeights(weights.critic);
    if (this.logStd && weights.logStd) this.logStd.set(weights.logStd);
  }

  /** Grow the runtimes when a larger batch arrives (the only allocation after construction). */
  private ensureBatch(batch: number): void {
    if (batch <= this.actor.maxBatch) return;
    const w = this.getWeights();
    this.actor = MlpRuntime.fromWeights(w.actor, batch);
    this.critic = MlpRuntime.fromWeights(w.critic, batch);
    this.head = new Float32Array(batch * this.actor.outputSize);
    if (this.observation.kind === 'discrete') this.encoded = new Float32Array(batch * this.inputSize);
  }

  private batchOf(rows: Float32Array, width: number): number {
    const batch = rows.length / width;
    if (!Number.isInteger(batch)) throw new InputError(`observations length ${rows.length} is not a multiple of ${width}`, 'observations');
    this.ensureBatch(batch);
    return batch;
  }

  /**
   * Network inputs for raw observations: one-hot rows for a Discrete observation space
   * (into an internal buffer, valid until the next call), the observations themselves
   * otherwise.
   */
  encode(observations: Float32Array): Float32Array {
    const spec = this.observation;
    if (spec.kind === 'flat') return observations;
    const batch = this.batchOf(observations, 1);
    const out = this.encoded.subarray(0, batch * spec.n);
    out.fill(0);
    for (let r = 0; r < batch; r++) {
      const k = observations[r]! - spec.start;
      if (!(k >= 0 && k < spec.n && Number.isInteger(k))) throw new InputError(`observation ${observations[r]} is outside Discrete(${spec.n}, start=${spec.start})`, 'observations');
      out[r * spec.n + k] = 1;
    }
    return out;
  }

  getWeights(): ActorCriticWeights {
    return { actor: this.actor.getWeights(), critic: this.critic.getWeights(), logStd: this.logStd ? Float32Array.from(this.logStd) : null };
  }

  /**
   * Learner-side sampling: raw actions (Discrete indices from 0; Box *unclipped*) and their
   * log-probs into the given arrays. `rng = null` gives the mode (argmax / mean).
   */
  sampleEncoded(inputs: Float32Array, rng: RandomStream | null, actions: Int32Array | Float32Array, logProbs?: Float32Array): void {
    const batch = this.batchOf(inputs, this.inputSize);
    this.actor.forward(inputs, batch, this.head);
    if (this.action.kind === 'discrete') categoricalSample(this.head, this.action.n, batch, rng, actions as Int32Array, logProbs);
    else diagGaussianSample(this.head, this.logStd!, batch, rng, actions as Float32Array, logProbs);
  }

  /** V(s) for each row of network inputs into `out`. */
  valuesEncoded(inputs: Float32Array, out: Float32Array): Float32Array {
    return this.critic.forward(inputs, this.batchOf(inputs, this.inputSize), out);
  }

  /** V(s) for each raw observation row into `out`. */
  values(observations: Float32Array, out: Float32Array): Float32Array {
    return this.valuesEncoded(this.encode(observations), out);
  }

  reset(): void {
    // Memoryless policy: nothing to clear.
  }

  act(observations: Float32Array, _infos: VectorInfo, options: { deterministic?: boolean } = {}): BatchedActions {
    const inputs = this.encode(observations);
    const batch = this.batchOf(inputs, this.inputSize);
    const rng = options.deterministic ? null : this.rng;
    if (this.action.kind === 'discrete') {
      const actions = new Int32Array(batch);
      this.sampleEncoded(inputs, rng, actions);
      if (this.action.start !== 0) for (let i = 0; i < batch; i++) actions[i] = actions[i]! + this.action.start;
      return actions;
    }
    const raw = new Float32Array(batch * this.action.dim);
    this.sampleEncoded(inputs, rng, raw);
    return clipToBox(raw, this.action, raw);
  }

  /** π(a | s) per row ([batch × n]) for Discrete actions. */
  actionProbabilities(observations: Float32Array): Float32Array {
    if (this.action.kind !== 'discrete') throw new InputError('actionProbabilities needs a Discrete action space', 'actionSpace');
    const inputs = this.encode(observations);
    const batch = this.batchOf(inputs, this.inputSize);
    const n = this.action.n;
    const out = new Float32Array(batch * n);
    this.actor.forward(inputs, batch, out);
    for (let r = 0; r < batch; r++) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, out[r * n + j]!);
      let s = 0;
      for (let j = 0; j < n; j++) s += out[r * n + j] = Math.exp(out[r * n + j]! - max);
      for (let j = 0; j < n; j++) out[r * n + j] = out[r * n + j]! / s;
    }
    return out;
  }
}
