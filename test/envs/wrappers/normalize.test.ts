import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { RunningMeanStd } from '../../../src/envs/running-stats.js';
import { NormalizeObservation } from '../../../src/envs/wrappers/normalize-observation.js';
import { NormalizeReward } from '../../../src/envs/wrappers/normalize-reward.js';
import { CounterEnv } from './fixtures.js';

describe('RunningMeanStd (Chan parallel merge, SB3 init mean 0 / var 1 / count 1e-4)', () => {
  it('row-by-row (Welford) and one batch give the same moments as the pooled formula', () => {
    const rng = RandomStream.fromSeed(9);
    const xs = Array.from({ length: 50 }, () => rng.normal(3, 2));
    const one = new RunningMeanStd(1);
    for (const x of xs) one.update([x]);
    const batch = new RunningMeanStd(1);
    batch.update(xs, xs.length);
    // Pooled moments of the prior pseudo-sample (count c, mean 0, var 1) and the data:
    // M = Σx / (c + n);  var = (c·(1 + M²) + Σ(x − M)²) / (c + n).
    const c = 1e-4;
    const M = xs.reduce((a, b) => a + b, 0) / (c + xs.length);
    const v = (c * (1 + M * M) + xs.reduce((a, x) => a + (x - M) ** 2, 0)) / (c + xs.length);
    for (const s of [one, batch]) {
      expect(s.mean[0]).toBeCloseTo(M, 12);
      expect(s.var[0]).toBeCloseTo(v, 12);
      expect(s.count).toBeCloseTo(50.0001, 12);
    }
  });

  it('state survives a JSON round trip exactly; malformed state names the field', () => {
    const s = new RunningMeanStd(2);
    s.update([1, 2, 3, 5], 2);
    const t = new RunningMeanStd(2);
    t.setState(JSON.parse(JSON.stringify(s.getState())));
    expect(t.getState()).toEqual(s.getState());
    expect(() => t.setState({ mean: [0], var: [1, 1], count: 1 })).toThrow(/state\.mean must be an array of 2/);
  });
});

describe('NormalizeReward: reward / sqrt(var of the discounted return + 1e-8), clipped at 10 (SB3 VecNormalize)', () => {
  it('matches a hand computation for rewards 1, 2, 3 and γ = 0.5', () => {
    // G = 1, 2.5, 4.25. Running var of G (pooled with the 1e-4 prior): 2.0e-4, 0.562675, 1.764086.
    // Scaled rewards: 1/sqrt(2e-4) = 70.7 → clipped to 10; 2/sqrt(0.562675) = 2.666252; 3/sqrt(1.764086) = 2.258715.
    const env = new NormalizeReward(new CounterEnv(3, [1, 2, 3]), { gamma: 0.5 });
    env.reset({ seed: 0 });
    const r = [env.step(0).reward, env.step(0).reward, env.step(0).reward];
    expect(r[0]).toBe(10);
    expect(r[1]).toBeCloseTo(2.666252, 5);
    expect(r[2]).toBeCloseTo(2.258715, 5);
    // the episode ended: G restarts at 0
    expect(env.discountedReturn).toBe(0);
  });

  it('frozen: statistics and G stay fixed; state round-trips through JSON', () => {
    const train = new NormalizeReward(new CounterEnv(5, [1, 2, 3, 4, 5]), { gamma: 0.9 });
    train.reset({ seed: 0 });
    for (let k = 0; k < 5; k++) train.step(0);
    const saved = JSON.stringify(train.getState());

    const evalEnv = new NormalizeReward(new CounterEnv(5, [1, 2, 3, 4, 5]), { gamma: 0.9 });
    evalEnv.setState(JSON.parse(saved));
    evalEnv.frozen = true;
    evalEnv.reset({ seed: 0 });
    const sd = Math.sqrt(train.stats.var[0]! + 1e-8);
    expect(evalEnv.step(0).reward).toBeCloseTo(1 / sd, 12);
    expect(evalEnv.step(0).reward).toBeCloseTo(2 / sd, 12);
    expect(JSON.stringify(evalEnv.getState())).toBe(saved);
    expect(evalEnv.discountedReturn).toBe(0);
  });
});

describe('NormalizeObservation', () => {
  it('standardises with the statistics including the current observation, and freezes for evaluation', () => {
    const env = new NormalizeObservation(new CounterEnv(4));
    const first = env.reset({ seed: 3 }).observation;
    // feature 0 is t = 0 at reset: the mean after merging 0 into the prior mean 0 is 0, so z = 0
    expect(first[0]).toBe(0);
    expect(first).toBeInstanceOf(Float32Array);
    for (let k = 0; k < 4; k++) env.step(0);
    const state = JSON.parse(JSON.stringify(env.getState()));

    const evalEnv = new NormalizeObservation(new CounterEnv(4));
    evalEnv.setState(state);
    evalEnv.frozen = true;
    const obs = evalEnv.reset({ seed: 3 }).observation;
    const { mean, var: v } = evalEnv.stats;
    expect(obs[0]).toBeCloseTo((0 - mean[0]!) / Math.sqrt(v[0]! + 1e-8), 5);
    evalEnv.step(0);
    expect(evalEnv.getState()).toEqual(state); // unchanged while frozen
    expect(env.observationSpace.toString()).toBe('Box(-Infinity, Infinity, (2,), float32)');
  });

  it('clips at ±10', () => {
    const env = new NormalizeObservation(new CounterEnv(50));
    env.setState({ obsStats: { mean: [0, 0], var: [1e-4, 1e-4], count: 1 } });
    env.frozen = true;
    env.reset({ seed: 0 });
    expect(env.step(0).observation[0]).toBe(10); // (1 − 0)/0.01 = 100 → 10
  });
});
