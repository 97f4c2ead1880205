/**
 * SAC's learner on our own network kernel ({@link TrainableMlp} + {@link Adam},
 * ../nn/kernel.ts: WebAssembly SIMD with a TypeScript fallback): the
 * same gradient step as the tfjs learner in ./sac.ts (SB3 `SAC.train`), with the loss
 * gradients written by hand down to the network outputs (and, for the actor, through the
 * critics down to their action inputs) and backpropagated by the kernel. Deterministic:
 * the same seed gives the same numbers on every run. No allocation per gradient step.
 *
 * Notation for a minibatch of n rows, action dimension d: the actor head gives μ and ŝ
 * per row; s = clamp(ŝ, −20, 2), σ = e^s, u = μ + σ·ε (ε the uploaded noise), t = tanh u,
 * a = t, and
 *   log π = Σ_j [−½z_j² − s_j − ½ log 2π − log(1 − t_j² + δ)],  z = (u − μ)/σ, δ = 1e-6.
 * With z = ε fixed by the reparameterisation, the derivatives of log π are
 *   ∂log π/∂u_j = w_j := 2t_j(1 − t_j²)/(1 − t_j² + δ)      (the squashing correction)
 *   ∂log π/∂μ_j = w_j                                        (the z terms cancel: ∂z/∂μ = 0)
 *   ∂log π/∂s_j = w_j·σ_j·ε_j − 1                            (∂z/∂s = ε − z = 0)
 * and ∂/∂ŝ = ∂/∂s on the closed interval [−20, 2], 0 outside (tfjs `clipByValue`).
 *
 * 1. Critic step. Target (no gradient), a′ ~ π(s′) with the second half of the noise:
 *      y_i = r_i + γ(1 − term_i)(min(Q1′, Q2′)(s′_i, a′_i) − α log π(a′_i|s′_i))
 *    L_Q = ½[mean_i (Q1(s_i, a_i) − y_i)² + mean_i (Q2(s_i, a_i) − y_i)²]
 *      ∂L_Q/∂Q_k,i = (Q_k,i − y_i)/n,  k = 1, 2    → backprop through each critic; one
 *    Adam over both critics.
 * 2. Actor step, against the freshly updated critics, ã = tanh(u) from the first half of
 *    the noise: L_π = mean_i (α log π_i − min(Q1, Q2)(s_i, ã_i))
 *      ∂L_π/∂Q1_i = −1/n if Q1_i ≤ Q2_i else 0, ∂L_π/∂Q2_i = −1/n if Q1_i > Q2_i else 0
 *        (tfjs `minimum` sends the gradient to its first argument on ties)
 *      ∂L_π/∂ã_ij = Σ_k ∂L_π/∂Q_k,i · ∂Q_k/∂(input m + j)   (critic backward with inputGrad;
 *        the critic input is [obs (m), action (d)])
 *      ∂L_π/∂u_ij = ∂L_π/∂ã_ij·(1 − t_ij²) + (α/n)·w_ij
 *      ∂L_π/∂μ_ij = ∂L_π/∂u_ij,   ∂L_π/∂s_ij = ∂L_π/∂u_ij·σ_ij·ε_ij − α/n
 *    The critics' parameter gradients of this backward are discarded (not applied).
 * 3. α step (entCoef 'auto'), with the log-probs of step 2 (before the actor's update):
 *    L_α = −mean_i(log α·(log π_i + H̄)),  ∂L_α/∂log α = −mean_i(log π_i + H̄).
 *    The α of all three steps is exp(log α) before this update (SB3).
 * 4. Polyak update of the targets every `targetUpdateInterval` steps (the training loop
 *    calls {@link SacLearner.updateTargets}).
 * No gradient clipping (SB3's SAC has none); three Adams (actor, critics, log α) as SB3.
 * The networks run in float32 (../nn/kernel.ts) and the loss arithmetic between them in
 * float64, so this engine agrees with tfjs (float32) to float32 rounding
 * (test/agents/rl/sac-ts-engine.test.ts). One place where float32 is worse than rounding: at the lower clamp (σ = e^−20 ≈ 2e-9), tfjs's
 * u = μ + σε rounds to μ unless |μ| ≲ 1e-7, so its z = (u − μ)/σ and log π lose the ½ε²
 * term; here z = ε is used directly (exact).
 */
import { Adam } from '../nn/adam.js';
import { TrainableMlp } from '../nn/trainable-mlp.js';
import type { MlpWeights } from '../nn/weights.js';
import { SQUASH_EPS } from './distributions.js';
import { polyakUpdateFlat } from './polyak.js';
import type { ReplayBatch } from './replay-buffer.js';
import type { SacConfig } from './sac.js';

