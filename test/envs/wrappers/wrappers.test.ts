import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import type { Env, EnvSpec, ResetResult, StepResult } from '../../../src/envs/core.js';
import { Box } from '../../../src/envs/spaces/box.js';
import { Dict } from '../../../src/envs/spaces/dict.js';
import { Discrete } from '../../../src/envs/spaces/discrete.js';
import { PassiveEnvChecker } from '../../../src/envs/wrappers/passive-env-checker.js';
import { RecordEpisodeStatistics } from '../../../src/envs/wrappers/record-episode-statistics.js';
import { ClipAction } from '../../../src/envs/wrappers/clip-action.js';
import { RescaleAction } from '../../../src/envs/wrappers/rescale-action.js';
import { FlattenObservation } from '../../../src/envs/wrappers/flatten-observation.js';
import { FrameStackObservation } from '../../../src/envs/wrappers/frame-stack-observation.js';
import { TimeAwareObservation } from '../../../src/envs/wrappers/time-aware-observation.js';
import { CounterEnv } from './fixtures.js';

/** An env whose observations have the wrong length (3 values for a Box of 4). */
class ShortObsEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(-1, 1, [4]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = { renderModes: [] };
  spec: EnvSpec | undefined = undefined;
  reset(): ResetResult<Float32Array> {
    return { observation: new Float32Array(3), info: {} };
  }
  step(): StepResult<Float32Array> {
    return { observation: new Float32Array(4), reward: 0, terminated: false, truncated: false, info: {} };
  }
  close(): void {}
}

describe('PassiveEnvChecker', () => {
  it('a wrong-length observation is an InputError naming the env and both lengths', () => {
    const env = new PassiveEnvChecker(new ShortObsEnv());
    expect(() => env.reset()).toThrow(InputError);
    expect(() => env.reset()).toThrow(/ShortObsEnv: reset\(\) returned an observation outside .*length 3, expected 4/);
  });

  it('an action outside the action space is an InputError naming the action and the space', () => {
    const env = new PassiveEnvChecker(new CounterEnv());
    env.reset({ seed: 0 });
    expect(() => env.step(2)).toThrow(/action 2 is not in the action space Discrete\(2\): 2 is not an integer in \[0, 1\]/);
    const box = new PassiveEnvChecker(new CounterEnv(5, [1], true));
    box.reset();
    expect(() => box.step(Float32Array.of(0, 3))).toThrow(/action Float32Array \[0, 3\] is not in the action space Box\(-2, 2, \(2,\), float32\)/);
  });

  it('a non-finite reward is caught on the first step', () => {
    const env = new PassiveEnvChecker(new CounterEnv(5, [Number.NaN]));
    env.reset();
    expect(() => env.step(0)).toThrow(/reward must be a finite number, got NaN/);
  });
});

describe('RecordEpisodeStatistics', () => {
  it('adds info.episode {r, l, t, cost} on the last step only', () => {
    const env = new RecordEpisodeStatistics(new CounterEnv(3, [1, 2, 3]));
    env.reset({ seed: 0 });
    expect(env.step(0).info.episode).toBeUndefined();
    env.step(0);
    const last = env.step(0);
    // rewards 1 + 2 + 3; costs 0, 1, 0 (odd steps)
    expect(last.info.episode).toMatchObject({ r: 6, l: 3, cost: 1 });
    expect(typeof (last.info.episode as { t: number }).t).toBe('number');
    expect(env.returnQueue).toEqual([6]);
  });
});

describe('action wrappers', () => {
  it('ClipAction clips to the inner bounds; its space is unbounded', () => {
    const inner = new CounterEnv(5, [1], true);
    const env = new ClipAction(inner as unknown as Env<Float32Array, Float32Array>);
    env.reset();
    env.step([5, -0.5]);
    expect(inner.lastAction).toEqual(Float32Array.of(2, -0.5));
    expect(env.actionSpace.toString()).toBe('Box(-Infinity, Infinity, (2,), float32)');
    expect(() => env.step([Number.NaN, 0])).toThrow(InputError);
  });

  it('RescaleAction maps [-1, 1] affinely onto [-2, 2] and rejects out-of-range actions', () => {
    const inner = new CounterEnv(5, [1], true);
    const env = new RescaleAction(inner as unknown as Env<Float32Array, Float32Array>, -1, 1);
    env.reset();
    env.step(Float32Array.of(-1, 0.25));
    // -2 + 4 · (a + 1) / 2: -1 → -2, 0.25 → 0.5
    expect(inner.lastAction).toEqual(Float32Array.of(-2, 0.5));
    expect(() => env.step(Float32Array.of(1.5, 0))).toThrow(/not in the action space Box\(-1, 1/);
  });
});

describe('observation wrappers', () => {
  it('FlattenObservation lays a Dict observation out as a Box (Discrete one-hot)', () => {
    const inner: Env<Record<string, unknown>, number> = {
      observationSpace: new Dict({ x: new Box(0, 5, [1]), k: new Discrete(3) }),
      actionSpace: new Discrete(2),
      metadata: { renderModes: [] },
      spec: undefined,
      reset: () => ({ observation: { x: Float32Array.of(4), k: 2 }, info: {} }),
      step: () => ({ observation: { x: Float32Array.of(1), k: 0 }, reward: 0, terminated: false, truncated: false, info: {} }),
      close: () => {},
    };
    const env = new FlattenObservation(inner);
    expect(env.observationSpace.shape).toEqual([4]);
    expect(Array.from(env.reset().observation)).toEqual([4, 0, 0, 1]);
    expect(Array.from(env.step(0).observation)).toEqual([1, 1, 0, 0]);
  });

  it('FrameStackObservation stacks oldest first, padding with the reset observation', () => {
    const env = new FrameStackObservation(new CounterEnv(), 3);
    expect(env.observationSpace.shape).toEqual([3, 2]);
    const start = env.reset({ seed: 2 }).observation[1]!;
    env.step(0);
    const obs = env.step(0).observation;
    // frames [t, start]: t = 0, 1, 2
    expect(Array.from(obs)).toEqual([0, start, 1, start, 2, start]);
    expect(env.observationSpace.contains(obs)).toBe(true);
    const zero = new FrameStackObservation(new CounterEnv(), 2, { padding: 'zero' });
    expect(Array.from(zero.reset({ seed: 2 }).observation)).toEqual([0, 0, 0, start]);
  });

  it('TimeAwareObservation appends t (or t / max) and needs a step limit', () => {
    expect(() => new TimeAwareObservation(new CounterEnv())).toThrow(/needs maxEpisodeSteps/);
    const env = new TimeAwareObservation(new CounterEnv(), { maxEpisodeSteps: 4, normalizeTime: true });
    expect(env.reset({ seed: 0 }).observation[2]).toBe(0);
    env.step(0);
    expect(env.step(0).observation[2]).toBe(0.5);
    expect(Array.from(env.observationSpace.high)).toEqual([1000, 10, 1]);
  });
});
