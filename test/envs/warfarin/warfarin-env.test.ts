/**
 * The single warfarin env: the Gymnasium contract (checkEnv), options, the measurement
 * schedule, reward/cost, determinism with variability off, genotype ordering
 * (CYP2C9 *3/*3 + VKORC1 A/A needs far less warfarin than *1/*1 + G/G: Hamberg 2007
 * Tables 2/4, reference pkpd-models.md §1.3) and the observation layout.
 */
import { describe, expect, it } from 'vitest';
import '../../../src/envs/builtin.js';
import { checkEnv } from '../../../src/envs/check-env.js';
import { make } from '../../../src/envs/registry.js';
import { WarfarinEnv, warfarinAction, warfarinDose } from '../../../src/envs/warfarin/warfarin-env.js';
import { resolveWarfarinOptions } from '../../../src/envs/warfarin/warfarin-options.js';
import { observationLayout, DYNAMIC_SIZE, PATIENT_FEATURE_SIZE } from '../../../src/envs/warfarin/observation.js';
import { warfarinCost, warfarinReward } from '../../../src/envs/warfarin/reward.js';
import { resolveInrSchedule } from '../../../src/envs/warfarin/schedule.js';
import { warfarinCyp2c9, warfarinModelPatient } from '../../../src/envs/warfarin/model-patient.js';
import { createPatient } from '../../../src/genomics/patient.js';
import { InputError } from '../../../src/core/errors.js';

const basePatient = {
  id: 'T1',
  age: 65,
  sex: 'male' as const,
  weight: 75,
  height: 175,
  race: 'white' as const,
  lifestyle: { adherence: 1, vitaminKVariability: 0 },
};

function runDoses(env: WarfarinEnv, doseIndex: number, days: number, seed: number, patient?: unknown) {
  const r = env.reset({ seed, ...(patient ? { options: { patient } } : {}) });
  const steps = [];
  for (let d = 0; d < days; d++) steps.push(env.step(doseIndex));
  return { reset: r, steps };
}

describe('Warfarin-v0 contract', () => {
  it.each(['dosegym/Warfarin-v0', 'dosegym/WarfarinContinuous-v0'])('%s passes checkEnv', (id) => {
    const env = make(id);
    const result = checkEnv(env, { maxSteps: 200 });
    env.close();
    expect(result.failures).toEqual([]);
  });

  it('make() truncates at 90 days', () => {
    const env = make<Float32Array, number>('dosegym/Warfarin-v0');
    env.reset({ seed: 3 });
    let r;
    let n = 0;
    do {
      r = env.step(10);
      n++;
    } while (!r.truncated && n < 200);
    expect(n).toBe(90);
    expect(r.terminated).toBe(false);
    expect(r.observation[0]).toBe(90);
  });

  it('rejects unknown options, bad models and actions outside the space', () => {
    expect(() => new WarfarinEnv({ foo: 1 } as never)).toThrow(InputError);
    expect(() => new WarfarinEnv({ model: 'hamberg1999' } as never)).toThrow(/model/);
    expect(() => new WarfarinEnv({ inrSchedule: [1, -2] } as never)).toThrow(/inrSchedule\[1\]/);
    const env = new WarfarinEnv();
    env.reset({ seed: 0 });
    expect(() => env.step(31)).toThrow(InputError);
    expect(() => env.step(2.5)).toThrow(InputError);
  });

  it('maps actions to doses: index × 0.5 mg; continuous rounds to 0.5 mg', () => {
    const discrete = resolveWarfarinOptions({});
    const continuous = resolveWarfarinOptions({ continuous: true });
    expect(warfarinDose(discrete, 9)).toBe(4.5);
    expect(warfarinDose(continuous, 4.26)).toBe(4.5);
    expect(warfarinDose(continuous, 4.24)).toBe(4);
    expect(warfarinAction(false, 4.5)).toBe(9);
    expect(warfarinAction(false, 22)).toBe(30);
    const env = new WarfarinEnv({ continuous: true, lifestyle: false });
    env.reset({ seed: 1 });
    const r = env.step(Float32Array.of(3.3));
    expect(r.info.dosePrescribed).toBe(3.5);
    expect(r.info.doseGiven).toBe(3.5);
  });
});

