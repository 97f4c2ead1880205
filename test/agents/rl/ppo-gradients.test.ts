/**
 * The hand-written PPO loss gradient of the 'ts' engine against tfjs autodiff of the same
 * loss (the 'tfjs' engine) on the same minibatch and weights: Discrete and Box heads,
 * with and without value clipping, entropy bonus (from the config or passed per update, as
 * the entropy-coefficient schedule does) and advantage normalisation. Old
 * log-probs are perturbed so that ratios fall inside and outside the clip range.
 * Error = max |Δ| / max |g_tfjs| per parameter tensor, < 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionSpec } from '../../../src/agents/rl/action-space.js';
import { ActorCriticPolicy } from '../../../src/agents/rl/actor-critic-policy.js';
import { initActorCritic, makePpoLearner, parsePpoConfig, type PpoConfigInput } from '../../../src/agents/rl/ppo.js';
import { RolloutBuffer } from '../../../src/agents/rl/rollout-buffer.js';
import { RandomStream } from '../../../src/core/random.js';
import { relErr } from '../nn/gradcheck.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DISCRETE: ActionSpec = { kind: 'discrete', n: 3, start: 0 };
const BOX: ActionSpec = { kind: 'box', dim: 2, low: new Float32Array([-1, -1]), high: new Float32Array([1, 1]) };

describe('PPO loss gradient: ts engine vs tfjs autodiff', () => {
  it.each([
    ['discrete', DISCRETE, {}, undefined],
    ['discrete, value clip, entropy', DISCRETE, { clipRangeVf: 0.1, entCoef: 0.05, activation: 'relu' }, undefined],
    ['discrete, no adv. normalisation', DISCRETE, { normalizeAdvantage: false, entCoef: 0.01 }, undefined],
    ['discrete, entropy coefficient passed to beginUpdate', DISCRETE, { entCoef: 0.5 }, 0.03],
    ['box', BOX, { logStdInit: -0.3 }, undefined],
    ['box, value clip, entropy', BOX, { clipRangeVf: 0.2, entCoef: 0.02, netArch: { pi: [16, 8], vf: [7] } }, undefined],
    ['box, entropy coefficient passed to beginUpdate', BOX, { entCoef: 0 }, 0.04],
  ] as const)('%s', (_label, action, extra, entCoef) => {
    const obsSize = 5;
    const nRows = 40;
    const input: PpoConfigInput = { batchSize: 32, vfCoef: 0.7, ...(extra as PpoConfigInput) };
    const rng = RandomStream.fromSeed(21);
    const init = initActorCritic(parsePpoConfig(input), obsSize, action, rng.fork('init'));
    // Give the heads non-trivial weights (the 0.01 policy-head init makes every policy uniform).
    for (const l of init.actor.layers) for (let k = 0; k < l.w.length; k++) l.w[k] = l.w[k]! + 0.3 * rng.normal();
    for (const l of init.critic.layers) for (let k = 0; k < l.b.length; k++) l.b[k] = 0.2 * rng.normal();

    const aw = action.kind === 'box' ? action.dim : 0;
    const buf = new RolloutBuffer(nRows, 1, obsSize, aw);
    rng.fillNormal(buf.observations);
    rng.fillNormal(buf.advantages, 0.3, 1.5);
    rng.fillNormal(buf.returns);
    if (action.kind === 'discrete') for (let i = 0; i < nRows; i++) (buf.actions as Int32Array)[i] = rng.int(action.n);
    else rng.fillNormal(buf.actions as Float32Array, 0, 1.2);
    // Old log-probs/values = current ones plus noise, so ratios straddle 1 ± ε and values straddle the clip.
    const policy = new ActorCriticPolicy(init, { kind: 'flat', size: obsSize }, action, rng, 'ppo', nRows);
    const head = new Float32Array(nRows * (action.kind === 'box' ? action.dim : action.n));
    // log-probs of the stored actions through the public helpers
    const lp = new Float32Array(nRows);
    if (action.kind === 'discrete') {
      policy.actionProbabilities(buf.observations).forEach((p, k) => (head[k] = Math.log(p)));
      for (let i = 0; i < nRows; i++) lp[i] = head[i * action.n + (buf.actions as Int32Array)[i]!]!;
    } else {
      const mean = new Float32Array(nRows * action.dim);
      policy.sampleEncoded(buf.observations, null, mean);
      const ls = init.logStd!;
      for (let i = 0; i < nRows; i++) {
        let s = 0;
        for (let j = 0; j < action.dim; j++) {
          const z = ((buf.actions as Float32Array)[i * action.dim + j]! - mean[i * action.dim + j]!) / Math.exp(ls[j]!);
          s += -0.5 * z * z - ls[j]! - 0.5 * Math.log(2 * Math.PI);
        }
        lp[i] = s;
      }
    }
    for (let i = 0; i < nRows; i++) buf.logProbs[i] = lp[i]! + 0.4 * rng.normal();
    policy.valuesEncoded(buf.observations, buf.values);
    for (let i = 0; i < nRows; i++) buf.values[i] = buf.values[i]! + 0.3 * rng.normal();

    const idx = Int32Array.from({ length: 32 }, (_, k) => (k * 7) % nRows);
    const statsTs = new Float64Array(5);
    const statsTf = new Float64Array(5);
    const ts = makePpoLearner(parsePpoConfig({ ...input, engine: 'ts' }), init, action, 32);
    const tfl = makePpoLearner(parsePpoConfig({ ...input, engine: 'tfjs' }), init, action, 32);
    ts.beginUpdate(buf, 1e-3, entCoef);
    tfl.beginUpdate(buf, 1e-3, entCoef);
    const gTs = ts.lossGradients(idx, 0.2, statsTs);
    const gTf = tfl.lossGradients(idx, 0.2, statsTf);
    tfl.dispose();
    ts.dispose();
    if (entCoef !== undefined) {
      // The coefficient passed per update replaces the config's: same gradient as a config with it.
      const ref = makePpoLearner(parsePpoConfig({ ...input, entCoef, engine: 'ts' }), init, action, 32);
      ref.beginUpdate(buf, 1e-3);
      const gRef = ref.lossGradients(idx, 0.2, new Float64Array(5));
      ref.dispose();
      for (let k = 0; k < gTs.length; k++) expect(Array.from(gTs[k]!), `parameter tensor ${k}`).toEqual(Array.from(gRef[k]!));
    }
    expect(statsTs[4]).toBeGreaterThan(0.1); // some ratios are clipped
    expect(statsTs[4]).toBeLessThan(0.9);
    for (let s = 0; s < 5; s++) expect(Math.abs(statsTs[s]! - statsTf[s]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(statsTf[s]!)));
    expect(gTs.length).toBe(gTf.length);
    for (let k = 0; k < gTs.length; k++) expect(relErr(gTs[k]!, gTf[k]!), `parameter tensor ${k}`).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(0);
  });
});
