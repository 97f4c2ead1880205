/**
 * The hand-written SAC gradients of the 'ts' engine against tfjs autodiff of the same
 * losses (the 'tfjs' engine, cpu backend) on the same random replay batch, noise and
 * weights: critic, actor (through the critics' action inputs) and α, with terminated
 * rows, ReLU and tanh networks, learned and fixed α, and log-stds on both sides of the
 * upper clamp end (2). Error = max |Δ| / max |g_tfjs| per parameter tensor, < 1e-5. The
 * lower clamp end (−20) is checked against central differences instead (float32
 * autodiff is no reference there, see that test). Then a few full gradient steps with
 * Polyak updates give the same parameters within 1e-4.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MlpRuntime } from '../../../src/agents/nn/runtime.js';
import type { MlpWeights } from '../../../src/agents/nn/weights.js';
import type { ReplayBatch } from '../../../src/agents/rl/replay-buffer.js';
import { initSacWeights, LOG_STD_MAX, LOG_STD_MIN, makeSacLearner, parseSacConfig, type SacConfigInput, type SacInit } from '../../../src/agents/rl/sac.js';
import { RandomStream } from '../../../src/core/random.js';
import { relErr } from '../nn/gradcheck.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const OBS = 3;
const DIM = 2;
const N = 24;

/** A random replay batch: actions in (−1, 1), about a third of the rows terminated. */
function randomBatch(rng: RandomStream): ReplayBatch {
  const batch: ReplayBatch = {
    size: N,
    indices: Int32Array.from({ length: N }, (_, i) => i),
    observations: rng.fillNormal(new Float32Array(N * OBS)) as Float32Array,
    actions: Float32Array.from({ length: N * DIM }, () => rng.uniformRange(-0.99, 0.99)),
    rewards: rng.fillNormal(new Float32Array(N), 0.2, 1) as Float32Array,
    nextObservations: rng.fillNormal(new Float32Array(N * OBS)) as Float32Array,
    terminated: Float32Array.from({ length: N }, (_, i) => (i % 3 === 1 ? 1 : 0)),
  };
  return batch;
}

/**
 * Initial weights with non-trivial heads (the 0.01 actor-head init makes every policy
 * nearly the same). With `clamp` = [log-std column j, clamp end] and observation rows
 * `at`, column DIM + j is rescaled and shifted so that on those rows ŝ_j has spread 1 and
 * its median 0.05 inside the clamp end: about half the rows are clamped.
 */
function makeInit(config: SacConfigInput, rng: RandomStream, clamp: { j: number; end: number; at: Float32Array } | null): SacInit {
  const init = initSacWeights(parseSacConfig(config), OBS, DIM, rng.fork('init'));
  const head = init.actor.layers.at(-1)!;
  for (let k = 0; k < head.w.length; k++) head.w[k] = head.w[k]! + 0.3 * rng.normal();
  for (let k = 0; k < head.b.length; k++) head.b[k] = 0.2 * rng.normal();
  if (clamp) {
    const c = DIM + clamp.j;
    const rows = clamp.at.length / OBS;
    head.b[c] = 0;
    const col = logStdColumn(init.actor, clamp.at, clamp.j).sort((x, y) => x - y);
    const mean = col.reduce((x, y) => x + y, 0) / rows;
    const sd = Math.sqrt(col.reduce((x, y) => x + (y - mean) ** 2, 0) / rows);
    for (let k = 0; k < head.inSize; k++) head.w[k * head.outSize + c] = head.w[k * head.outSize + c]! / sd;
    head.b[c] = clamp.end + 0.05 - col[rows >> 1]! / sd; // + 0.05: no row at the kink itself
  }
  for (const q of [init.q1, init.q2]) for (const l of q.layers) for (let k = 0; k < l.b.length; k++) l.b[k] = 0.3 * rng.normal();
  return init;
}

/** The raw log-std output ŝ_j of the actor on each observation row. */
function logStdColumn(actor: MlpWeights, obs: Float32Array, j: number): number[] {
  const rows = obs.length / OBS;
  const head = MlpRuntime.fromWeights(actor, rows).forward(obs, rows, new Float32Array(rows * 2 * DIM));
  return Array.from({ length: rows }, (_, i) => head[i * 2 * DIM + DIM + j]!);
}

/** s and s′ rows of a batch, one after the other. */
function allObservations(batch: ReplayBatch): Float32Array {
  const both = new Float32Array(2 * N * OBS);
  both.set(batch.observations);
  both.set(batch.nextObservations, N * OBS);
  return both;
}

