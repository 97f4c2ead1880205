/**
 * Every registered env passes checkEnv through make(), and its native vector env (if any)
 * honours the step limit makeVec passes it. New envs are covered by registering them in
 * src/envs/builtin.ts.
 */
import { describe, expect, it } from 'vitest';
import '../../src/envs/builtin.js';
import { checkEnv } from '../../src/envs/check-env.js';
import { listEnvs, make, makeVec, spec } from '../../src/envs/registry.js';
import { RandomStream } from '../../src/core/random.js';
import { createActionBatch, writeBatchedAction } from '../../src/envs/spaces/flatten.js';

const ids = listEnvs();

describe('registered envs', () => {
  it('builtin.ts registers at least the reference envs', () => {
    expect(ids).toContain('dosegym/CartPole-v1');
  });

  it.each(ids)('%s passes checkEnv', (id) => {
    const env = make(id);
    const result = checkEnv(env, { maxSteps: 300 });
    env.close();
    expect(result.failures).toEqual([]);
  });

  it.each(ids.filter((id) => spec(id).vectorEntryPoint))('%s native vector env truncates at the maxEpisodeSteps makeVec passes', (id) => {
    const vec = makeVec(id, 2, { maxEpisodeSteps: 3 });
    expect(vec.metadata.autoresetMode).toBe('same-step');
    vec.reset({ seed: 0 });
    const rng = RandomStream.fromSeed(0);
    const actions = createActionBatch(vec.singleActionSpace, 2);
    const ended = [0, 0];
    for (let t = 1; t <= 3; t++) {
      for (let i = 0; i < 2; i++) writeBatchedAction(vec.singleActionSpace, vec.singleActionSpace.sample(rng), actions, i);
      const r = vec.step(actions);
      for (let i = 0; i < 2; i++) if (r.terminations[i] || r.truncations[i]) ended[i] = t;
    }
    // each sub-env ended by step 3 at the latest (terminated earlier, or truncated at 3)
    expect(ended.every((t) => t >= 1 && t <= 3)).toBe(true);
    vec.close();
  });
});
