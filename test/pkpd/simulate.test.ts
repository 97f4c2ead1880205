import { describe, expect, it } from 'vitest';
import { simulate, validateTimes, type SimulationSolver } from '../../src/pkpd/simulate.js';
import { pk1cmt } from '../../src/pkpd/models/pk1cmt.js';
import { pk2cmt } from '../../src/pkpd/models/pk2cmt.js';
import { pk3cmt } from '../../src/pkpd/models/pk3cmt.js';
import { typicalParameters, type DoseRecord, type ModelSpec } from '../../src/pkpd/types.js';
import { InputError, NumericalError } from '../../src/core/errors.js';

// Closed forms of reference/pkpd-models.md §7 (Gibaldi & Perrier 1982; Abuhelwa et al. 2015),
// written out here independently of the code under test.
const k = 5 / 50; // pk1cmt: CL 5 L/h, V 50 L → k = 0.1 1/h
const oneBolus = (t: number, d: number): number => (d / 50) * Math.exp(-k * t);
const oneInfusion = (t: number, r: number, T: number): number => (r / 5) * (1 - Math.exp(-k * Math.min(t, T))) * Math.exp(-k * Math.max(0, t - T));
const oneOral = (t: number, d: number, ka = 1, f = 1): number => ((f * d * ka) / (50 * (ka - k))) * (Math.exp(-k * t) - Math.exp(-ka * t));
// pk2cmt: CL 5, V1 20, Q 10, V2 50 → k10 0.25, k12 0.5, k21 0.2.
const k21 = 0.2;
const sum2 = 0.25 + 0.5 + 0.2;
const alpha = 0.5 * (sum2 + Math.sqrt(sum2 * sum2 - 4 * 0.25 * 0.2));
const beta = 0.5 * (sum2 - Math.sqrt(sum2 * sum2 - 4 * 0.25 * 0.2));
const A2 = (alpha - k21) / (alpha - beta);
const B2 = (k21 - beta) / (alpha - beta);
const twoBolus = (t: number, d: number): number => (d / 20) * (A2 * Math.exp(-alpha * t) + B2 * Math.exp(-beta * t));
const twoInfusion = (t: number, r: number, T: number): number =>
  t <= T
    ? (r / 20) * ((A2 / alpha) * (1 - Math.exp(-alpha * t)) + (B2 / beta) * (1 - Math.exp(-beta * t)))
    : (r / 20) * ((A2 / alpha) * (1 - Math.exp(-alpha * T)) * Math.exp(-alpha * (t - T)) + (B2 / beta) * (1 - Math.exp(-beta * T)) * Math.exp(-beta * (t - T)));
const twoOral = (t: number, d: number, ka = 1): number =>
  ((ka * d) / 20) *
  (((k21 - alpha) / ((ka - alpha) * (beta - alpha))) * Math.exp(-alpha * t) +
    ((k21 - beta) / ((ka - beta) * (alpha - beta))) * Math.exp(-beta * t) +
    ((k21 - ka) / ((alpha - ka) * (beta - ka))) * Math.exp(-ka * t));

const C = (spec: ModelSpec, regimen: DoseRecord[], times: number[], solver: SimulationSolver = 'dopri5', extra = {}): Float64Array =>
  simulate(spec, typicalParameters(spec), regimen, times, { solver, ...extra }).outputs.C!;

/** |got − want| ≤ half a unit of the last digit printed in the §7 table (6 decimals). */
function expectTableValue(got: number, table: number): void {
  expect(Math.abs(got - table)).toBeLessThanOrEqual(5e-7 + 1e-12);
}
function expectRel(got: number, want: number, tol: number): void {
  expect(Math.abs(got / want - 1)).toBeLessThanOrEqual(tol);
}

