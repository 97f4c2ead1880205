/**
 * Event-driven simulation of one individual: a ModelSpec, its parameter vector, a dosing
 * regimen and the times at which outputs are wanted.
 *
 * How it runs (the design of reference/pkpd-models.md §7, as in PKPDsim and mrgsolve):
 * - The dosing input is turned into a sorted list of discontinuities (bolus jumps,
 *   infusion start/stop; ./dosing.ts). The solver integrates from one discontinuity to the
 *   next and never across one; adaptive solvers restart their step-size control there.
 * - A bolus is a jump of its state; an infusion is a constant rate added to dx/dt of its
 *   state after the model's rhs.
 * - An output requested at a dose time is reported AFTER that dose (NONMEM/mrgsolve
 *   convention for observation records that follow the dose record).
 * - Output times inside an interval are served by dense output (dopri5: no extra steps),
 *   by landing on them (rk4, rosenbrock) or by an exact step to them ('exact').
 *
 * The simulation starts at t = 0 from the model's initial state (or `options.x0`).
 */
import { InputError } from '../core/errors.js';
import { buildDoseEvents, InfusionRates, validateRegimen, type DoseEvent } from './dosing.js';
import { LinearPkStepper } from './linear/stepper.js';
import { DOPRI5_DEFAULTS } from './ode/dopri5.js';
import { createSolver } from './ode/create.js';
import { RK4_DEFAULT_STEP } from './ode/rk4.js';
import { emptyStats, type OdeRhs, type OdeSolver, type OutputRequest, type SolverStats } from './ode/types.js';
import { initialState, type DoseRecord, type ModelSpec } from './types.js';

/** Integration methods of {@link simulate}. */
export const SIMULATION_SOLVERS = ['dopri5', 'rk4', 'rosenbrock', 'exact'] as const;
export type SimulationSolver = (typeof SIMULATION_SOLVERS)[number];

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /**
   * 'dopri5' (default): adaptive Dormand–Prince 5(4); 'rk4': fixed step `h`;
   * 'rosenbrock': stiff RODAS4; 'exact': matrix-exponential stepper of a model with a
   * `linear` descriptor (InputError otherwise).
   */
  solver?: SimulationSolver;
  /** Relative tolerance (dopri5 default 1e-8; rosenbrock default 1e-8). */
  rtol?: number;
  /**
   * Absolute tolerance in state units. Default 1e-10 × the largest amount in play (the
   * largest bolus, infusion rate × 1 time unit, or |initial state|, at least 1), so that
   * a dose in µg and a dose in g are solved to the same relative accuracy.
   */
  atol?: number | Float64Array;
  /** RK4 step (default 0.01 time units); initial step for the adaptive solvers. */
  h?: number;
  /** Largest step of the adaptive solvers. */
  hMax?: number;
  /** Step budget per interval between discontinuities (adaptive solvers). */
  maxSteps?: number;
  /** Also return the state vector at every output time. */
  returnStates?: boolean;
  /** Initial state at t = 0 (default: the model's initial state for `p`). */
  x0?: ArrayLike<number>;
  /** Named in numerical error messages after the model id, e.g. "patient 17". */
  label?: string;
}

/** Result of {@link simulate}. */
export interface SimulationResult {
  /** The requested times (model time unit). */
  times: Float64Array;
  /** Each output of the model, one value per time. */
  outputs: Record<string, Float64Array>;
  /** With `returnStates`: `states[k]` is the state vector at `times[k]`. */
  states?: Float64Array[];
  /** Solver work counters (for 'exact': steps = exact advances). */
  stats: SolverStats;
}

/**
 * Check that output times are finite, ≥ 0 and sorted non-decreasing.
 * @throws InputError naming the offending index, e.g. `times[3] = 2 is before times[2] = 4`
 */