/** SB3's log-std clamp (`sac/policies.py`). */
export const LOG_STD_MIN = -20;
export const LOG_STD_MAX = 2;

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Gradient-step diagnostics, in this order (α is its value before the step; αLoss NaN for a fixed α). */
export const SAC_STATS = ['criticLoss', 'actorLoss', 'entCoef', 'entCoefLoss'] as const;

/** Initial weights of a SAC learner (targets start as copies of the critics). */
export interface SacInit {
  actor: MlpWeights;
  q1: MlpWeights;
  q2: MlpWeights;
}

/** Everything a learner trains (float32 copies), for tests and inspection. */
export interface SacLearnerState extends SacInit {
  q1Target: MlpWeights;
  q2Target: MlpWeights;
  logAlpha: number;
}

/** What the training loop needs from a learner (one per engine). */
export interface SacLearner {
  readonly engine: 'ts' | 'tfjs';
  /**
   * One gradient step on `batch` (critic, actor, α; not Polyak). `noise` holds
   * 2 × batch.size × d standard normals: the actor's on s, then on s′. Writes the 4
   * {@link SAC_STATS} into `stats`.
   */
  step(batch: ReplayBatch, noise: Float32Array, stats: Float64Array): void;
  /** Polyak-average the target critics towards the critics (τ from the config). */
  updateTargets(): void;
  /** The actor's current weights (may be a buffer reused by the next call: copy to keep). */
  actorWeights(): MlpWeights;
  /** Copies of all trained weights and log α. */
  state(): SacLearnerState;
  /**
   * The three loss gradients at the current parameters, without stepping (for tests):
   * the actor's against the current critics. Order: q1 [W0, b0, …], q2 [W0, b0, …],
   * actor [W0, b0, …], then [∂/∂log α] when entCoef is 'auto'. Writes {@link SAC_STATS}.
   */
  lossGradients(batch: ReplayBatch, noise: Float32Array, stats: Float64Array): ArrayLike<number>[];
  dispose(): void;
}

export class TsSacLearner implements SacLearner {
  readonly engine = 'ts';
  private readonly actor: TrainableMlp;
  private readonly q1: TrainableMlp;
  private readonly q2: TrainableMlp;
  private readonly q1Target: TrainableMlp;
  private readonly q2Target: TrainableMlp;
  private readonly logAlpha: Float64Array;
  private readonly logAlphaGrad: Float64Array;
  private readonly actorAdam: Adam;
  private readonly criticAdam: Adam;
  private readonly alphaAdam: Adam | null;
  private readonly dim: number;
  private readonly obsSize: number;
  private readonly targetEntropy: number;
  /** Per-row log π of the actor step (used by the α step). */
  private readonly logProb: Float64Array;
  /** Per-row-and-dim tanh(u) and σ·ε of the actor step, kept for its backward. */
  private readonly tanhU: Float64Array;
  private readonly sigmaEps: Float64Array;
  /** Reused float32 view of the actor's weights for {@link actorWeights}. */
  private readonly actorOut: MlpWeights;

  constructor(
    private readonly config: SacConfig,
    init: SacInit,
    maxBatch: number,
  ) {
    this.actor = new TrainableMlp(init.actor, maxBatch);
    this.q1 = new TrainableMlp(init.q1, maxBatch);
    this.q2 = new TrainableMlp(init.q2, maxBatch);
    // Target critics start as copies of the critics; separate instances keep their own activations.
    this.q1Target = new TrainableMlp(init.q1, maxBatch);
    this.q2Target = new TrainableMlp(init.q2, maxBatch);
    this.dim = this.actor.outputSize / 2;
    this.obsSize = this.actor.inputSize;
    this.targetEntropy = config.targetEntropy ?? -this.dim; // heuristic target −dim(A)
    const alpha0 = config.entCoef === 'auto' ? config.entCoefInit : config.entCoef;
    this.logAlpha = Float64Array.of(Math.log(alpha0));
    this.logAlphaGrad = new Float64Array(1);
    const opts = { lr: config.learningRate, beta1: 0.9, beta2: 0.999, eps: config.adamEps };
    this.actorAdam = new Adam([this.actor.paramGroup()], opts);
    this.criticAdam = new Adam(
      [
        this.q1.paramGroup(),
        this.q2.paramGroup(),
      ],
      opts,
    );
    this.alphaAdam = config.entCoef === 'auto' ? new Adam([{ params: this.logAlpha, grads: this.logAlphaGrad }], opts) : null;
    this.logProb = new Float64Array(maxBatch);
    this.tanhU = new Float64Array(maxBatch * this.dim);
    this.sigmaEps = new Float64Array(maxBatch * this.dim);
    this.actorOut = this.actor.getWeights();
  }