describe('simulate: §7 check numbers with dopri5 (default tolerances)', () => {
  it('1-cmt bolus, infusion and oral', () => {
    const bolus = C(pk1cmt, [{ time: 0, amt: 100, cmt: 'central' }], [2]);
    expectTableValue(bolus[0]!, 1.637462);
    expectRel(bolus[0]!, oneBolus(2, 100), 1e-6);
    const inf = C(pk1cmt, [{ time: 0, amt: 100, rate: 50, cmt: 'central' }], [2, 6]);
    expectTableValue(inf[0]!, 1.812692);
    expectTableValue(inf[1]!, 1.215084);
    expectRel(inf[0]!, oneInfusion(2, 50, 2), 1e-6);
    expectRel(inf[1]!, oneInfusion(6, 50, 2), 1e-6);
    const oral = C(pk1cmt, [{ time: 0, amt: 100 }], [2, 2.5584]);
    expectTableValue(oral[0]!, 1.518657);
    expectRel(oral[0]!, oneOral(2, 100), 1e-6);
    // tmax = ln(ka/k)/(ka − k) = 2.5584 h; Cmax 1.548527 (flat there, so tmax rounding is harmless).
    expectTableValue(oral[1]!, 1.548527);
  });

  it('1-cmt steady state, 100 mg every 12 h: trough 0.862026, peak 2.862026', () => {
    // 40 doses (0 … 468 h): the residue of the start-up, e^(−1.2·40), is ~1e-21.
    const c = C(pk1cmt, [{ time: 0, amt: 100, cmt: 'central', ii: 12, addl: 39 }], [468, 480]);
    expectTableValue(c[0]!, 2.862026); // at the last dose time: reported after the dose (peak)
    expectTableValue(c[1]!, 0.862026); // 12 h later (trough)
    // Closed form C = (D/V)·e^(−kt)/(1 − e^(−kτ)).
    expectRel(c[0]!, 2 / (1 - Math.exp(-1.2)), 1e-6);
    expectRel(c[1]!, (2 * Math.exp(-1.2)) / (1 - Math.exp(-1.2)), 1e-6);
  });

  it('2-cmt bolus, infusion and oral', () => {
    const bolus = C(pk2cmt, [{ time: 0, amt: 100, cmt: 'central' }], [2, 24]);
    expectTableValue(bolus[0]!, 1.461116);
    expectTableValue(bolus[1]!, 0.224566);
    const inf = C(pk2cmt, [{ time: 0, amt: 100, rate: 50, cmt: 'central' }], [2, 6]);
    expectTableValue(inf[0]!, 2.741375);
    expectTableValue(inf[1]!, 0.704123);
    const oral = C(pk2cmt, [{ time: 0, amt: 100, cmt: 'depot' }], [2, 8]);
    expectTableValue(oral[0]!, 1.939125);
    expectTableValue(oral[1]!, 0.599196);
    [[bolus, twoBolus(2, 100), twoBolus(24, 100)], [inf, twoInfusion(2, 50, 2), twoInfusion(6, 50, 2)], [oral, twoOral(2, 100), twoOral(8, 100)]].forEach(([got, a, b]) => {
      expectRel((got as Float64Array)[0]!, a as number, 1e-6);
      expectRel((got as Float64Array)[1]!, b as number, 1e-6);
    });
    // α, β of §7.
    expect(alpha).toBeCloseTo(0.894076, 6);
    expect(beta).toBeCloseTo(0.055924, 6);
  });
});

describe('simulate: closed form (exact) against the ODE solvers', () => {
  const times = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 12.5, 16, 24, 36, 48];
  const regimens: Record<string, DoseRecord[]> = {
    bolus: [{ time: 0, amt: 100, cmt: 'central' }, { time: 12, amt: 50, cmt: 'central' }],
    infusion: [{ time: 0, amt: 100, rate: 50, cmt: 'central' }, { time: 12, amt: 60, duration: 0.5, cmt: 'central' }],
    oral: [{ time: 0, amt: 100, cmt: 'depot', ii: 12, addl: 2 }],
  };
  for (const spec of [pk1cmt, pk2cmt, pk3cmt]) {
    for (const [route, regimen] of Object.entries(regimens)) {
      it(`${spec.id} ${route}: dopri5 and rosenbrock agree with the exact stepper to ≤ 1e-8 relative`, () => {
        const exact = C(spec, regimen, times, 'exact');
        const dopri = C(spec, regimen, times, 'dopri5', { rtol: 1e-12, atol: 1e-14 });
        const rosen = C(spec, regimen, times, 'rosenbrock', { rtol: 1e-11, atol: 1e-14 });
        for (let i = 0; i < times.length; i++) {
          if (exact[i] === 0) {
            expect(Math.abs(dopri[i]!)).toBeLessThan(1e-14);
            continue;
          }
          expectRel(dopri[i]!, exact[i]!, 1e-8);
          expectRel(rosen[i]!, exact[i]!, 1e-8);
        }
      });
    }
  }

  it('exact 1-cmt infusion boundaries: C(2) = 1.812692 at the stop time, C(6) = 1.215084', () => {
    const c = C(pk1cmt, [{ time: 0, amt: 100, rate: 50, cmt: 'central' }], [1.999, 2, 2.001, 6], 'exact');
    expectRel(c[1]!, oneInfusion(2, 50, 2), 1e-12);
    expectRel(c[3]!, oneInfusion(6, 50, 2), 1e-12);
    // Either side of the stop time follows its own branch of the closed form.
    expectRel(c[0]!, oneInfusion(1.999, 50, 2), 1e-12);
    expectRel(c[2]!, oneInfusion(2.001, 50, 2), 1e-12);
  });

  it('rk4 (h = 0.01) matches the closed form to ~1e-10', () => {
    const c = C(pk2cmt, [{ time: 0, amt: 100, cmt: 'depot' }], [2, 8], 'rk4', { h: 0.01 });
    expectRel(c[0]!, twoOral(2, 100), 1e-9);
    expectRel(c[1]!, twoOral(8, 100), 1e-9);
  });
});

