/**
 * pkpd engine throughput.
 *
 * Rows:
 * - rhs evaluations per second: pk2cmt (3-state linear; goal ≥ 100 million/s on one core)
 *   and the 5-state non-linear model below; baseline: the pk2cmt rhs.
 * - simulated patient-hours per second (workload: 100 mg every 12 h for 7 days, outputs
 *   hourly = 168 patient-hours per patient) for pk2cmt oral with the closed form ('exact'
 *   matrix-exponential stepper), RK4, Dormand–Prince, batched (N = 1024) vs one at a time;
 *   and for the non-linear model with RK4, Dormand–Prince, Rosenbrock, batched RK4.
 *   Baseline of each model: RK4 one patient at a time.
 * - Equal accuracy: RK4's step is the largest of 0.5, 0.25, 0.1, 0.05, 0.025, 0.01 h whose
 *   worst relative error on the hourly outputs (C > 1e-3 mg/L) is ≤ 1e-6 against the exact
 *   solution (the golden-test tolerance), so "closed form vs RK4" compares equal accuracy
 *   (the closed form is more accurate still). Goal: closed form ≥ 10× RK4.
 */
import { simulateBatch, type BatchPatient } from '../src/pkpd/batch.js';
import { pk2cmt } from '../src/pkpd/models/pk2cmt.js';
import { simulate, type SimulateOptions } from '../src/pkpd/simulate.js';
import { typicalParameters, type DoseRecord, type ModelSpec } from '../src/pkpd/types.js';
import { timeIt, type BenchResult } from './harness.js';

const GROUP = 'pkpd';
const HOURS = 168;
const TIMES = Array.from({ length: HOURS + 1 }, (_, h) => h);
const REGIMEN_ORAL: DoseRecord[] = [{ time: 0, amt: 100, cmt: 'depot', ii: 12, addl: 13 }];
const N_BATCH = 1024;

/**
 * Bench-only non-linear PK/PD model (5 states): two-compartment PK with first-order
 * absorption and Michaelis–Menten elimination, an effect compartment (ke0) and an
 * indirect response with inhibition of production (Dayneka, Garg & Jusko 1993, model I).
 * Parameter values are illustrative.
 */
const nonlinear: ModelSpec = {
  id: 'bench-nonlinear-pkpd',
  title: 'bench: MM-elimination 2-cmt PK + effect compartment + indirect response',
  description: 'bench fixture',
  citations: [{ text: 'Dayneka NL, Garg V, Jusko WJ. J Pharmacokinet Biopharm 1993;21:457–478.' }],
  timeUnit: 'h',
  conventions: [],
  parameters: [
    { name: 'KA', value: 1, unit: '1/h', description: 'absorption rate constant', source: 'illustrative' },
    { name: 'VMAX', value: 10, unit: 'mg/h', description: 'maximum elimination rate', source: 'illustrative' },
    { name: 'KM', value: 2, unit: 'mg/L', description: 'MM constant', source: 'illustrative' },
    { name: 'V1', value: 20, unit: 'L', description: 'central volume', source: 'illustrative' },
    { name: 'Q', value: 10, unit: 'L/h', description: 'inter-compartmental clearance', source: 'illustrative' },
    { name: 'V2', value: 50, unit: 'L', description: 'peripheral volume', source: 'illustrative' },
    { name: 'KE0', value: 0.5, unit: '1/h', description: 'effect-site equilibration', source: 'illustrative' },
    { name: 'KIN', value: 10, unit: 'unit/h', description: 'response production', source: 'illustrative' },
    { name: 'KOUT', value: 0.1, unit: '1/h', description: 'response loss', source: 'illustrative' },
    { name: 'IC50', value: 1, unit: 'mg/L', description: 'half-maximal inhibition', source: 'illustrative' },
  ],
  states: [
    { name: 'depot', unit: 'mg', description: 'depot' },
    { name: 'central', unit: 'mg', description: 'central' },
    { name: 'peripheral', unit: 'mg', description: 'peripheral' },
    { name: 'Ce', unit: 'mg/L', description: 'effect-site concentration' },
    { name: 'R', unit: 'unit', description: 'response', initial: 100 },
  ],
  dosing: [{ drug: 'drug', cmt: 'depot', doseUnit: 'mg', description: 'oral' }],
  outputs: [
    { name: 'C', unit: 'mg/L', description: 'plasma concentration', compute: (x, p) => x[1]! / p[3]! },
    { name: 'R', unit: 'unit', description: 'response', compute: (x) => x[4]! },
  ],
  rhs(_t, x, p, d) {
    const c = x[1]! / p[3]!;
    const absorption = p[0]! * x[0]!;
    const exchange = (p[4]! / p[3]!) * x[1]! - (p[4]! / p[5]!) * x[2]!;
    d[0] = -absorption;
    d[1] = absorption - (p[1]! * c) / (p[2]! + c) - exchange;
    d[2] = exchange;
    d[3] = p[6]! * (c - x[3]!);
    d[4] = p[7]! * (1 - x[3]! / (p[9]! + x[3]!)) - p[8]! * x[4]!;
  },
};

