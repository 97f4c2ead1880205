/**
 * NormalizeReward: rewards divided by the running standard deviation of the *discounted
 * return*, as SB3's VecNormalize (not the std of the rewards themselves):
 *
 *   G ← γ·G + r                    (per episode, G = 0 at reset and after the episode ends)
 *   update running var with G
 *   r̃ = clip(r / sqrt(var_G + ε), −clip, clip)     (clip 10, ε 1e-8, γ 0.99 by default)
 *
 * The mean is not subtracted (that would change the optimal policy). With `frozen` set,
 * neither G nor the statistics are updated (SB3's `training = False`): load training
 * statistics with `setState` for evaluation.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../core.js';
import { InputError } from '../../core/errors.js';
import { RunningMeanStd, type RunningStatsState } from '../running-stats.js';
import { Wrapper } from './wrapper.js';
import { positive } from './normalize-observation.js';

export interface NormalizeRewardOptions {
  /** Discount of the return whose std scales rewards (default 0.99). */
  gamma?: number;
  /** Clip scaled rewards to ±clip (default 10). */
  clip?: number;
  /** Added to the variance before the square root (default 1e-8). */
  epsilon?: number;
}

/** Saved statistics of a reward normaliser. */
export interface NormalizeRewardState {
  returnStats: RunningStatsState;
}

export class NormalizeReward<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  readonly gamma: number;
  readonly clip: number;
  readonly epsilon: number;
  /** Running statistics of the discounted return (dim 1). */
  readonly stats = new RunningMeanStd(1);
  /** When true, neither the discounted return nor the statistics are updated. */
  frozen = false;
  /** The discounted return G of the current episode. */
  discountedReturn = 0;
  private readonly cell = new Float64Array(1);

  constructor(env: Env<Obs, Act>, options: NormalizeRewardOptions = {}) {
    super(env);
    this.gamma = checkGamma(options.gamma ?? 0.99);
    this.clip = positive(options.clip ?? 10, 'clip');
    this.epsilon = positive(options.epsilon ?? 1e-8, 'epsilon');
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    this.discountedReturn = 0;
    return this.env.reset(options);
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    if (!this.frozen) {
      this.discountedReturn = this.discountedReturn * this.gamma + result.reward;
      this.cell[0] = this.discountedReturn;
      this.stats.update(this.cell, 1);
    }
    const reward = this.normalize(result.reward);
    if (result.terminated || result.truncated) this.discountedReturn = 0;
    return { ...result, reward };
  }

  /** Scale a reward with the current statistics (no update). */
  normalize(reward: number): number {
    const r = reward / Math.sqrt(this.stats.var[0]! + this.epsilon);
    return r > this.clip ? this.clip : r < -this.clip ? -this.clip : r;
  }

  getState(): NormalizeRewardState {
    return { returnStats: this.stats.getState() };
  }

  setState(state: NormalizeRewardState): void {
    this.stats.setState(state?.returnStats, 'returnStats');
  }
}

export function checkGamma(gamma: number): number {
  if (typeof gamma !== 'number' || !(gamma >= 0 && gamma <= 1)) throw new InputError(`gamma must be in [0, 1], got ${String(gamma)}`, 'gamma');
  return gamma;
}