  step(batch: ReplayBatch, noise: Float32Array, stats: Float64Array): void {
    const alpha = Math.exp(this.logAlpha[0]!);
    stats[0] = this.criticGrads(batch, noise, alpha);
    this.criticAdam.step();
    stats[1] = this.actorGrads(batch, noise, alpha);
    this.actorAdam.step();
    stats[2] = alpha;
    stats[3] = Number.NaN;
    if (this.alphaAdam) {
      stats[3] = this.alphaGrad(batch.size);
      this.alphaAdam.step();
    }
  }

  updateTargets(): void {
    polyakUpdateFlat(this.q1.params, this.q1Target.params, this.config.tau);
    polyakUpdateFlat(this.q2.params, this.q2Target.params, this.config.tau);
  }

  actorWeights(): MlpWeights {
    const p = this.actor.params;
    this.actorOut.layers.forEach((l, i) => {
      const wo = this.actor.wOffset(i);
      const bo = this.actor.bOffset(i);
      for (let k = 0; k < l.w.length; k++) l.w[k] = p[wo + k]!;
      for (let k = 0; k < l.b.length; k++) l.b[k] = p[bo + k]!;
    });
    return this.actorOut;
  }

  state(): SacLearnerState {
    return {
      actor: this.actor.getWeights(),
      q1: this.q1.getWeights(),
      q2: this.q2.getWeights(),
      q1Target: this.q1Target.getWeights(),
      q2Target: this.q2Target.getWeights(),
      logAlpha: this.logAlpha[0]!,
    };
  }

  lossGradients(batch: ReplayBatch, noise: Float32Array, stats: Float64Array): ArrayLike<number>[] {
    const alpha = Math.exp(this.logAlpha[0]!);
    stats[0] = this.criticGrads(batch, noise, alpha);
    // The actor's backward through the critics overwrites their grads: keep copies.
    const g1 = Float32Array.from(this.q1.grads);
    const g2 = Float32Array.from(this.q2.grads);
    stats[1] = this.actorGrads(batch, noise, alpha);
    stats[2] = alpha;
    stats[3] = this.alphaAdam ? this.alphaGrad(batch.size) : Number.NaN;
    const views: ArrayLike<number>[] = [];
    const push = (net: TrainableMlp, g: Float32Array): void => {
      for (let l = 0; l < net.nLayers; l++) {
        const wo = net.wOffset(l);
        const bo = net.bOffset(l);
        views.push(g.subarray(wo, bo), g.subarray(bo, bo + net.sizes[l + 1]!));
      }
    };
    push(this.q1, g1);
    push(this.q2, g2);
    push(this.actor, this.actor.grads);
    if (this.alphaAdam) views.push(this.logAlphaGrad);
    return views;
  }

  dispose(): void {
    // Plain arrays: nothing to release.
  }