/** rhs evaluations per second of a model (state values varied so nothing is hoisted). */
function rhsRate(spec: ModelSpec): number {
  const p = typicalParameters(spec);
  const x = new Float64Array(spec.states.length).fill(10);
  const d = new Float64Array(spec.states.length);
  const calls = 2_000_000;
  let sink = 0;
  const { secondsPerCall } = timeIt(() => {
    for (let i = 0; i < calls; i++) {
      x[1] = 10 + (i & 1023) * 1e-3;
      spec.rhs(0, x, p, d);
    }
    sink += d[1]!;
  }, 500);
  if (sink === 42) console.log(''); // keep the work observable
  return calls / secondsPerCall;
}

/** Patient-hours per second of one-at-a-time simulation. */
function singleRate(spec: ModelSpec, options: SimulateOptions): number {
  const p = typicalParameters(spec);
  const { secondsPerCall } = timeIt(() => {
    simulate(spec, p, REGIMEN_ORAL, TIMES, options);
  });
  return HOURS / secondsPerCall;
}

/** Patient-hours per second of N patients, batched or one at a time. */
function cohortRate(spec: ModelSpec, options: { solver: 'rk4' | 'exact'; h?: number }, batched: boolean): number {
  const patients: BatchPatient[] = Array.from({ length: N_BATCH }, (_, i) => {
    const params = typicalParameters(spec);
    params[1] = params[1]! * (0.7 + (0.6 * i) / N_BATCH); // spread one parameter
    return { params, regimen: REGIMEN_ORAL };
  });
  const run = batched
    ? () => {
        simulateBatch(spec, patients, TIMES, options);
      }
    : () => {
        for (const q of patients) simulate(spec, q.params, q.regimen, TIMES, options);
      };
  const { secondsPerCall } = timeIt(run, 1000, 20);
  return (N_BATCH * HOURS) / secondsPerCall;
}

/** Worst relative error of `got` against `ref` where ref is above a floor. */
function maxRelError(got: Float64Array, ref: Float64Array, floor = 1e-3): number {
  let worst = 0;
  for (let k = 0; k < ref.length; k++) if (Math.abs(ref[k]!) > floor) worst = Math.max(worst, Math.abs(got[k]! / ref[k]! - 1));
  return worst;
}

function row(name: string, value: number, unit: string, baseline: string, baseValue: number, extra: Partial<BenchResult> = {}): BenchResult {
  return { group: GROUP, name, value, unit, baseline, ratio: value / baseValue, ...extra };
}