export function validateTimes(times: ArrayLike<number>, field = 'times'): void {
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
      throw new InputError(`${field}[${k}] = ${t} must be a finite number ≥ 0`, `${field}[${k}]`);
    }
    if (k > 0 && t < times[k - 1]!) {
      throw new InputError(`${field}[${k}] = ${t} is before ${field}[${k - 1}] = ${times[k - 1]}: times must be sorted non-decreasing`, `${field}[${k}]`);
    }
  }
}

/** Check a parameter vector's length and finiteness against the model. */
export function validateParameters(spec: ModelSpec, p: Float64Array): void {
  if (p.length !== spec.parameters.length) {
    throw new InputError(`model ${spec.id} has ${spec.parameters.length} parameters (${spec.parameters.map((q) => q.name).join(', ')}), got a vector of ${p.length}`, 'parameters');
  }
  for (let i = 0; i < p.length; i++) {
    if (!Number.isFinite(p[i]!)) throw new InputError(`parameter ${spec.parameters[i]!.name} of model ${spec.id} must be finite, got ${p[i]}`, spec.parameters[i]!.name);
  }
}

/** The default absolute tolerance for a problem (see {@link SimulateOptions.atol}). */
export function defaultAbsoluteTolerance(events: readonly DoseEvent[], x0: Float64Array): number {
  let scale = 1;
  for (const e of events) scale = Math.max(scale, Math.abs(e.value));
  for (let i = 0; i < x0.length; i++) scale = Math.max(scale, Math.abs(x0[i]!));
  return DOPRI5_DEFAULTS.atol * scale;
}

/** The exact stepper for a model, or an InputError saying why it cannot be used. */
export function exactStepperFor(spec: ModelSpec, p: Float64Array): LinearPkStepper {
  return checkedExactStepper(spec, () => new LinearPkStepper(spec, p));
}

/**
 * Build an exact stepper (single or batched) with `make`, after checking that the model
 * has a linear descriptor, and check that it covers every state: the InputErrors of
 * solver 'exact', in one place.
 */
export function checkedExactStepper<T extends { readonly coversAllStates: boolean }>(spec: ModelSpec, make: () => T): T {
  if (!spec.linear) throw new InputError(`solver 'exact' needs a linear compartment model; model ${spec.id} has no linear descriptor (use dopri5 or rosenbrock)`, 'solver');
  const stepper = make();
  if (!stepper.coversAllStates) {
    throw new InputError(`solver 'exact' needs every state of model ${spec.id} to be linear PK; it has non-linear states (use dopri5 or rosenbrock)`, 'solver');
  }
  return stepper;
}

/**
 * Simulate one individual.
 * @param spec the model
 * @param p individual parameters, in the order of `spec.parameters`
 * @param regimen dose records (validated here; errors name `regimen[i].field`)
 * @param times output times, sorted non-decreasing, ≥ 0 (model time unit)
 * @example
 * const r = simulate(getModel('pk1cmt'), typicalParameters(getModel('pk1cmt')),
 *   [{ time: 0, amt: 100, cmt: 'central' }], [2]);
 * r.outputs.C[0]; // 1.637462 (= 100/50·e^(−0.1·2))
 * @throws InputError for bad times, regimen or solver choice; NumericalError naming the
 *   model (and `options.label`) and the time when the integration fails
 */
