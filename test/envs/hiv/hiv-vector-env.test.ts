/**
 * The native HivVectorEnv reproduces N single HivEnvs (seeds seed + i) bit for bit,
 * including the in-env 200-step truncation with same-step autoreset (vector-env.ts
 * contract), with and without variability and noise.
 */
import { describe, expect, it } from 'vitest';
import { InputError, StateError } from '../../../src/core/errors.js';
import '../../../src/envs/builtin.js';
import { HivEnv, type HivEnvOptions } from '../../../src/envs/hiv/hiv-env.js';
import { HivVectorEnv } from '../../../src/envs/hiv/hiv-vector-env.js';
import { makeVec } from '../../../src/envs/registry.js';

/** Action of sub-env i at step t: a mix that switches often. */
const actionOf = (i: number, t: number) => (i + 3 * t + Math.floor(t / 7)) % 4;

describe.each<[string, HivEnvOptions]>([
  ['default', {}],
  ['variability + noise', { parameterVariability: { k1: 0.2, c: 0.15, bE: 0.1 }, observationNoiseSd: 0.05 }],
  ['linear observations', { observation: 'linear' }],
])('HivVectorEnv = singles (%s)', (_label, options) => {
  it('identical observations, rewards, costs, flags, final observations over 205 steps (one truncation)', () => {
    const n = 3;
    const seed = 11;
    const vec = new HivVectorEnv(n, options);
    const singles = Array.from({ length: n }, () => new HivEnv(options));
    const reset = vec.reset({ seed });
    const firsts = singles.map((env, i) => env.reset({ seed: seed + i }));
    firsts.forEach((r, i) => expect(reset.observations.slice(6 * i, 6 * i + 6)).toEqual(r.observation));
    const actions = new Int32Array(n);
    for (let t = 0; t < 205; t++) {
      for (let i = 0; i < n; i++) actions[i] = actionOf(i, t);
      const v = vec.step(actions);
      singles.forEach((env, i) => {
        const r = env.step(actions[i]!);
        const truncated = t === 199;
        expect(v.rewards[i]).toBe(r.reward);
        expect(v.infos.cost![i]).toBe(r.info.cost);
        expect(v.terminations[i]).toBe(0);
        expect(v.truncations[i]).toBe(truncated ? 1 : 0);
        expect((v.infos.eps1 as Float64Array)[i]).toBe(r.info.eps1);
        if (truncated) {
          expect(v.infos.finalObservation![i]).toEqual(r.observation);
          const fi = v.infos.finalInfo![i]!;
          expect(fi.state).toEqual(r.info.state);
          expect(fi.cost).toBe(r.info.cost);
          const next = env.reset(); // what the autoreset does: continue the streams
          expect(v.observations.slice(6 * i, 6 * i + 6)).toEqual(next.observation);
          expect((v.infos.state as Float64Array).slice(6 * i, 6 * i + 6)).toEqual(next.info.state);
        } else {
          expect(v.infos.finalObservation![i]).toBeNull();
          expect(v.observations.slice(6 * i, 6 * i + 6)).toEqual(r.observation);
          expect((v.infos.state as Float64Array).slice(6 * i, 6 * i + 6)).toEqual(r.info.state);
        }
      });
    }
  });
});

describe('HivVectorEnv', () => {
  it('makeVec builds the native env with the registered 200-step limit; null removes it', () => {
    const vec = makeVec('dosegym/HIV-v0', 4);
    expect(vec).toBeInstanceOf(HivVectorEnv);
    expect((vec as HivVectorEnv).maxEpisodeSteps).toBe(200);
    expect(vec.metadata.autoresetMode).toBe('same-step');
    expect((makeVec('dosegym/HIV-v0', 2, { maxEpisodeSteps: null }) as HivVectorEnv).maxEpisodeSteps).toBe(Infinity);
    expect((makeVec('dosegym/HIV-v0', 2, { maxEpisodeSteps: 10 }) as HivVectorEnv).maxEpisodeSteps).toBe(10);
  });

  it('results do not depend on the batch size: sub-env 0 of N = 1 and of N = 64 agree', () => {
    const small = new HivVectorEnv(1, { parameterVariability: { c: 0.2 } });
    const large = new HivVectorEnv(64, { parameterVariability: { c: 0.2 } });
    small.reset({ seed: 9 });
    large.reset({ seed: 9 });
    const a1 = new Int32Array(1);
    const a64 = new Int32Array(64);
    for (let t = 0; t < 30; t++) {
      a1[0] = a64[0] = actionOf(0, t);
      const r1 = small.step(a1).rewards[0];
      expect(large.step(a64).rewards[0]).toBe(r1);
    }
    expect(large.getState(0)).toEqual(small.getState(0));
  });

  it('rejects bad actions, wrong lengths and use before reset', () => {
    const vec = new HivVectorEnv(2);
    expect(() => vec.step(new Int32Array(2))).toThrow(StateError);
    vec.reset();
    expect(() => vec.step(new Int32Array(3))).toThrow(InputError);
    expect(() => vec.step(Int32Array.of(0, 4))).toThrow(/actions\[1\]|action/);
    expect(() => new HivVectorEnv(0)).toThrow(InputError);
    expect(() => new HivVectorEnv(2, { substeps: -1 })).toThrow(InputError);
  });
});
