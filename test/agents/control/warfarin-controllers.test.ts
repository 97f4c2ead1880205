/**
 * Acceptance: the closed-loop controllers on dosegym/Warfarin-v0 (default options: Hamberg
 * 2007, between-subject variability, lifestyle noise, measurement error, clinic INR
 * schedule), on the same 100 virtual patients and random streams for every policy (common
 * random numbers, evaluatePolicies, seed 0). MAP-Bayes must beat the fixed-start nomogram
 * on mean PTTR, and the paired difference must be positive with 95 % confidence.
 * (Controller tuning used seeds 10 000…10 199, disjoint from these.)
 */
import { describe, expect, it } from 'vitest';
import '../../../src/envs/builtin.js';
import '../../../src/agents/builtin.js';
import { RandomStream } from '../../../src/core/random.js';
import { resolvePolicy } from '../../../src/agents/policy-registry.js';
import { evaluatePolicies } from '../../../src/eval/evaluate.js';
import { WARFARIN_EVALUATE_OPTIONS, warfarinMetricsTable } from '../../../src/eval/warfarin-evaluation.js';
import { makeVec } from '../../../src/envs/registry.js';

const PATIENTS = 100;
const NAMES = ['fixed+nomogram', 'pid', 'mpc', 'map-bayes'];

describe('closed-loop controllers on Warfarin-v0', () => {
  it('MAP-Bayes beats fixed+nomogram on PTTR (paired, same patients and seeds); PID and MPC run', async () => {
    const evaluation = await evaluatePolicies({
      envId: 'dosegym/Warfarin-v0',
      policies: NAMES.map((name) => ({ name, policy: (ctx) => resolvePolicy(name, ctx, RandomStream.fromSeed(0)) })),
      episodes: PATIENTS,
      seed: 0,
      numEnvs: 50,
      ...WARFARIN_EVALUATE_OPTIONS,
    });
    const rows = warfarinMetricsTable(evaluation);
    const pttr = (name: string): number[] => rows.filter((r) => r.policy === name).sort((a, b) => a.episode - b.episode).map((r) => r.pttr);
    const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
    const means = Object.fromEntries(NAMES.map((n) => [n, mean(pttr(n))]));
    const diff = pttr('map-bayes').map((v, k) => v - pttr('fixed+nomogram')[k]!);
    const sd = Math.sqrt(diff.reduce((a, d) => a + (d - mean(diff)) ** 2, 0) / (diff.length - 1));
    const lower = mean(diff) - 1.96 * (sd / Math.sqrt(diff.length));
    console.log(`mean PTTR over ${PATIENTS} patients: ${NAMES.map((n) => `${n} ${(100 * means[n]!).toFixed(1)} %`).join(', ')}; ` +
      `map-bayes − fixed+nomogram ${(100 * mean(diff)).toFixed(1)} points (95 % CI lower bound ${(100 * lower).toFixed(1)})`);
    for (const n of NAMES) expect(Number.isFinite(means[n])).toBe(true);
    expect(means['map-bayes']).toBeGreaterThan(means['fixed+nomogram']!);
    expect(lower).toBeGreaterThan(0);
  });

  it('resolves the registered names with JSON options and names unknown options', async () => {
    const vec = makeVec('dosegym/Warfarin-v0', 2);
    const ctx = { numEnvs: 2, observationSpace: vec.singleObservationSpace, actionSpace: vec.singleActionSpace, envMetadata: vec.metadata };
    const rng = RandomStream.fromSeed(0);
    for (const spec of ['pid', 'mpc:{"horizonDays":10}', 'map-bayes:{"horizonDays":5}']) {
      const policy = await resolvePolicy(spec, ctx, rng);
      const { observations, infos } = vec.reset({ seed: 3 });
      const actions = policy.act(observations, infos);
      expect(actions).toBeInstanceOf(Int32Array);
      for (const a of actions) expect(a >= 0 && a <= 30).toBe(true);
    }
    await expect(resolvePolicy('mpc:{"horizon":7}', ctx, rng)).rejects.toThrow(/unknown option 'horizon'/);
    await expect(resolvePolicy('pid:{"kp":-1}', ctx, rng)).rejects.toThrow(/kp/);
    vec.close();
  });
});
