/**
 * Action distributions, each in two forms that must agree (tested):
 * - batched plain-TS functions over Float32Array rows, for rollouts and loaded policies
 *   (sampling draws only from a {@link RandomStream}, so runs are seeded);
 * - tfjs functions over tensors, for the differentiable losses.
 *
 * Categorical over logits; diagonal Gaussian with a state-independent log-std (PPO, the
 * "continuous details" of Huang et al. 2022); tanh-squashed Gaussian for SAC with the
 * change-of-variables correction −Σ log(1 − tanh(u)² + 1e-6) (SB3 `distributions.py`
 * `SquashedDiagGaussianDistribution`, CleanRL `sac_continuous_action.py`).
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../../core/random.js';

const LOG_2PI = Math.log(2 * Math.PI);
/** SB3/CleanRL's epsilon inside the squashing correction's log. */
export const SQUASH_EPS = 1e-6;

// ---------------------------------------------------------------- categorical (TS)

/** log Σ exp(logits[row]) computed stably. */
function logSumExp(logits: ArrayLike<number>, offset: number, n: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, logits[offset + j]!);
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(logits[offset + j]! - max);
  return max + Math.log(s);
}

/** log π(a | row) for each row of [batch, n] logits. */
export function categoricalLogProb(logits: ArrayLike<number>, n: number, actions: ArrayLike<number>, out: Float32Array): Float32Array {
  for (let r = 0; r < actions.length; r++) out[r] = logits[r * n + actions[r]!]! - logSumExp(logits, r * n, n);
  return out;
}

/** Entropy −Σ p log p of each row of [batch, n] logits. */
export function categoricalEntropy(logits: ArrayLike<number>, n: number, batch: number, out: Float32Array): Float32Array {
  for (let r = 0; r < batch; r++) {
    const lse = logSumExp(logits, r * n, n);
    let h = 0;
    for (let j = 0; j < n; j++) {
      const lp = logits[r * n + j]! - lse;
      h -= Math.exp(lp) * lp;
    }
    out[r] = h;
  }
  return out;
}

/**
 * Sample one action per row by inverting the CDF with one `rng.uniform()` per row, and
 * write its log-probability. Deterministic mode takes the argmax (first on ties).
 */
export function categoricalSample(
  logits: ArrayLike<number>,
  n: number,
  batch: number,
  rng: RandomStream | null,
  actions: Int32Array,
  logProbs?: Float32Array,
): Int32Array {
  for (let r = 0; r < batch; r++) {
    const o = r * n;
    const lse = logSumExp(logits, o, n);
    let a = 0;
    if (rng === null) {
      for (let j = 1; j < n; j++) if (logits[o + j]! > logits[o + a]!) a = j;
    } else {
      let u = rng.uniform();
      a = n - 1; // fallback if rounding leaves u ≥ 0 after the last bin
      for (let j = 0; j < n; j++) {
        u -= Math.exp(logits[o + j]! - lse);
        if (u < 0) {
          a = j;
          break;
        }
      }
    }
    actions[r] = a;
    if (logProbs) logProbs[r] = logits[o + a]! - lse;
  }
  return actions;
}

// ---------------------------------------------------------------- diagonal Gaussian (TS)

/** log N(a; mean, diag(exp(logStd))²) summed over the d dimensions, per row. */
export function diagGaussianLogProb(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  actions: ArrayLike<number>,
  batch: number,
  out: Float32Array,
): Float32Array {
  const d = logStd.length;
  for (let r = 0; r < batch; r++) {
    let lp = 0;
    for (let j = 0; j < d; j++) {
      const z = (actions[r * d + j]! - mean[r * d + j]!) / Math.exp(logStd[j]!);
      lp += -0.5 * z * z - logStd[j]! - 0.5 * LOG_2PI;
    }
    out[r] = lp;
  }
  return out;
}

