/**
 * OncologyCombo baselines: the CPIC 2017 DPYD rule (Amstutz 2018: AS 2 → 100 %, 1–1.5 →
 * 50 %, ≤ 0.5 → avoid), the Zhang 2017 adaptive on/off rule (pause below 50 % of the
 * baseline marker, resume at baseline), discrete rounding down, and a head-to-head on the
 * same 100 DPYD-enriched virtual patients (common random numbers): genotype-guided dosing
 * has fewer grade-4 neutropenia cycles than genotype-blind MTD.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/core/random.js';
import '../../src/agents/oncology-baselines.js';
import { cpicDpydDoseFraction, doseLevelAtMost, OncologyBaselinePolicy } from '../../src/agents/oncology-baselines.js';
import { resolvePolicy } from '../../src/agents/policy-registry.js';
import type { PolicyContext } from '../../src/agents/policy.js';
import { OncologyComboVectorEnv } from '../../src/envs/oncology/oncology-vector.js';
import { OBS, OBS_SIZE } from '../../src/envs/oncology/oncology-task.js';

function context(env: OncologyComboVectorEnv): PolicyContext {
  return { numEnvs: env.numEnvs, observationSpace: env.singleObservationSpace, actionSpace: env.singleActionSpace };
}

/** First episode of each sub-env: cycles until the end, grade-4 cycles, events. */
function firstEpisodes(name: 'mtd' | 'mtd-pgx', n: number) {
  const env = new OncologyComboVectorEnv(n, { dpydMix: 'enriched' });
  const policy = new OncologyBaselinePolicy(context(env), name);
  let obs = env.reset({ seed: 500 }).observations;
  const done = new Uint8Array(n);
  let grade4 = 0;
  let cycles = 0;
  let toxicDeaths = 0;
  const lowScoreDoses: number[] = [];
  for (let t = 0; t < 12; t++) {
    const actions = policy.act(obs, {});
    for (let i = 0; i < n; i++) if (!done[i] && obs[i * OBS_SIZE + OBS.dpydActivityScore]! <= 0.5) lowScoreDoses.push(actions[2 * i]!);
    const r = env.step(actions);
    for (let i = 0; i < n; i++) {
      if (done[i]) continue;
      cycles++;
      if (r.infos.cost![i] === 1) grade4++;
      if (r.terminations[i] || r.truncations[i]) {
        done[i] = 1;
        if (r.infos.finalInfo![i]!.event === 'toxic-death') toxicDeaths++;
      }
    }
    policy.reset(Uint8Array.from(r.terminations, (v, i) => v | r.truncations[i]!));
    obs = r.observations;
  }
  return { grade4Rate: grade4 / cycles, toxicDeaths, lowScoreDoses };
}

describe('oncology baselines', () => {
  it('CPIC DPYD starting-dose fractions', () => {
    expect([2, 1.5, 1, 0.5, 0].map(cpicDpydDoseFraction)).toEqual([1, 0.5, 0.5, 0, 0]);
    expect(() => cpicDpydDoseFraction(3)).toThrow(/activity score/);
  });

  it('rounds fractions down to dose levels', () => {
    expect([0, 0.25, 0.5, 0.6, 0.75, 0.99, 1].map(doseLevelAtMost)).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });

  it('are registered by name', async () => {
    const env = new OncologyComboVectorEnv(2);
    for (const name of ['onc-mtd-pgx', 'onc-mtd', 'onc-adaptive', 'onc-metronomic']) {
      const p = await resolvePolicy(name, context(env), RandomStream.fromSeed(0));
      expect(p.name).toBe(name);
    }
  });

  it('adaptive: pauses below 50 % of the baseline marker and resumes at baseline', () => {
    const env = new OncologyComboVectorEnv(1);
    const policy = new OncologyBaselinePolicy(context(env), 'adaptive');
    const obs = new Float32Array(OBS_SIZE);
    obs[OBS.anc] = 5;
    obs[OBS.dpydActivityScore] = 2;
    const step = (marker: number) => {
      obs[OBS.markerRel] = marker;
      const a = policy.act(obs, {});
      return [a[0], a[1]];
    };
    expect(step(0.8)).toEqual([3, 3]);
    expect(step(0.45)).toEqual([0, 0]);
    expect(step(0.9)).toEqual([0, 0]); // still paused: below baseline
    expect(step(1.05)).toEqual([3, 3]);
  });

  it('holds the cytotoxic dose when the pre-cycle ANC is below 1.5', () => {
    const env = new OncologyComboVectorEnv(1);
    const policy = new OncologyBaselinePolicy(context(env), 'mtd');
    const obs = new Float32Array(OBS_SIZE);
    obs[OBS.anc] = 1.2;
    expect(Array.from(policy.act(obs, {}))).toEqual([0, 3]);
  });

  it('on the same 100 DPYD-enriched patients, genotype-guided MTD has fewer grade-4 cycles than MTD', () => {
    const blind = firstEpisodes('mtd', 100);
    const pgx = firstEpisodes('mtd-pgx', 100);
    expect(pgx.grade4Rate).toBeLessThan(blind.grade4Rate);
    expect(pgx.toxicDeaths).toBeLessThanOrEqual(blind.toxicDeaths);
    expect(pgx.lowScoreDoses.every((a) => a === 0)).toBe(true);
    expect(blind.lowScoreDoses.some((a) => a > 0)).toBe(true);
  });
});
