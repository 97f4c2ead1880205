/**
 * SyncVectorEnv: N sub-envs reproduce N single envs seeded seed, seed+1, …; same-step
 * autoreset returns the next episode's first observation in the row and the true final
 * observation in infos.finalObservation; infos are batched (cost, actionMask, others).
 */
import { describe, expect, it } from 'vitest';
import { InputError, StateError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from '../../../src/envs/core.js';
import { Box } from '../../../src/envs/spaces/box.js';
import { Discrete } from '../../../src/envs/spaces/discrete.js';
import { SyncVectorEnv } from '../../../src/envs/vector/sync-vector-env.js';
import '../../../src/envs/classic/register.js';
import { make, makeVec } from '../../../src/envs/registry.js';

/**
 * Test env with hand-known numbers: observation [stepInEpisode, episodeIndex, seed];
 * terminates after `length` steps; cost = action (0 or 1); action mask [1, 1, 0] on reset
 * and [1, 0, 1] after steps; info.tag = 'reset' | 'step'.
 */
class CounterEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1e6, [3]);
  readonly actionSpace = new Discrete(3);
  readonly metadata: EnvMetadata = { renderModes: [] };
  spec: EnvSpec | undefined = undefined;
  private t = 0;
  private episode = -1;
  private seed = 0;
  constructor(private readonly length: number) {}
  reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    if (options.seed !== undefined) {
      this.seed = options.seed;
      this.episode = -1;
    }
    this.t = 0;
    this.episode++;
    return { observation: this.obs(), info: { tag: 'reset', actionMask: Uint8Array.of(1, 1, 0) } };
  }
  step(action: number): StepResult<Float32Array> {
    this.t++;
    const info: Info = { tag: 'step', cost: action === 1 ? 1 : 0, actionMask: Uint8Array.of(1, 0, 1) };
    return { observation: this.obs(), reward: this.t * 10, terminated: this.t >= this.length, truncated: false, info };
  }
  close(): void {}
  private obs(): Float32Array {
    return Float32Array.of(this.t, this.episode, this.seed);
  }
}

