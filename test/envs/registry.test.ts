import { afterEach, describe, expect, it } from 'vitest';
import { InputError, NotFoundError, StateError } from '../../src/core/errors.js';
import { listEnvs, make, makeVec, register, spec, unregister } from '../../src/envs/registry.js';
import { findWrapper } from '../../src/envs/wrappers/wrapper.js';
import { OrderEnforcing } from '../../src/envs/wrappers/order-enforcing.js';
import { PassiveEnvChecker } from '../../src/envs/wrappers/passive-env-checker.js';
import { TimeLimit } from '../../src/envs/wrappers/time-limit.js';
import type { VectorEnv } from '../../src/envs/vector/vector-env.js';
import { CounterEnv } from './wrappers/fixtures.js';

const ids: string[] = [];
function reg(id: string, extra: Partial<Parameters<typeof register>[0]> = {}): void {
  register({ id, entryPoint: (kw) => new CounterEnv((kw.length as number) ?? 5), kwargs: { length: 5 }, ...extra });
  ids.push(id);
}
afterEach(() => {
  for (const id of ids.splice(0)) unregister(id);
});

describe('register / spec / listEnvs', () => {
  it('validates ids as namespace/Name-vN and rejects duplicates', () => {
    expect(() => reg('Counter-v0')).toThrow(/namespace\/Name-vN/);
    expect(() => reg('test/Counter')).toThrow(InputError);
    reg('test/Counter-v0', { maxEpisodeSteps: 3, rewardThreshold: 9 });
    expect(() => reg('test/Counter-v0')).toThrow(/already registered/);
    expect(listEnvs()).toContain('test/Counter-v0');
    expect(spec('test/Counter-v0')).toMatchObject({ id: 'test/Counter-v0', maxEpisodeSteps: 3, rewardThreshold: 9, orderEnforce: true });
  });

  it('unknown ids are NotFoundError, suggesting other versions of the name', () => {
    reg('test/Counter-v0');
    expect(() => make('test/Nope-v0')).toThrow(NotFoundError);
    expect(() => make('test/Counter-v1')).toThrow(/known: test\/Counter-v0/);
  });
});

describe('make', () => {
  it('wraps PassiveEnvChecker (innermost) → OrderEnforcing → TimeLimit and sets spec', () => {
    reg('test/Counter-v0', { maxEpisodeSteps: 3 });
    const env = make('test/Counter-v0');
    expect(env).toBeInstanceOf(TimeLimit);
    const order = (env as TimeLimit).env;
    expect(order).toBeInstanceOf(OrderEnforcing);
    expect((order as OrderEnforcing).env).toBeInstanceOf(PassiveEnvChecker);
    expect(env.spec).toEqual({ id: 'test/Counter-v0', maxEpisodeSteps: 3, rewardThreshold: undefined, nondeterministic: false, kwargs: { length: 5 } });
  });

  it('kwargs overrides and maxEpisodeSteps override / removal; disableEnvChecker', () => {
    reg('test/Counter-v0', { maxEpisodeSteps: 3 });
    const env = make('test/Counter-v0', { length: 2, maxEpisodeSteps: null, disableEnvChecker: true });
    expect(env.spec?.kwargs).toEqual({ length: 2 });
    expect(findWrapper(env, TimeLimit)).toBeUndefined();
    expect(findWrapper(env, PassiveEnvChecker)).toBeUndefined();
    env.reset({ seed: 0 });
    env.step(0);
    expect(env.step(0).terminated).toBe(true);
    expect(() => make('test/Counter-v0', { maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps must be a positive integer/);
  });

  it('TimeLimit truncates at the limit; the wrappers reject step before reset and after the end', () => {
    reg('test/Counter-v0', { maxEpisodeSteps: 3 });
    const env = make('test/Counter-v0', { length: 10 });
    expect(() => env.step(0)).toThrow(StateError);
    env.reset({ seed: 1 });
    const flags = [env.step(0), env.step(1), env.step(0)].map((r) => [r.terminated, r.truncated]);
    expect(flags).toEqual([[false, false], [false, false], [false, true]]);
    expect(() => env.step(0)).toThrow(StateError);
    env.reset();
    expect(env.step(0).truncated).toBe(false);
  });

  it('orderEnforce: false leaves OrderEnforcing out', () => {
    reg('test/Counter-v0', { orderEnforce: false });
    expect(findWrapper(make('test/Counter-v0'), OrderEnforcing)).toBeUndefined();
  });
});

describe('makeVec', () => {
  it('without a vectorEntryPoint: a SyncVectorEnv of make() copies, sub-env i seeded seed + i', () => {
    reg('test/Counter-v0', { maxEpisodeSteps: 3 });
    const vec = makeVec('test/Counter-v0', 2);
    const { observations } = vec.reset({ seed: 4 });
    // sub-env 1 equals a single env reset with seed 5 (VectorEnv contract)
    const single = make<Float32Array>('test/Counter-v0');
    expect(observations[3]).toBe(single.reset({ seed: 5 }).observation[1]);
    vec.step(Int32Array.of(0, 0));
    vec.step(Int32Array.of(0, 0));
    const third = vec.step(Int32Array.of(0, 0));
    expect(Array.from(third.truncations)).toEqual([1, 1]); // time limit of the wrapped copies
  });

  it('with a vectorEntryPoint: calls it with the merged kwargs and the effective maxEpisodeSteps', () => {
    const calls: unknown[] = [];
    const fake = {} as VectorEnv;
    reg('test/Counter-v0', {
      maxEpisodeSteps: 7,
      vectorEntryPoint: (n, kwargs, opts) => {
        calls.push([n, kwargs, opts]);
        return fake;
      },
    });
    expect(makeVec('test/Counter-v0', 3, { length: 4 })).toBe(fake);
    expect(makeVec('test/Counter-v0', 2, { maxEpisodeSteps: 9 })).toBe(fake);
    expect(calls).toEqual([
      [3, { length: 4 }, { maxEpisodeSteps: 7 }],
      [2, { length: 5 }, { maxEpisodeSteps: 9 }],
    ]);
    expect(makeVec('test/Counter-v0', 1, { vectorizationMode: 'sync' })).not.toBe(fake);
    expect(() => makeVec('test/Counter-v0', 0)).toThrow(/numEnvs/);
  });
});
