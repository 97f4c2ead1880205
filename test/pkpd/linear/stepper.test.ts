import { expm, matrix, multiply, inv, subtract, identity, type Matrix } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { threeCmtBolus } from '../../../src/pkpd/linear/analytic.js';
import { LinearPkStepper } from '../../../src/pkpd/linear/stepper.js';
import { linearSystemMatrix } from '../../../src/pkpd/linear/system-matrix.js';
import { pk1cmt } from '../../../src/pkpd/models/pk1cmt.js';
import { pk2cmt } from '../../../src/pkpd/models/pk2cmt.js';
import { pk3cmt } from '../../../src/pkpd/models/pk3cmt.js';
import { typicalParameters, type ModelSpec } from '../../../src/pkpd/types.js';

function expectRelative(actual: number, expected: number, tol = 1e-6): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

/** Central concentration of a generic model: central is state 1, V1 parameter 1. */
function conc(x: Float64Array, p: Float64Array): number {
  return x[1]! / p[1]!;
}

function setup(spec: ModelSpec, overrides: Record<string, number> = {}) {
  const p = typicalParameters(spec);
  for (const [name, value] of Object.entries(overrides)) p[spec.parameters.findIndex((q) => q.name === name)] = value;
  const x = new Float64Array(spec.states.length);
  return { p, x, stepper: new LinearPkStepper(spec, p) };
}

describe('LinearPkStepper: one-compartment §7 check numbers (CL 5, V 50, D 100, ka 1)', () => {
  it('bolus C(2) = 1.637462', () => {
    const { p, x, stepper } = setup(pk1cmt);
    x[1] = 100;
    stepper.advance(x, 2);
    expectRelative(conc(x, p), 1.637462);
  });
  it('infusion 50 mg/h × 2 h: C(2) = 1.812692, C(6) = 1.215084', () => {
    const { p, x, stepper } = setup(pk1cmt);
    stepper.advance(x, 2, Float64Array.of(0, 50));
    expectRelative(conc(x, p), 1.812692);
    stepper.advance(x, 4);
    expectRelative(conc(x, p), 1.215084);
  });
  it('oral C(2) = 1.518657 and C(tmax = 2.5584) = Cmax = 1.548527, a maximum', () => {
    const { p, x, stepper } = setup(pk1cmt);
    x[0] = 100;
    stepper.advance(x, 2);
    expectRelative(conc(x, p), 1.518657);
    const at = (t: number) => {
      const y = Float64Array.of(100, 0);
      stepper.advance(y, t);
      return conc(y, p);
    };
    const tmax = Math.log(10) / 0.9;
    expectRelative(tmax, 2.5584, 2e-5);
    expectRelative(at(tmax), 1.548527);
    expect(at(tmax - 1e-3)).toBeLessThan(at(tmax));
    expect(at(tmax + 1e-3)).toBeLessThan(at(tmax));
  });
  it('100 mg q12h, 40 doses: trough 0.862026, peak 2.862026 (steady state; residual e^−48)', () => {
    const { p, x, stepper } = setup(pk1cmt);
    for (let dose = 0; dose < 40; dose++) {
      x[1] = x[1]! + 100;
      stepper.advance(x, 12);
    }
    expectRelative(conc(x, p), 0.862026);
    expectRelative(conc(x, p) + 100 / 50, 2.862026);
  });
  it('KA equal to k = 0.1 (closed form divides by zero): C = F·D·k·t·e^(−kt)/V = 0.3274923 at 2 h', () => {
    const { p, x, stepper } = setup(pk1cmt, { KA: 0.1 });
    x[0] = 100;
    stepper.advance(x, 2);
    expectRelative(conc(x, p), (100 * 0.1 * 2 * Math.exp(-0.2)) / 50, 1e-12);
  });
});

describe('LinearPkStepper: two-compartment §7 check numbers (CL 5, V1 20, Q 10, V2 50)', () => {
  it('bolus C(2) = 1.461116, C(24) = 0.224566', () => {
    const { p, x, stepper } = setup(pk2cmt);
    x[1] = 100;
    stepper.advance(x, 2);
    expectRelative(conc(x, p), 1.461116);
    stepper.advance(x, 22);
    expectRelative(conc(x, p), 0.224566);
  });
  it('infusion 50 mg/h × 2 h: C(2) = 2.741375, C(6) = 0.704123', () => {
    const { p, x, stepper } = setup(pk2cmt);
    stepper.advance(x, 2, Float64Array.of(0, 50, 0));
    expectRelative(conc(x, p), 2.741375);
    stepper.advance(x, 4);
    expectRelative(conc(x, p), 0.704123);
  });
  it('oral C(2) = 1.939125, C(8) = 0.599196', () => {
    const { p, x, stepper } = setup(pk2cmt);
    x[0] = 100;
    stepper.advance(x, 2);
    expectRelative(conc(x, p), 1.939125);
    stepper.advance(x, 6);
    expectRelative(conc(x, p), 0.599196);
  });
  it('KA equal to α (0.894076…) is handled: the result is continuous in KA', () => {
    const { p } = setup(pk2cmt);
    const sum = 0.25 + 0.5 + 0.2;
    const alpha = (sum + Math.sqrt(sum * sum - 4 * 0.25 * 0.2)) / 2;
    const at = (ka: number) => {
      const q = Float64Array.from(p);
      q[4] = ka;
      const y = Float64Array.of(100, 0, 0);
      new LinearPkStepper(pk2cmt, q).advance(y, 3);
      return y[1]!;
    };
    // The amount is a smooth function of KA: the value at α lies between its neighbours'
    // mean ± second-order term (central difference with step 1e-4).
    const mid = at(alpha);
    expect(Number.isFinite(mid)).toBe(true);
    expectRelative(mid, (at(alpha - 1e-4) + at(alpha + 1e-4)) / 2, 1e-7);
  });
});

