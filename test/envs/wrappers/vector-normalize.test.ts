import { describe, expect, it } from 'vitest';
import { SyncVectorEnv } from '../../../src/envs/vector/sync-vector-env.js';
import { VectorNormalizeObservation } from '../../../src/envs/wrappers/vector-normalize-observation.js';
import { VectorNormalizeReward } from '../../../src/envs/wrappers/vector-normalize-reward.js';
import { RunningMeanStd } from '../../../src/envs/running-stats.js';
import { CounterEnv } from './fixtures.js';

const actions = Int32Array.of(0, 0);

describe('VectorNormalizeReward (SB3 VecNormalize reward path)', () => {
  it('batch-updates the return statistics and resets G per sub-env on done', () => {
    // sub-env 0 ends after 2 steps, sub-env 1 after 3; rewards 1, 2, 3, … per step
    const vec = new VectorNormalizeReward(new SyncVectorEnv([() => new CounterEnv(2, [1, 2, 3]), () => new CounterEnv(3, [1, 2, 3])]), { gamma: 0.5 });
    vec.reset({ seed: 0 });
    // Reference: SB3's loop by hand with a RunningMeanStd.
    const ref = new RunningMeanStd(1);
    const G = [0, 0];
    const rewards = [
      [1, 1],
      [2, 2],
      [1, 3], // sub-env 0 restarted (same-step autoreset) and gets reward 1 again
    ];
    const dones = [
      [0, 0],
      [1, 0],
      [0, 1],
    ];
    for (let t = 0; t < 3; t++) {
      const out = vec.step(actions);
      for (let i = 0; i < 2; i++) G[i] = G[i]! * 0.5 + rewards[t]![i]!;
      ref.update(G, 2);
      const sd = Math.sqrt(ref.var[0]! + 1e-8);
      for (let i = 0; i < 2; i++) expect(out.rewards[i]).toBeCloseTo(Math.max(-10, Math.min(10, rewards[t]![i]! / sd)), 12);
      expect(Array.from(out.terminations)).toEqual(dones[t]);
      for (let i = 0; i < 2; i++) if (dones[t]![i]) G[i] = 0;
      expect(Array.from(vec.returns)).toEqual(G);
    }
  });
});

describe('VectorNormalizeObservation', () => {
  it('normalises rows and finalObservation with the same statistics; state round-trips; frozen stays fixed', () => {
    const make = () => new SyncVectorEnv([() => new CounterEnv(2), () => new CounterEnv(3)]);
    const vec = new VectorNormalizeObservation(make());
    vec.reset({ seed: 0 });
    vec.step(actions);
    const raw = make();
    raw.reset({ seed: 0 });
    raw.step(actions);
    const rawOut = raw.step(actions);
    const out = vec.step(actions);
    const { mean, var: v } = vec.stats;
    const z = (x: number, j: number) => Math.fround(Math.max(-10, Math.min(10, (x - mean[j]!) / Math.sqrt(v[j]! + 1e-8))));
    // the returned rows (sub-env 0 already restarted)
    for (let k = 0; k < 4; k++) expect(out.observations[k]).toBe(z(rawOut.observations[k]!, k % 2));
    // sub-env 0 ended: its true last observation [2, start] normalised with the same statistics
    const fin = out.infos.finalObservation!;
    expect(fin[1]).toBeNull();
    expect(Array.from(fin[0]!)).toEqual([z(rawOut.infos.finalObservation![0]![0]!, 0), z(rawOut.infos.finalObservation![0]![1]!, 1)]);
    expect(rawOut.infos.finalObservation![0]![0]).toBe(2); // the inner env's array is untouched

    const state = JSON.parse(JSON.stringify(vec.getState()));
    const evalVec = new VectorNormalizeObservation(make());
    evalVec.setState(state);
    evalVec.frozen = true;
    evalVec.reset({ seed: 1 });
    evalVec.step(actions);
    expect(evalVec.getState()).toEqual(state);
    expect(state.obsStats.count).toBeCloseTo(3 * 2 + 1e-4, 10); // reset + 2 steps, 2 rows each
  });
});
