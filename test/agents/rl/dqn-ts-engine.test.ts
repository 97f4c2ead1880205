/**
 * The hand-written DQN gradient of the 'ts' engine against tfjs autodiff of the same loss
 * (the 'tfjs' engine) on the same replay minibatch and weights, for double/vanilla targets
 * × plain/dueling heads, with terminated rows and both Huber branches; then a few full
 * training steps (clip, Adam, Polyak target syncs) of both engines from the same start.
 * Error = max |Δ| / max |ref| per parameter tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MlpWeights } from '../../../src/agents/nn/weights.js';
import { makeDqnLearner, parseDqnConfig, QPolicy, type DqnConfigInput } from '../../../src/agents/rl/dqn.js';
import type { ReplayBatch } from '../../../src/agents/rl/replay-buffer.js';
import { RandomStream } from '../../../src/core/random.js';
import { randomMlpWeights, relErr } from '../nn/gradcheck.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const OBS = 5;
const N_ACTIONS = 4;
const ROWS = 48;
/** Offsets Q(s, a) − r of terminated rows (y = r there): both sides of the Huber kink at 1. */
const OFFSETS = [0.3, -0.6, 2.5, -4];

/** Distinct random online and target networks ([OBS, 16, 8, head]), so double ≠ vanilla targets. */
function networks(dueling: boolean, activation: 'relu' | 'tanh', seed: number): { online: MlpWeights; target: MlpWeights } {
  const sizes = [OBS, 16, 8, N_ACTIONS + (dueling ? 1 : 0)];
  return { online: randomMlpWeights(sizes, activation, seed), target: randomMlpWeights(sizes, activation, seed + 1) };
}

