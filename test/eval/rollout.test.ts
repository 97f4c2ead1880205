import { describe, expect, it } from 'vitest';
import { ConstantPolicy } from '../../src/agents/simple-policies.js';
import { runEpisodes, summarize } from '../../src/eval/rollout.js';
import { TimeLimit } from '../../src/envs/wrappers/time-limit.js';
import { CounterEnv } from '../envs/wrappers/fixtures.js';
import type { Policy } from '../../src/agents/policy.js';

describe('runEpisodes', () => {
  it('reports return, length, flags and cost per episode, reset with seed + k', async () => {
    const seen: number[] = [];
    const spy: (ctx: { numEnvs: number }) => Policy = () => ({
      name: 'spy',
      reset: () => {},
      act: (obs) => {
        seen.push(obs[1]!); // CounterEnv's seeded start value
        return Int32Array.of(0);
      },
    });
    const result = await runEpisodes(() => new CounterEnv(4, [1, 2, 3, 4]), spy, { episodes: 3, seed: 10 });
    // every episode: rewards 1+2+3+4 = 10 over 4 steps, costs on odd steps 1 and 3 → 2
    expect(result.episodes.map((e) => [e.return, e.length, e.terminated, e.truncated, e.cost, e.seed])).toEqual([
      [10, 4, true, false, 2, 10],
      [10, 4, true, false, 2, 11],
      [10, 4, true, false, 2, 12],
    ]);
    expect(result.meanReturn).toBe(10);
    expect(result.stdReturn).toBe(0);
    // episode 1 is the same episode as a direct reset with seed 11
    const direct = new CounterEnv(4).reset({ seed: 11 }).observation[1];
    expect(seen[4]).toBe(direct);
  });

  it('marks time-limit cuts as truncated and accepts a ready Policy', async () => {
    const env = () => new TimeLimit(new CounterEnv(10, [1]), 3);
    const result = await runEpisodes(env, (ctx) => new ConstantPolicy(ctx, 1), { episodes: 1, seed: 0 });
    expect(result.episodes[0]).toMatchObject({ return: 3, length: 3, terminated: false, truncated: true });
  });

  it('validates episodes and seed', async () => {
    await expect(runEpisodes(() => new CounterEnv(), (ctx) => new ConstantPolicy(ctx, 0), { episodes: 0, seed: 0 })).rejects.toThrow(/episodes/);
    await expect(runEpisodes(() => new CounterEnv(), (ctx) => new ConstantPolicy(ctx, 0), { episodes: 1, seed: -1 })).rejects.toThrow(/seed/);
  });
});

describe('summarize', () => {
  it('mean and sample SD (n − 1)', () => {
    // returns 2, 4, 9: mean 5, squared deviations 9 + 1 + 16 = 26, /2 = 13
    expect(summarize([2, 4, 9])).toEqual({ meanReturn: 5, stdReturn: Math.sqrt(13) });
  });
});
