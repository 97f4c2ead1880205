import { describe, expect, it } from 'vitest';
import { buildDoseEvents, expandRegimen, InfusionRates, resolveRoute, validateRegimen } from '../../src/pkpd/dosing.js';
import { pk1cmt } from '../../src/pkpd/models/pk1cmt.js';
import { typicalParameters, type ModelSpec } from '../../src/pkpd/types.js';
import { InputError } from '../../src/core/errors.js';

/** A two-drug model (test fixture): drug A oral/IV, drug B IV with amountScale and lag. */
const twoDrugs: ModelSpec = {
  ...pk1cmt,
  id: 'two-drugs',
  parameters: [...pk1cmt.parameters, { name: 'TLAG', value: 0.5, unit: 'h', description: 'lag', source: 'test' }],
  states: [...pk1cmt.states, { name: 'b', unit: 'mg', description: 'drug B amount' }],
  dosing: [
    { drug: 'A', cmt: 'depot', doseUnit: 'mg', bioavailability: 'F', description: 'A oral' },
    { drug: 'A', cmt: 'central', doseUnit: 'mg', description: 'A IV' },
    { drug: 'B', cmt: 'b', doseUnit: 'mg', amountScale: 0.5, bioavailability: 0.8, lag: 'TLAG', description: 'B' },
  ],
};

describe('validateRegimen', () => {
  const bad: [unknown, RegExp][] = [
    [{}, /^regimen must be an array of dose records/],
    [[5], /^regimen\[0\] must be an object/],
    [[{ time: 0, amt: 1 }, { time: 0, amt: 1 }, { time: 1, amt: -2 }], /^regimen\[2\]\.amt must be a finite number ≥ 0, got -2/],
    [[{ time: -1, amt: 1 }], /^regimen\[0\]\.time must be a finite number ≥ 0, got -1/],
    [[{ amt: 1 }], /^regimen\[0\]\.time must be a finite number ≥ 0, got nothing/],
    [[{ time: 0, amt: 'ten' }], /^regimen\[0\]\.amt must be a finite number ≥ 0, got 'ten'/],
    [[{ time: 0, amt: 1, dose: 3 }], /^regimen\[0\]\.dose is not a dose-record field/],
    [[{ time: 0, amt: 1, drug: 'C' }], /^regimen\[0\]\.drug: unknown drug 'C' for model two-drugs \(known: A, B\)/],
    [[{ time: 0, amt: 1, cmt: 'peripheral' }], /^regimen\[0\]\.cmt: 'peripheral' is not a dosing compartment of model two-drugs \(known: depot, central, b\)/],
    [[{ time: 0, amt: 1, drug: 'B', cmt: 'depot' }], /^regimen\[0\]\.cmt: 'depot' is not a dosing compartment of model two-drugs for drug 'B' \(known: b\)/],
    [[{ time: 0, amt: 1, rate: 2, duration: 3 }], /^regimen\[0\]: give either rate or duration/],
    [[{ time: 0, amt: 1, rate: 0 }], /^regimen\[0\]\.rate must be a finite number > 0/],
    [[{ time: 0, amt: 1, ii: 12 }], /^regimen\[0\]\.ii given without addl/],
    [[{ time: 0, amt: 1, addl: 3 }], /^regimen\[0\]\.addl given without ii/],
    [[{ time: 0, amt: 1, ii: 12, addl: 1.5 }], /^regimen\[0\]\.addl must be an integer ≥ 0/],
  ];
  it.each(bad)('rejects %j naming the field', (regimen, message) => {
    expect(() => validateRegimen(twoDrugs, regimen)).toThrow(InputError);
    expect(() => validateRegimen(twoDrugs, regimen)).toThrow(message);
  });

  it('accepts a valid regimen and keeps its fields', () => {
    const r = validateRegimen(twoDrugs, [{ time: 0, amt: 5, drug: 'B', rate: 1, ii: 24, addl: 2 }]);
    expect(r).toEqual([{ time: 0, amt: 5, drug: 'B', rate: 1, ii: 24, addl: 2 }]);
  });
});

