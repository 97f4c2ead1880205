/**
 * PPO's learner on our own network kernel ({@link TrainableMlp} + {@link Adam},
 * ../nn/kernel.ts: WebAssembly SIMD with a TypeScript fallback): the
 * same loss as the tfjs learner in ./ppo.ts (SB3 `PPO.train`), with its gradient written
 * by hand down to the network outputs and backpropagated by the kernel. Deterministic:
 * the same seed gives the same numbers on every run.
 *
 * Loss on a minibatch of n rows (Â = advantages, normalised per minibatch):
 *   r_i = exp(log π(a_i|s_i) − log π_old)
 *   L   = −mean(min(r·Â, clip(r, 1±ε)·Â)) − c_ent·mean(H) + c_vf·mean((R − V)²)
 * Gradients with respect to the network outputs, written where they are computed:
 *   ∂L/∂log π_i = −(1/n)·r_i·∂min/∂r_i
 *   categorical (logits z, p = softmax z): ∂log π(a)/∂z_j = [j = a] − p_j,
 *     ∂H/∂z_j = −p_j·(log p_j + H)
 *   diagonal Gaussian (mean μ, log-std s, u = (a − μ)/σ): ∂log π/∂μ_j = u_j/σ_j,
 *     ∂log π/∂s_j = u_j² − 1, ∂H/∂s_j = 1
 * Ties and clip boundaries follow tfjs's gradient conventions (`minimum` sends the
 * gradient to its first argument when a ≤ b; `clipByValue` passes it on the closed
 * interval), so the test against tfjs autodiff is exact up to rounding.
 */
import { Adam, clipGradNorm, type ParamGroup } from '../nn/adam.js';
import { TrainableMlp } from '../nn/trainable-mlp.js';
import type { ActionSpec } from './action-space.js';
import type { ActorCriticWeights } from './actor-critic-policy.js';
import type { PpoConfig } from './ppo.js';
import type { RolloutBuffer } from './rollout-buffer.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Minibatch diagnostics, in this order (means over the minibatch). */
export const PPO_STATS = ['policyLoss', 'valueLoss', 'entropy', 'approxKl', 'clipFraction'] as const;

/** What the training loop needs from a learner (one per engine). */
export interface PpoLearner {
  readonly engine: 'ts' | 'tfjs';
  /** Take the finished rollout, the learning rate and the entropy coefficient (default: the config's) for this update's epochs. */
  beginUpdate(buffer: RolloutBuffer, learningRate: number, entCoef?: number): void;
  /**
   * One gradient step on rollout rows `idx`: loss, gradients, global-norm clip, Adam.
   * Writes the 5 {@link PPO_STATS} into `stats`. When `klLimit` is set and the approx KL
   * of this minibatch (before the step, as SB3) exceeds it, no step is taken and the
   * result is true (target-KL early stop).
   */
  step(idx: Int32Array, clipRange: number, klLimit: number | null, stats: Float64Array): boolean;
  /** Release per-update resources. */
  endUpdate(): void;
  /** The current weights (float32 copies) for the rollout policy. */
  weights(): ActorCriticWeights;
  /**
   * The loss gradient on rows `idx` without clipping or stepping (for tests): parameters
   * in order actor [W0, b0, …], critic [W0, b0, …], then log-std for Box actions.
   */
  lossGradients(idx: Int32Array, clipRange: number, stats: Float64Array): ArrayLike<number>[];
  dispose(): void;
}

export class TsPpoLearner implements PpoLearner {
  readonly engine = 'ts';
  private readonly actor: TrainableMlp;
  private readonly critic: TrainableMlp;
  private readonly logStd: Float64Array | null;
  private readonly logStdGrad: Float64Array | null;
  private readonly groups: ParamGroup[];
  private readonly adam: Adam;
  /** Normalised advantages of the current minibatch. */
  private readonly adv: Float64Array;
  /** σ = exp(log-std), refreshed per minibatch. */
  private readonly sigma: Float64Array;
  private buffer: RolloutBuffer | null = null;
  /** Entropy coefficient of the current update (set by beginUpdate). */
  private entCoef: number;
  /** Minibatch sums of the surrogate diagnostics (see surrogateGrad). */
  private policyLossSum = 0;
  private klSum = 0;
  private clippedCount = 0;

