/**
 * On-policy rollout storage (SB3 `RolloutBuffer`), time-major: entry `t * nEnvs + i` is
 * sub-env i at step t. Preallocated once; `reset()` rewinds it for the next rollout.
 *
 * Actions are stored as the policy produced them: Discrete indices, or **unclipped** Box
 * samples (clipping happens only on the copy sent to the env, so log-probs stay
 * consistent with the stored action).
 */
import { StateError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import { computeGae } from './gae.js';

export class RolloutBuffer {
  readonly size: number;
  readonly observations: Float32Array;
  /** Discrete: [size] action indices; Box: [size × actionDim]. */
  readonly actions: Int32Array | Float32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
  readonly rewards: Float32Array;
  readonly terminations: Uint8Array;
  readonly truncations: Uint8Array;
  /** V(finalObservation) for truncated steps (0 elsewhere). */
  readonly bootstrapValues: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
  private pos = 0;

  constructor(
    readonly nSteps: number,
    readonly nEnvs: number,
    readonly obsSize: number,
    /** 0 for Discrete (one index per entry), else the Box action dimension. */
    readonly actionDim: number,
  ) {
    this.size = nSteps * nEnvs;
    this.observations = new Float32Array(this.size * obsSize);
    this.actions = actionDim === 0 ? new Int32Array(this.size) : new Float32Array(this.size * actionDim);
    this.logProbs = new Float32Array(this.size);
    this.values = new Float32Array(this.size);
    this.rewards = new Float32Array(this.size);
    this.terminations = new Uint8Array(this.size);
    this.truncations = new Uint8Array(this.size);
    this.bootstrapValues = new Float32Array(this.size);
    this.advantages = new Float32Array(this.size);
    this.returns = new Float32Array(this.size);
  }

  get full(): boolean {
    return this.pos === this.nSteps;
  }

  reset(): void {
    this.pos = 0;
    this.bootstrapValues.fill(0);
  }

  /** The current step index t (where the next `add` writes). */
  get step(): number {
    return this.pos;
  }

  /** Record the policy side of step t: observations acted on, actions, log-probs, values. */
  addPolicyStep(obs: Float32Array, actions: Int32Array | Float32Array, logProbs: Float32Array, values: Float32Array): void {
    if (this.pos >= this.nSteps) throw new StateError('RolloutBuffer is full: call reset() after computing advantages');
    const n = this.nEnvs;
    this.observations.set(obs.subarray(0, n * this.obsSize), this.pos * n * this.obsSize);
    const aw = this.actionDim === 0 ? 1 : this.actionDim;
    this.actions.set(actions.subarray(0, n * aw), this.pos * n * aw);
    this.logProbs.set(logProbs.subarray(0, n), this.pos * n);
    this.values.set(values.subarray(0, n), this.pos * n);
  }

  /** Record the env side of step t and advance. */
  addEnvStep(rewards: ArrayLike<number>, terminations: Uint8Array, truncations: Uint8Array): void {
    const o = this.pos * this.nEnvs;
    for (let i = 0; i < this.nEnvs; i++) this.rewards[o + i] = rewards[i]!;
    this.terminations.set(terminations.subarray(0, this.nEnvs), o);
    this.truncations.set(truncations.subarray(0, this.nEnvs), o);
    this.pos++;
  }

  /** Set V(finalObservation) of sub-env i at the last added step (truncation bootstrap). */
  setBootstrapValue(i: number, value: number): void {
    this.bootstrapValues[(this.pos - 1) * this.nEnvs + i] = value;
  }

  computeReturnsAndAdvantages(lastValues: Float32Array, gamma: number, lambda: number): void {
    if (!this.full) throw new StateError(`RolloutBuffer holds ${this.pos} of ${this.nSteps} steps`);
    computeGae(
      {
        nSteps: this.nSteps,
        nEnvs: this.nEnvs,
        rewards: this.rewards,
        values: this.values,
        terminations: this.terminations,
        truncations: this.truncations,
        bootstrapValues: this.bootstrapValues,
        lastValues,
        gamma,
        lambda,
      },
      this.advantages,
      this.returns,
    );
  }

  /** A fresh random permutation of [0, size) for minibatching (SB3 shuffles all n_steps×n_envs). */
  permutation(rng: RandomStream, out = new Int32Array(this.size)): Int32Array {
    for (let k = 0; k < this.size; k++) out[k] = k;
    for (let k = this.size - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      const tmp = out[k]!;
      out[k] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }
}