export default async function pkpdBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  // rhs evaluations.
  const linRhs = rhsRate(pk2cmt);
  const nlRhs = rhsRate(nonlinear);
  results.push(row('pk2cmt rhs (3 states, linear)', linRhs, 'rhs evals/s', 'pk2cmt rhs', linRhs, { goal: '>= 100M rhs evals/s', goalMet: linRhs >= 1e8 }));
  results.push(row('non-linear PK/PD rhs (5 states)', nlRhs, 'rhs evals/s', 'pk2cmt rhs', linRhs));

  // pk2cmt: RK4 step at equal accuracy (≤ 1e-6 relative vs the exact solution).
  const p = typicalParameters(pk2cmt);
  const exactC = simulate(pk2cmt, p, REGIMEN_ORAL, TIMES, { solver: 'exact' }).outputs.C!;
  let hEqual = 0.01;
  let rk4Error = Number.NaN;
  for (const h of [0.5, 0.25, 0.1, 0.05, 0.025, 0.01]) {
    const err = maxRelError(simulate(pk2cmt, p, REGIMEN_ORAL, TIMES, { solver: 'rk4', h }).outputs.C!, exactC);
    if (err <= 1e-6) {
      hEqual = h;
      rk4Error = err;
      break;
    }
  }
  const dopriError = maxRelError(simulate(pk2cmt, p, REGIMEN_ORAL, TIMES).outputs.C!, exactC);

  const rk4 = singleRate(pk2cmt, { solver: 'rk4', h: hEqual });
  const exact = singleRate(pk2cmt, { solver: 'exact' });
  const dopri = singleRate(pk2cmt, { solver: 'dopri5' });
  const base = `pk2cmt RK4 h=${hEqual}`;
  results.push(row(`pk2cmt oral, RK4 h=${hEqual} (err ≤ 1e-6), one at a time`, rk4, 'patient-hours/s', base, rk4, { details: { h: hEqual, maxRelError: rk4Error } }));
  results.push(
    row('pk2cmt oral, closed form (exact stepper), one at a time', exact, 'patient-hours/s', base, rk4, {
      goal: '>= 10x RK4 at equal accuracy',
      goalMet: exact / rk4 >= 10,
    }),
  );
  results.push(row('pk2cmt oral, Dormand-Prince (rtol 1e-8), one at a time', dopri, 'patient-hours/s', base, rk4, { details: { maxRelError: dopriError } }));
  const rk4Loop = cohortRate(pk2cmt, { solver: 'rk4', h: hEqual }, false);
  const rk4Batch = cohortRate(pk2cmt, { solver: 'rk4', h: hEqual }, true);
  const exactLoop = cohortRate(pk2cmt, { solver: 'exact' }, false);
  const exactBatch = cohortRate(pk2cmt, { solver: 'exact' }, true);
  results.push(row(`pk2cmt oral, RK4, N=${N_BATCH} one at a time`, rk4Loop, 'patient-hours/s', base, rk4));
  results.push(row(`pk2cmt oral, RK4, N=${N_BATCH} batched`, rk4Batch, 'patient-hours/s', base, rk4, { details: { vsOneAtATime: rk4Batch / rk4Loop } }));
  results.push(row(`pk2cmt oral, closed form, N=${N_BATCH} one at a time`, exactLoop, 'patient-hours/s', base, rk4));
  results.push(row(`pk2cmt oral, closed form, N=${N_BATCH} batched`, exactBatch, 'patient-hours/s', base, rk4, { details: { vsOneAtATime: exactBatch / exactLoop } }));

  // Non-linear model: RK4 at the same equal-accuracy criterion against a tight dopri5 run.
  const pn = typicalParameters(nonlinear);
  const refNl = simulate(nonlinear, pn, REGIMEN_ORAL, TIMES, { rtol: 1e-12, atol: 1e-14 }).outputs.C!;
  let hNl = 0.01;
  for (const h of [0.5, 0.25, 0.1, 0.05, 0.025, 0.01]) {
    if (maxRelError(simulate(nonlinear, pn, REGIMEN_ORAL, TIMES, { solver: 'rk4', h }).outputs.C!, refNl) <= 1e-6) {
      hNl = h;
      break;
    }
  }
  const nlBase = `non-linear RK4 h=${hNl}`;
  const nlRk4 = singleRate(nonlinear, { solver: 'rk4', h: hNl });
  const nlDopri = singleRate(nonlinear, { solver: 'dopri5' });
  const nlRosen = singleRate(nonlinear, { solver: 'rosenbrock' });
  const nlBatch = cohortRate(nonlinear, { solver: 'rk4', h: hNl }, true);
  const nlLoop = cohortRate(nonlinear, { solver: 'rk4', h: hNl }, false);
  results.push(row(`non-linear PK/PD, RK4 h=${hNl}, one at a time`, nlRk4, 'patient-hours/s', nlBase, nlRk4, { details: { h: hNl } }));
  results.push(row('non-linear PK/PD, Dormand-Prince (rtol 1e-8), one at a time', nlDopri, 'patient-hours/s', nlBase, nlRk4));
  results.push(row('non-linear PK/PD, Rosenbrock RODAS4 (rtol 1e-8), one at a time', nlRosen, 'patient-hours/s', nlBase, nlRk4));
  results.push(row(`non-linear PK/PD, RK4, N=${N_BATCH} one at a time`, nlLoop, 'patient-hours/s', nlBase, nlRk4));
  results.push(row(`non-linear PK/PD, RK4, N=${N_BATCH} batched`, nlBatch, 'patient-hours/s', nlBase, nlRk4, { details: { vsOneAtATime: nlBatch / nlLoop } }));
  return results;
}