/** Entropy of the diagonal Gaussian (the same for every row): Σ (½ + ½ log 2π + logσ). */
export function diagGaussianEntropy(logStd: ArrayLike<number>): number {
  let h = 0;
  for (let j = 0; j < logStd.length; j++) h += 0.5 + 0.5 * LOG_2PI + logStd[j]!;
  return h;
}

/**
 * Sample a = mean + σ·ε with ε ~ N(0, 1) from `rng` (deterministic mode: a = mean), and
 * write log-probabilities. The sample is *not* clipped to the action bounds: PPO stores
 * the unclipped action and clips only what it sends to the env.
 */
export function diagGaussianSample(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  batch: number,
  rng: RandomStream | null,
  actions: Float32Array,
  logProbs?: Float32Array,
): Float32Array {
  const d = logStd.length;
  for (let r = 0; r < batch; r++) {
    let lp = 0;
    for (let j = 0; j < d; j++) {
      const eps = rng === null ? 0 : rng.normal();
      actions[r * d + j] = mean[r * d + j]! + Math.exp(logStd[j]!) * eps;
      lp += -0.5 * eps * eps - logStd[j]! - 0.5 * LOG_2PI;
    }
    if (logProbs) logProbs[r] = lp;
  }
  return actions;
}

/**
 * log-density of a = tanh(u) when u ~ N(mean, σ²): the Gaussian log-density of u minus
 * Σ log(1 − tanh(u)² + 1e-6), per row.
 */
export function squashedGaussianLogProb(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  u: ArrayLike<number>,
  batch: number,
  out: Float32Array,
): Float32Array {
  const d = mean.length / batch;
  for (let r = 0; r < batch; r++) {
    let lp = 0;
    for (let j = 0; j < d; j++) {
      const k = r * d + j;
      const ls = logStd.length === d ? logStd[j]! : logStd[k]!;
      const z = (u[k]! - mean[k]!) / Math.exp(ls);
      const t = Math.tanh(u[k]!);
      lp += -0.5 * z * z - ls - 0.5 * LOG_2PI - Math.log(1 - t * t + SQUASH_EPS);
    }
    out[r] = lp;
  }
  return out;
}

// ---------------------------------------------------------------- tfjs (differentiable)

/** [batch] log π(a) for [batch, n] logits and int32 [batch] actions. */
export function categoricalLogProbTf(logits: tf.Tensor2D, actions: tf.Tensor1D): tf.Tensor1D {
  const logp = tf.logSoftmax(logits);
  return tf.sum(tf.mul(logp, tf.oneHot(actions, logits.shape[1])), 1);
}

/** [batch] entropy of [batch, n] logits. */
export function categoricalEntropyTf(logits: tf.Tensor2D): tf.Tensor1D {
  const logp = tf.logSoftmax(logits);
  return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
}

/** [batch] Gaussian log-density of [batch, d] actions with [d] (or [batch, d]) log-std. */
export function diagGaussianLogProbTf(mean: tf.Tensor2D, logStd: tf.Tensor, actions: tf.Tensor2D): tf.Tensor1D {
  const z = tf.div(tf.sub(actions, mean), tf.exp(logStd));
  return tf.sum(tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), logStd), 0.5 * LOG_2PI), 1) as tf.Tensor1D;
}

/** Scalar entropy of a diagonal Gaussian with state-independent [d] log-std. */
export function diagGaussianEntropyTf(logStd: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.add(logStd, 0.5 + 0.5 * LOG_2PI));
}

/** [batch] log-density of tanh(u), u ~ N(mean, σ²), with the squashing correction. */
export function squashedGaussianLogProbTf(mean: tf.Tensor2D, logStd: tf.Tensor, u: tf.Tensor2D): tf.Tensor1D {
  const correction = tf.sum(tf.log(tf.add(tf.sub(1, tf.square(tf.tanh(u))), SQUASH_EPS)), 1);
  return tf.sub(diagGaussianLogProbTf(mean, logStd, u), correction) as tf.Tensor1D;
}
