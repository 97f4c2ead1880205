import { describe, expect, it } from 'vitest';
import { BatchLinearStepper } from '../../../src/pkpd/linear/batch-stepper.js';
import { LinearPkStepper } from '../../../src/pkpd/linear/stepper.js';
import { pk1cmt } from '../../../src/pkpd/models/pk1cmt.js';
import { pk2cmt } from '../../../src/pkpd/models/pk2cmt.js';
import { pk3cmt } from '../../../src/pkpd/models/pk3cmt.js';
import { typicalParameters, type ModelSpec } from '../../../src/pkpd/types.js';

/** One-compartment IV model: a 1-state system (the generic, non-unrolled kernel). */
const iv1cmt: ModelSpec = {
  ...pk1cmt,
  id: 'iv1cmt',
  states: [pk1cmt.states[1]!],
  dosing: [{ drug: 'drug', cmt: 'central', doseUnit: 'mg', description: 'IV' }],
  linear: { compartments: 1, params: { CL: 'CL', V1: 'V' }, states: { central: 'central' } },
};

/** pk1cmt plus a non-linear state in front: the system's states are not the model's first ones. */
const withEffect: ModelSpec = {
  ...pk1cmt,
  id: 'pk1cmt-effect',
  states: [{ name: 'effect', unit: 'mg/L', description: 'test' }, ...pk1cmt.states],
};

/**
 * N patients, patient i with its own parameters (every third shares patient 0's), stepped by
 * a batch and by one LinearPkStepper each, through spans that repeat, change and exceed
 * the cache's six slots, with an infusion switched on and off for some patients.
 */
function compare(spec: ModelSpec, n: number): { batch: BatchLinearStepper; batchX: Float64Array; singleX: Float64Array[] } {
  const ns = spec.states.length;
  const np = spec.parameters.length;
  const params = new Float64Array(n * np);
  for (let i = 0; i < n; i++) {
    const p = typicalParameters(spec);
    if (i % 3 !== 0) p[0] = p[0]! * (1 + 0.1 * i); // CL
    params.set(p, i * np);
  }
  const batch = new BatchLinearStepper(spec, params, n);
  const singles = Array.from({ length: n }, (_, i) => new LinearPkStepper(spec, params.subarray(i * np, (i + 1) * np)));
  const batchX = new Float64Array(n * ns);
  const singleX = Array.from({ length: n }, () => new Float64Array(ns));
  const rates = new Float64Array(n * ns);
  const spans = new Float64Array(n);
  const bolus = spec.states.findIndex((s) => s.name === (spec.linear!.states.depot ?? spec.linear!.states.central));
  const central = spec.states.findIndex((s) => s.name === spec.linear!.states.central);
  for (let m = 0; m < 40; m++) {
    for (let i = 0; i < n; i++) {
      spans[i] = i === 1 && m % 5 === 0 ? 0 : [1, 1, 0.5, 0.37 * (1 + (m % 9)), 12][m % 5]! + 1e-3 * (i % 2);
      if (m % 12 === 0) {
        batchX[i * ns + bolus] = batchX[i * ns + bolus]! + 100;
        singleX[i]![bolus] = singleX[i]![bolus]! + 100;
      }
      // Patients 0 and 4: an infusion into central during steps 10–19.
      rates[i * ns + central] = (i === 0 || i === 4) && m >= 10 && m < 20 ? 25 : 0;
    }
    batch.advance(batchX, spans, rates);
    singles.forEach((s, i) => s.advance(singleX[i]!, spans[i]!, rates.subarray(i * ns, (i + 1) * ns)));
  }
  return { batch, batchX, singleX };
}

describe('BatchLinearStepper', () => {
  for (const spec of [iv1cmt, pk1cmt, pk2cmt, pk3cmt, withEffect]) {
    it(`is bit-identical to one LinearPkStepper per patient (${spec.id}, ${spec.linear!.compartments} compartment(s))`, () => {
      const { batchX, singleX } = compare(spec, 7);
      const ns = spec.states.length;
      singleX.forEach((x, i) => expect(Array.from(batchX.subarray(i * ns, (i + 1) * ns))).toEqual(Array.from(x)));
      expect(singleX[2]!.some((v) => v > 0)).toBe(true);
    });
  }

  it('shares one group among patients whose system matrices are identical', () => {
    const { batch } = compare(pk2cmt, 7);
    // Patients 0, 3 and 6 have the typical parameters; the others have their own CL.
    expect(batch.groupOf[3]).toBe(batch.groupOf[0]);
    expect(batch.groupOf[6]).toBe(batch.groupOf[0]);
    expect(new Set(batch.groupOf).size).toBe(5);
  });

  it('moves a patient between groups on setParameters and keeps matching a single stepper', () => {
    const np = pk2cmt.parameters.length;
    const typical = typicalParameters(pk2cmt);
    const other = typicalParameters(pk2cmt);
    other[0] = 9;
    const params = new Float64Array(3 * np);
    [typical, typical, other].forEach((p, i) => params.set(p, i * np));
    const batch = new BatchLinearStepper(pk2cmt, params, 3);
    expect(batch.groupOf[1]).toBe(batch.groupOf[0]);
    batch.setParameters(1, other);
    expect(batch.groupOf[1]).toBe(batch.groupOf[2]);
    batch.setParameters(0, other);
    batch.setParameters(2, typical); // reuses the group emptied by patient 0
    expect(new Set(batch.groupOf).size).toBe(2);

    const x = new Float64Array(9);
    x[0] = x[3] = x[6] = 100;
    const single = [other, other, typical].map((p) => new LinearPkStepper(pk2cmt, p));
    const xs = single.map(() => Float64Array.of(100, 0, 0));
    for (const dt of [1, 2.5, 1]) {
      batch.advance(x, new Float64Array(3).fill(dt), new Float64Array(9));
      single.forEach((s, i) => s.advance(xs[i]!, dt));
    }
    xs.forEach((xi, i) => expect(Array.from(x.subarray(3 * i, 3 * i + 3))).toEqual(Array.from(xi)));
  });

  it('rejects invalid parameters, naming them', () => {
    const p = typicalParameters(pk1cmt);
    p[1] = 0;
    expect(() => new BatchLinearStepper(pk1cmt, p, 1)).toThrow(/V1 = 0/);
  });
});
