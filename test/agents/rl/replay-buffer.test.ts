import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { EpisodeStats, ObservationEncoder, ReplayBuffer, trueNextObservations } from '../../../src/agents/rl/replay-buffer.js';
import type { VectorStepResult } from '../../../src/envs/vector/vector-env.js';

/** Add `rows` transitions one env at a time; transition t has obs [t, −t], action t, reward t. */
function fill(buffer: ReplayBuffer, from: number, rows: number): void {
  for (let t = from; t < from + rows; t++) {
    buffer.add(Float32Array.of(t, -t), Int32Array.of(t), [t], Float32Array.of(t + 1, -(t + 1)), [t % 2]);
  }
}

describe('ReplayBuffer', () => {
  it('stores rows of N envs and reads them back', () => {
    const b = new ReplayBuffer(10, 2, 1);
    b.add(Float32Array.of(1, 2, 3, 4), Float32Array.of(0.5, -0.5), [1, 2], Float32Array.of(5, 6, 7, 8), Uint8Array.of(0, 1));
    expect(b.size).toBe(2);
    expect(Array.from(b.observations.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(Array.from(b.nextObservations.subarray(0, 4))).toEqual([5, 6, 7, 8]);
    expect(Array.from(b.actions.subarray(0, 2))).toEqual([0.5, -0.5]);
    expect(Array.from(b.terminated.subarray(0, 2))).toEqual([0, 1]);
  });

  it('wraps around: the oldest rows are overwritten and size stays at capacity', () => {
    const b = new ReplayBuffer(5, 2, 0);
    fill(b, 0, 7); // rows 0..6 into 5 slots: slots hold 5, 6, 2, 3, 4
    expect(b.size).toBe(5);
    expect(Array.from(b.rewards)).toEqual([5, 6, 2, 3, 4]);
    expect(Array.from(b.observations)).toEqual([5, -5, 6, -6, 2, -2, 3, -3, 4, -4]);
    expect(Array.from(b.actions)).toEqual([5, 6, 2, 3, 4]);
    expect(Array.from(b.terminated)).toEqual([1, 0, 0, 1, 0]);
  });

  it('never samples unwritten slots, and samples are consistent transitions', () => {
    const b = new ReplayBuffer(1000, 2, 0);
    fill(b, 0, 7);
    const batch = b.allocateBatch(64);
    const rng = RandomStream.fromSeed(1).fork('replay');
    for (let k = 0; k < 50; k++) {
      b.sample(rng, batch);
      for (let i = 0; i < 64; i++) {
        const t = batch.rewards[i]!;
        expect(batch.indices[i]).toBeLessThan(7);
        expect(batch.observations[2 * i]).toBe(t);
        expect(batch.nextObservations[2 * i]).toBe(t + 1);
        expect(batch.actions[i]).toBe(t);
        expect(batch.terminated[i]).toBe(t % 2);
      }
    }
  });

  it('samples uniformly (chi-square over 20 slots)', () => {
    const b = new ReplayBuffer(20, 2, 0);
    fill(b, 0, 26); // wrapped: all 20 slots written
    const batch = b.allocateBatch(100);
    const rng = RandomStream.fromSeed(7).fork('replay');
    const counts = new Array<number>(20).fill(0);
    const draws = 40_000;
    for (let k = 0; k < draws / 100; k++) {
      b.sample(rng, batch);
      for (const i of batch.indices) counts[i]!++;
    }
    const expected = draws / 20;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: the 99.9 % quantile is 43.8.
    expect(chi2).toBeLessThan(43.8);
  });

  it('rejects an empty sample and mismatched rows', () => {
    const b = new ReplayBuffer(4, 2, 0);
    expect(() => b.sample(RandomStream.fromSeed(0), b.allocateBatch(1))).toThrow(/empty/);
    expect(() => b.add(Float32Array.of(1), Int32Array.of(0), [0], Float32Array.of(1), [0])).toThrow(/expected 1 rows/);
    expect(() => new ReplayBuffer(0, 2, 0)).toThrow(/capacity/);
  });
});

describe('off-policy collection helpers', () => {
  const step: VectorStepResult = {
    observations: Float32Array.of(10, 11, 20, 21, 30, 31),
    rewards: Float64Array.of(1, 2, 3),
    terminations: Uint8Array.of(0, 1, 0),
    truncations: Uint8Array.of(0, 0, 1),
    infos: { finalObservation: [null, Float32Array.of(-2, -2), Float32Array.of(-3, -3)] },
  };

  it('replaces the rows of ended sub-envs with their final observation', () => {
    const out = trueNextObservations(step, 2, new Float32Array(6));
    expect(Array.from(out)).toEqual([10, 11, -2, -2, -3, -3]);
    const missing = { ...step, infos: {} };
    expect(() => trueNextObservations(missing, 2, new Float32Array(6))).toThrow(/finalObservation\[1\]/);
  });

  it('tracks episode returns per sub-env', () => {
    const stats = new EpisodeStats(3);
    stats.record(step);
    stats.record({ ...step, terminations: Uint8Array.of(1, 0, 0), truncations: Uint8Array.of(0, 0, 0) });
    expect(stats.returns).toEqual([2, 3, 2]);
    expect(stats.lengths).toEqual([1, 1, 2]);
    expect(stats.recent().meanReturn).toBeCloseTo(7 / 3);
  });

  it('one-hot encodes Discrete observations', () => {
    const enc = new ObservationEncoder({ kind: 'discrete', n: 3, start: 1 });
    expect(Array.from(enc.encode(Float32Array.of(1, 3)))).toEqual([1, 0, 0, 0, 0, 1]);
    expect(() => enc.encode(Float32Array.of(4))).toThrow(/outside Discrete/);
    const flat = new ObservationEncoder({ kind: 'flat', size: 2 });
    const x = Float32Array.of(1, 2);
    expect(flat.encode(x)).toBe(x);
  });
});
