/**
 * VectorNormalizeReward: NormalizeReward over a VectorEnv, exactly SB3's VecNormalize
 * reward path (`vec_normalize.py`, `step_wait`):
 *
 *   G_i ← γ·G_i + r_i                 for every sub-env i
 *   update running var with the batch (G_0 … G_{N−1})   (one Chan merge of N values)
 *   r̃_i = clip(r_i / sqrt(var_G + ε), −clip, clip)
 *   G_i ← 0 where sub-env i terminated or truncated      (its next step starts a new episode)
 *
 * With `frozen`, G and the statistics stay fixed. The rewards buffer is owned by the
 * wrapper (allocation-free).
 */
import type { BatchedActions, VectorEnv, VectorInfo, VectorResetOptions, VectorStepResult } from '../vector/vector-env.js';
import { RunningMeanStd } from '../running-stats.js';
import { VectorWrapper } from './vector-wrapper.js';
import { positive } from './normalize-observation.js';
import { checkGamma, type NormalizeRewardOptions, type NormalizeRewardState } from './normalize-reward.js';

export class VectorNormalizeReward extends VectorWrapper {
  readonly gamma: number;
  readonly clip: number;
  readonly epsilon: number;
  readonly stats = new RunningMeanStd(1);
  /** When true, neither the discounted returns nor the statistics are updated. */
  frozen = false;
  /** Per sub-env discounted return G_i of the current episode. */
  readonly returns: Float64Array;
  private readonly rewards: Float64Array;
  private readonly result: VectorStepResult;

  constructor(env: VectorEnv, options: NormalizeRewardOptions = {}) {
    super(env);
    this.gamma = checkGamma(options.gamma ?? 0.99);
    this.clip = positive(options.clip ?? 10, 'clip');
    this.epsilon = positive(options.epsilon ?? 1e-8, 'epsilon');
    this.returns = new Float64Array(env.numEnvs);
    this.rewards = new Float64Array(env.numEnvs);
    this.result = {
      observations: new Float32Array(0),
      rewards: this.rewards,
      terminations: new Uint8Array(0),
      truncations: new Uint8Array(0),
      infos: {},
    };
  }

  override reset(options?: VectorResetOptions): { observations: Float32Array; infos: VectorInfo } {
    this.returns.fill(0);
    return this.env.reset(options);
  }

  override step(actions: BatchedActions): VectorStepResult {
    const r = this.env.step(actions);
    const n = this.numEnvs;
    if (!this.frozen) {
      for (let i = 0; i < n; i++) this.returns[i] = this.returns[i]! * this.gamma + r.rewards[i]!;
      this.stats.update(this.returns, n);
    }
    const scale = 1 / Math.sqrt(this.stats.var[0]! + this.epsilon);
    for (let i = 0; i < n; i++) {
      const x = r.rewards[i]! * scale;
      this.rewards[i] = x > this.clip ? this.clip : x < -this.clip ? -this.clip : x;
      if (r.terminations[i] || r.truncations[i]) this.returns[i] = 0;
    }
    const res = this.result;
    res.observations = r.observations;
    res.terminations = r.terminations;
    res.truncations = r.truncations;
    res.infos = r.infos;
    return res;
  }

  getState(): NormalizeRewardState {
    return { returnStats: this.stats.getState() };
  }

  setState(state: NormalizeRewardState): void {
    this.stats.setState(state?.returnStats, 'returnStats');
  }
}
