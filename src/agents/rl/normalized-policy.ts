/**
 * An {@link ActorCriticPolicy} that normalises raw observations itself, with the
 * statistics of a {@link VectorNormalizeObservation} wrapper (SB3 VecNormalize): what PPO
 * returns when trained with `normalizeObservation`, and what `loadPolicy` rebuilds from
 * a checkpoint's `normalization` slot. It acts on *raw* env observations.
 *
 * During training `stats` are the wrapper's live arrays (so evaluation callbacks on raw
 * envs see the current statistics); at the end PPO freezes the wrapper and hands the
 * policy a copy. The formula and float64 arithmetic are the wrapper's own
 * (`normalizeInto`), so the policy sees bit-identical inputs to those it trained on.
 */
import { InputError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import type { ActionSpec, ObservationSpec } from './action-space.js';
import { ActorCriticPolicy, type ActorCriticWeights } from './actor-critic-policy.js';

/** Observation-normalisation statistics: z = clip((x − mean)/√(var + ε), ±clip). */
export interface ObservationNormalization {
  mean: Float64Array;
  var: Float64Array;
  /** Running count (kept for resuming; not used to normalise). */
  count: number;
  clip: number;
  epsilon: number;
}

export class NormalizedActorCriticPolicy extends ActorCriticPolicy {
  normalization: ObservationNormalization;
  private normalized = new Float32Array(0);

  constructor(
    weights: ActorCriticWeights,
    observation: ObservationSpec,
    action: ActionSpec,
    rng: RandomStream,
    normalization: ObservationNormalization,
    name = 'ppo',
    maxBatch = 1,
  ) {
    super(weights, observation, action, rng, name, maxBatch);
    if (observation.kind !== 'flat' || normalization.mean.length !== observation.size || normalization.var.length !== observation.size) {
      throw new InputError(`observation normalisation needs flat observations of size ${normalization.mean.length}`, 'normalization');
    }
    this.normalization = normalization;
  }

  /** Normalised network inputs for raw observation rows (internal buffer, valid until the next call). */
  override encode(observations: Float32Array): Float32Array {
    const { mean, var: variance, clip, epsilon } = this.normalization;
    const d = mean.length;
    if (observations.length % d !== 0) throw new InputError(`observations length ${observations.length} is not a multiple of ${d}`, 'observations');
    if (this.normalized.length < observations.length) this.normalized = new Float32Array(observations.length);
    const out = this.normalized.subarray(0, observations.length);
    for (let k = 0; k < observations.length; k++) {
      const j = k % d;
      const z = (observations[k]! - mean[j]!) / Math.sqrt(variance[j]! + epsilon);
      out[k] = z > clip ? clip : z < -clip ? -clip : z;
    }
    return out;
  }
}
