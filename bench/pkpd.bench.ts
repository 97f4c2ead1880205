/**
 * pkpd engine throughput.
 *
 * Rows:
 * - rhs evaluations per second: pk2cmt (3-state linear; goal ≥ 100 million/s on one core)
 *   and the 5-state non-linear model below; baseline: the pk2cmt rhs.
 * - simulated patient-hours per second. Workload, identical for every row: 100 mg orally
 *   every 12 h for 7 days, outputs hourly (168 patient-hours per patient), through the
 *   public API (`simulate` one patient at a time, `simulateBatch` for a cohort), so setup
 *   (regimen validation, events, steppers, result arrays) is included everywhere.
 *   - one patient: pk2cmt with RK4 (baseline), the closed form ('exact'
 *     matrix-exponential stepper) and Dormand–Prince; the non-linear model with RK4
 *     (baseline), Dormand–Prince and Rosenbrock.
 *   - cohort of N = 1024 (parameter 1 — pk2cmt V1, the non-linear model's VMAX — spread
 *     ±30%, so no two patients share a transition matrix):
 *     batched vs one at a time, same solver, same outputs (checked bit-identical); the
 *     row's ratio is batched / one at a time. Besides the shared regimen (every patient on
 *     the same schedule: `simulateBatch` runs in lockstep), the closed form is also run
 *     with individual dose times (patient i starts at i·0.01 h: each patient has its own
 *     breakpoints).
 * - Equal accuracy: RK4's step is the largest of 0.5, 0.25, 0.1, 0.05, 0.025, 0.01 h whose
 *   worst relative error on the hourly outputs (C > 1e-3 mg/L) is ≤ 1e-6 against the exact
 *   solution (the golden-test tolerance), so "closed form vs RK4" compares equal accuracy
 *   (the closed form is more accurate still). Goal: closed form ≥ 10× RK4.
 * - Timing: the candidates of one comparison run round-robin (A, B, A, B, …) and each gets
 *   the median over rounds of the CPU time of this process (`process.cpuUsage`), not wall
 *   time: the bench machine is shared, and a neighbour taking the core would otherwise
 *   inflate whichever candidate happened to be running. Ratios are within one comparison.
 */
import { simulateBatch, type BatchPatient } from '../src/pkpd/batch.js';
import { pk2cmt } from '../src/pkpd/models/pk2cmt.js';
import { simulate, type SimulateOptions } from '../src/pkpd/simulate.js';
import { typicalParameters, type DoseRecord, type ModelSpec } from '../src/pkpd/types.js';
import type { BenchResult } from './harness.js';

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

/**
 * Seconds (CPU time) per call of each candidate, measured round-robin, median over rounds
 * (see the module comment). Each sample repeats a call enough times to last ≥ 2 ms, well
 * above the clock's resolution.
 */
function compare<K extends string>(candidates: Record<K, () => void>, minMs = 1500, minRounds = 5): Record<K, number> {
  const names = Object.keys(candidates) as K[];
  const reps = {} as Record<K, number>;
  const samples = {} as Record<K, number[]>;
  for (const name of names) {
    candidates[name](); // warm-up: JIT compilation
    const once = cpuSeconds(candidates[name], 1);
    reps[name] = Math.max(1, Math.ceil(0.002 / Math.max(once, 1e-7)));
    samples[name] = [];
  }
  const start = performance.now();
  for (let round = 0; round < minRounds || (performance.now() - start < minMs && round < 200); round++) {
    for (const name of names) samples[name].push(cpuSeconds(candidates[name], reps[name]) / reps[name]);
  }
  const result = {} as Record<K, number>;
  for (const name of names) result[name] = median(samples[name]);
  return result;
}

