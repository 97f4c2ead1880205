/**
 * Identity envs after SB3's identity_env.py: reward 1 for echoing the state (Discrete) or
 * for an action within ±0.05 of it (Box); 100 steps per episode, truncated, so the
 * maximum return is 100.
 */
import { describe, expect, it } from 'vitest';
import { InputError, StateError } from '../../../src/core/errors.js';
import { IdentityBoxEnv, IdentityDiscreteEnv } from '../../../src/envs/classic/identity.js';
import '../../../src/envs/classic/register.js';
import { make, makeVec, spec } from '../../../src/envs/registry.js';

describe('IdentityDiscrete-v0', () => {
  it('echoing the observation earns 1 per step: return 100, truncated (not terminated) on step 100', () => {
    const env = make<number, number>('dosegym/IdentityDiscrete-v0');
    let obs = env.reset({ seed: 3 }).observation;
    let ret = 0;
    for (let t = 1; t <= 100; t++) {
      const r = env.step(obs);
      ret += r.reward;
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(t === 100);
      obs = r.observation;
    }
    expect(ret).toBe(100);
  });

  it('a wrong action earns 0; a constant action earns 1 exactly when it matches the state shown', () => {
    const env = new IdentityDiscreteEnv();
    let obs = env.reset({ seed: 5 }).observation;
    let wrong = 0;
    let constantZero = 0;
    let zeros = 0;
    const twin = new IdentityDiscreteEnv();
    let twinObs = twin.reset({ seed: 5 }).observation;
    for (let t = 0; t < 100; t++) {
      const r = env.step((obs + 1) % 4);
      wrong += r.reward;
      obs = r.observation;
      zeros += twinObs === 0 ? 1 : 0;
      const q = twin.step(0);
      constantZero += q.reward;
      twinObs = q.observation;
    }
    expect(wrong).toBe(0);
    expect(constantZero).toBe(zeros);
    // Uniform states on {0,1,2,3}: 100 draws give 25 ± 4.3 (1 sd) zeros.
    expect(zeros).toBeGreaterThan(10);
    expect(zeros).toBeLessThan(40);
  });

  it('has Discrete(4) spaces, solved at 90, and step after the end is a StateError', () => {
    const env = new IdentityDiscreteEnv({ episodeLength: 2 });
    expect(env.observationSpace.n).toBe(4);
    expect(env.actionSpace.n).toBe(4);
    expect(spec('dosegym/IdentityDiscrete-v0').rewardThreshold).toBe(90);
    env.reset();
    env.step(0);
    expect(env.step(0).truncated).toBe(true);
    expect(() => env.step(0)).toThrow(StateError);
    env.reset();
    expect(() => env.step(4)).toThrow(InputError);
  });

  it('vectorises through SyncVectorEnv with the state as a single number per row', () => {
    const vec = makeVec('dosegym/IdentityDiscrete-v0', 8);
    expect(vec.observationSize).toBe(1);
    let obs = vec.reset({ seed: 0 }).observations;
    let total = 0;
    for (let t = 0; t < 100; t++) {
      const r = vec.step(Int32Array.from(obs));
      for (const x of r.rewards) total += x;
      obs = r.observations;
    }
    expect(total).toBe(800);
  });
});

describe('IdentityBox-v0', () => {
  it('rewards 1 iff state − 0.05 ≤ action ≤ state + 0.05 (SB3 IdentityEnvBox, eps 0.05)', () => {
    const env = new IdentityBoxEnv();
    let s = env.reset({ seed: 1 }).observation[0]!;
    const offsets = [0, 0.04, -0.04, 0.05, -0.05, 0.06, -0.06, 0.5];
    const expected = [1, 1, 1, 1, 1, 0, 0, 0];
    offsets.forEach((d, k) => {
      // Keep the action inside [−1, 1] by mirroring the offset when needed.
      const a = s + d <= 1 && s + d >= -1 ? s + d : s - d;
      const r = env.step([a]);
      expect(r.reward, `offset ${d}`).toBe(expected[k]);
      s = r.observation[0]!;
    });
  });

  it('echo policy earns 100 over the 100-step episode; states are float32 in [−1, 1]', () => {
    const env = make<Float32Array, Float32Array>('dosegym/IdentityBox-v0');
    let obs = env.reset({ seed: 2 }).observation;
    let ret = 0;
    for (let t = 1; t <= 100; t++) {
      expect(obs).toBeInstanceOf(Float32Array);
      expect(Math.abs(obs[0]!)).toBeLessThanOrEqual(1);
      const r = env.step(obs);
      ret += r.reward;
      expect(r.truncated).toBe(t === 100);
      obs = r.observation;
    }
    expect(ret).toBe(100);
  });

  it('has Box [−1, 1] shape [1] spaces and rejects out-of-space actions', () => {
    const env = new IdentityBoxEnv();
    expect(env.observationSpace.shape).toEqual([1]);
    expect(Array.from(env.actionSpace.low)).toEqual([-1]);
    expect(Array.from(env.actionSpace.high)).toEqual([1]);
    env.reset();
    expect(() => env.step([1.5])).toThrow(InputError);
    expect(() => env.step([0, 0])).toThrow(InputError);
  });
});