describe('LinearPkStepper: three-compartment vs tri-exponential and mathjs expm', () => {
  const three = setup(pk3cmt);
  const pk = { CL: 5, V1: 20, Q2: 10, V2: 50, Q3: 2, V3: 100 };
  const { matrix: a } = linearSystemMatrix(pk3cmt, three.p);
  const A = matrix([0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => a[i * 4 + j]!)));
  const expAt = (t: number): Matrix => expm(multiply(A, t) as Matrix);

  it('IV bolus agrees with the tri-exponential closed form at 0.5, 2, 24, 96 h (≤ 1e-9)', () => {
    const { p, x, stepper } = setup(pk3cmt);
    x[1] = 100;
    let t = 0;
    for (const next of [0.5, 2, 24, 96]) {
      stepper.advance(x, next - t);
      t = next;
      expectRelative(conc(x, p), threeCmtBolus(t, 100, pk), 1e-9);
    }
  });
  it('oral dose: every state agrees with mathjs expm(A·t)·x0 at t = 5 h (≤ 1e-10)', () => {
    const { x, stepper } = setup(pk3cmt);
    x[0] = 100;
    stepper.advance(x, 5);
    const reference = multiply(expAt(5), [100, 0, 0, 0]).toArray() as number[];
    reference.forEach((v, i) => expectRelative(x[i]!, v, 1e-10));
  });
  it('infusion: agrees with the Γ·r = A⁻¹(e^{At} − I)·r closed form from mathjs (≤ 1e-10)', () => {
    const { x, stepper } = setup(pk3cmt);
    const rates = Float64Array.of(0, 40, 0, 0);
    stepper.advance(x, 3, rates);
    const gamma = multiply(inv(A), subtract(expAt(3), identity(4))) as Matrix;
    const reference = multiply(gamma, [0, 40, 0, 0]).toArray() as number[];
    [1, 2, 3].forEach((i) => expectRelative(x[i]!, reference[i]!, 1e-10));
    expect(x[0]).toBe(0);
  });
  it('many distinct step sizes (cache eviction) give the same state as one step: 0.1+0.2+…+1.0 = 5.5 h', () => {
    const many = setup(pk3cmt);
    const one = setup(pk3cmt);
    many.x[0] = one.x[0] = 100;
    for (let k = 1; k <= 10; k++) many.stepper.advance(many.x, k / 10);
    one.stepper.advance(one.x, 5.5);
    one.x.forEach((v, i) => expectRelative(many.x[i]!, v, 1e-12));
  });
});

describe('LinearPkStepper: input checks and partial models', () => {
  it('rejects a negative or non-finite dt and invalid parameters, naming them', () => {
    const { x, stepper } = setup(pk1cmt);
    expect(() => stepper.advance(x, -1)).toThrow(InputError);
    expect(() => stepper.advance(x, Number.NaN)).toThrow(/dt/);
    expect(() => new LinearPkStepper(pk1cmt, Float64Array.of(5, 0, 1, 1))).toThrow(/V1 = 0/);
    expect(() => new LinearPkStepper(pk1cmt, Float64Array.of(-5, 50, 1, 1))).toThrow(/CL = -5/);
  });
  it('rejects a model without a linear descriptor', () => {
    const { linear: _omit, ...rest } = pk1cmt;
    expect(() => new LinearPkStepper(rest, typicalParameters(pk1cmt))).toThrow(/linear/);
  });
  it('moves only the linear states of a model with an extra state, and says so', () => {
    const extended: ModelSpec = { ...pk1cmt, states: [...pk1cmt.states, { name: 'effect', unit: 'mg/L', description: 'test' }] };
    const stepper = new LinearPkStepper(extended, typicalParameters(pk1cmt));
    expect(stepper.coversAllStates).toBe(false);
    const x = Float64Array.of(0, 100, 7);
    stepper.advance(x, 2, Float64Array.of(0, 0, 99));
    expectRelative(x[1]! / 50, 1.637462);
    expect(x[2]).toBe(7);
  });
});