/** CPU seconds (user + system) of `reps` calls of `fn`. */
function cpuSeconds(fn: () => void, reps: number): number {
  const t0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One call of 2 million rhs evaluations (state varied so that nothing is hoisted). */
function rhsLoop(spec: ModelSpec, calls: number): () => void {
  const p = typicalParameters(spec);
  const x = new Float64Array(spec.states.length).fill(10);
  const d = new Float64Array(spec.states.length);
  return () => {
    for (let i = 0; i < calls; i++) {
      x[1] = 10 + (i & 1023) * 1e-3;
      spec.rhs(0, x, p, d);
    }
    if (d[1] === 42) console.log(''); // keep the work observable
  };
}

/** The cohort: typical parameters with parameter 1 spread over ±30%; `stagger` shifts patient i's doses by i·stagger h. */
function cohort(spec: ModelSpec, stagger = 0): BatchPatient[] {
  return Array.from({ length: N_BATCH }, (_, i) => {
    const params = typicalParameters(spec);
    params[1] = params[1]! * (0.7 + (0.6 * i) / N_BATCH);
    const regimen = stagger === 0 ? REGIMEN_ORAL : [{ ...REGIMEN_ORAL[0]!, time: i * stagger }];
    return { params, regimen };
  });
}

/** Batched and one-at-a-time runs of a cohort, and whether their outputs are identical. */
function cohortRuns(spec: ModelSpec, patients: BatchPatient[], options: { solver: 'rk4' | 'exact'; h?: number }) {
  const batched = (): void => {
    simulateBatch(spec, patients, TIMES, options);
  };
  const oneAtATime = (): void => {
    for (const q of patients) simulate(spec, q.params, q.regimen, TIMES, options);
  };
  const batch = simulateBatch(spec, patients, TIMES, options);
  const identical = patients.every((q, i) => {
    const single = simulate(spec, q.params, q.regimen, TIMES, options).outputs.C!;
    return single.every((v, k) => Object.is(v, batch[i]!.outputs.C![k]));
  });
  return { batched, oneAtATime, identical };
}

/** Worst relative error of `got` against `ref` where ref is above a floor. */
function maxRelError(got: Float64Array, ref: Float64Array, floor = 1e-3): number {
  let worst = 0;
  for (let k = 0; k < ref.length; k++) if (Math.abs(ref[k]!) > floor) worst = Math.max(worst, Math.abs(got[k]! / ref[k]! - 1));
  return worst;
}

/** Largest RK4 step of the ladder whose error against `ref` is ≤ 1e-6 (0.01 if none). */
function equalAccuracyStep(spec: ModelSpec, ref: Float64Array): { h: number; error: number } {
  const p = typicalParameters(spec);
  for (const h of [0.5, 0.25, 0.1, 0.05, 0.025, 0.01]) {
    const error = maxRelError(simulate(spec, p, REGIMEN_ORAL, TIMES, { solver: 'rk4', h }).outputs.C!, ref);
    if (error <= 1e-6) return { h, error };
  }
  return { h: 0.01, error: Number.NaN };
}

function row(name: string, value: number, unit: string, baseline: string, baseValue: number, extra: Partial<BenchResult> = {}): BenchResult {
  return { group: GROUP, name, value, unit, baseline, ratio: value / baseValue, ...extra };
}

/** Patient-hours per second from seconds per call of `patients` patients. */
const rate = (seconds: number, patients = 1): number => (patients * HOURS) / seconds;

/** Rows comparing a cohort batched with one at a time (ratio: batched / one at a time). */
function cohortRows(label: string, spec: ModelSpec, patients: BatchPatient[], options: { solver: 'rk4' | 'exact'; h?: number }, minMs: number): BenchResult[] {
  const runs = cohortRuns(spec, patients, options);
  const t = compare({ oneAtATime: runs.oneAtATime, batched: runs.batched }, minMs, 3);
  const loop = rate(t.oneAtATime, N_BATCH);
  const batched = rate(t.batched, N_BATCH);
  const base = `${label}, one at a time`;
  return [
    row(base, loop, 'patient-hours/s', base, loop),
    row(`${label}, batched`, batched, 'patient-hours/s', base, loop, { details: { outputsIdentical: runs.identical } }),
  ];
}

export default async function pkpdBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  // rhs evaluations.
  const calls = 2_000_000;
  const rhs = compare({ linear: rhsLoop(pk2cmt, calls), nonlinear: rhsLoop(nonlinear, calls) });
  const linRhs = calls / rhs.linear;
  const nlRhs = calls / rhs.nonlinear;
  results.push(row('pk2cmt rhs (3 states, linear)', linRhs, 'rhs evals/s', 'pk2cmt rhs', linRhs, { goal: '>= 100M rhs evals/s', goalMet: linRhs >= 1e8 }));
  results.push(row('non-linear PK/PD rhs (5 states)', nlRhs, 'rhs evals/s', 'pk2cmt rhs', linRhs));

  // pk2cmt, one patient: RK4 at equal accuracy (≤ 1e-6 relative vs the exact solution).
  const p = typicalParameters(pk2cmt);
  const exactC = simulate(pk2cmt, p, REGIMEN_ORAL, TIMES, { solver: 'exact' }).outputs.C!;
  const { h: hEqual, error: rk4Error } = equalAccuracyStep(pk2cmt, exactC);
  const dopriError = maxRelError(simulate(pk2cmt, p, REGIMEN_ORAL, TIMES).outputs.C!, exactC);
  const single = (options: SimulateOptions) => (): void => {
    simulate(pk2cmt, p, REGIMEN_ORAL, TIMES, options);
  };
  const t = compare({ rk4: single({ solver: 'rk4', h: hEqual }), exact: single({ solver: 'exact' }), dopri: single({ solver: 'dopri5' }) });
  const rk4 = rate(t.rk4);
  const base = `pk2cmt RK4 h=${hEqual}`;
  results.push(row(`pk2cmt oral, RK4 h=${hEqual} (err ≤ 1e-6), one at a time`, rk4, 'patient-hours/s', base, rk4, { details: { h: hEqual, maxRelError: rk4Error } }));
  results.push(
    row('pk2cmt oral, closed form (exact stepper), one at a time', rate(t.exact), 'patient-hours/s', base, rk4, {
      goal: '>= 10x RK4 at equal accuracy',
      goalMet: t.rk4 / t.exact >= 10,
    }),
  );
  results.push(row('pk2cmt oral, Dormand-Prince (rtol 1e-8), one at a time', rate(t.dopri), 'patient-hours/s', base, rk4, { details: { maxRelError: dopriError } }));

  // pk2cmt cohorts: batched vs one at a time, per solver.
  results.push(...cohortRows(`pk2cmt oral, closed form, N=${N_BATCH}`, pk2cmt, cohort(pk2cmt), { solver: 'exact' }, 1500));
  results.push(...cohortRows(`pk2cmt oral, closed form, N=${N_BATCH}, individual dose times`, pk2cmt, cohort(pk2cmt, 0.01), { solver: 'exact' }, 1500));
  results.push(...cohortRows(`pk2cmt oral, RK4 h=${hEqual}, N=${N_BATCH}`, pk2cmt, cohort(pk2cmt), { solver: 'rk4', h: hEqual }, 3000));

  // Non-linear model, one patient: RK4 at the same equal-accuracy criterion against a tight dopri5 run.
  const pn = typicalParameters(nonlinear);
  const refNl = simulate(nonlinear, pn, REGIMEN_ORAL, TIMES, { rtol: 1e-12, atol: 1e-14 }).outputs.C!;
  const { h: hNl } = equalAccuracyStep(nonlinear, refNl);
  const singleNl = (options: SimulateOptions) => (): void => {
    simulate(nonlinear, pn, REGIMEN_ORAL, TIMES, options);
  };
  const tn = compare({ rk4: singleNl({ solver: 'rk4', h: hNl }), dopri: singleNl({ solver: 'dopri5' }), rosenbrock: singleNl({ solver: 'rosenbrock' }) });
  const nlRk4 = rate(tn.rk4);
  const nlBase = `non-linear RK4 h=${hNl}`;
  results.push(row(`non-linear PK/PD, RK4 h=${hNl}, one at a time`, nlRk4, 'patient-hours/s', nlBase, nlRk4, { details: { h: hNl } }));
  results.push(row('non-linear PK/PD, Dormand-Prince (rtol 1e-8), one at a time', rate(tn.dopri), 'patient-hours/s', nlBase, nlRk4));
  results.push(row('non-linear PK/PD, Rosenbrock RODAS4 (rtol 1e-8), one at a time', rate(tn.rosenbrock), 'patient-hours/s', nlBase, nlRk4));
  results.push(...cohortRows(`non-linear PK/PD, RK4 h=${hNl}, N=${N_BATCH}`, nonlinear, cohort(nonlinear), { solver: 'rk4', h: hNl }, 3000));
  return results;
}
