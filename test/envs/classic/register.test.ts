/** The classic registrations: ids, limits and thresholds as Gymnasium registers them. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { CartPoleVectorEnv } from '../../../src/envs/classic/cartpole-vector.js';
import '../../../src/envs/classic/register.js';
import { listEnvs, make, makeVec, spec } from '../../../src/envs/registry.js';

describe('classic env registrations', () => {
  it('registers the four envs', () => {
    expect(listEnvs()).toEqual(
      expect.arrayContaining(['dosegym/CartPole-v1', 'dosegym/Pendulum-v1', 'dosegym/IdentityDiscrete-v0', 'dosegym/IdentityBox-v0']),
    );
  });

  it('CartPole-v1: 500 steps, solved at 475, native vector entry point', () => {
    const s = spec('dosegym/CartPole-v1');
    expect(s.maxEpisodeSteps).toBe(500);
    expect(s.rewardThreshold).toBe(475);
    const vec = makeVec('dosegym/CartPole-v1', 8);
    expect(vec).toBeInstanceOf(CartPoleVectorEnv);
    expect((vec as CartPoleVectorEnv).maxEpisodeSteps).toBe(500);
    expect((makeVec('dosegym/CartPole-v1', 2, { maxEpisodeSteps: null }) as CartPoleVectorEnv).maxEpisodeSteps).toBe(Infinity);
    expect(make('dosegym/CartPole-v1').spec?.maxEpisodeSteps).toBe(500);
  });

  it('passes kwargs and rejects unknown ones', () => {
    expect(make('dosegym/IdentityDiscrete-v0', { n: 6 }).actionSpace.toJSON()).toEqual({ type: 'Discrete', dtype: 'int64', start: 0, n: 6 });
    expect(() => make('dosegym/CartPole-v1', { length: 1 })).toThrow(InputError);
    expect(() => makeVec('dosegym/CartPole-v1', 2, { length: 1 })).toThrow(InputError);
    expect(() => make('dosegym/IdentityBox-v0', { eps: 'wide' })).toThrow(InputError);
  });
});
