/**
 * DQN's learner on our own network kernel ({@link TrainableMlp} + {@link Adam},
 * ../nn/kernel.ts: WebAssembly SIMD with a TypeScript fallback): the
 * same gradient step as the tfjs learner in ./dqn.ts (SB3 `DQN.train`, plus double-Q and
 * the dueling head), with the loss gradient written by hand down to the Q-network's
 * outputs and backpropagated by the kernel. Deterministic: the same seed gives the same
 * numbers on every run.
 *
 * One step on a minibatch of n transitions (s_i, a_i, r_i, s′_i, d_i), d = terminated
 * (truncated rows bootstrap), m actions:
 *   a′_i = argmax_b Q_online(s′_i, b)   (double Q)   or   argmax_b Q_target(s′_i, b)   (vanilla)
 *   y_i  = r_i + γ·(1 − d_i)·Q_target(s′_i, a′_i)                            (no gradient)
 *   x_i  = Q_online(s_i, a_i) − y_i
 *   L    = (1/n)·Σ_i huber(x_i),   huber(x) = ½x² for |x| ≤ 1, |x| − ½ beyond   (δ = 1)
 * Gradients with respect to the online network's outputs, written where they are computed:
 *   ∂L/∂Q_i = clip(x_i, −1, 1)/n                       (huber′; 0 at x = 0, as tfjs's sign)
 *   plain head (outputs Q_0 … Q_{m−1}):   ∂L/∂out_ij = [j = a_i]·∂L/∂Q_i
 *   dueling head (outputs A_0 … A_{m−1}, V; Q_a = V + A_a − (1/m)·Σ_k A_k):
 *     ∂Q_a/∂A_j = [j = a] − 1/m,   ∂Q_a/∂V = 1
 * then backward through the kernel, global-norm clip, Adam. Under the dueling head
 * argmax_b Q(s, b) = argmax_b A(s, b) (V and mean A are constant per row), so a′ is read
 * off the advantages; ties go to the first index, as tf.argMax and {@link QPolicy}.
 */
import { InputError } from '../../core/errors.js';
import { Adam, clipGradNorm, type ParamGroup } from '../nn/adam.js';
import { TrainableMlp } from '../nn/trainable-mlp.js';
import type { MlpWeights } from '../nn/weights.js';
import type { DqnConfig } from './dqn.js';
import { polyakUpdateFlat } from './polyak.js';
import type { ReplayBatch } from './replay-buffer.js';

/** Step diagnostics, in this order (means over the minibatch). */
export const DQN_STATS = ['loss', 'meanQ'] as const;

/** What the training loop needs from a learner (one per engine). */
export interface DqnLearner {
  readonly engine: 'ts' | 'tfjs';
  /**
   * One gradient step on a replay minibatch: TD targets, Huber loss, gradient, global-norm
   * clip, Adam. Writes the 2 {@link DQN_STATS} into `stats`.
   */
  step(batch: ReplayBatch, stats: Float64Array): void;
  /** Target network ← τ·online + (1 − τ)·target (τ = 1: hard copy). */
  syncTarget(tau: number): void;
  /** The online Q-network's current weights (float32 copies) for the acting policy. */
  weights(): MlpWeights;
  /**
   * The loss gradient on `batch` without clipping or stepping (for tests): the online
   * network's [W0, b0, W1, b1, …]. Writes the {@link DQN_STATS} into `stats`.
   */
  lossGradients(batch: ReplayBatch, stats: Float64Array): ArrayLike<number>[];
  dispose(): void;
}

/** Q(s, a) from one row of a Q-network's head starting at `o` (dueling: V + A_a − mean A). */
function qValue(head: Float32Array, o: number, a: number, nActions: number, dueling: boolean): number {
  if (!dueling) return head[o + a]!;
  let meanA = 0;
  for (let j = 0; j < nActions; j++) meanA += head[o + j]!;
  return head[o + nActions]! + (head[o + a]! - meanA / nActions);
}

/** argmax_a Q(s, a) of one head row: the first of the m leading outputs (Q, or A when dueling). */
function greedyAction(head: Float32Array, o: number, nActions: number): number {
  let best = 0;
  for (let j = 1; j < nActions; j++) if (head[o + j]! > head[o + best]!) best = j;
  return best;
}

/** dst[k] = src[k] for k < len (replay rows into a network input buffer, no view allocated). */
function loadRows(dst: Float32Array, src: Float32Array, len: number): void {
  for (let k = 0; k < len; k++) dst[k] = src[k]!;
}

export class TsDqnLearner implements DqnLearner {
  readonly engine = 'ts';
  private readonly online: TrainableMlp;
  private readonly target: TrainableMlp;
  private readonly groups: ParamGroup[];
  private readonly adam: Adam;
  /** TD targets y of the current minibatch. */
  private readonly y: Float64Array;
  /** Double Q: a′ chosen by the online network on s′. */
  private readonly nextActions: Int32Array;

