/**
 * VectorScaleReward: multiplies every reward of a VectorEnv by a constant, r̃ = scale·r.
 *
 * For rewards whose magnitude is known in advance and spans orders of magnitude (the Ernst
 * HIV reward runs from ≈ 10⁴ to ≈ 3.5·10⁸ per step), a fixed scale keeps value targets in
 * a trainable range without the moving target of running statistics
 * ({@link VectorNormalizeReward}) and without clipping: it changes no preference between
 * policies (any positive constant leaves the argmax of the expected return unchanged).
 * Observations, terminations, truncations and infos pass through; the rewards buffer is
 * owned by the wrapper (allocation-free, valid until the next step).
 */
import { InputError } from '../../core/errors.js';
import type { BatchedActions, VectorEnv, VectorStepResult } from '../vector/vector-env.js';
import { VectorWrapper } from './vector-wrapper.js';

export class VectorScaleReward extends VectorWrapper {
  readonly scale: number;
  private readonly rewards: Float64Array;
  private readonly result: VectorStepResult;

  constructor(env: VectorEnv, scale: number) {
    super(env);
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
      throw new InputError(`reward scale must be a finite number > 0, got ${String(scale)}`, 'scale');
    }
    this.scale = scale;
    this.rewards = new Float64Array(env.numEnvs);
    this.result = { observations: new Float32Array(0), rewards: this.rewards, terminations: new Uint8Array(0), truncations: new Uint8Array(0), infos: {} };
  }

  override step(actions: BatchedActions): VectorStepResult {
    const r = this.env.step(actions);
    for (let i = 0; i < this.rewards.length; i++) this.rewards[i] = r.rewards[i]! * this.scale;
    const res = this.result;
    res.observations = r.observations;
    res.terminations = r.terminations;
    res.truncations = r.truncations;
    res.infos = r.infos;
    return res;
  }
}
