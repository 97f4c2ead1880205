/**
 * HIV-v0 baseline policies (never, always, STI with hysteresis) and their registration as
 * named policies for `dosegym rollout --policy`.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { RandomStream } from '../../src/core/random.js';
import { HivFixedPolicy, HivStiPolicy, parseStiArgs } from '../../src/agents/hiv-baselines.js';
import type { Policy, PolicyContext } from '../../src/agents/policy.js';
import { resolvePolicy } from '../../src/agents/policy-registry.js';
import { HivVectorEnv } from '../../src/envs/hiv/hiv-vector-env.js';
import { Discrete } from '../../src/envs/spaces/discrete.js';
import type { HivEnvOptions } from '../../src/envs/hiv/hiv-env.js';

function context(vec: HivVectorEnv): PolicyContext {
  return { numEnvs: vec.numEnvs, observationSpace: vec.singleObservationSpace, actionSpace: vec.singleActionSpace, envMetadata: vec.metadata };
}

/** One 200-step episode per sub-env; returns per sub-env and the actions taken by sub-env 0. */
function rollout(makePolicy: (ctx: PolicyContext) => Policy, n = 2, options: HivEnvOptions = {}): { returns: number[]; actions: number[] } {
  const vec = new HivVectorEnv(n, options);
  const policy = makePolicy(context(vec));
  let { observations, infos } = vec.reset({ seed: 0 });
  policy.reset();
  const returns = new Array<number>(n).fill(0);
  const actions: number[] = [];
  for (let t = 0; t < 200; t++) {
    const a = policy.act(observations, infos);
    actions.push(a[0]!);
    const r = vec.step(a);
    for (let i = 0; i < n; i++) returns[i]! += r.rewards[i]!;
    policy.reset(r.truncations);
    ({ observations, infos } = r);
  }
  return { returns, actions };
}

describe('HIV baselines', () => {
  it('never and always treat return the constant-action returns (actions 0 and 3)', () => {
    const never = rollout((ctx) => new HivFixedPolicy(ctx, 0, 'hiv-never'));
    const always = rollout((ctx) => new HivFixedPolicy(ctx, 3, 'hiv-always'));
    expect(never.actions.every((a) => a === 0)).toBe(true);
    expect(always.actions.every((a) => a === 3)).toBe(true);
    // Radau: 3 432 351.3 and 7 021 980.1 (test/envs/hiv/hiv-accuracy.test.ts)
    expect(Math.abs(never.returns[0]! - 3_432_351.316) / 3_432_351.316).toBeLessThan(1e-8);
    expect(Math.abs(always.returns[0]! - 7_021_980.051) / 7_021_980.051).toBeLessThan(1e-8);
    expect(never.returns[1]).toBe(never.returns[0]);
  });

  it('STI (on 10⁴, off 10³ virions/mL) interrupts treatment and beats always treating', () => {
    const sti = rollout((ctx) => new HivStiPolicy(ctx));
    expect(sti.actions[0]).toBe(3); // V = 63 919 ≥ 10⁴ at the start
    expect(sti.actions).toContain(0);
    expect(sti.returns[0]!).toBeGreaterThan(2 * 7_021_980);
    // Same decisions on linear observations (thresholds compared on the raw scale).
    const linear = rollout((ctx) => new HivStiPolicy(ctx), 1, { observation: 'linear' });
    expect(linear.actions).toEqual(sti.actions);
  });

  it('STI hysteresis: starts at ≥ on, keeps treating between the thresholds, stops below off', () => {
    const ctx: PolicyContext = { numEnvs: 1, observationSpace: new HivVectorEnv(1).singleObservationSpace, actionSpace: new Discrete(4) };
    const policy = new HivStiPolicy(ctx, 1e4, 1e3);
    const obs = (V: number) => Float32Array.of(5, 1, 4, 1, Math.log10(V), 1);
    const seq = [5e3, 2e4, 5e3, 999, 5e3, 1e4].map((V) => policy.act(obs(V))[0]);
    expect(seq).toEqual([0, 3, 3, 0, 0, 3]);
    policy.reset(Uint8Array.of(1));
    expect(policy.act(obs(5e3))[0]).toBe(0);
  });

  it('are registered as hiv-never, hiv-always and hiv-sti[:on,off]', async () => {
    const vec = new HivVectorEnv(3);
    const rng = RandomStream.fromSeed(0);
    expect((await resolvePolicy('hiv-never', context(vec), rng)).name).toBe('hiv-never');
    expect((await resolvePolicy('hiv-always', context(vec), rng)).name).toBe('hiv-always');
    expect((await resolvePolicy('hiv-sti', context(vec), rng)).name).toBe('hiv-sti:10000,1000');
    expect((await resolvePolicy('hiv-sti:3e4,1e3', context(vec), rng)).name).toBe('hiv-sti:30000,1000');
    await expect(resolvePolicy('hiv-sti:1e3,1e4', context(vec), rng)).rejects.toThrow(InputError);
    await expect(resolvePolicy('hiv-never:1', context(vec), rng)).rejects.toThrow(InputError);
    expect(() => parseStiArgs('1e4')).toThrow(/two thresholds/);
    const wrong: PolicyContext = { numEnvs: 1, observationSpace: vec.singleObservationSpace, actionSpace: new Discrete(2) };
    expect(() => new HivFixedPolicy(wrong, 0, 'hiv-never')).toThrow(/HIV-v0/);
  });
});