  constructor(
    private readonly config: PpoConfig,
    init: ActorCriticWeights,
    private readonly action: ActionSpec,
    maxBatch: number,
  ) {
    this.actor = new TrainableMlp(init.actor, maxBatch);
    this.critic = new TrainableMlp(init.critic, maxBatch);
    this.logStd = init.logStd ? Float64Array.from(init.logStd) : null;
    this.logStdGrad = this.logStd ? new Float64Array(this.logStd.length) : null;
    this.groups = [
      this.actor.paramGroup(),
      this.critic.paramGroup(),
      ...(this.logStd ? [{ params: this.logStd, grads: this.logStdGrad! }] : []),
    ];
    // One Adam over actor, critic and log-std (SB3), ε from the config (CleanRL's 1e-5).
    this.adam = new Adam(this.groups, { lr: config.learningRate, beta1: 0.9, beta2: 0.999, eps: config.adamEps });
    this.entCoef = config.entCoef;
    this.adv = new Float64Array(maxBatch);
    this.sigma = new Float64Array(this.logStd?.length ?? 0);
  }

  beginUpdate(buffer: RolloutBuffer, learningRate: number, entCoef = this.config.entCoef): void {
    this.buffer = buffer;
    this.adam.lr = learningRate;
    this.entCoef = entCoef;
  }

  endUpdate(): void {
    this.buffer = null;
  }

  step(idx: Int32Array, clipRange: number, klLimit: number | null, stats: Float64Array): boolean {
    this.lossAndOutputGrads(idx, clipRange, stats);
    if (klLimit !== null && stats[3]! > klLimit) return true;
    this.actor.backward();
    this.critic.backward();
    // Global gradient clipping over all parameters (torch clip_grad_norm_).
    clipGradNorm(this.groups, this.config.maxGradNorm);
    this.adam.step();
    return false;
  }

  lossGradients(idx: Int32Array, clipRange: number, stats: Float64Array): ArrayLike<number>[] {
    this.lossAndOutputGrads(idx, clipRange, stats);
    this.actor.backward();
    this.critic.backward();
    const views: (Float32Array | Float64Array)[] = [];
    for (const net of [this.actor, this.critic]) {
      for (let l = 0; l < net.nLayers; l++) {
        const wo = net.wOffset(l);
        const bo = net.bOffset(l);
        views.push(net.grads.subarray(wo, bo), net.grads.subarray(bo, bo + net.sizes[l + 1]!));
      }
    }
    if (this.logStdGrad) views.push(this.logStdGrad);
    return views;
  }

  weights(): ActorCriticWeights {
    return { actor: this.actor.getWeights(), critic: this.critic.getWeights(), logStd: this.logStd ? Float32Array.from(this.logStd) : null };
  }

  dispose(): void {
    this.buffer = null;
  }

