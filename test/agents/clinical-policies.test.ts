/**
 * Warfarin protocol policies on the warfarin envs: registration, per-sub-env state and
 * reset(mask), the continuous env, and a 200-patient comparison on common random numbers
 * (same patients, same seeds, same noise): the pharmacogenetic protocol's mean PTTR
 * (Rosendaal on the measured INRs) is not worse than fixed dosing's. Ravvaz et al. 2017
 * (Circ Cardiovasc Genet 10:e001804) report the same ordering in their virtual trial.
 */
import { describe, expect, it } from 'vitest';
import '../../src/envs/builtin.js';
import '../../src/agents/builtin.js';
import { RandomStream } from '../../src/core/random.js';
import { WarfarinProtocolPolicy, WARFARIN_PROTOCOL_POLICIES } from '../../src/agents/clinical/clinical-policies.js';
import { createTitration } from '../../src/agents/clinical/protocols.js';
import { listPolicies, resolvePolicy } from '../../src/agents/policy-registry.js';
import { makeVec } from '../../src/envs/registry.js';
import type { VectorEnv } from '../../src/envs/vector/vector-env.js';
import { rosendaalTtr, trueTtr } from '../../src/eval/metrics/warfarin.js';
import { runEpisodes } from '../../src/eval/rollout.js';
import { warfarinModelPatient } from '../../src/envs/warfarin/model-patient.js';
import type { Patient } from '../../src/genomics/patient.js';

function ctxOf(vec: VectorEnv) {
  return { numEnvs: vec.numEnvs, observationSpace: vec.singleObservationSpace, actionSpace: vec.singleActionSpace, envMetadata: vec.metadata };
}

const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;

/** One 90-day episode of N patients (seeds seed … seed+N−1): per-patient PTTR and true TTR. */
function evaluate(protocol: string, n: number, seed: number): { pttr: number[]; ttr: number[] } {
  const vec = makeVec('dosegym/Warfarin-v0', n);
  let { observations, infos } = vec.reset({ seed });
  const policy = new WarfarinProtocolPolicy(protocol, ctxOf(vec));
  policy.reset();
  const times = Array.from({ length: n }, () => [0]);
  const measured = Array.from({ length: n }, (_, i) => [(infos.measuredInr as Float64Array)[i]!]);
  const daily = Array.from({ length: n }, () => [] as number[]);
  for (let day = 1; day <= 90; day++) {
    const r = vec.step(policy.act(observations, infos));
    const m = r.infos.measuredInr as Float64Array;
    const t = r.infos.trueInr as Float64Array;
    for (let i = 0; i < n; i++) {
      daily[i]!.push(t[i]!);
      if (!Number.isNaN(m[i]!)) {
        times[i]!.push(day);
        measured[i]!.push(m[i]!);
      }
    }
    observations = r.observations;
    infos = r.infos;
  }
  vec.close();
  return { pttr: times.map((t, i) => rosendaalTtr(t, measured[i]!)), ttr: daily.map((d) => trueTtr(d)) };
}

describe('warfarin protocol policies', () => {
  it('are registered under their names', () => {
    for (const name of WARFARIN_PROTOCOL_POLICIES) expect(listPolicies()).toContain(name);
  });

  it('reproduce createTitration on the patient, acting on INRs only on measurement mornings', async () => {
    const vec = makeVec('dosegym/Warfarin-v0', 2);
    const policy = await resolvePolicy('iwpc-pg+nomogram', ctxOf(vec), RandomStream.fromSeed(0));
    let { observations, infos } = vec.reset({ seed: 9 });
    policy.reset();
    const patients = (infos.patients as Patient[]).slice();
    const reference = patients.map((p) => createTitration('iwpc-pg+nomogram', warfarinModelPatient(p)));
    for (let day = 0; day < 40; day++) {
      const actions = policy.act(observations, infos) as Int32Array;
      for (let i = 0; i < 2; i++) {
        const row = observations.slice(i * vec.observationSize, (i + 1) * vec.observationSize);
        const dose = reference[i]!.dose(day, row[2] === 0 ? row[1]! : null);
        expect(actions[i]).toBe(Math.round(Math.min(15, dose) / 0.5));
      }
      const r = vec.step(actions);
      observations = r.observations;
      infos = r.infos;
    }
  });

  it('reset(mask) restarts only the masked sub-envs', () => {
    const vec = makeVec('dosegym/Warfarin-v0', 2);
    const masked = new WarfarinProtocolPolicy('fixed+nomogram', ctxOf(vec));
    const continuing = new WarfarinProtocolPolicy('fixed+nomogram', ctxOf(vec));
    const fresh = new WarfarinProtocolPolicy('fixed+nomogram', ctxOf(vec));
    let { observations, infos } = vec.reset({ seed: 1 });
    for (let day = 0; day < 12; day++) {
      masked.act(observations, infos);
      const r = vec.step(continuing.act(observations, infos));
      observations = r.observations;
      infos = r.infos;
    }
    masked.reset(Uint8Array.of(1, 0));
    const a = masked.act(observations, infos);
    expect(a[0]).toBe(fresh.act(observations, infos)[0]);
    expect(a[1]).toBe(continuing.act(observations, infos)[1]);
  });

  it('drive the continuous env with doses in mg', () => {
    const vec = makeVec('dosegym/WarfarinContinuous-v0', 3);
    const policy = new WarfarinProtocolPolicy('gage-pg+nomogram', ctxOf(vec));
    const { observations, infos } = vec.reset({ seed: 2 });
    const a = policy.act(observations, infos);
    expect(a).toBeInstanceOf(Float32Array);
    const r = vec.step(a);
    for (let i = 0; i < 3; i++) expect((r.infos.dosePrescribed as Float64Array)[i]).toBe(Math.round(a[i]! * 2) / 2);
  });

  it('run through runEpisodes (SyncVectorEnv of single envs, infos.patient)', async () => {
    const result = await runEpisodes('dosegym/Warfarin-v0', (ctx) => new WarfarinProtocolPolicy('eupact+nomogram', ctx), { episodes: 2, seed: 4 });
    expect(result.episodes.map((e) => e.length)).toEqual([90, 90]);
  });

  it('200 patients, same seeds: IWPC-PG + nomogram has a mean PTTR not worse than fixed 5 mg + nomogram', () => {
    const fixed = evaluate('fixed+nomogram', 200, 1000);
    const pg = evaluate('iwpc-pg+nomogram', 200, 1000);
    const report = {
      fixed: { pttr: mean(fixed.pttr), trueTtr: mean(fixed.ttr) },
      iwpcPg: { pttr: mean(pg.pttr), trueTtr: mean(pg.ttr) },
    };
    console.info('PTTR / true TTR over 200 patients:', JSON.stringify(report));
    expect(report.iwpcPg.pttr).toBeGreaterThanOrEqual(report.fixed.pttr);
    expect(report.iwpcPg.trueTtr).toBeGreaterThanOrEqual(report.fixed.trueTtr);
    // sanity: both protocols keep patients in range a substantial part of the time
    expect(report.fixed.pttr).toBeGreaterThan(0.3);
  });
});