describe('simulate: events', () => {
  it('reports an output requested at a dose time after that dose', () => {
    const c = C(pk1cmt, [{ time: 0, amt: 100, cmt: 'central' }, { time: 12, amt: 100, cmt: 'central' }], [0, 12]);
    expect(c[0]).toBeCloseTo(2, 12); // D/V right after the dose
    expectRel(c[1]!, oneBolus(12, 100) + 2, 1e-8);
  });

  it('ii/addl gives exactly the same result as the explicit dose list', () => {
    const times = [0, 3, 12, 30, 47.5, 72];
    for (const solver of ['dopri5', 'exact', 'rk4'] as const) {
      const expanded = C(pk2cmt, [{ time: 1, amt: 100, ii: 12, addl: 4 }], times, solver);
      const explicit = C(pk2cmt, [0, 1, 2, 3, 4].map((j) => ({ time: 1 + j * 12, amt: 100 })), times, solver);
      expect(Array.from(expanded)).toEqual(Array.from(explicit));
    }
  });

  it('overlapping infusions add up and a bolus during an infusion is fine (superposition)', () => {
    const regimen: DoseRecord[] = [
      { time: 0, amt: 100, rate: 25, cmt: 'central' }, // 0–4 h
      { time: 2, amt: 60, duration: 4, cmt: 'central' }, // 2–6 h at 15 mg/h
      { time: 3, amt: 40, cmt: 'central' }, // bolus inside both
    ];
    const times = [1, 2, 3, 4, 5, 6, 10];
    const c = C(pk1cmt, regimen, times, 'dopri5', { rtol: 1e-12, atol: 1e-14 });
    times.forEach((t, i) => {
      const want = oneInfusion(t, 25, 4) + (t > 2 ? oneInfusion(t - 2, 15, 4) : 0) + (t >= 3 ? oneBolus(t - 3, 40) : 0);
      expectRel(c[i]!, want, 1e-9);
    });
  });

  it('applies bioavailability F (a parameter) to oral doses only', () => {
    const p = typicalParameters(pk1cmt);
    p[3] = 0.4; // F
    const oral = simulate(pk1cmt, p, [{ time: 0, amt: 100, cmt: 'depot' }], [2], { solver: 'exact' }).outputs.C![0]!;
    expectRel(oral, oneOral(2, 100, 1, 0.4), 1e-12);
    const iv = simulate(pk1cmt, p, [{ time: 0, amt: 100, cmt: 'central' }], [2], { solver: 'exact' }).outputs.C![0]!;
    expectRel(iv, oneBolus(2, 100), 1e-12);
  });

  it('mass balance on pk2cmt: amounts in all compartments + eliminated = dose', () => {
    // pk2cmt plus an 'eliminated' state accumulating CL·C: its sum with the others must stay
    // equal to the amount given (100 mg oral at 0 + 50 mg infused over 3–5 h).
    const withSink: ModelSpec = {
      ...pk2cmt,
      id: 'pk2cmt+sink',
      linear: undefined,
      states: [...pk2cmt.states, { name: 'eliminated', unit: 'mg', description: 'cumulative amount eliminated' }],
      rhs(t, x, p, dxdt) {
        pk2cmt.rhs(t, x, p, dxdt);
        dxdt[3] = (p[0]! / p[1]!) * x[1]!;
      },
    };
    const times = [0.5, 3, 4, 5, 10, 48];
    const r = simulate(withSink, typicalParameters(withSink), [{ time: 0, amt: 100, cmt: 'depot' }, { time: 3, amt: 50, rate: 25, cmt: 'central' }], times, { returnStates: true });
    times.forEach((t, i) => {
      const total = r.states![i]!.reduce((a, b) => a + b, 0);
      const given = 100 + 25 * Math.max(0, Math.min(t, 5) - 3);
      expectRel(total, given, 1e-10);
    });
  });

  it('applies lag time and amountScale of a route', () => {
    // One-compartment model whose route has a lag parameter and a 0.5 amount scale.
    const lagged: ModelSpec = {
      ...pk1cmt,
      id: 'pk1cmt-lag',
      parameters: [...pk1cmt.parameters, { name: 'TLAG', value: 0.75, unit: 'h', description: 'lag', source: 'test' }],
      dosing: [{ drug: 'drug', cmt: 'depot', doseUnit: 'mg', bioavailability: 'F', lag: 'TLAG', amountScale: 0.5, description: 'oral, half the tablet is active' }],
    };
    const c = simulate(lagged, typicalParameters(lagged), [{ time: 1, amt: 200 }], [1.5, 1.75, 4], { solver: 'dopri5', rtol: 1e-12, atol: 1e-14 }).outputs.C!;
    expect(c[0]).toBe(0); // before 1 + 0.75
    expect(c[1]).toBe(0); // exactly at the absorption start: depot filled, nothing absorbed yet
    expectRel(c[2]!, oneOral(4 - 1.75, 100), 1e-9); // 200 × 0.5 = 100 mg, shifted by 1.75 h
  });
});

