import { describe, expect, it } from 'vitest';
import { BatchIntegrator, simulateBatch, type BatchPatient } from '../../src/pkpd/batch.js';
import { simulate } from '../../src/pkpd/simulate.js';
import { pk2cmt } from '../../src/pkpd/models/pk2cmt.js';
import { pk1cmt } from '../../src/pkpd/models/pk1cmt.js';
import { typicalParameters, type ModelSpec } from '../../src/pkpd/types.js';
import { NumericalError } from '../../src/core/errors.js';

/** Test fixture: one-compartment IV model with Michaelis–Menten elimination (non-linear). */
const michaelisMenten: ModelSpec = {
  ...pk1cmt,
  id: 'mm1cmt',
  linear: undefined,
  parameters: [
    { name: 'VMAX', value: 20, unit: 'mg/h', description: 'maximum elimination rate', source: 'test' },
    { name: 'KM', value: 2, unit: 'mg/L', description: 'concentration at half VMAX', source: 'test' },
    { name: 'V', value: 50, unit: 'L', description: 'volume', source: 'test' },
  ],
  states: [{ name: 'central', unit: 'mg', description: 'amount' }],
  dosing: [{ drug: 'drug', cmt: 'central', doseUnit: 'mg', description: 'IV' }],
  outputs: [{ name: 'C', unit: 'mg/L', description: 'concentration', compute: (x, p) => x[0]! / p[2]! }],
  rhs(_t, x, p, dxdt) {
    const c = x[0]! / p[2]!;
    dxdt[0] = (-p[0]! * c) / (p[1]! + c);
  },
};

function patients(spec: ModelSpec, n: number, scale: (p: Float64Array, i: number) => void): BatchPatient[] {
  return Array.from({ length: n }, (_, i) => {
    const params = typicalParameters(spec);
    scale(params, i);
    const cmt = spec === pk2cmt && i % 2 === 0 ? 'depot' : 'central';
    // Different regimens per patient: bolus series, an infusion, doses at odd times.
    const regimen = [
      { time: 0.3 * i, amt: 100 + 10 * i, cmt, ii: 8 + i, addl: 2 },
      { time: 5 + 0.7 * i, amt: 40, rate: 20 + i, cmt: 'central' },
    ];
    return { params, regimen };
  });
}

const times = [0, 0.5, 1, 2.25, 4, 6, 9.3, 12, 17, 24];

