/**
 * Adam (Kingma & Ba 2015) and global-norm gradient clipping over flat typed-array
 * parameter/gradient pairs (e.g. {@link TrainableMlp}'s float32 `params`/`grads`; the
 * moments and the norm are kept in float64), allocation-free after construction. Checked against `tf.train.adam` (test/agents/nn/adam.test.ts).
 *
 * The update is the one torch.optim.Adam and tfjs's AdamOptimizer both compute:
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   p ← p − lr · m̂ / (√v̂ + ε),  m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)
 * Note ε is added to √v̂ (bias-corrected), not to √v: torch writes it as
 * `denom = √v/√(1−β2ᵗ) + ε; p −= lr/(1−β1ᵗ) · m/denom`, which is the same thing.
 */
import { InputError } from '../../core/errors.js';
import { adamUpdateScalar, type MlpKernel } from './kernel.js';

/** One parameter tensor (flat) and its gradient, same length (float32 or float64). */
export interface ParamGroup {
  params: Float32Array | Float64Array;
  grads: Float32Array | Float64Array;
  /**
   * Optional: float32 moment buffers and the kernel that owns them and `params`/`grads`
   * (TrainableMlp.paramGroup()): the update then runs as one kernel call (WebAssembly
   * SIMD) with float32 moments, as torch.optim.Adam; otherwise in TypeScript with
   * float64 moments.
   */
  kernel?: { ops: MlpKernel; m: Float32Array; v: Float32Array };
}

export interface AdamOptions {
  /** Step size (mutable later through `lr`). */
  lr: number;
  /** First-moment decay β1. */
  beta1?: number;
  /** Second-moment decay β2. */
  beta2?: number;
  /** ε added to √v̂ (torch 1e-8; CleanRL/our PPO 1e-5). */
  eps?: number;
}

export class Adam {
  /** Current learning rate; set it before `step` for schedules. */
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** Steps taken (t in the bias corrections). */
  t = 0;
  private readonly groups: ParamGroup[];
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];

  constructor(groups: ParamGroup[], options: AdamOptions) {
    for (const [i, g] of groups.entries()) {
      if (g.params.length !== g.grads.length) throw new InputError(`Adam: group ${i} has ${g.params.length} params but ${g.grads.length} grads`, 'groups');
    }
    this.groups = groups;
    this.lr = options.lr;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.m = groups.map((g) => new Float64Array(g.kernel ? 0 : g.params.length));
    this.v = groups.map((g) => new Float64Array(g.kernel ? 0 : g.params.length));
  }

  /** Apply one update from the groups' current gradients. */
  step(): void {
    this.t++;
    // torch's form: p −= (lr / bc1) · m / (√v / √bc2 + ε), one division per parameter.
    const stepSize = this.lr / (1 - this.beta1 ** this.t);
    const invSqrtBc2 = 1 / Math.sqrt(1 - this.beta2 ** this.t);
    for (let gi = 0; gi < this.groups.length; gi++) {
      const { params, grads, kernel } = this.groups[gi]!;
      if (kernel) kernel.ops.adam(params as Float32Array, grads as Float32Array, kernel.m, kernel.v, params.length, this.beta1, this.beta2, this.eps, stepSize, invSqrtBc2);
      else adamUpdateScalar(params, grads, this.m[gi]!, this.v[gi]!, params.length, this.beta1, this.beta2, this.eps, stepSize, invSqrtBc2);
    }
  }
}

/**
 * Global-norm gradient clipping over all groups, as torch's `clip_grad_norm_`: with
 * n = ‖all grads‖₂, scale every gradient by maxNorm / (n + 1e-6) when that is below 1.
 * Returns n (before clipping).
 */
export function clipGradNorm(groups: readonly ParamGroup[], maxNorm: number): number {
  let sq = 0;
  for (let gi = 0; gi < groups.length; gi++) sq += sumOfSquares(groups[gi]!.grads);
  const norm = Math.sqrt(sq);
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) for (let gi = 0; gi < groups.length; gi++) scaleInPlace(groups[gi]!.grads, scale);
  return norm;
}

function sumOfSquares(x: Float32Array | Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
  return s;
}

function scaleInPlace(x: Float32Array | Float64Array, scale: number): void {
  for (let k = 0; k < x.length; k++) x[k] = x[k]! * scale;
}
