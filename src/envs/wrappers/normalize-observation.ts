/**
 * NormalizeObservation: observations standardised by running statistics,
 * `clip((obs − mean) / sqrt(var + ε), −clip, clip)`, as SB3's VecNormalize (clip 10,
 * ε 1e-8) and Gymnasium's NormalizeObservation.
 *
 * Statistics (see running-stats.ts) are updated with every observation returned by
 * `reset` and `step` *before* it is normalised, unless `frozen` is true. For evaluation,
 * load the training statistics with `setState` and set `frozen = true` so they stay fixed.
 *
 * Needs a Box observation space; the wrapper's space is Box(−∞, ∞) of the same shape and
 * dtype.
 */
import { InputError } from '../../core/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box, type BoxArray } from '../spaces/box.js';
import { RunningMeanStd, type RunningStatsState } from '../running-stats.js';
import { Wrapper, envName } from './wrapper.js';

export interface NormalizeObservationOptions {
  /** Clip normalised values to ±clip (default 10). */
  clip?: number;
  /** Added to the variance before the square root (default 1e-8). */
  epsilon?: number;
}

/** Saved statistics of an observation normaliser. */
export interface NormalizeObservationState {
  obsStats: RunningStatsState;
}

export class NormalizeObservation<A extends BoxArray = Float32Array, Act = unknown> extends Wrapper<A, Act> {
  readonly clip: number;
  readonly epsilon: number;
  readonly stats: RunningMeanStd;
  /** When true, statistics are not updated (evaluation). */
  frozen = false;
  private readonly space: Box<A>;

  constructor(env: Env<A, Act>, options: NormalizeObservationOptions = {}) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) {
      throw new InputError(`NormalizeObservation needs a Box observation space; ${envName(env)} has ${String(inner)}`, 'observationSpace');
    }
    this.clip = positive(options.clip ?? 10, 'clip');
    this.epsilon = positive(options.epsilon ?? 1e-8, 'epsilon');
    this.stats = new RunningMeanStd(inner.size);
    this.space = new Box(-Infinity, Infinity, inner.shape, inner.dtype) as Box<A>;
  }

  override get observationSpace(): Box<A> {
    return this.space;
  }

  override reset(options?: ResetOptions): ResetResult<A> {
    const result = this.env.reset(options);
    return { ...result, observation: this.observe(result.observation) };
  }

  override step(action: Act): StepResult<A> {
    const result = this.env.step(action);
    return { ...result, observation: this.observe(result.observation) };
  }

  /** Normalise `obs` with the current statistics (no update). */
  normalize(obs: ArrayLike<number>): A {
    const out = this.space.create();
    const { mean, var: variance } = this.stats;
    for (let j = 0; j < out.length; j++) {
      const z = (obs[j]! - mean[j]!) / Math.sqrt(variance[j]! + this.epsilon);
      out[j] = z > this.clip ? this.clip : z < -this.clip ? -this.clip : z;
    }
    return out;
  }

  getState(): NormalizeObservationState {
    return { obsStats: this.stats.getState() };
  }

  setState(state: NormalizeObservationState): void {
    this.stats.setState(state?.obsStats, 'obsStats');
  }

  private observe(obs: A): A {
    if (!this.frozen) this.stats.update(obs, 1);
    return this.normalize(obs);
  }
}

export function positive(x: number, field: string): number {
  if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x)) throw new InputError(`${field} must be a positive number, got ${String(x)}`, field);
  return x;
}