const CASES: [string, SacConfigInput, boolean][] = [
  ['relu, learned α', { netArch: { pi: [16, 8], qf: [12, 10] }, entCoefInit: 0.5 }, false],
  ['tanh, fixed α, γ 0.9', { netArch: { pi: [10], qf: [9, 7] }, activation: 'tanh', entCoef: 0.2, gamma: 0.9 }, false],
  ['relu, log-std on both sides of the upper clamp', { netArch: { pi: [16, 8], qf: [12, 10] }, targetEntropy: -0.5 }, true],
];

describe('SAC gradients: ts engine vs tfjs autodiff', () => {
  it.each(CASES)('%s', (_label, extra, clampHit) => {
    const input: SacConfigInput = { batchSize: N, ...extra };
    const rng = RandomStream.fromSeed(5);
    const batch = randomBatch(rng);
    const init = makeInit(input, rng, clampHit ? { j: 0, end: LOG_STD_MAX, at: allObservations(batch) } : null);
    const noise = rng.fillNormal(new Float32Array(2 * N * DIM)) as Float32Array;
    if (clampHit) {
      // At σ = e² keep |u| = |μ + σε| moderate: for |u| ≳ 5, 1 − tanh²u is below float32's
      // resolution near 1 and the float32 reference's squashing correction is noise.
      for (let k = 0; k < noise.length; k += DIM) noise[k] = noise[k]! * 0.15;
      // Rows beyond the clamp, and rows inside it, on s (actor loss) and on s′ (critic target).
      for (const obs of [batch.observations, batch.nextObservations]) {
        const col = logStdColumn(init.actor, obs, 0);
        expect(Math.min(...col.map((v) => Math.abs(v - LOG_STD_MAX)))).toBeGreaterThan(1e-3); // float32 and float64 agree on the side
        const beyond = col.filter((v) => v > LOG_STD_MAX).length;
        expect(beyond).toBeGreaterThan(N / 5);
        expect(beyond).toBeLessThan((4 * N) / 5);
      }
    }

    const before = tf.memory().numTensors;
    const ts = makeSacLearner(parseSacConfig({ ...input, engine: 'ts' }), init, N);
    const tfl = makeSacLearner(parseSacConfig({ ...input, engine: 'tfjs' }), init, N);
    expect([ts.engine, tfl.engine]).toEqual(['ts', 'tfjs']);
    const statsTs = new Float64Array(4);
    const statsTf = new Float64Array(4);
    const gTs = ts.lossGradients(batch, noise, statsTs);
    const gTf = tfl.lossGradients(batch, noise, statsTf);
    tfl.dispose();
    ts.dispose();
    expect(tf.memory().numTensors).toBe(before);

    for (let s = 0; s < 4; s++) {
      if (Number.isNaN(statsTf[s]!)) expect(statsTs[s]).toBeNaN(); // α loss with a fixed α
      else expect(Math.abs(statsTs[s]! - statsTf[s]!), `stat ${s}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(statsTf[s]!)));
    }
    const nCritic = 2 * init.q1.layers.length;
    const nActor = 2 * init.actor.layers.length;
    expect(gTs.length).toBe(gTf.length);
    expect(gTs.length).toBe(2 * nCritic + nActor + ('entCoef' in extra ? 0 : 1));
    for (let k = 0; k < gTs.length; k++) {
      expect(Math.max(...Array.from(gTf[k]!, Math.abs)), `tfjs gradient ${k} is not all zero`).toBeGreaterThan(0);
      expect(relErr(gTs[k]!, gTf[k]!), `parameter tensor ${k}`).toBeLessThan(1e-5);
    }
  });

  /*
   * The lower clamp (σ = e^−20 ≈ 2e-9) cannot be checked against float32 autodiff: there
   * tfjs's ∂L/∂μ is the float32 sum −(α/n)·z/σ + ((α/n)·z/σ + ∂L/∂u), whose first terms are
   * ~1e7 and cancel with an error ~1, far above the true ∂L/∂u ~ 0.01 (log π itself also
   * loses the ½ε² term: μ + σε rounds to μ). So the ts engine is checked against central
   * differences of its own actor loss, on the last-layer biases (tanh networks: no kinks
   * except the clamp's, which no row is near). The networks run in float32, so the step
   * is 2⁻⁸ (round-off u·|L|/h ≈ 1e-5·|L|) and the tolerance 5e-5 + 1e-3·|fd|: a gradient
   * the clamp failed to block would be off by α/n ≈ 0.03 per row.
   */
  it('lower clamp: actor gradient of the head biases equals central differences', () => {
    const input: SacConfigInput = { batchSize: N, netArch: { pi: [10], qf: [9, 7] }, activation: 'tanh', entCoefInit: 0.7 };
    const config = parseSacConfig(input);
    const rng = RandomStream.fromSeed(8);
    const batch = randomBatch(rng);
    const init = makeInit(input, rng, { j: 1, end: LOG_STD_MIN, at: batch.observations });
    const noise = rng.fillNormal(new Float32Array(2 * N * DIM)) as Float32Array;
    const s1 = logStdColumn(init.actor, batch.observations, 1);
    const inside = s1.filter((v) => v >= LOG_STD_MIN).length;
    expect(inside).toBeGreaterThan(N / 5);
    expect(inside).toBeLessThan((4 * N) / 5);
    const h = 2 ** -8;
    expect(Math.min(...s1.map((v) => Math.abs(v - LOG_STD_MIN)))).toBeGreaterThan(4 * h); // no row at the kink

    const stats = new Float64Array(4);
    const learner = makeSacLearner(config, init, N);
    const grads = learner.lossGradients(batch, noise, stats);
    const biasGrad = grads[2 * 2 * init.q1.layers.length + 2 * init.actor.layers.length - 1]!; // actor head bias
    const head = init.actor.layers.at(-1)!;
    const actorLoss = (c: number, delta: number): number => {
      const b0 = head.b[c]!;
      head.b[c] = b0 + delta; // exact in float32 (|b| < 32, δ a power of two ≥ 2^-8)
      makeSacLearner(config, init, N).lossGradients(batch, noise, stats);
      head.b[c] = b0;
      return stats[1]!;
    };
    for (let c = 0; c < 2 * DIM; c++) {
      const fd = (actorLoss(c, h) - actorLoss(c, -h)) / (2 * h);
      expect(Math.abs(biasGrad[c]! - fd), `head bias ${c}: ${biasGrad[c]} vs ${fd}`).toBeLessThan(5e-5 + 1e-3 * Math.abs(fd));
    }
    // ∂L/∂ŝ_1 is −α/n for each row inside the clamp (the ∂L/∂u·σε term is ~1e-9) and 0 beyond it.
    expect(biasGrad[DIM + 1]).toBeCloseTo((-0.7 / N) * inside, 7);
  });

  it('a few full gradient steps (critic, actor, α, Polyak) give the same parameters', () => {
    const input: SacConfigInput = { batchSize: N, netArch: { pi: [16, 8], qf: [12, 10] }, learningRate: 3e-3, tau: 0.1, entCoefInit: 0.5 };
    const rng = RandomStream.fromSeed(9);
    const init = makeInit(input, rng, null);
    const ts = makeSacLearner(parseSacConfig({ ...input, engine: 'ts' }), init, N);
    const tfl = makeSacLearner(parseSacConfig({ ...input, engine: 'tfjs' }), init, N);
    const statsTs = new Float64Array(4);
    const statsTf = new Float64Array(4);
    for (let step = 0; step < 4; step++) {
      const batch = randomBatch(rng);
      const noise = rng.fillNormal(new Float32Array(2 * N * DIM)) as Float32Array;
      ts.step(batch, noise, statsTs);
      tfl.step(batch, noise, statsTf);
      ts.updateTargets();
      tfl.updateTargets();
      for (let s = 0; s < 4; s++) expect(Math.abs(statsTs[s]! - statsTf[s]!), `step ${step} stat ${s}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(statsTf[s]!)));
    }
    const a = ts.state();
    const b = tfl.state();
    tfl.dispose();
    // The parameters moved (lr 3e-3, 4 steps) and agree.
    expect(relErr(a.actor.layers[0]!.w, init.actor.layers[0]!.w)).toBeGreaterThan(1e-3);
    expect(Math.abs(a.logAlpha - Math.log(0.5))).toBeGreaterThan(1e-3);
    expect(Math.abs(a.logAlpha - b.logAlpha)).toBeLessThan(1e-4);
    for (const net of ['actor', 'q1', 'q2', 'q1Target', 'q2Target'] as const) {
      a[net].layers.forEach((l, i) => {
        const r = b[net].layers[i]!;
        expect(relErr(l.w, r.w), `${net} W${i}`).toBeLessThan(1e-4);
        expect(relErr(l.b, r.b), `${net} b${i}`).toBeLessThan(1e-4);
      });
    }
    // actorWeights() is the actor of state().
    expect(Array.from(ts.actorWeights().layers[1]!.w)).toEqual(Array.from(a.actor.layers[1]!.w));
  });
});