describe('simulateBatch', () => {
  it('equals one-at-a-time simulation exactly: pk2cmt with RK4 and with the exact stepper', () => {
    const ps = patients(pk2cmt, 7, (p, i) => {
      p[0] = 5 * (1 + 0.1 * i); // CL
      p[4] = 0.5 + 0.2 * i; // KA
    });
    for (const solver of ['rk4', 'exact'] as const) {
      const batch = simulateBatch(pk2cmt, ps, times, { solver, h: 0.05 });
      ps.forEach((q, i) => {
        const single = simulate(pk2cmt, q.params, q.regimen, times, { solver, h: 0.05 });
        expect(Array.from(batch[i]!.outputs.C!)).toEqual(Array.from(single.outputs.C!));
      });
    }
  });

  it('equals one-at-a-time simulation exactly for a non-linear model (RK4)', () => {
    const ps = patients(michaelisMenten, 5, (p, i) => {
      p[0] = 20 + 3 * i;
    });
    const batch = simulateBatch(michaelisMenten, ps, times, { solver: 'rk4', h: 0.1 });
    ps.forEach((q, i) => {
      const single = simulate(michaelisMenten, q.params, q.regimen, times, { solver: 'rk4', h: 0.1 });
      expect(Array.from(batch[i]!.outputs.C!)).toEqual(Array.from(single.outputs.C!));
    });
    // And RK4 agrees with dopri5 to ~1e-9 here (an independent check of the batched arithmetic).
    const ref = simulate(michaelisMenten, ps[3]!.params, ps[3]!.regimen, times, { rtol: 1e-12, atol: 1e-14 });
    times.forEach((_, k) => expect(Math.abs(batch[3]!.outputs.C![k]! - ref.outputs.C![k]!)).toBeLessThan(1e-8));
  });

  it('equals one-at-a-time simulation exactly when every patient shares one regimen (lockstep)', () => {
    // A shared schedule (bolus series into the depot, an infusion overlapping it) lets the
    // batch run every patient on one clock; parameters still differ per patient.
    const regimen = [
      { time: 0, amt: 100, cmt: 'depot', ii: 6, addl: 3 },
      { time: 2.5, amt: 60, rate: 30, cmt: 'central' },
    ];
    const ps: BatchPatient[] = Array.from({ length: 6 }, (_, i) => {
      const params = typicalParameters(pk2cmt);
      params[1] = 20 * (1 + 0.15 * i); // V1
      params[5] = i === 5 ? 0.5 : 1; // F: patient 5's bolus amounts differ, its times do not
      return { params, regimen };
    });
    for (const solver of ['rk4', 'exact'] as const) {
      const batch = simulateBatch(pk2cmt, ps, times, { solver, h: 0.05 });
      ps.forEach((q, i) => {
        const single = simulate(pk2cmt, q.params, q.regimen, times, { solver, h: 0.05 });
        expect(Array.from(batch[i]!.outputs.C!)).toEqual(Array.from(single.outputs.C!));
        expect(Array.from(batch[i]!.times)).toEqual(times);
      });
    }
  });

  it('returns nothing for no patients', () => {
    expect(simulateBatch(pk2cmt, [], times, { solver: 'exact' })).toEqual([]);
  });

  it('names the patient in regimen errors', () => {
    const ps = patients(pk2cmt, 2, () => {});
    ps[1] = { ...ps[1]!, regimen: [{ time: 0, amt: Number.NaN }] };
    expect(() => simulateBatch(pk2cmt, ps, times)).toThrow(/^patients\[1\]\.regimen\[0\]\.amt must be a finite number ≥ 0/);
  });
});

describe('BatchIntegrator', () => {
  it('doses, advances everyone by dt and matches simulate (exact, pk1cmt bolus: C = D/V·e^(−kt))', () => {
    const n = 4;
    const params = Array.from({ length: n }, (_, i) => Float64Array.of(5 + i, 50, 1, 1));
    const batch = new BatchIntegrator(pk1cmt, params, { solver: 'exact' });
    for (let i = 0; i < n; i++) batch.applyEvent(i, { time: 0, state: 1, kind: 'bolus', value: 100, dose: 0 });
    batch.advance(2);
    for (let i = 0; i < n; i++) {
      // Closed form (§7): (100/50)·e^(−(5+i)/50·2); i = 0 gives 1.637462.
      const want = 2 * Math.exp((-(5 + i) / 50) * 2);
      expect(Math.abs(batch.stateViews[i]![1]! / 50 / want - 1)).toBeLessThan(1e-13);
    }
    expect(batch.time[3]).toBe(2);
  });

  it('reports a non-finite state with the model, patient and time', () => {
    const blowup: ModelSpec = { ...michaelisMenten, id: 'blowup', rhs: (_t, x, p, d) => { d[0] = p[0]! * x[0]! * x[0]!; } };
    const batch = new BatchIntegrator(blowup, [Float64Array.of(0, 1, 1), Float64Array.of(1, 1, 1)], { h: 0.01 });
    batch.stateViews[0]![0] = 1;
    batch.stateViews[1]![0] = 1; // x' = x², blows up at t = 1
    let error: unknown;
    try {
      batch.advance(2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NumericalError);
    // Patient 0 has a zero rate constant and stays finite; patient 1 diverges near t = 1.
    expect((error as Error).message).toMatch(/^model blowup, patient 1: non-finite state at t = (0\.9|1\.0)/);
  });
});