describe('Warfarin-v0 dynamics and information', () => {
  it('reports patient, genotype and the baseline INR at reset; step info fields', () => {
    const env = new WarfarinEnv();
    const { reset, steps } = runDoses(env, 10, 3, 7);
    expect(reset.info.patientId).toMatch(/^P\d{6}$/);
    expect(reset.info.genotype).toHaveProperty('CYP2C9');
    expect(reset.info.trueInr).toBe(1);
    expect(reset.observation[1]).toBeCloseTo(reset.info.measuredInr as number, 5);
    expect(reset.observation[2]).toBe(0);
    const info = steps[0]!.info;
    for (const key of ['cost', 'trueInr', 'measuredInr', 'doseGiven', 'dosePrescribed', 'day', 'patient']) expect(info).toHaveProperty(key);
    expect(info.dosePrescribed).toBe(5);
    expect([0, 5]).toContain(info.doseGiven);
  });

  it('measures the INR only on schedule days; between them the agent sees the last value', () => {
    const env = new WarfarinEnv({ inrSchedule: 'clinic' });
    const { reset, steps } = runDoses(env, 10, 30, 11);
    const measuredDays = [0, ...steps.flatMap((s, d) => (s.info.measuredInr === null ? [] : [d + 1]))];
    expect(measuredDays).toEqual(resolveInrSchedule('clinic').daysUpTo(30));
    expect(measuredDays).toEqual([0, 1, 2, 3, 4, 5, 7, 14, 21, 28]);
    let last = reset.observation[1]!;
    steps.forEach((s, d) => {
      const day = d + 1;
      if (s.info.measuredInr !== null) last = Math.fround(s.info.measuredInr as number);
      expect(s.observation[1]).toBe(last);
      const lastDay = measuredDays.filter((m) => m <= day).at(-1)!;
      expect(s.observation[2]).toBe(day - lastDay);
    });
    // explicit schedule (the baseline is always measured)
    const custom = runDoses(new WarfarinEnv({ inrSchedule: [2, 9] }), 10, 10, 11);
    expect(custom.steps.flatMap((s, d) => (s.info.measuredInr === null ? [] : [d + 1]))).toEqual([2, 9]);
  });

  it('measurement error follows the model (exponential, SD 0.0325 for Hamberg 2007); off by option', () => {
    const noisy = runDoses(new WarfarinEnv({ inrSchedule: 'daily', lifestyle: false }), 10, 90, 5);
    const logErr = noisy.steps.map((s) => Math.log((s.info.measuredInr as number) / (s.info.trueInr as number)));
    const sd = Math.sqrt(logErr.reduce((a, e) => a + e * e, 0) / logErr.length);
    expect(sd).toBeGreaterThan(0.02);
    expect(sd).toBeLessThan(0.045);
    const exact = runDoses(new WarfarinEnv({ inrSchedule: 'daily', measurementNoise: false }), 10, 5, 5);
    for (const s of exact.steps) expect(s.info.measuredInr).toBe(s.info.trueInr);
  });

  it('keeps the last 7 prescribed doses, most recent first', () => {
    const env = new WarfarinEnv();
    env.reset({ seed: 2 });
    let obs: Float32Array = new Float32Array();
    for (const a of [2, 4, 6, 8, 10, 12, 14, 16, 18]) obs = env.step(a).observation;
    expect(Array.from(obs.slice(3, 10))).toEqual([9, 8, 7, 6, 5, 4, 3]);
    expect(obs[0]).toBe(9);
  });

  it('variability off, lifestyle off, noise off: deterministic given the patient, whatever the seed', () => {
    const opts = { variability: false, lifestyle: false, measurementNoise: false };
    const a = runDoses(new WarfarinEnv(opts), 10, 40, 1, basePatient);
    const b = runDoses(new WarfarinEnv(opts), 10, 40, 999, basePatient);
    expect(b.steps.map((s) => s.info.trueInr)).toEqual(a.steps.map((s) => s.info.trueInr));
    expect(b.steps.map((s) => Array.from(s.observation))).toEqual(a.steps.map((s) => Array.from(s.observation)));
    // with variability on, the same patient differs between seeds
    const c = runDoses(new WarfarinEnv({ lifestyle: false }), 10, 40, 1, basePatient);
    const d = runDoses(new WarfarinEnv({ lifestyle: false }), 10, 40, 2, basePatient);
    expect(c.steps[39]!.info.trueInr).not.toBe(d.steps[39]!.info.trueInr);
  });

  it('same doses: CYP2C9 *3/*3 VKORC1 A/A reaches a higher INR than *1/*1 G/G (both models)', () => {
    for (const model of ['hamberg2007', 'hamberg2010'] as const) {
      const opts = { model, variability: false, lifestyle: false, measurementNoise: false };
      const fast = runDoses(new WarfarinEnv(opts), 10, 30, 0, { ...basePatient, genotypes: { CYP2C9: '*1/*1', VKORC1: 'G/G' } });
      const mid = runDoses(new WarfarinEnv(opts), 10, 30, 0, { ...basePatient, genotypes: { CYP2C9: '*1/*3', VKORC1: 'G/A' } });
      const slow = runDoses(new WarfarinEnv(opts), 10, 30, 0, { ...basePatient, genotypes: { CYP2C9: '*3/*3', VKORC1: 'A/A' } });
      const inr = (r: typeof fast) => r.steps[29]!.info.trueInr as number;
      expect(inr(mid)).toBeGreaterThan(inr(fast));
      expect(inr(slow)).toBeGreaterThan(inr(mid));
      expect(inr(slow)).toBeGreaterThan(4); // 5 mg/day is an overdose for *3/*3 A/A (reference §1.3: INRss 7.8–8.5)
    }
  });

  it('missed doses (adherence) give 0 mg; all doses given with adherence 1', () => {
    const poor = { ...basePatient, lifestyle: { adherence: 0.5, vitaminKVariability: 0 } };
    const r = runDoses(new WarfarinEnv(), 10, 90, 4, poor);
    const missed = r.steps.filter((s) => s.info.doseGiven === 0).length;
    expect(missed).toBeGreaterThan(25);
    expect(missed).toBeLessThan(65);
    const good = runDoses(new WarfarinEnv(), 10, 90, 4, basePatient);
    expect(good.steps.every((s) => s.info.doseGiven === 5)).toBe(true);
  });

  it('dietary vitamin K variation moves the INR at a constant dose (lifestyle on vs off)', () => {
    const varied = { ...basePatient, lifestyle: { adherence: 1, vitaminKVariability: 1 } };
    const on = runDoses(new WarfarinEnv({ measurementNoise: false, variability: false }), 10, 60, 3, varied);
    const off = runDoses(new WarfarinEnv({ measurementNoise: false, variability: false, lifestyle: false }), 10, 60, 3, varied);
    const diff = on.steps.map((s, d) => Math.abs((s.info.trueInr as number) - (off.steps[d]!.info.trueInr as number)));
    expect(Math.max(...diff)).toBeGreaterThan(0.02);
  });
});

