/**
 * Linear Thompson sampling (Agrawal & Goyal 2013, "Thompson sampling for contextual bandits
 * with linear payoffs", Algorithm 1), with one linear model per arm (disjoint, as LinUCB).
 *
 * Per arm a: B_a = λI + Σ x xᵀ, μ̂_a = B_a⁻¹ f_a with f_a = Σ r x. Each round draws
 * θ̃_a ~ N(μ̂_a, v² B_a⁻¹) and plays argmax_a xᵀθ̃_a.
 *
 * Sampling shortcut: only the scalar xᵀθ̃_a is used, and for θ̃ ~ N(μ, v²B⁻¹) it is exactly
 * N(xᵀμ, v² xᵀB⁻¹x); the arms' draws are independent. So one normal per arm replaces a
 * d-dimensional Cholesky draw, with the same distribution of the chosen arm.
 *
 * `v`: the paper's v = R√(24/ε · d ln(1/δ)) gives the regret bound but explores far too much
 * in practice; the default here is v = 1 (a common practical choice, scale it to the reward
 * noise R). All draws come from the given {@link RandomStream}: same seed, same arms.
 */
import { InputError } from '../../core/errors.js';
import type { RandomStream } from '../../core/random.js';
import { argmaxArm, type BanditAgent } from './bandit-env.js';
import { PerArmRidge } from './linucb.js';

export interface LinearThompsonOptions {
  nArms: number;
  contextDim: number;
  /** Posterior scale v (default 1). */
  v?: number;
  /** Ridge λ of B = λI + Σ x xᵀ (default 1). */
  lambda?: number;
  /** Stream the posterior draws come from. */
  rng: RandomStream;
}

export class LinearThompson implements BanditAgent {
  readonly name = 'linear-thompson';
  readonly nArms: number;
  readonly v: number;
  readonly model: PerArmRidge;
  private readonly rng: RandomStream;

  constructor(options: LinearThompsonOptions) {
    this.v = options.v ?? 1;
    if (!(this.v >= 0)) throw new InputError(`Thompson sampling v must be ≥ 0, got ${options.v}`, 'v');
    this.model = new PerArmRidge(options.nArms, options.contextDim, options.lambda ?? 1);
    this.nArms = options.nArms;
    this.rng = options.rng;
  }

  select(x: Float64Array): number {
    // One draw of xᵀθ̃_a ~ N(xᵀμ̂_a, v² xᵀB_a⁻¹x) per arm, in arm order.
    return argmaxArm(this.nArms, (a) => this.model.mean(a, x) + this.v * Math.sqrt(Math.max(0, this.model.quadraticForm(a, x))) * this.rng.normal());
  }

  update(x: Float64Array, arm: number, reward: number): void {
    this.model.update(arm, x, reward);
  }
}
