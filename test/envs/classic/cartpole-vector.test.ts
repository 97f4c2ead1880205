/**
 * The native SoA CartPoleVectorEnv reproduces N single CartPole-v1 envs made with `make`
 * (TimeLimit 500) and seeded seed, seed+1, …: bit-identical float64 state, float32
 * observations, rewards, flags, same-step autoreset with the true final observation.
 */
import { describe, expect, it } from 'vitest';
import { InputError, StateError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import { CartPoleEnv } from '../../../src/envs/classic/cartpole.js';
import { CartPoleVectorEnv } from '../../../src/envs/classic/cartpole-vector.js';
import '../../../src/envs/classic/register.js';
import { make, makeVec } from '../../../src/envs/registry.js';
import type { Env } from '../../../src/envs/core.js';
import { Wrapper } from '../../../src/envs/wrappers/wrapper.js';

/** A linear controller that balances the pole for 500+ steps (so episodes get truncated). */
function balancer(o: ArrayLike<number>, offset = 0): number {
  return 0.1 * o[offset]! + 0.5 * o[offset + 1]! + 10 * o[offset + 2]! + 2 * o[offset + 3]! > 0 ? 1 : 0;
}

function innerCartPole(env: Env): CartPoleEnv {
  const inner = env instanceof Wrapper ? env.unwrapped : env;
  if (!(inner instanceof CartPoleEnv)) throw new Error('expected a CartPoleEnv inside');
  return inner;
}

describe('CartPoleVectorEnv = N single envs', () => {
  it('matches make("dosegym/CartPole-v1") singles seeded seed + i over 1,200 steps with terminations and truncations', () => {
    const n = 6;
    const seed = 100;
    const vec = new CartPoleVectorEnv(n);
    const singles = Array.from({ length: n }, () => make<Float32Array, number>('dosegym/CartPole-v1'));
    const rng = RandomStream.fromSeed(9).fork('actions');
    const vr = vec.reset({ seed });
    const singleObs = singles.map((env, i) => env.reset({ seed: seed + i }).observation);
    singleObs.forEach((o, i) => expect(vr.observations.subarray(4 * i, 4 * i + 4)).toEqual(o));

    let terminations = 0;
    let truncations = 0;
    const actions = new Int32Array(n);
    for (let t = 0; t < 1200; t++) {
      // Sub-envs 0–2 act at random (short episodes), 3–5 balance (truncated at 500).
      for (let i = 0; i < n; i++) actions[i] = i < 3 ? rng.int(2) : balancer(singleObs[i]!);
      const r = vec.step(actions);
      for (let i = 0; i < n; i++) {
        const s = singles[i]!.step(actions[i]!);
        expect(r.rewards[i]).toBe(s.reward);
        expect(r.terminations[i]).toBe(s.terminated ? 1 : 0);
        expect(r.truncations[i]).toBe(s.truncated ? 1 : 0);
        if (s.terminated || s.truncated) {
          terminations += s.terminated ? 1 : 0;
          truncations += s.truncated ? 1 : 0;
          expect(r.infos.finalObservation![i]).toEqual(s.observation);
          expect(r.infos.finalInfo![i]).toEqual({});
          singleObs[i] = singles[i]!.reset().observation; // continue the stream, as the autoreset does
        } else {
          expect(r.infos.finalObservation![i]).toBeNull();
          singleObs[i] = s.observation;
        }
        expect(r.observations.subarray(4 * i, 4 * i + 4)).toEqual(singleObs[i]);
        expect(Array.from(vec.getState(i))).toEqual(Array.from(innerCartPole(singles[i]!).getState()));
      }
    }
    // 1,200 steps: balancers truncate at 500 and 1,000 (3 sub-envs × 2); random ones end often.
    expect(truncations).toBe(6);
    expect(terminations).toBeGreaterThan(3 * 1200 / 100);
  });

  it('truncates every sub-env at exactly 500 steps, reporting terminated and truncated separately', () => {
    const vec = new CartPoleVectorEnv(2);
    let obs = vec.reset({ seed: 0 }).observations;
    const actions = new Int32Array(2);
    for (let t = 1; t <= 500; t++) {
      actions[0] = balancer(obs, 0);
      actions[1] = balancer(obs, 4);
      const r = vec.step(actions);
      expect(r.terminations[0]! | r.terminations[1]!).toBe(0);
      expect(r.truncations[0]).toBe(t === 500 ? 1 : 0);
      expect(r.truncations[1]).toBe(t === 500 ? 1 : 0);
      obs = r.observations;
    }
  });

  it('honours maxEpisodeSteps from makeVec, and null for no limit', () => {
    const vec = makeVec('dosegym/CartPole-v1', 3, { maxEpisodeSteps: 7 });
    expect(vec).toBeInstanceOf(CartPoleVectorEnv);
    vec.reset({ seed: 1 });
    // Alternating pushes keep the pole up for 7 steps from any ±0.05 start.
    let r = vec.step(Int32Array.of(0, 0, 0));
    for (let t = 2; t <= 7; t++) r = vec.step(Int32Array.of(t % 2, t % 2, t % 2));
    expect(Array.from(r.truncations)).toEqual([1, 1, 1]);
    expect(Array.from(r.terminations)).toEqual([0, 0, 0]);
    expect(new CartPoleVectorEnv(1, { maxEpisodeSteps: null }).maxEpisodeSteps).toBe(Infinity);
  });

  it('gives sub-env i the same numbers whatever N is', () => {
    const small = new CartPoleVectorEnv(2);
    const large = new CartPoleVectorEnv(64);
    const a = small.reset({ seed: 40 }).observations.slice();
    const b = large.reset({ seed: 40 }).observations.slice(0, 8);
    expect(b).toEqual(a);
    for (let t = 0; t < 50; t++) {
      const ra = small.step(new Int32Array(2).fill(t % 3 === 0 ? 1 : 0)).observations.slice();
      const rb = large.step(new Int32Array(64).fill(t % 3 === 0 ? 1 : 0)).observations.slice(0, 8);
      expect(rb).toEqual(ra);
    }
  });

  it('reuses its output buffers (documented: valid until the next step)', () => {
    const vec = new CartPoleVectorEnv(2);
    const r0 = vec.reset({ seed: 1 });
    const r1 = vec.step(Int32Array.of(0, 1));
    const r2 = vec.step(Int32Array.of(1, 0));
    expect(r1.observations).toBe(r0.observations);
    expect(r2).toBe(r1);
  });

  it('declares same-step autoreset, validates actions and order', () => {
    const vec = new CartPoleVectorEnv(2);
    expect(vec.metadata.autoresetMode).toBe('same-step');
    expect(vec.observationSize).toBe(4);
    expect(() => vec.step(Int32Array.of(0, 1))).toThrow(StateError);
    vec.reset();
    expect(() => vec.step(Int32Array.of(0))).toThrow(InputError);
    expect(() => vec.step(Int32Array.of(0, 2))).toThrow(InputError);
    expect(() => new CartPoleVectorEnv(0)).toThrow(InputError);
    // A never-seeded vector env seeds with 0: sub-env i = single env seeded with i.
    const fresh = new CartPoleVectorEnv(2).reset().observations;
    expect(fresh.subarray(4, 8)).toEqual(new CartPoleEnv().reset({ seed: 1 }).observation);
  });
});