describe('reward and cost', () => {
  const w = { unsafePenalty: 1, doseChangePenalty: 0 };
  it.each([
    [1.2, -1, 1],
    [1.5, 0, 0],
    [1.9, 0, 0],
    [2, 1, 0],
    [2.5, 1, 0],
    [3, 1, 0],
    [3.5, 0, 0],
    [4, 0, 0],
    [4.1, -1, 1],
  ])('INR %f → reward %d, cost %d', (inr, reward, cost) => {
    expect(warfarinReward(inr, false, w)).toBe(reward);
    expect(warfarinCost(inr)).toBe(cost);
  });

  it('dose-change penalty applies only when enabled and the dose changed', () => {
    expect(warfarinReward(2.5, true, { unsafePenalty: 1, doseChangePenalty: 0.2 })).toBeCloseTo(0.8);
    expect(warfarinReward(2.5, true, w)).toBe(1);
    const env = new WarfarinEnv({ reward: { doseChangePenalty: 0.5 } });
    env.reset({ seed: 0 });
    const r0 = env.step(10); // day 0: never a change
    const r1 = env.step(12); // changed
    const r2 = env.step(12); // same
    const base = (inr: number) => warfarinReward(inr, false, w);
    expect(r0.reward).toBe(base(r0.info.trueInr as number));
    expect(r1.reward).toBe(base(r1.info.trueInr as number) - 0.5);
    expect(r2.reward).toBe(base(r2.info.trueInr as number));
  });

  it('a crafted INR path: days in range, unsafe days and cost sum as the shape says', () => {
    const path = [1, 1.4, 1.8, 2.2, 2.9, 3.3, 4.5, 3.0];
    const rewards = path.map((x) => warfarinReward(x, false, w));
    expect(rewards).toEqual([-1, -1, 0, 1, 1, 0, -1, 1]);
    expect(path.map(warfarinCost)).toEqual([1, 1, 0, 0, 0, 0, 1, 0]);
  });
});

