import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../../src/core/errors.js';
import { RandomStream } from '../../src/core/random.js';
import { listPolicies, registerPolicy, registerPolicyLoader, resolvePolicy } from '../../src/agents/policy-registry.js';
import type { PolicyContext } from '../../src/agents/policy.js';
import { Box } from '../../src/envs/spaces/box.js';
import { Discrete } from '../../src/envs/spaces/discrete.js';

const discreteCtx: PolicyContext = { numEnvs: 3, observationSpace: new Box(0, 1, [1]), actionSpace: new Discrete(4) };
const boxCtx: PolicyContext = { numEnvs: 2, observationSpace: new Box(0, 1, [1]), actionSpace: new Box(-1, 1, [1]) };
const rng = () => RandomStream.fromSeed(0);
const obs = new Float32Array(3);

describe('resolvePolicy', () => {
  it('constant:<json> gives the action for every sub-env in the batched layout', async () => {
    const p = await resolvePolicy('constant:3', discreteCtx, rng());
    expect(Array.from(p.act(obs, {}))).toEqual([3, 3, 3]);
    expect(p.act(obs, {})).toBeInstanceOf(Int32Array);
    const b = await resolvePolicy('constant:[0.5]', boxCtx, rng());
    expect(b.act(obs, {})).toEqual(Float32Array.of(0.5, 0.5));
    expect(Array.from((await resolvePolicy('constant:-0.25', boxCtx, rng())).act(obs, {}))).toEqual([-0.25, -0.25]);
  });

  it('constant actions are validated against the action space', async () => {
    await expect(resolvePolicy('constant:4', discreteCtx, rng())).rejects.toThrow(/constant action 4 is not in the action space Discrete\(4\)/);
    await expect(resolvePolicy('constant:[2]', boxCtx, rng())).rejects.toThrow(/not in the action space Box/);
    await expect(resolvePolicy('constant:[0.5', boxCtx, rng())).rejects.toThrow(/malformed JSON/);
    await expect(resolvePolicy('constant', boxCtx, rng())).rejects.toThrow(InputError);
  });

  it('random samples the action space from the given stream (reproducible)', async () => {
    const a = await resolvePolicy('random', discreteCtx, rng());
    const b = await resolvePolicy('random', discreteCtx, rng());
    const xs = Array.from({ length: 10 }, () => Array.from(a.act(obs, {})));
    const ys = Array.from({ length: 10 }, () => Array.from(b.act(obs, {})));
    expect(xs).toEqual(ys);
    expect(xs.flat().every((x) => x >= 0 && x < 4)).toBe(true);
    expect(new Set(xs.flat()).size).toBe(4);
    // with an action mask only allowed actions are drawn
    const mask = Uint8Array.of(0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0);
    for (let k = 0; k < 5; k++) expect(Array.from(a.act(obs, { actionMask: mask }))).toEqual([2, 1, 1]);
  });

  it('registered names (with args) and loaders for paths; unknown specs are NotFoundError', async () => {
    registerPolicy('test-fixed', (ctx, args) => ({
      name: `fixed:${args}`,
      reset: () => {},
      act: () => new Int32Array(ctx.numEnvs).fill(Number(args)),
    }));
    expect(listPolicies()).toEqual(expect.arrayContaining(['constant', 'random', 'test-fixed']));
    expect(Array.from((await resolvePolicy('test-fixed:2', discreteCtx, rng())).act(obs, {}))).toEqual([2, 2, 2]);
    expect(() => registerPolicy('test-fixed', () => ({ name: 'x', reset: () => {}, act: () => new Int32Array(0) }))).toThrow(/already registered/);

    registerPolicyLoader((path) =>
      path.endsWith('.testpolicy') ? Promise.resolve({ name: path, reset: () => {}, act: () => Int32Array.of(1, 1, 1) }) : undefined,
    );
    expect((await resolvePolicy('runs/a.testpolicy', discreteCtx, rng())).name).toBe('runs/a.testpolicy');
    await expect(resolvePolicy('runs/a.unknown', discreteCtx, rng())).rejects.toThrow(NotFoundError);
    await expect(resolvePolicy('', discreteCtx, rng())).rejects.toThrow(InputError);
  });
});