describe('resolveRoute', () => {
  it('defaults to the first route of the first drug, and finds a cmt across drugs', () => {
    expect(resolveRoute(twoDrugs, {}).cmt).toBe('depot');
    expect(resolveRoute(twoDrugs, { drug: 'B' }).cmt).toBe('b');
    expect(resolveRoute(twoDrugs, { cmt: 'b' }).drug).toBe('B');
  });
});

describe('expandRegimen', () => {
  it('turns ii/addl into time + j·ii, sorted with the other records', () => {
    const doses = expandRegimen([{ time: 1, amt: 10, ii: 12, addl: 2 }, { time: 5, amt: 3 }]);
    expect(doses).toEqual([
      { time: 1, amt: 10 },
      { time: 5, amt: 3 },
      { time: 13, amt: 10 },
      { time: 25, amt: 10 },
    ]);
    // 0.1·j multiplied, not summed: 0.1 + 0.1 + 0.1 = 0.30000000000000004 ≠ 3·0.1 … both are
    // reproduced by an explicit list written as time + j·ii.
    expect(expandRegimen([{ time: 0, amt: 1, ii: 0.1, addl: 3 }]).map((d) => d.time)).toEqual([0, 0.1, 0.2, 0.1 * 3]);
  });
});

describe('buildDoseEvents', () => {
  const p = typicalParameters(twoDrugs);
  p[3] = 0.6; // F of drug A's oral route
  it('applies F to oral amounts, not to IV', () => {
    const ev = buildDoseEvents(twoDrugs, [{ time: 0, amt: 100 }, { time: 1, amt: 100, cmt: 'central' }], p);
    expect(ev.map((e) => [e.time, e.kind, e.state, e.value])).toEqual([
      [0, 'bolus', 0, 60],
      [1, 'bolus', 1, 100],
    ]);
  });

  it('scales infusion rates (not durations) by F·amountScale and shifts them by the lag', () => {
    // Drug B: 40 mg at 4 mg/h → 10 h; rate into b = 4 × 0.5 × 0.8 = 1.6 mg/h, from 2.5 to 12.5 h.
    const ev = buildDoseEvents(twoDrugs, [{ time: 2, amt: 40, rate: 4, drug: 'B' }], p);
    expect(ev.map((e) => [e.time, e.kind, e.state])).toEqual([
      [2.5, 'infusionStart', 2],
      [12.5, 'infusionStop', 2],
    ]);
    expect(ev[0]!.value).toBeCloseTo(1.6, 14);
    // duration form: same events.
    const ev2 = buildDoseEvents(twoDrugs, [{ time: 2, amt: 40, duration: 10, drug: 'B' }], p);
    expect(ev2.map((e) => e.time)).toEqual([2.5, 12.5]);
    expect(ev2[0]!.value).toBeCloseTo(1.6, 14);
  });

  it('rejects a non-finite or negative bioavailability from the parameters', () => {
    const q = typicalParameters(twoDrugs);
    q[3] = -0.1;
    expect(() => buildDoseEvents(twoDrugs, [{ time: 0, amt: 1 }], q)).toThrow(/bioavailability of A into depot must be a finite number ≥ 0, got -0.1/);
  });
});

describe('InfusionRates', () => {
  it('adds overlapping infusions and returns to exactly 0 when the last one stops', () => {
    const rates = new InfusionRates(1);
    const x = new Float64Array(1);
    rates.apply({ time: 0, state: 0, kind: 'infusionStart', value: 0.1, dose: 0 }, x);
    rates.apply({ time: 1, state: 0, kind: 'infusionStart', value: 0.2, dose: 1 }, x);
    expect(rates.rates[0]).toBeCloseTo(0.3, 15);
    rates.apply({ time: 2, state: 0, kind: 'infusionStop', value: 0.1, dose: 0 }, x);
    expect(rates.anyActive).toBe(true);
    rates.apply({ time: 3, state: 0, kind: 'infusionStop', value: 0.2, dose: 1 }, x);
    // 0.1 + 0.2 − 0.1 − 0.2 = 2.8e-17 in floating point; the rate must be exactly 0.
    expect(rates.rates[0]).toBe(0);
    expect(rates.anyActive).toBe(false);
    rates.apply({ time: 3, state: 0, kind: 'bolus', value: 5, dose: 2 }, x);
    expect(x[0]).toBe(5);
  });
});
