/**
 * Contextual bandits: the env contract, the agent contract, and a synthetic linear bandit.
 *
 * A {@link BanditEnv} is a sequence of rounds t = 0, 1, …: each shows a context vector
 * x_t ∈ ℝ^d, the agent picks one of K arms and observes that arm's reward only. Envs are
 * *pure functions of t* (contexts and reward noise come from streams forked by round), so
 * two agents run on the same env face the same patients and the same noise (common random
 * numbers). Envs that know the expected rewards expose them for regret.
 *
 * This is not a Gymnasium env (no state carries over between rounds); bandit agents are
 * agents, and envs made for them live next to them.
 */
import { InputError } from '../../core/errors.js';
import { RandomStream } from '../../core/random.js';

export interface BanditEnv {
  readonly nArms: number;
  readonly contextDim: number;
  /** Number of rounds available (e.g. patients in a cohort); Infinity when unbounded. */
  readonly horizon: number;
  /** Optional arm labels for reports, e.g. ['low', 'medium', 'high']. */
  readonly armNames?: readonly string[];
  /** The context of round t, written into `out` (length contextDim). */
  context(t: number, out: Float64Array): Float64Array;
  /** The observed reward of `arm` at round t (deterministic in t and arm). */
  reward(t: number, arm: number): number;
  /** Expected reward of every arm at round t into `out` (length nArms), for regret. */
  expectedRewards?(t: number, out: Float64Array): Float64Array;
}

/** A contextual bandit algorithm: pick an arm for a context, learn from its reward. */
export interface BanditAgent {
  readonly name: string;
  readonly nArms: number;
  select(context: Float64Array): number;
  update(context: Float64Array, arm: number, reward: number): void;
}

/** Check an arm index against K arms. */
export function checkArm(arm: number, nArms: number): void {
  if (!Number.isInteger(arm) || arm < 0 || arm >= nArms) throw new InputError(`arm must be an integer in [0, ${nArms - 1}], got ${arm}`, 'arm');
}

/** The arm with the highest `score(a)` (the lowest index on ties). */
export function argmaxArm(nArms: number, score: (arm: number) => number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let a = 0; a < nArms; a++) {
    const v = score(a);
    if (v > bestValue) {
      bestValue = v;
      best = a;
    }
  }
  return best;
}

export interface LinearBanditOptions {
  /** θ_a per arm (K arrays of length d): expected reward x·θ_a. */
  theta: readonly (readonly number[])[];
  /** Standard deviation of the Gaussian reward noise (default 0.1). */
  noiseSd?: number;
  /** Seed of the context and noise streams. */
  seed: number;
  /** Number of rounds (default Infinity). */
  horizon?: number;
}

/**
 * Disjoint linear bandit with known parameters: contexts x_t ~ N(0, I_d) scaled to unit
 * length, reward of arm a = x_t·θ_a + N(0, noiseSd²). The oracle for LinUCB's tests.
 */
export class LinearBanditEnv implements BanditEnv {
  readonly nArms: number;
  readonly contextDim: number;
  readonly horizon: number;
  private readonly theta: Float64Array[];
  private readonly noiseSd: number;
  private readonly contexts: RandomStream;
  private readonly noise: RandomStream;

  constructor(options: LinearBanditOptions) {
    if (options.theta.length < 2) throw new InputError('a linear bandit needs at least 2 arms', 'theta');
    this.nArms = options.theta.length;
    this.contextDim = options.theta[0]!.length;
    if (options.theta.some((t) => t.length !== this.contextDim)) throw new InputError('every θ_a must have the same length', 'theta');
    this.theta = options.theta.map((t) => Float64Array.from(t));
    this.noiseSd = options.noiseSd ?? 0.1;
    this.horizon = options.horizon ?? Infinity;
    const root = RandomStream.fromSeed(options.seed);
    this.contexts = root.fork('contexts');
    this.noise = root.fork('reward-noise');
  }

  context(t: number, out: Float64Array): Float64Array {
    const rng = this.contexts.fork(t);
    let norm = 0;
    for (let j = 0; j < this.contextDim; j++) {
      out[j] = rng.normal();
      norm += out[j]! * out[j]!;
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < this.contextDim; j++) out[j] = out[j]! / norm;
    return out;
  }

  expectedRewards(t: number, out: Float64Array): Float64Array {
    const x = this.context(t, new Float64Array(this.contextDim));
    for (let a = 0; a < this.nArms; a++) {
      let s = 0;
      for (let j = 0; j < this.contextDim; j++) s += x[j]! * this.theta[a]![j]!;
      out[a] = s;
    }
    return out;
  }

  reward(t: number, arm: number): number {
    checkArm(arm, this.nArms);
    const mean = this.expectedRewards(t, new Float64Array(this.nArms))[arm]!;
    return mean + this.noiseSd * this.noise.fork(t).fork(arm).normal();
  }
}