export function simulate(spec: ModelSpec, p: Float64Array, regimen: readonly DoseRecord[], times: readonly number[] | Float64Array, options: SimulateOptions = {}): SimulationResult {
  const solverName = options.solver ?? 'dopri5';
  if (!(SIMULATION_SOLVERS as readonly string[]).includes(solverName)) {
    throw new InputError(`unknown solver '${solverName}' (expected one of ${SIMULATION_SOLVERS.join(', ')})`, 'solver');
  }
  validateParameters(spec, p);
  validateTimes(times);
  const doses = validateRegimen(spec, regimen);
  const events = buildDoseEvents(spec, doses, p);
  const nStates = spec.states.length;
  const x = new Float64Array(nStates);
  if (options.x0) {
    if (options.x0.length !== nStates) throw new InputError(`x0 has ${options.x0.length} entries, model ${spec.id} has ${nStates} states`, 'x0');
    x.set(options.x0);
  } else {
    initialState(spec, p, x);
  }

  const nTimes = times.length;
  const timesCopy = new Float64Array(nTimes);
  timesCopy.set(times); // a bulk copy: Float64Array.from walks the iterator, a measurable share of an 'exact' run
  const result: SimulationResult = { times: timesCopy, outputs: {}, stats: emptyStats() };
  for (const o of spec.outputs) result.outputs[o.name] = new Float64Array(nTimes);
  if (options.returnStates) result.states = new Array<Float64Array>(nTimes);
  if (nTimes === 0) return result;

  // Output arrays resolved once: recording runs at every output time, so no name lookups there.
  const outputSpecs = spec.outputs;
  const outputArrays = outputSpecs.map((o) => result.outputs[o.name]!);
  const states = result.states;
  const record = (k: number, xk: Float64Array): void => {
    const tk = times[k]!;
    for (let j = 0; j < outputSpecs.length; j++) outputArrays[j]![k] = outputSpecs[j]!.compute(xk, p, tk);
    if (states) states[k] = Float64Array.from(xk);
  };

  const label = options.label ? `model ${spec.id}, ${options.label}` : `model ${spec.id}`;
  const infusions = new InfusionRates(nStates);
  const modelRhs = spec.rhs;
  const rhs: OdeRhs = (t, xs, dxdt) => {
    modelRhs(t, xs, p, dxdt);
    infusions.addTo(dxdt);
  };

  let solver: OdeSolver | undefined;
  let stepper: LinearPkStepper | undefined;
  if (solverName === 'exact') {
    stepper = exactStepperFor(spec, p);
  } else {
    const adaptiveRtol = options.rtol ?? DOPRI5_DEFAULTS.rtol;
    solver = createSolver(solverName, nStates, {
      rtol: adaptiveRtol,
      atol: options.atol ?? defaultAbsoluteTolerance(events, x),
      h: options.h ?? (solverName === 'rk4' ? RK4_DEFAULT_STEP : undefined),
      hMax: options.hMax,
      maxSteps: options.maxSteps,
      label,
    });
  }
  const out: OutputRequest = { times, from: 0, to: 0, record };

  const tEnd = times[nTimes - 1]!;
  let t = 0;
  let e = 0; // next event
  let k = 0; // next output
  let exactSteps = 0;
  for (;;) {
    let applied = false;
    while (e < events.length && events[e]!.time === t) {
      infusions.apply(events[e]!, x);
      e++;
      applied = true;
    }
    if (applied) solver?.restart();
    while (k < nTimes && times[k] === t) record(k++, x);
    if (k === nTimes) break;
    // Integrate to the next discontinuity, or to the last output time.
    const tNext = e < events.length && events[e]!.time < tEnd ? events[e]!.time : tEnd;
    // Outputs strictly inside (t, tNext).
    let kEnd = k;
    while (kEnd < nTimes && times[kEnd]! < tNext) kEnd++;
    if (stepper) {
      // Without a running infusion every rate is exactly 0: pass none, so the stepper skips Γ·r.
      const rates = infusions.anyActive ? infusions.rates : undefined;
      let tPrev = t;
      for (; k < kEnd; k++) {
        stepper.advance(x, times[k]! - tPrev, rates);
        record(k, x);
        tPrev = times[k]!;
        exactSteps++;
      }
      stepper.advance(x, tNext - tPrev, rates);
      exactSteps++;
    } else {
      out.from = k;
      out.to = kEnd;
      solver!.integrate(rhs, t, tNext, x, out);
      k = kEnd;
    }
    t = tNext;
  }
  if (solver) result.stats = { ...solver.stats };
  else result.stats.steps = exactSteps;
  return result;
}