/** A random replay minibatch; every third row terminated, with r = Q_online(s, a) − offset. */
function randomBatch(rng: RandomStream, online: MlpWeights, dueling: boolean): ReplayBatch {
  const observations = rng.fillNormal(new Float32Array(ROWS * OBS)) as Float32Array;
  const nextObservations = rng.fillNormal(new Float32Array(ROWS * OBS)) as Float32Array;
  const actions = Int32Array.from({ length: ROWS }, () => rng.int(N_ACTIONS));
  const rewards = rng.fillNormal(new Float32Array(ROWS), 0, 1.5) as Float32Array;
  const terminated = Float32Array.from({ length: ROWS }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const q = new QPolicy({ q: online, dueling }, { kind: 'flat', size: OBS }, { n: N_ACTIONS, start: 0 }, 'q', ROWS).qValues(observations);
  for (let i = 0; i < ROWS; i += 3) rewards[i] = q[i * N_ACTIONS + actions[i]!]! - OFFSETS[(i / 3) % OFFSETS.length]!;
  return { size: ROWS, indices: new Int32Array(ROWS), observations, actions, rewards, nextObservations, terminated };
}

const CASES = [
  ['double Q, plain head', { doubleQ: true, dueling: false }, 'relu'],
  ['double Q, dueling head', { doubleQ: true, dueling: true }, 'relu'],
  ['vanilla, plain head', { doubleQ: false, dueling: false }, 'relu'],
  ['vanilla, dueling head', { doubleQ: false, dueling: true }, 'relu'],
  ['double Q, dueling head, tanh', { doubleQ: true, dueling: true }, 'tanh'],
] as const;

describe('DQN loss gradient: ts engine vs tfjs autodiff', () => {
  it.each(CASES)('%s', (_label, flags, activation) => {
    const input: DqnConfigInput = { ...flags, activation, gamma: 0.9, batchSize: ROWS, netArch: [16, 8] };
    const { online, target } = networks(flags.dueling, activation, 7);
    const batch = randomBatch(RandomStream.fromSeed(11), online, flags.dueling);
    const tensorsBefore = tf.memory().numTensors;
    const ts = makeDqnLearner(parseDqnConfig({ ...input, engine: 'ts' }), online, N_ACTIONS, ROWS, target);
    const tfl = makeDqnLearner(parseDqnConfig({ ...input, engine: 'tfjs' }), online, N_ACTIONS, ROWS, target);
    const statsTs = new Float64Array(2);
    const statsTf = new Float64Array(2);
    const gTs = ts.lossGradients(batch, statsTs);
    const gTf = tfl.lossGradients(batch, statsTf);
    tfl.dispose();
    ts.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    for (let s = 0; s < 2; s++) expect(Math.abs(statsTs[s]! - statsTf[s]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(statsTf[s]!)));
    expect(gTs.length).toBe(2 * 3);
    expect(gTs.length).toBe(gTf.length);
    for (let k = 0; k < gTs.length; k++) {
      expect(gTs[k]!.length).toBe(gTf[k]!.length);
      expect(relErr(gTs[k]!, gTf[k]!), `parameter tensor ${k}`).toBeLessThan(1e-5);
    }
  });

  it('double and vanilla targets differ on this batch (the cases above test different things)', () => {
    const { online, target } = networks(false, 'relu', 7);
    const batch = randomBatch(RandomStream.fromSeed(11), online, false);
    const loss = (doubleQ: boolean): number => {
      const stats = new Float64Array(2);
      makeDqnLearner(parseDqnConfig({ doubleQ, gamma: 0.9, batchSize: ROWS }), online, N_ACTIONS, ROWS, target).lossGradients(batch, stats);
      return stats[0]!;
    };
    expect(Math.abs(loss(true) - loss(false))).toBeGreaterThan(1e-3);
  });
});

describe('DQN training steps: ts engine vs tfjs engine', () => {
  it.each(CASES)('%s: 12 steps (clipped, Adam, Polyak syncs) give the same parameters within 1e-4', (_label, flags, activation) => {
    // maxGradNorm small enough that the clip is active; a soft target sync every 4 steps.
    const input: DqnConfigInput = { ...flags, activation, gamma: 0.9, batchSize: ROWS, netArch: [16, 8], learningRate: 1e-3, maxGradNorm: 0.2 };
    const { online, target } = networks(flags.dueling, activation, 3);
    const rng = RandomStream.fromSeed(5);
    const batches = Array.from({ length: 12 }, () => randomBatch(rng, online, flags.dueling));
    const tensorsBefore = tf.memory().numTensors;
    const ts = makeDqnLearner(parseDqnConfig({ ...input, engine: 'ts' }), online, N_ACTIONS, ROWS, target);
    const tfl = makeDqnLearner(parseDqnConfig({ ...input, engine: 'tfjs' }), online, N_ACTIONS, ROWS, target);

    // The clip matters: the first gradient's global norm is above maxGradNorm.
    const g0 = ts.lossGradients(batches[0]!, new Float64Array(2));
    const norm = Math.sqrt(g0.reduce((s, g) => s + Array.from(g).reduce((t, v) => t + v * v, 0), 0));
    expect(norm).toBeGreaterThan(0.2);

    const statsTs = new Float64Array(2);
    const statsTf = new Float64Array(2);
    for (const [k, batch] of batches.entries()) {
      ts.step(batch, statsTs);
      tfl.step(batch, statsTf);
      expect(Math.abs(statsTs[0]! - statsTf[0]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(statsTf[0]!)));
      if (k % 4 === 3) {
        ts.syncTarget(0.5);
        tfl.syncTarget(0.5);
      }
    }
    const wTs = ts.weights();
    const wTf = tfl.weights();
    tfl.dispose();
    ts.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // The parameters moved (by about 12 · lr), and both engines moved them alike.
    expect(relErr(wTs.layers[0]!.w, online.layers[0]!.w)).toBeGreaterThan(1e-3);
    wTs.layers.forEach((l, i) => {
      expect(relErr(l.w, wTf.layers[i]!.w), `W${i}`).toBeLessThan(1e-4);
      expect(relErr(l.b, wTf.layers[i]!.b), `b${i}`).toBeLessThan(1e-4);
    });
  });
});
