/**
 * HIV-v0 as Ernst 2006 / rlpy define it (reference/pkpd-models.md §6): start, actions,
 * reward, observation, time limit, determinism, options, and checkEnv conformance.
 */
import { describe, expect, it } from 'vitest';
import { InputError, StateError } from '../../../src/core/errors.js';
import '../../../src/envs/builtin.js';
import { checkEnv } from '../../../src/envs/check-env.js';
import { HivEnv } from '../../../src/envs/hiv/hiv-env.js';
import { make, spec } from '../../../src/envs/registry.js';
import { HIV_UNHEALTHY_STATE } from '../../../src/pkpd/models/adams2004-hiv.js';

const ID = 'dosegym/HIV-v0';

function episodeReturn(env: HivEnv, action: number, seed = 0): number {
  env.reset({ seed });
  let total = 0;
  for (let k = 0; k < 200; k++) total += env.step(action).reward;
  return total;
}

describe('HIV-v0', () => {
  it('is registered with 200 steps and a native vector entry point', () => {
    const s = spec(ID);
    expect(s.maxEpisodeSteps).toBe(200);
    expect(s.vectorEntryPoint).toBeTypeOf('function');
  });

  it('starts at the unhealthy state, observed as float32 log10 values, with Discrete(4) actions', () => {
    const env = new HivEnv();
    const { observation, info } = env.reset({ seed: 3 });
    expect(observation).toBeInstanceOf(Float32Array);
    expect(Array.from(observation)).toEqual(HIV_UNHEALTHY_STATE.map((v) => Math.fround(Math.log10(v))));
    expect(Array.from(info.state as Float64Array)).toEqual([...HIV_UNHEALTHY_STATE]);
    expect(env.actionSpace.toJSON()).toMatchObject({ type: 'Discrete', n: 4 });
    expect(env.metadata.observationTransform).toBe('log10');
    expect(env.metadata.stochastic).toBe(false);
  });

  it('step info: the raw state, the efficacies of the action and the CD4 cost', () => {
    const env = new HivEnv();
    env.reset();
    const efficacies = [[0, 0], [0.7, 0], [0, 0.3], [0.7, 0.3]];
    for (const a of [0, 1, 2, 3]) {
      const r = env.step(a);
      expect([r.info.eps1, r.info.eps2]).toEqual(efficacies[a]);
      const s = r.info.state as Float64Array;
      expect(r.info.cost).toBe(s[0]! + s[2]! < 2e5 ? 1 : 0);
      expect(Array.from(r.observation)).toEqual(Array.from(s, (v) => Math.fround(Math.log10(v))));
      expect(r.terminated).toBe(false);
    }
    expect(env.step(0).info.cost).toBeTypeOf('number');
  });

  it('no drug keeps the patient near the unhealthy state; first reward within 1 % of the §6 17 608.1', () => {
    // 17 608.1 is the reward OF the published (rounded) state; after 5 days E has relaxed
    // from 24 toward its equilibrium 23.54 (E = 23.91: reward 17 521).
    const env = new HivEnv();
    env.reset();
    const r = env.step(0);
    expect(Math.abs(r.reward - 17_608.1) / 17_608.1).toBeLessThan(1e-2);
    (r.info.state as Float64Array).forEach((v, i) => expect(Math.abs(v - HIV_UNHEALTHY_STATE[i]!) / HIV_UNHEALTHY_STATE[i]!).toBeLessThan(1e-2));
  });

  it.each([0, 1, 2, 3])('constant action %i: the same return twice, and for any seed (deterministic by default)', (a) => {
    const env = new HivEnv();
    const first = episodeReturn(env, a, 0);
    expect(episodeReturn(env, a, 0)).toBe(first);
    expect(episodeReturn(env, a, 12345)).toBe(first);
    expect(episodeReturn(new HivEnv(), a, 7)).toBe(first);
  });

  it('the four constant-policy returns over 200 steps order as: full therapy > PI > none > RTI', () => {
    const r = [0, 1, 2, 3].map((a) => episodeReturn(new HivEnv(), a));
    // Radau values: 3 432 351.3, 3 192 408.2, 3 978 357.3, 7 021 980.1 (hiv-accuracy.test.ts)
    expect(r[3]!).toBeGreaterThan(r[2]!);
    expect(r[2]!).toBeGreaterThan(r[0]!);
    expect(r[0]!).toBeGreaterThan(r[1]!);
  });

  it('make truncates after 200 steps (never terminates) and then refuses to step', () => {
    const env = make<Float32Array, number>(ID);
    env.reset({ seed: 0 });
    for (let k = 1; k <= 200; k++) {
      const r = env.step(3);
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(k === 200);
    }
    expect(() => env.step(3)).toThrow(StateError);
  });

  it('rejects bad actions and options with InputErrors naming the field', () => {
    const env = new HivEnv();
    env.reset();
    expect(() => env.step(4)).toThrow(InputError);
    expect(() => env.step(1.5)).toThrow(InputError);
    expect(() => new HivEnv({ observation: 'ln' as 'log10' })).toThrow(/observation/);
    expect(() => new HivEnv({ parameterVariability: { k3: 0.1 } })).toThrow(/k3/);
    expect(() => new HivEnv({ parameterVariability: { eps1: 0.1 } })).toThrow(/eps1/);
    expect(() => new HivEnv({ parameterVariability: { c: -1 } })).toThrow(InputError);
    expect(() => new HivEnv({ observationNoiseSd: Number.NaN })).toThrow(InputError);
    expect(() => new HivEnv({ substeps: 0 })).toThrow(InputError);
    expect(() => make(ID, { dose: 1 })).toThrow(/unknown option 'dose'/);
    expect(() => new HivEnv().step(0)).toThrow(StateError);
  });

  it('linear observations are the raw states (float32)', () => {
    const env = new HivEnv({ observation: 'linear' });
    expect(Array.from(env.reset().observation)).toEqual(HIV_UNHEALTHY_STATE.map(Math.fround));
    expect(env.observationSpace.contains(env.step(2).observation)).toBe(true);
  });

  it('parameter variability: a seeded log-normal patient per episode, reproducible, differing across seeds', () => {
    const options = { parameterVariability: { k1: 0.2, c: 0.1, NT: 0.1 } };
    const a = new HivEnv(options);
    const b = new HivEnv(options);
    expect(a.metadata.stochastic).toBe(true);
    a.reset({ seed: 1 });
    b.reset({ seed: 1 });
    expect(a.getParameters()).toEqual(b.getParameters());
    const pa = a.getParameters();
    expect(pa[2]).not.toBe(8e-7); // k1 varied
    expect(pa[0]).toBe(10_000); // λ1 not
    b.reset({ seed: 2 });
    expect(b.getParameters()[2]).not.toBe(pa[2]);
    a.reset(); // no seed: the stream continues, a new patient
    expect(a.getParameters()[2]).not.toBe(pa[2]);
    expect(episodeReturn(new HivEnv(options), 3, 5)).toBe(episodeReturn(new HivEnv(options), 3, 5));
  });

  it('observation noise: on log10 values, seeded; info.state stays noiseless', () => {
    const noisy = new HivEnv({ observationNoiseSd: 0.05 });
    const clean = new HivEnv();
    const n0 = noisy.reset({ seed: 4 });
    const c0 = clean.reset({ seed: 4 });
    expect(n0.info.state).toEqual(c0.info.state);
    expect(n0.observation).not.toEqual(c0.observation);
    n0.observation.forEach((v, i) => expect(Math.abs(v - c0.observation[i]!)).toBeLessThan(0.3)); // < 6 SD
    expect(new HivEnv({ observationNoiseSd: 0.05 }).reset({ seed: 4 }).observation).toEqual(n0.observation);
  });

  it.each([
    ['default', {}],
    ['variability + noise', { parameterVariability: { k1: 0.2, c: 0.2 }, observationNoiseSd: 0.1 }],
  ])('passes checkEnv through make (%s)', (_label, options) => {
    const result = checkEnv(make(ID, options), { maxSteps: 250 });
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
