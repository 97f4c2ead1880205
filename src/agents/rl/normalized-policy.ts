/**
 * Observation normalisation at acting time (SB3 VecNormalize with frozen statistics): the
 * one formula, z = clip((x − mean)/√(var + ε), ±clip) per feature in float64 rounded to
 * float32 — the {@link VectorNormalizeObservation} wrapper's own (`normalizeInto`), so a
 * policy sees bit-identical inputs to those it trained on — and the two policies that
 * apply it to raw env observations:
 *
 * - {@link NormalizedActorCriticPolicy}: PPO's. An ActorCriticPolicy whose `encode`
 *   normalises, so training code and callbacks keep using it as an ActorCriticPolicy.
 *   During training `stats` are the wrapper's live arrays; at the end PPO freezes the
 *   wrapper and hands the policy a copy.
 * - {@link NormalizedObservationPolicy}: any other policy trained on normalised
 *   observations (DQN's QPolicy, SAC's SquashedGaussianPolicy), wrapped.
 *
 * Both are what agents/checkpoint.ts saves into and rebuilds from a checkpoint's
 * `normalization` slot.
 */
import { InputError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import type { BatchedActions, VectorInfo } from '../../envs/vector/vector-env.js';
import type { Policy } from '../policy.js';
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

/** Normalised rows of raw observation rows into `out` (same length). */
export function normalizeObservationsInto(n: ObservationNormalization, observations: Float32Array, out: Float32Array): Float32Array {
  const { mean, var: variance, clip, epsilon } = n;
  const d = mean.length;
  if (observations.length % d !== 0) throw new InputError(`observations length ${observations.length} is not a multiple of ${d}`, 'observations');
  for (let k = 0; k < observations.length; k++) {
    const j = k % d;
    const z = (observations[k]! - mean[j]!) / Math.sqrt(variance[j]! + epsilon);
    out[k] = z > clip ? clip : z < -clip ? -clip : z;
  }
  return out;
}

function checkNormalization(observation: ObservationSpec, n: ObservationNormalization): void {
  if (observation.kind !== 'flat' || n.mean.length !== observation.size || n.var.length !== observation.size) {
    throw new InputError(`observation normalisation needs flat observations of size ${n.mean.length}`, 'normalization');
  }
}

/** A growable scratch buffer: a view of `length` floats. */
class Scratch {
  private buffer = new Float32Array(0);

  view(length: number): Float32Array {
    if (this.buffer.length < length) this.buffer = new Float32Array(length);
    return this.buffer.subarray(0, length);
  }
}

export class NormalizedActorCriticPolicy extends ActorCriticPolicy {
  normalization: ObservationNormalization;
  private readonly scratch = new Scratch();

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
    checkNormalization(observation, normalization);
    this.normalization = normalization;
  }

  /** Normalised network inputs for raw observation rows (internal buffer, valid until the next call). */
  override encode(observations: Float32Array): Float32Array {
    return normalizeObservationsInto(this.normalization, observations, this.scratch.view(observations.length));
  }
}

/** A policy that acts on raw observations by normalising them for an inner policy. */
export class NormalizedObservationPolicy<P extends Policy & { readonly observation: ObservationSpec } = Policy & { readonly observation: ObservationSpec }> implements Policy {
  readonly name: string;
  private readonly scratch = new Scratch();

  constructor(
    readonly inner: P,
    readonly normalization: ObservationNormalization,
  ) {
    checkNormalization(inner.observation, normalization);
    this.name = inner.name;
  }

  get observation(): ObservationSpec {
    return this.inner.observation;
  }

  reset(mask?: Uint8Array): void {
    this.inner.reset(mask);
  }

  act(observations: Float32Array, infos: VectorInfo, options?: { deterministic?: boolean }): BatchedActions {
    return this.inner.act(normalizeObservationsInto(this.normalization, observations, this.scratch.view(observations.length)), infos, options);
  }
}