  /** Copy `n` observation rows into the first `obsSize` columns of a critic's input rows. */
  private fillObs(dst: Float32Array, obs: Float32Array, n: number): void {
    const m = this.obsSize;
    const w = m + this.dim;
    for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) dst[i * w + k] = obs[i * m + k]!;
  }

  /**
   * Forward the actor on the observations already in its input, sample a = tanh(μ + σε)
   * with `noise[noiseOff …]`, write a into the action columns of `q1In` and `q2In`, and
   * log π into `logProb`. With `keep`, stores tanh u and σε for the actor's backward.
   * Returns the actor's output rows [μ, ŝ] (valid until its next forward).
   */
  private sampleActions(n: number, noise: Float32Array, noiseOff: number, q1In: Float32Array, q2In: Float32Array, keep: boolean): Float32Array {
    const d = this.dim;
    const m = this.obsSize;
    const w = m + d;
    const head = this.actor.forward(n);
    for (let i = 0; i < n; i++) {
      let lp = 0;
      for (let j = 0; j < d; j++) {
        const mean = head[i * 2 * d + j]!;
        const raw = head[i * 2 * d + d + j]!;
        const ls = raw < LOG_STD_MIN ? LOG_STD_MIN : raw > LOG_STD_MAX ? LOG_STD_MAX : raw; // log-std clamp
        const sigma = Math.exp(ls);
        const eps = noise[noiseOff + i * d + j]!;
        const se = sigma * eps;
        const t = Math.tanh(mean + se);
        // z = (u − μ)/σ is ε exactly (tfjs computes the quotient; in float32 it loses ε when σ ≪ |μ|).
        lp += -0.5 * eps * eps - ls - HALF_LOG_2PI - Math.log(1 - t * t + SQUASH_EPS);
        q1In[i * w + m + j] = t;
        q2In[i * w + m + j] = t;
        if (keep) {
          this.tanhU[i * d + j] = t;
          this.sigmaEps[i * d + j] = se;
        }
      }
      this.logProb[i] = lp;
    }
    return head;
  }

  /** Critic loss and its gradient in the critics' `grads` (step 1 of the header). */
  private criticGrads(batch: ReplayBatch, noise: Float32Array, alpha: number): number {
    const n = batch.size;
    const d = this.dim;
    const m = this.obsSize;
    const w = m + d;
    const { gamma } = this.config;

    // Soft TD target from the target critics and a fresh a′ ~ π(s′) (second half of the noise).
    this.actor.input().set(batch.nextObservations.subarray(0, n * m));
    const t1In = this.q1Target.input();
    const t2In = this.q2Target.input();
    this.fillObs(t1In, batch.nextObservations, n);
    this.fillObs(t2In, batch.nextObservations, n);
    this.sampleActions(n, noise, n * d, t1In, t2In, false);
    const qt1 = this.q1Target.forward(n);
    const qt2 = this.q2Target.forward(n);
    // y overwrites logProb in place (a′'s log-probs are not needed afterwards).
    const y = this.logProb;
    for (let i = 0; i < n; i++) {
      const soft = Math.min(qt1[i]!, qt2[i]!) - alpha * y[i]!;
      y[i] = batch.rewards[i]! + gamma * ((1 - batch.terminated[i]!) * soft);
    }

    // ½ Σ_k MSE(Q_k(s, a), y).
    const in1 = this.q1.input();
    const in2 = this.q2.input();
    this.fillObs(in1, batch.observations, n);
    this.fillObs(in2, batch.observations, n);
    const actions = batch.actions as Float32Array;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const a = actions[i * d + j]!;
        in1[i * w + m + j] = a;
        in2[i * w + m + j] = a;
      }
    }
    return 0.5 * (this.mseGrad(this.q1, y, n) + this.mseGrad(this.q2, y, n));
  }

  /** mean_i (Q_i − y_i)² of a critic on its filled input; backward with ∂(½·MSE)/∂Q_i = (Q_i − y_i)/n. */
  private mseGrad(net: TrainableMlp, y: Float64Array, n: number): number {
    const q = net.forward(n);
    const dq = net.outputGrad();
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const diff = q[i]! - y[i]!;
      sq += diff * diff;
      dq[i] = diff / n;
    }
    net.backward();
    return sq / n;
  }

  /** Actor loss and its gradient in the actor's `grads` (step 2 of the header); leaves log π in `logProb`. */
  private actorGrads(batch: ReplayBatch, noise: Float32Array, alpha: number): number {
    const n = batch.size;
    const d = this.dim;
    const m = this.obsSize;
    const w = m + d;
    this.actor.input().set(batch.observations.subarray(0, n * m));
    const in1 = this.q1.input();
    const in2 = this.q2.input();
    this.fillObs(in1, batch.observations, n);
    this.fillObs(in2, batch.observations, n);
    const head = this.sampleActions(n, noise, 0, in1, in2, true);
    const q1 = this.q1.forward(n);
    const q2 = this.q2.forward(n);
    const d1 = this.q1.outputGrad();
    const d2 = this.q2.outputGrad();
    const lp = this.logProb;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const first = q1[i]! <= q2[i]!; // tfjs minimum: gradient to the first argument on ties
      loss += alpha * lp[i]! - (first ? q1[i]! : q2[i]!);
      d1[i] = first ? -1 / n : 0;
      d2[i] = first ? 0 : -1 / n;
    }
    this.q1.backward({ inputGrad: true, paramGrads: false }); // only ∂Q/∂a is needed here
    this.q2.backward({ inputGrad: true, paramGrads: false });
    const g1 = this.q1.inputGrad();
    const g2 = this.q2.inputGrad();

    // Chain rule down to the actor head [μ, ŝ] (the header's formulas).
    const dHead = this.actor.outputGrad();
    const aOverN = alpha / n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const t = this.tanhU[i * d + j]!;
        const oneMinus = 1 - t * t;
        const dA = g1[i * w + m + j]! + g2[i * w + m + j]!;
        const dU = dA * oneMinus + aOverN * ((2 * t * oneMinus) / (oneMinus + SQUASH_EPS));
        const raw = head[i * 2 * d + d + j]!;
        dHead[i * 2 * d + j] = dU;
        // clipByValue passes the gradient on the closed interval [LOG_STD_MIN, LOG_STD_MAX].
        dHead[i * 2 * d + d + j] = raw >= LOG_STD_MIN && raw <= LOG_STD_MAX ? dU * this.sigmaEps[i * d + j]! - aOverN : 0;
      }
    }
    this.actor.backward();
    return loss / n;
  }

  /** α loss and ∂/∂log α from the actor step's log-probs (step 3 of the header). */
  private alphaGrad(n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += this.logProb[i]! + this.targetEntropy;
    const mean = s / n;
    this.logAlphaGrad[0] = -mean;
    return -this.logAlpha[0]! * mean;
  }
}
