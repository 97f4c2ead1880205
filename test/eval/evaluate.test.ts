import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/envs/builtin.js';
import { RandomStream } from '../../src/core/random.js';
import type { Env, EnvMetadata, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from '../../src/envs/core.js';
import { Box } from '../../src/envs/spaces/box.js';
import { Discrete } from '../../src/envs/spaces/discrete.js';
import { make, register, unregister } from '../../src/envs/registry.js';
import { ConstantPolicy, RandomPolicy } from '../../src/agents/simple-policies.js';
import { episodeValues, evaluatePolicies, type EvaluatedEpisode, type Evaluation } from '../../src/eval/evaluate.js';
import {
  dosingDecisionRows,
  patientOf,
  WARFARIN_EVALUATE_OPTIONS,
  warfarinEpisodeMetrics,
  warfarinMetricsTable,
  warfarinSubgroups,
} from '../../src/eval/warfarin-evaluation.js';
import { runEpisodes } from '../../src/eval/rollout.js';
import type { PolicyContext } from '../../src/agents/policy.js';

/**
 * A probe env: the seed draws a "patient" (reported in the reset info) and an episode
 * length of 3–7 steps; each step draws measurement noise from the env's stream, reports it
 * in the info with the step index, and costs 1 on even steps. Reward = action + noise.
 */
class ProbeEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(-100, 100, [2]);
  readonly actionSpace = new Discrete(2);
  readonly metadata: EnvMetadata = { renderModes: [], stochastic: true };
  spec: EnvSpec | undefined = undefined;
  private rng = RandomStream.fromSeed(0);
  private t = 0;
  private length = 0;
  private patient = '';

  reset(options?: ResetOptions): ResetResult<Float32Array> {
    if (options?.seed !== undefined) this.rng = RandomStream.fromSeed(options.seed);
    this.t = 0;
    this.length = 3 + this.rng.int(5);
    this.patient = `p${this.rng.int(1_000_000)}`;
    return { observation: Float32Array.of(0, this.length), info: { patient: this.patient } };
  }

  step(action: number): StepResult<Float32Array> {
    const noise = this.rng.normal();
    const info: Info = { cost: this.t % 2 === 0 ? 1 : 0, noise, day: this.t };
    this.t += 1;
    return { observation: Float32Array.of(this.t, this.length), reward: action + noise, terminated: this.t >= this.length, truncated: false, info };
  }

  close(): void {}
}

const PROBE = 'test/EvalProbe-v0';
beforeAll(() => register({ id: PROBE, entryPoint: () => new ProbeEnv() }));
afterAll(() => unregister(PROBE));

const constant = (a: number) => (ctx: PolicyContext) => new ConstantPolicy(ctx, a);

/** Constant policies (name → action) on the probe env, 4 sub-envs, recording patient, noise and day. */
function evaluateProbe(actions: Record<string, number>, episodes: number, seed: number): Promise<Evaluation> {
  return evaluatePolicies({
    envId: PROBE,
    policies: Object.entries(actions).map(([name, a]) => ({ name, policy: constant(a) })),
    episodes,
    seed,
    numEnvs: 4,
    episodeInfoKeys: ['patient'],
    trajectories: { infoKeys: ['noise', 'day'] },
  });
}