describe('observation layout and patient features', () => {
  it('documents every index; patient features are optional', () => {
    const full = observationLayout(true);
    expect(full.length).toBe(DYNAMIC_SIZE + PATIENT_FEATURE_SIZE);
    expect(full.map((f) => f.index)).toEqual(full.map((_, i) => i));
    expect(full.slice(0, 3).map((f) => f.name)).toEqual(['day', 'lastInr', 'daysSinceInr']);
    expect(new WarfarinEnv({ includePatientFeatures: false }).observationSpace.shape).toEqual([DYNAMIC_SIZE]);
    expect(new WarfarinEnv().metadata.observationLayout).toEqual(full);
  });

  it('encodes covariates, genotype one-hot and unknown genotypes explicitly', () => {
    const env = new WarfarinEnv();
    const names = observationLayout(true).map((f) => f.name);
    const at = (obs: Float32Array, name: string) => obs[names.indexOf(name)];
    const typed = env.reset({ seed: 0, options: { patient: { ...basePatient, sex: 'female', race: 'asian', comedications: ['amiodarone'], genotypes: { CYP2C9: '*1/*3', VKORC1: 'A/A' } } } }).observation;
    expect(at(typed, 'age')).toBe(65);
    expect(at(typed, 'female')).toBe(1);
    expect(at(typed, 'raceAsian')).toBe(1);
    expect(at(typed, 'raceWhite')).toBe(0);
    expect(at(typed, 'amiodarone')).toBe(1);
    expect(at(typed, 'cyp2c9_13')).toBe(1);
    expect(at(typed, 'cyp2c9Unknown')).toBe(0);
    expect(at(typed, 'vkorc1A')).toBe(2);
    const untyped = env.reset({ seed: 0, options: { patient: basePatient } }).observation;
    expect(at(untyped, 'cyp2c9Unknown')).toBe(1);
    expect(at(untyped, 'vkorc1Unknown')).toBe(1);
    expect(names.filter((n) => n.startsWith('cyp2c9_')).map((n) => at(untyped, n))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('maps CYP2C9 alleles beyond *1/*2/*3 by CPIC activity value', () => {
    expect(warfarinCyp2c9('*1/*11')).toBe('*1/*2');
    expect(warfarinCyp2c9('*6/*1')).toBe('*1/*3');
    expect(warfarinCyp2c9('*5/*8')).toBe('*2/*2');
    const p = createPatient({ ...basePatient, genotypes: { CYP2C9: '*1/*11' } });
    expect(warfarinModelPatient(p).genotypes.CYP2C9).toBe('*1/*2');
    expect(p.genotypes.CYP2C9).toBe('*1/*11');
  });

  it('draws patients from the cohort by seed (patient k of cohort seed s) with ancestry and stratification options', () => {
    const env = new WarfarinEnv({ ancestry: 'east-asian' });
    const a = env.reset({ seed: 42 }).info.patient as { id: string; ancestry: string };
    const b = env.reset().info.patient as { id: string };
    expect(a.id).toBe('P000000');
    expect(b.id).toBe('P000001');
    expect(a.ancestry).toBe('east-asian');
    const strat = new WarfarinEnv({ stratify: { gene: 'VKORC1', strata: [{ diplotypes: ['A/A'], proportion: 1 }, { diplotypes: ['G/G'], proportion: 1 }] } });
    const g = [strat.reset({ seed: 1 }), strat.reset(), strat.reset(), strat.reset()].map((r) => (r.info.genotype as { VKORC1: string }).VKORC1);
    expect(g).toEqual(['A/A', 'G/G', 'A/A', 'G/G']);
  });
});
