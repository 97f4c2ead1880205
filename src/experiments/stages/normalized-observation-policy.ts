/**
 * A policy that normalises raw observations with frozen statistics before handing them to
 * an inner policy trained on normalised observations (SB3 VecNormalize at evaluation time):
 * z = clip((x − mean) / √(var + ε), ±clip), the formula of VectorNormalizeObservation.
 * Used for DQN, whose trainer has no normalisation of its own (PPO's policies carry theirs).
 */
import type { Policy } from '../../agents/policy.js';
import type { BatchedActions, VectorInfo } from '../../envs/vector/vector-env.js';

/** Frozen normalisation statistics, JSON-friendly. */
export interface ObservationStats {
  mean: number[];
  var: number[];
  clip: number;
  epsilon: number;
}

export class NormalizedObservationPolicy implements Policy {
  readonly name: string;
  private buffer = new Float32Array(0);

  constructor(
    private readonly inner: Policy,
    readonly stats: ObservationStats,
  ) {
    this.name = inner.name;
  }

  reset(mask?: Uint8Array): void {
    this.inner.reset(mask);
  }

  act(observations: Float32Array, infos: VectorInfo, options?: { deterministic?: boolean }): BatchedActions {
    const { mean, var: variance, clip, epsilon } = this.stats;
    const d = mean.length;
    if (this.buffer.length !== observations.length) this.buffer = new Float32Array(observations.length);
    for (let k = 0; k < observations.length; k++) {
      const j = k % d;
      const z = (observations[k]! - mean[j]!) / Math.sqrt(variance[j]! + epsilon);
      this.buffer[k] = z > clip ? clip : z < -clip ? -clip : z;
    }
    return this.inner.act(this.buffer, infos, options);
  }
}