  constructor(
    private readonly config: DqnConfig,
    init: MlpWeights,
    private readonly nActions: number,
    maxBatch: number,
    targetInit: MlpWeights = init,
  ) {
    this.online = new TrainableMlp(init, maxBatch);
    this.target = new TrainableMlp(targetInit, maxBatch); // by default a copy of the online network
    const head = nActions + (config.dueling ? 1 : 0);
    if (this.online.outputSize !== head) throw new InputError(`Q-network has ${this.online.outputSize} outputs, expected ${head}`, 'q');
    this.groups = [this.online.paramGroup()];
    // Adam with PyTorch's ε 1e-8 by default (SB3's DQN optimiser).
    this.adam = new Adam(this.groups, { lr: config.learningRate, beta1: 0.9, beta2: 0.999, eps: config.adamEps });
    this.y = new Float64Array(maxBatch);
    this.nextActions = new Int32Array(maxBatch);
  }

  step(batch: ReplayBatch, stats: Float64Array): void {
    this.lossAndOutputGrads(batch, stats);
    this.online.backward();
    // Gradient clipping at the global norm (SB3 max_grad_norm 10, torch clip_grad_norm_).
    clipGradNorm(this.groups, this.config.maxGradNorm);
    this.adam.step();
  }

  syncTarget(tau: number): void {
    polyakUpdateFlat(this.online.params, this.target.params, tau);
  }

  weights(): MlpWeights {
    return this.online.getWeights();
  }

  lossGradients(batch: ReplayBatch, stats: Float64Array): ArrayLike<number>[] {
    this.lossAndOutputGrads(batch, stats);
    this.online.backward();
    const net = this.online;
    const views: Float32Array[] = [];
    for (let l = 0; l < net.nLayers; l++) {
      const wo = net.wOffset(l);
      const bo = net.bOffset(l);
      views.push(net.grads.subarray(wo, bo), net.grads.subarray(bo, bo + net.sizes[l + 1]!));
    }
    return views;
  }

  dispose(): void {
    // Plain arrays: nothing to release.
  }

  /**
   * TD targets, the loss diagnostics, and ∂L/∂outputs written into the online network's
   * output-grad buffer, with its activations on s cached for backward.
   */
  private lossAndOutputGrads(batch: ReplayBatch, stats: Float64Array): void {
    const { gamma, doubleQ, dueling } = this.config;
    const n = batch.size;
    if (n > this.online.maxBatch) throw new InputError(`minibatch of ${n} exceeds the learner's ${this.online.maxBatch} rows`, 'batchSize');
    const nA = this.nActions;
    const width = this.online.outputSize;
    const len = n * this.online.inputSize;
    const y = this.y;

    // --- TD targets (no gradient). The online forward on s′ (double Q's chooser) runs
    // first: the forward on s below overwrites the activations that backward needs.
    if (doubleQ) {
      loadRows(this.online.input(), batch.nextObservations, len);
      const chooser = this.online.forward(n);
      for (let i = 0; i < n; i++) this.nextActions[i] = greedyAction(chooser, i * width, nA);
    }
    loadRows(this.target.input(), batch.nextObservations, len);
    const qNext = this.target.forward(n);
    for (let i = 0; i < n; i++) {
      const o = i * width;
      const a2 = doubleQ ? this.nextActions[i]! : greedyAction(qNext, o, nA);
      // Terminated-only masking: truncated transitions bootstrap.
      y[i] = batch.rewards[i]! + gamma * (1 - batch.terminated[i]!) * qValue(qNext, o, a2, nA, dueling);
    }

    // --- Huber loss on Q_online(s, a) − y, and its gradient at the head.
    loadRows(this.online.input(), batch.observations, len);
    const head = this.online.forward(n);
    const dHead = this.online.outputGrad();
    const actions = batch.actions as Int32Array;
    let lossSum = 0;
    let qSum = 0;
    for (let i = 0; i < n; i++) {
      const o = i * width;
      const a = actions[i]!;
      const q = qValue(head, o, a, nA, dueling);
      const x = q - y[i]!;
      const ax = Math.abs(x);
      lossSum += ax <= 1 ? 0.5 * x * x : ax - 0.5;
      qSum += q;
      const g = (x < -1 ? -1 : x > 1 ? 1 : x) / n; // ∂L/∂Q_i
      if (dueling) {
        // ∂Q_a/∂A_j = [j = a] − 1/m, ∂Q_a/∂V = 1.
        const shared = -g / nA;
        for (let j = 0; j < nA; j++) dHead[o + j] = shared;
        dHead[o + a] = dHead[o + a]! + g;
        dHead[o + nA] = g;
      } else {
        for (let j = 0; j < nA; j++) dHead[o + j] = 0;
        dHead[o + a] = g;
      }
    }
    stats[0] = lossSum / n;
    stats[1] = qSum / n;
  }
}
