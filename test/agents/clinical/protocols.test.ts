/**
 * Protocols by name, the fixed dose, dose units, and a closed loop of an initial-dose
 * algorithm + the nomogram on the Hamberg 2007 simulator.
 */
import { describe, expect, it } from 'vitest';
import { fromWeekly, roundToStep, scheduledDailyDose } from '../../../src/agents/clinical/dose-units.js';
import { fixedDose } from '../../../src/agents/clinical/fixed.js';
import { TITRATION_PROTOCOLS, createTitration, initialDose } from '../../../src/agents/clinical/protocols.js';
import { NotFoundError } from '../../../src/core/errors.js';
import { trueTtr } from '../../../src/eval/metrics/warfarin.js';
import { hamberg2007Warfarin as spec } from '../../../src/pkpd/models/hamberg2007-warfarin.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { initialState, typicalParameters } from '../../../src/pkpd/types.js';
import { PATIENT_A, PATIENT_C } from './examples.js';

describe('dose units', () => {
  it('rounds to 0.5 mg, halves up', () => {
    expect([4.39, 4.2, 4.25, 4.75, -1].map((x) => roundToStep(x))).toEqual([4.5, 4, 4.5, 5, 0]);
  });
  it('spreads a weekly dose evenly: 30 mg → four 4.5 mg days and three 4 mg days', () => {
    const w = [0, 1, 2, 3, 4, 5, 6].map((d) => scheduledDailyDose(30, d));
    expect(w).toEqual([4, 4.5, 4, 4.5, 4, 4.5, 4.5]);
    expect(scheduledDailyDose(30, 7)).toBe(w[0]);
    expect(fromWeekly(35).dailyDoseMg).toBe(5);
  });
});

describe('protocols', () => {
  it('fixed is 5 mg/day', () => {
    expect(fixedDose()).toEqual({ weeklyDoseMg: 35, dailyDoseMg: 5 });
    expect(initialDose('fixed', PATIENT_C)).toEqual({ weeklyDoseMg: 35, dailyDoseMg: 5 });
  });

  it('initial doses by name match the §1.4 examples', () => {
    expect(initialDose('iwpc-pg', PATIENT_A).weeklyDoseMg).toBeCloseTo(30.73, 2);
    expect(initialDose('gage-clinical', PATIENT_C).dailyDoseMg).toBeCloseTo(2.79, 2);
  });

  it('unknown names are NotFoundErrors listing the known ones', () => {
    expect(() => initialDose('lenzini', PATIENT_A)).toThrow(NotFoundError);
    expect(() => createTitration('iwpc-pg+lenzini', PATIENT_A)).toThrow(/known: .*eupact\+nomogram/);
    expect(TITRATION_PROTOCOLS).toContain('gage-pg+nomogram');
  });

  it('without +nomogram the dose ignores INRs; with it, an INR of 1.2 raises it', () => {
    const plain = createTitration('iwpc-pg', PATIENT_A);
    const titrated = createTitration('iwpc-pg+nomogram', PATIENT_A);
    expect(plain.dose(7, 1.2)).toBe(scheduledDailyDose(30.73, 7));
    expect(titrated.dose(7, 1.2)).toBe(roundToStep((2 * 30.73) / 7));
  });

  it('eupact+nomogram starts with the three loading doses', () => {
    const t = createTitration('eupact+nomogram', PATIENT_A);
    const doses = [t.dose(0, null), t.dose(1, null), t.dose(2, null)];
    expect(doses[0]).toBeGreaterThan(doses[2]!);
    expect(doses[2]).toBeGreaterThan(t.dose(3, null) - 0.5);
  });

  /*
   * Closed loop on the Hamberg 2007 model, patient A (IWPC-PG 30.73 mg/week), INR measured
   * every 7 days: daily doses from the titration, the state carried over day to day.
   * Checked: the loop runs, doses stay multiples of 0.5 mg, and the true INR spends most of
   * weeks 5–12 in range 2–3 (typical patient, no noise).
   */
  it('iwpc-pg+nomogram keeps a typical Hamberg 2007 patient mostly in range', () => {
    const p = typicalParameters(spec);
    spec.covariates!(PATIENT_A, p);
    const t = createTitration('iwpc-pg+nomogram', PATIENT_A);
    let x = initialState(spec, p);
    const inrs: number[] = [];
    for (let day = 0; day < 84; day++) {
      const inrToday = spec.outputs[1]!.compute(x, p, 0);
      inrs.push(inrToday);
      const dose = t.dose(day, day > 0 && day % 7 === 0 ? inrToday : null);
      expect(dose * 2).toBe(Math.round(dose * 2));
      const r = simulate(spec, p, dose > 0 ? [{ time: 0, amt: dose }] : [], [24], { x0: x, returnStates: true });
      x = r.states![0]!;
    }
    expect(trueTtr(inrs.slice(28))).toBeGreaterThan(0.6);
  });
});
