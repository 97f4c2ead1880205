/**
 * LinUCB with disjoint linear models (Li, Chu, Langford & Schapire 2010, "A contextual-bandit
 * approach to personalized news article recommendation", Algorithm 1).
 *
 * Per arm a: A_a = λI + Σ x xᵀ, b_a = Σ r x, θ̂_a = A_a⁻¹ b_a. Choose
 *
 *     argmax_a  θ̂_aᵀx + α √(xᵀ A_a⁻¹ x)          (ties: the lowest index)
 *
 * A_a⁻¹ is maintained directly by the Sherman–Morrison rank-one update
 *
 *     (A + x xᵀ)⁻¹ = A⁻¹ − (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x)
 *
 * (A⁻¹ is symmetric), O(d²) per update and no allocation after construction: no matrix
 * is ever inverted. {@link PerArmRidge} holds this state and is shared with linear
 * Thompson sampling.
 */
import { InputError } from '../../core/errors.js';
import { argmaxArm, checkArm, type BanditAgent } from './bandit-env.js';

/** Per-arm ridge-regression state (A⁻¹, b, θ̂) updated by Sherman–Morrison. */
export class PerArmRidge {
  readonly nArms: number;
  readonly dim: number;
  /** Row-major d×d A_a⁻¹ per arm. */
  readonly aInv: Float64Array[];
  readonly b: Float64Array[];
  /** θ̂_a = A_a⁻¹ b_a, kept current after each update. */
  readonly theta: Float64Array[];
  /** Scratch: A⁻¹x. */
  private readonly u: Float64Array;

  constructor(nArms: number, dim: number, lambda = 1) {
    if (!Number.isInteger(nArms) || nArms < 1) throw new InputError(`nArms must be a positive integer, got ${nArms}`, 'nArms');
    if (!Number.isInteger(dim) || dim < 1) throw new InputError(`context dimension must be a positive integer, got ${dim}`, 'dim');
    if (!(lambda > 0)) throw new InputError(`ridge λ must be positive, got ${lambda}`, 'lambda');
    this.nArms = nArms;
    this.dim = dim;
    this.aInv = Array.from({ length: nArms }, () => {
      const m = new Float64Array(dim * dim);
      for (let i = 0; i < dim; i++) m[i * dim + i] = 1 / lambda; // (λI)⁻¹
      return m;
    });
    this.b = Array.from({ length: nArms }, () => new Float64Array(dim));
    this.theta = Array.from({ length: nArms }, () => new Float64Array(dim));
    this.u = new Float64Array(dim);
  }

  /** θ̂_aᵀx. */
  mean(arm: number, x: Float64Array): number {
    const th = this.theta[arm]!;
    let s = 0;
    for (let j = 0; j < this.dim; j++) s += th[j]! * x[j]!;
    return s;
  }

  /** xᵀ A_a⁻¹ x (the squared width of the confidence ellipsoid along x). */
  quadraticForm(arm: number, x: Float64Array): number {
    const m = this.aInv[arm]!;
    const d = this.dim;
    let s = 0;
    for (let i = 0; i < d; i++) {
      let row = 0;
      for (let j = 0; j < d; j++) row += m[i * d + j]! * x[j]!;
      s += x[i]! * row;
    }
    return s;
  }

  /** Add (x, r) to arm a: Sherman–Morrison on A⁻¹, b += r x, θ̂ = A⁻¹ b. */
  update(arm: number, x: Float64Array, r: number): void {
    checkArm(arm, this.nArms);
    if (x.length !== this.dim) throw new InputError(`context has length ${x.length}, expected ${this.dim}`, 'context');
    if (!Number.isFinite(r)) throw new InputError(`reward must be finite, got ${r}`, 'reward');
    const m = this.aInv[arm]!;
    const d = this.dim;
    const u = this.u;
    let denom = 1;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += m[i * d + j]! * x[j]!;
      u[i] = s;
      denom += x[i]! * s;
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m[i * d + j] = m[i * d + j]! - (u[i]! * u[j]!) / denom;
    const b = this.b[arm]!;
    for (let j = 0; j < d; j++) b[j] = b[j]! + r * x[j]!;
    const th = this.theta[arm]!;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += m[i * d + j]! * b[j]!;
      th[i] = s;
    }
  }
}

export interface LinUcbOptions {
  nArms: number;
  contextDim: number;
  /** Exploration width α (Li et al.: α = 1 + √(ln(2/δ)/2); smaller is common in practice). Default 1. */
  alpha?: number;
  /** Ridge λ of A = λI + Σ x xᵀ (default 1, as the paper's identity initialisation). */
  lambda?: number;
}

export class LinUcb implements BanditAgent {
  readonly name = 'linucb';
  readonly nArms: number;
  readonly alpha: number;
  readonly model: PerArmRidge;

  constructor(options: LinUcbOptions) {
    this.alpha = options.alpha ?? 1;
    if (!(this.alpha >= 0)) throw new InputError(`LinUCB alpha must be ≥ 0, got ${options.alpha}`, 'alpha');
    this.model = new PerArmRidge(options.nArms, options.contextDim, options.lambda ?? 1);
    this.nArms = options.nArms;
  }

  /** Upper confidence bound of each arm for x. */
  ucb(x: Float64Array, arm: number): number {
    return this.model.mean(arm, x) + this.alpha * Math.sqrt(Math.max(0, this.model.quadraticForm(arm, x)));
  }

  select(x: Float64Array): number {
    return argmaxArm(this.nArms, (a) => this.ucb(x, a));
  }

  update(x: Float64Array, arm: number, reward: number): void {
    this.model.update(arm, x, reward);
  }
}