  /**
   * Forward both networks on the minibatch, compute the loss diagnostics, and write
   * ∂L/∂outputs into the networks' output-grad buffers (and ∂L/∂log-std).
   */
  private lossAndOutputGrads(idx: Int32Array, clipRange: number, stats: Float64Array): void {
    const buf = this.buffer;
    if (buf === null) throw new Error('TsPpoLearner: beginUpdate must be called before step');
    const cfg = this.config;
    const n = idx.length;
    const obsSize = buf.obsSize;

    // Gather the minibatch's observations into both networks' input buffers.
    const xa = this.actor.input();
    const xc = this.critic.input();
    for (let i = 0; i < n; i++) {
      const src = idx[i]! * obsSize;
      const dst = i * obsSize;
      for (let k = 0; k < obsSize; k++) {
        const v = buf.observations[src + k]!;
        xa[dst + k] = v;
        xc[dst + k] = v;
      }
    }

    // Advantage normalisation per minibatch with torch's unbiased std; skipped at size 1 (SB3 GH #325).
    const adv = this.adv;
    let am = 0;
    for (let i = 0; i < n; i++) am += adv[i] = buf.advantages[idx[i]!]!;
    if (cfg.normalizeAdvantage && n > 1) {
      am /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (adv[i]! - am) ** 2;
      const std = Math.sqrt(v / (n - 1));
      for (let i = 0; i < n; i++) adv[i] = (adv[i]! - am) / (std + 1e-8);
    }

    const head = this.actor.forward(n);
    const values = this.critic.forward(n);
    const dHead = this.actor.outputGrad();
    const dV = this.critic.outputGrad();
    const entOverN = this.entCoef / n;
    this.policyLossSum = 0;
    this.klSum = 0;
    this.clippedCount = 0;
    let entropySum = 0;

    if (this.action.kind === 'discrete') {
      const nA = this.action.n;
      const actions = buf.actions as Int32Array;
      for (let i = 0; i < n; i++) {
        const o = i * nA;
        let max = -Infinity;
        for (let j = 0; j < nA; j++) if (head[o + j]! > max) max = head[o + j]!;
        let s = 0;
        for (let j = 0; j < nA; j++) s += Math.exp(head[o + j]! - max);
        const lse = max + Math.log(s);
        let h = 0;
        for (let j = 0; j < nA; j++) {
          const lp = head[o + j]! - lse;
          h -= Math.exp(lp) * lp;
        }
        entropySum += h;
        const a = actions[idx[i]!]!;
        const g = this.surrogateGrad(adv[i]!, head[o + a]! - lse - buf.logProbs[idx[i]!]!, clipRange, n);
        for (let j = 0; j < nA; j++) {
          const lp = head[o + j]! - lse;
          const p = Math.exp(lp);
          // policy term g·([j = a] − p_j) plus the entropy bonus's −c/n·∂H/∂z_j = c/n·p_j·(log p_j + H)
          dHead[o + j] = g * ((j === a ? 1 : 0) - p) + entOverN * p * (lp + h);
        }
      }
    } else {
      const d = this.action.dim;
      const logStd = this.logStd!;
      const gStd = this.logStdGrad!;
      const sigma = this.sigma;
      const actions = buf.actions as Float32Array;
      let logStdSum = 0;
      for (let j = 0; j < d; j++) {
        sigma[j] = Math.exp(logStd[j]!);
        gStd[j] = 0;
        logStdSum += logStd[j]!;
      }
      for (let i = 0; i < n; i++) {
        const o = i * d;
        const ao = idx[i]! * d;
        let lp = 0;
        for (let j = 0; j < d; j++) {
          const u = (actions[ao + j]! - head[o + j]!) / sigma[j]!;
          lp += -0.5 * u * u - logStd[j]! - 0.5 * LOG_2PI;
        }
        const g = this.surrogateGrad(adv[i]!, lp - buf.logProbs[idx[i]!]!, clipRange, n);
        for (let j = 0; j < d; j++) {
          const u = (actions[ao + j]! - head[o + j]!) / sigma[j]!;
          dHead[o + j] = (g * u) / sigma[j]!;
          gStd[j] = gStd[j]! + g * (u * u - 1);
        }
      }
      // State-independent entropy Σ_j (s_j + ½ + ½ log 2π): the bonus −c·H adds −c to each ∂/∂s_j.
      for (let j = 0; j < d; j++) gStd[j] = gStd[j]! - this.entCoef;
      entropySum = (logStdSum + d * (0.5 + 0.5 * LOG_2PI)) * n; // reported as a mean below
    }

    // Value loss: MSE against the GAE returns (SB3, no ½), optionally clipped around the old values.
    const vfClip = cfg.clipRangeVf;
    let valueLoss = 0;
    for (let i = 0; i < n; i++) {
      const k = idx[i]!;
      let v = values[i]!;
      let pass = true;
      if (vfClip !== null) {
        const old = buf.values[k]!;
        const dv = v - old;
        pass = dv >= -vfClip && dv <= vfClip; // clipByValue's gradient: closed interval
        v = old + (dv < -vfClip ? -vfClip : dv > vfClip ? vfClip : dv);
      }
      const diff = v - buf.returns[k]!;
      valueLoss += diff * diff;
      dV[i] = pass ? (cfg.vfCoef * 2 * diff) / n : 0;
    }

    stats[0] = this.policyLossSum / n;
    stats[1] = valueLoss / n;
    stats[2] = entropySum / n;
    stats[3] = this.klSum / n;
    stats[4] = this.clippedCount / n;
  }

  /**
   * The clipped surrogate of one row (advantage `a`, log-ratio log π − log π_old):
   * accumulates the diagnostics and returns ∂L/∂log π for that row.
   */
  private surrogateGrad(a: number, logRatio: number, clipRange: number, n: number): number {
    const ratio = Math.exp(logRatio);
    const lo = 1 - clipRange;
    const hi = 1 + clipRange;
    const s1 = a * ratio;
    const s2 = a * (ratio < lo ? lo : ratio > hi ? hi : ratio);
    this.policyLossSum -= s1 <= s2 ? s1 : s2;
    this.klSum += ratio - 1 - logRatio; // approx KL, Schulman's k3 estimator (SB3)
    if (Math.abs(ratio - 1) > clipRange) this.clippedCount++;
    // ∂min(s1, s2)/∂r: through s1 when s1 ≤ s2 (tfjs tie rule), else through the clip,
    // whose gradient is 1 inside [1 − ε, 1 + ε] (closed) and 0 outside.
    const dMin = s1 <= s2 ? a : ratio >= lo && ratio <= hi ? a : 0;
    return (-dMin * ratio) / n; // ∂r/∂log π = r, and the loss is a mean over n rows
  }
}