describe('SyncVectorEnv', () => {
  it('N CartPole copies give exactly the trajectories of N singles reset with seeds s, s+1, …', () => {
    const n = 4;
    const vec = makeVec('dosegym/CartPole-v1', n, { vectorizationMode: 'sync' });
    expect(vec).toBeInstanceOf(SyncVectorEnv);
    const singles = Array.from({ length: n }, () => make<Float32Array, number>('dosegym/CartPole-v1'));
    const rng = RandomStream.fromSeed(1).fork('actions');
    const obs0 = vec.reset({ seed: 77 }).observations;
    singles.forEach((env, i) => expect(obs0.subarray(4 * i, 4 * i + 4)).toEqual(env.reset({ seed: 77 + i }).observation));
    let ended = 0;
    const actions = new Int32Array(n);
    for (let t = 0; t < 300; t++) {
      for (let i = 0; i < n; i++) actions[i] = rng.int(2);
      const r = vec.step(actions);
      singles.forEach((env, i) => {
        const s = env.step(actions[i]!);
        expect(r.rewards[i]).toBe(s.reward);
        expect(r.terminations[i]).toBe(s.terminated ? 1 : 0);
        expect(r.truncations[i]).toBe(s.truncated ? 1 : 0);
        let row = s.observation;
        if (s.terminated || s.truncated) {
          ended++;
          expect(r.infos.finalObservation![i]).toEqual(s.observation);
          row = env.reset().observation;
        } else {
          expect(r.infos.finalObservation![i]).toBeNull();
        }
        expect(r.observations.subarray(4 * i, 4 * i + 4)).toEqual(row);
      });
    }
    expect(ended).toBeGreaterThan(20); // random CartPole episodes last ~22 steps
  });

  it('matches the native CartPoleVectorEnv number for number', () => {
    const sync = makeVec('dosegym/CartPole-v1', 5, { vectorizationMode: 'sync' });
    const native = makeVec('dosegym/CartPole-v1', 5);
    expect(native).not.toBeInstanceOf(SyncVectorEnv);
    expect(sync.reset({ seed: 3 }).observations).toEqual(native.reset({ seed: 3 }).observations);
    const rng = RandomStream.fromSeed(2);
    for (let t = 0; t < 200; t++) {
      const a = Int32Array.from({ length: 5 }, () => rng.int(2));
      const rs = sync.step(a);
      const rn = native.step(a);
      expect(rs.observations).toEqual(rn.observations);
      expect(rs.terminations).toEqual(rn.terminations);
      expect(rs.infos.finalObservation).toEqual(rn.infos.finalObservation);
    }
  });

  it('same-step autoreset: the row is the next episode’s first observation, finalObservation the true last one', () => {
    const vec = new SyncVectorEnv([() => new CounterEnv(2), () => new CounterEnv(3)]);
    expect(vec.metadata.autoresetMode).toBe('same-step');
    expect(Array.from(vec.reset({ seed: 10 }).observations)).toEqual([0, 0, 10, 0, 0, 11]);
    const a = Int32Array.of(0, 0);
    let r = vec.step(a);
    expect(Array.from(r.observations)).toEqual([1, 0, 10, 1, 0, 11]);
    r = vec.step(a); // sub-env 0 ends its 2-step episode
    expect(Array.from(r.terminations)).toEqual([1, 0]);
    expect(Array.from(r.rewards)).toEqual([20, 20]);
    expect(Array.from(r.infos.finalObservation![0]!)).toEqual([2, 0, 10]);
    expect(r.infos.finalObservation![1]).toBeNull();
    expect(r.infos.finalInfo![0]!.tag).toBe('step');
    expect(Array.from(r.observations)).toEqual([0, 1, 10, 2, 0, 11]); // episode 1 of sub-env 0 starts
    r = vec.step(a); // sub-env 1 ends its 3-step episode
    expect(Array.from(r.terminations)).toEqual([0, 1]);
    expect(Array.from(r.infos.finalObservation![1]!)).toEqual([3, 0, 11]);
    expect(Array.from(r.observations)).toEqual([1, 1, 10, 0, 1, 11]);
  });

  it('batches infos: step cost as Float64Array, action masks of the returned rows stacked, other keys as arrays', () => {
    const vec = new SyncVectorEnv([() => new CounterEnv(1), () => new CounterEnv(5)]);
    const reset = vec.reset({ seed: 0 });
    expect(Array.from(reset.infos.actionMask!)).toEqual([1, 1, 0, 1, 1, 0]);
    expect(reset.infos.tag).toEqual(['reset', 'reset']);
    const r = vec.step(Int32Array.of(1, 0)); // sub-env 0 ends and autoresets
    expect(r.infos.cost).toBeInstanceOf(Float64Array);
    expect(Array.from(r.infos.cost!)).toEqual([1, 0]); // the step's cost, also for the reset sub-env
    expect(Array.from(r.infos.actionMask!)).toEqual([1, 1, 0, 1, 0, 1]); // sub-env 0: reset mask
    expect(r.infos.tag).toEqual(['reset', 'step']);
    expect(r.infos.finalInfo![0]).toMatchObject({ tag: 'step', cost: 1 });
  });

  it('seeds sub-env i with seed + i; the first unseeded reset uses seed 0; later ones continue', () => {
    const vec = new SyncVectorEnv([() => new CounterEnv(9), () => new CounterEnv(9), () => new CounterEnv(9)]);
    expect(Array.from(vec.reset().observations)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 2]);
    expect(Array.from(vec.reset().observations)).toEqual([0, 1, 0, 0, 1, 1, 0, 1, 2]);
    expect(Array.from(vec.reset({ seed: 5 }).observations)).toEqual([0, 0, 5, 0, 0, 6, 0, 0, 7]);
  });

  it('passes Box actions per sub-env (Pendulum: batched torques = singles)', () => {
    const vec = makeVec('dosegym/Pendulum-v1', 3);
    expect(vec.observationSize).toBe(3);
    const singles = [0, 1, 2].map(() => make<Float32Array, Float32Array>('dosegym/Pendulum-v1'));
    const obs = vec.reset({ seed: 8 }).observations;
    singles.forEach((env, i) => expect(obs.subarray(3 * i, 3 * i + 3)).toEqual(env.reset({ seed: 8 + i }).observation));
    for (let t = 0; t < 20; t++) {
      const torques = Float32Array.of(2, -1.5, t / 10);
      const r = vec.step(torques);
      singles.forEach((env, i) => {
        const s = env.step(torques.subarray(i, i + 1));
        expect(r.rewards[i]).toBe(s.reward);
        expect(r.observations.subarray(3 * i, 3 * i + 3)).toEqual(s.observation);
      });
    }
  });

  it('rejects wrong action counts, steps before reset, mismatched sub-envs and Dict-like spaces', () => {
    const vec = new SyncVectorEnv([() => new CounterEnv(2), () => new CounterEnv(2)]);
    expect(() => vec.step(Int32Array.of(0, 0))).toThrow(StateError);
    vec.reset();
    expect(() => vec.step(Int32Array.of(0))).toThrow(InputError);
    expect(() => new SyncVectorEnv([])).toThrow(InputError);
    expect(() => new SyncVectorEnv([() => new CounterEnv(2), () => make('dosegym/CartPole-v1')])).toThrow(InputError);
    const dictLike = new CounterEnv(2) as unknown as { observationSpace: unknown };
    dictLike.observationSpace = { type: 'Dict', shape: [], dtype: undefined, sample: () => ({}), contains: () => true, toJSON: () => ({ type: 'Dict' }) };
    expect(() => new SyncVectorEnv([() => dictLike as unknown as Env])).toThrow(InputError);
    vec.close();
    expect(() => vec.reset()).toThrow(StateError);
  });
});