describe('simulate: input checks and numerical failures', () => {
  const p = typicalParameters(pk1cmt);
  it('rejects unsorted, negative and non-finite times naming the index', () => {
    expect(() => simulate(pk1cmt, p, [], [0, 4, 2])).toThrow(/times\[2\] = 2 is before times\[1\] = 4/);
    expect(() => simulate(pk1cmt, p, [], [-1, 2])).toThrow(/times\[0\] = -1 must be a finite number ≥ 0/);
    expect(() => validateTimes([0, Number.NaN])).toThrow(InputError);
  });

  it('rejects a bad regimen with the record and field, and exact on a non-linear model', () => {
    expect(() => simulate(pk1cmt, p, [{ time: 0, amt: -5 }], [1])).toThrow(/regimen\[0\]\.amt must be a finite number ≥ 0, got -5/);
    const nonlinear: ModelSpec = { ...pk1cmt, id: 'nl', linear: undefined };
    expect(() => simulate(nonlinear, p, [], [1], { solver: 'exact' })).toThrow(/solver 'exact' needs a linear compartment model; model nl/);
    expect(() => simulate(pk1cmt, p.subarray(0, 2), [], [1])).toThrow(/has 4 parameters/);
  });

  it('reports a non-finite state with model id, label and time', () => {
    // dx/dt = x² from x(0) = 1 blows up at t = 1 (closed form 1/(1 − t)).
    const blowup: ModelSpec = {
      ...pk1cmt,
      id: 'blowup',
      linear: undefined,
      states: [{ name: 'x', unit: '1', description: 'x', initial: 1 }],
      dosing: [],
      outputs: [{ name: 'x', unit: '1', description: 'x', compute: (x) => x[0]! }],
      rhs(_t, x, _p, dxdt) {
        dxdt[0] = x[0]! * x[0]!;
      },
    };
    const run = (solver: SimulationSolver) => () => simulate(blowup, p, [], [0.5, 2], { solver, label: 'patient 7' });
    expect(run('dopri5')).toThrow(NumericalError);
    expect(run('dopri5')).toThrow(/^model blowup, patient 7: step size underflow at t = (0\.99|1\.00)/); // singularity at t = 1
    expect(run('rk4')).toThrow(/^model blowup, patient 7: non-finite state at t = /);
    // Before the blow-up the solution is right: x(0.5) = 2.
    expect(simulate(blowup, p, [], [0.5]).outputs.x![0]).toBeCloseTo(2, 7);
  });
});