describe('evaluatePolicies', () => {
  it('two identical policies give identical per-episode results (CRN)', async () => {
    const ev = await evaluateProbe({ a: 1, b: 1 }, 11, 5);
    const [a, b] = ev.policies;
    expect(a!.episodes).toHaveLength(11);
    expect(b!.episodes).toEqual(a!.episodes);
    expect(a!.episodes.map((e) => e.seed)).toEqual(Array.from({ length: 11 }, (_, k) => 5 + k));
    // episode k's patient is the one a single env reset with seed + k draws
    for (const ep of a!.episodes) expect(ep.startInfo.patient).toBe(new ProbeEnv().reset({ seed: ep.seed }).info.patient);
  });

  it('keeps patient and noise identical across different policies; records trajectories', async () => {
    const ev = await evaluateProbe({ zero: 0, one: 1 }, 6, 0);
    const [zero, one] = ev.policies;
    for (let k = 0; k < 6; k++) {
      const z = zero!.episodes[k]!;
      const o = one!.episodes[k]!;
      expect(o.startInfo.patient).toBe(z.startInfo.patient);
      expect(o.trajectory!.infos.noise).toEqual(z.trajectory!.infos.noise);
      // reward = action + noise: the paired difference is exactly the action difference per step
      expect(o.return - z.return).toBeCloseTo(z.length, 9);
      const t = z.trajectory!;
      expect(t.rewards.length).toBe(z.length);
      expect(t.infos.day).toEqual(Array.from({ length: z.length }, (_, d) => d));
      expect(t.observations!.length).toBe((z.length + 1) * 2);
      // last observation row is the true final observation, not the next episode's first
      expect(t.observations![z.length * 2]).toBe(z.length);
      expect(z.cost).toBe(Math.ceil(z.length / 2));
      expect(z.terminated).toBe(true);
    }
    expect(episodeValues(ev, (e) => e.length).one).toEqual(episodeValues(ev, (e) => e.length).zero);
  });

  it('matches runEpisodes on CartPole whatever numEnvs (episode k seeded seed + k)', async () => {
    const expected = await runEpisodes('dosegym/CartPole-v1', constant(1), { episodes: 7, seed: 3 });
    for (const numEnvs of [1, 3, 8]) {
      const ev = await evaluatePolicies({
        envId: 'dosegym/CartPole-v1',
        policies: [{ name: 'right', policy: constant(1) }],
        episodes: 7,
        seed: 3,
        numEnvs,
        trajectories: true,
      });
      const eps = ev.policies[0]!.episodes;
      expect(eps.map((e) => [e.return, e.length, e.terminated, e.truncated])).toEqual(
        expected.episodes.map((e) => [e.return, e.length, e.terminated, e.truncated]),
      );
      expect(ev.policies[0]!.meanReturn).toBeCloseTo(expected.meanReturn, 12);
    }
  });

  it('gives identical initial states across policies on CartPole', async () => {
    const ev = await evaluatePolicies({
      envId: 'dosegym/CartPole-v1',
      policies: [
        { name: 'left', policy: constant(0) },
        { name: 'random', policy: (ctx) => new RandomPolicy(ctx, RandomStream.fromSeed(1)) },
      ],
      episodes: 5,
      seed: 100,
      numEnvs: 2,
      trajectories: true,
    });
    for (let k = 0; k < 5; k++) {
      const first = (name: number) => Array.from(ev.policies[name]!.episodes[k]!.trajectory!.observations!.subarray(0, 4));
      expect(first(1)).toEqual(first(0));
    }
    expect(new Set(ev.policies[0]!.episodes.map((e) => e.trajectory!.observations![0])).size).toBe(5);
  });

  it('caps endless episodes and validates its options', async () => {
    const ev = await evaluatePolicies({ envId: PROBE, policies: [{ name: 'c', policy: constant(0) }], episodes: 2, seed: 0, maxStepsPerEpisode: 2 });
    expect(ev.policies[0]!.episodes.map((e) => [e.length, e.truncated])).toEqual([
      [2, true],
      [2, true],
    ]);
    await expect(evaluatePolicies({ envId: PROBE, policies: [], episodes: 1, seed: 0 })).rejects.toThrow(/at least one policy/);
    await expect(
      evaluatePolicies({ envId: PROBE, policies: [{ name: 'x', policy: constant(0) }, { name: 'x', policy: constant(1) }], episodes: 1, seed: 0 }),
    ).rejects.toThrow(/used twice/);
    await expect(evaluatePolicies({ envId: PROBE, policies: [{ name: 'x', policy: constant(0) }], episodes: 0, seed: 0 })).rejects.toThrow(/episodes/);
  });
});

describe('warfarin metrics from trajectories', () => {
  /** Days 1–4 after a baseline INR of 1.0; measured on days 2 and 4. */
  const episode: EvaluatedEpisode = {
    index: 0,
    seed: 0,
    return: 3,
    length: 4,
    terminated: false,
    truncated: true,
    cost: 2,
    startInfo: { measuredInr: 1.0, trueInr: 1.0 },
    trajectory: {
      observationSize: 0,
      actionSize: 1,
      observations: null,
      actions: Float64Array.of(10, 10, 12, 9),
      rewards: new Float64Array(4),
      costs: new Float64Array(4),
      infos: {
        trueInr: [1.2, 2.5, 3.5, 4.5],
        measuredInr: [null, 2.5, NaN, 4.5],
        dosePrescribed: [5, 5, 6, 4.5],
        doseGiven: [5, 0, 6, 4.5],
        day: [1, 2, 3, 4],
      },
    },
  };

  it('computes PTTR, true TTR, time to range, unsafe days and dose changes (hand-computed)', () => {
    const m = warfarinEpisodeMetrics(episode);
    // Rosendaal over (0, 1.0), (2, 2.5), (4, 4.5): 2/3 day in range in the first interval
    // (INR 2 → 2.5), 1/2 day in the second (2.5 → 3): (2/3 + 1/2) / 4 days.
    expect(m.pttr).toBeCloseTo((2 / 3 + 1 / 2) / 4, 12);
    expect(m.trueTtr).toBe(0.25);
    expect(m.daysToTherapeutic).toBe(2);
    expect([m.daysAbove4, m.daysBelow15, m.fractionAbove4, m.fractionBelow15]).toEqual([1, 1, 0.25, 0.25]);
    // prescribed 5, 5, 6, 4.5: two changes of 1 and 1.5 mg (the missed dose is not a change)
    expect([m.doseChanges, m.meanAbsDoseChange, m.meanDose]).toEqual([2, 1.25, 5.125]);
    expect([m.return, m.cost]).toEqual([3, 2]);
  });

  it('labels subgroups from the patient and pairs each dose with the last INR known', () => {
    expect(warfarinSubgroups(undefined)).toEqual({ cyp2c9: 'unknown', vkorc1: 'unknown', cyp2c9Phenotype: 'unknown', ancestry: 'unknown' });
    const evaluation: Evaluation = { envId: 'x', seed: 0, episodes: 1, numEnvs: 1, policies: [{ name: 'p', episodes: [episode], meanReturn: 3, stdReturn: 0 }] };
    // dose of day d is decided after the morning-d measurement: days 0, 1 → baseline 1.0; days 2, 3 → 2.5
    expect(dosingDecisionRows(evaluation).map((r) => [r.lastInr, r.dose])).toEqual([
      [1, 5],
      [1, 5],
      [2.5, 6],
      [2.5, 4.5],
    ]);
  });

  it('on dosegym/Warfarin-v0: same patients and baseline for every policy; identical policies identical metrics', async () => {
    const seed = 40;
    const ev = await evaluatePolicies({
      envId: 'dosegym/Warfarin-v0',
      policies: [
        { name: '5mg', policy: constant(10) },
        { name: '5mg-again', policy: constant(10) },
        { name: '3mg', policy: constant(6) },
      ],
      episodes: 5,
      seed,
      numEnvs: 2,
      ...WARFARIN_EVALUATE_OPTIONS,
    });
    const table = warfarinMetricsTable(ev);
    expect(table).toHaveLength(15);
    const of = (policy: string) => table.filter((r) => r.policy === policy);
    expect(of('5mg-again')).toEqual(of('5mg').map((r) => ({ ...r, policy: '5mg-again' })));
    const single = make('dosegym/Warfarin-v0');
    for (let k = 0; k < 5; k++) {
      const direct = single.reset({ seed: seed + k }).info;
      for (const p of ev.policies) {
        const ep = p.episodes[k]!;
        expect(patientOf(ep)).toEqual(direct.patient);
        expect(ep.startInfo.measuredInr).toBe(direct.measuredInr);
        expect(ep.length).toBe(90);
        expect(ep.trajectory!.infos.day).toEqual(Array.from({ length: 90 }, (_, d) => d + 1));
      }
      expect(of('3mg')[k]!.patientId).toBe(of('5mg')[k]!.patientId);
      expect(of('3mg')[k]!.meanDose).toBe(3);
    }
    single.close();
    // a higher fixed dose gives a higher mean INR over the course for every patient
    const meanInr = (p: number, k: number) => (ev.policies[p]!.episodes[k]!.trajectory!.infos.trueInr as number[]).reduce((a, b) => a + b, 0) / 90;
    for (let k = 0; k < 5; k++) expect(meanInr(0, k)).toBeGreaterThan(meanInr(2, k));
  });
});
