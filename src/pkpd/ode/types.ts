/**
 * Shared vocabulary of the ODE solvers: the right-hand side signature, options, counters
 * and the way a caller asks for the state at intermediate times.
 *
 * Every solver advances a state vector *in place* from t0 to t1 over one interval that
 * contains no discontinuity (the event-driven caller in `../simulate.ts` stops at every
 * dose and infusion boundary and restarts the solver there). Workspaces are allocated
 * once per problem size, in the constructor, never in the step loop.
 */

import { NumericalError } from '../../core/errors.js';

/** Allocation-free right-hand side: writes dx/dt at (t, x) into `dxdt`. */
export type OdeRhs = (t: number, x: Float64Array, dxdt: Float64Array) => void;

/** Work counters, accumulated over every `integrate` call of a solver instance. */
export interface SolverStats {
  /** Accepted steps. */
  steps: number;
  /** Right-hand side evaluations (including those for numerical Jacobians). */
  rhsEvals: number;
  /** Steps rejected by the error control (adaptive solvers only). */
  rejectedSteps: number;
  /** Jacobian evaluations (stiff solvers only). */
  jacobianEvals: number;
}

/** A fresh set of zero counters. */
export function emptyStats(): SolverStats {
  return { steps: 0, rhsEvals: 0, rejectedSteps: 0, jacobianEvals: 0 };
}

/** Add `from`'s counters to `into`. */
export function addStats(into: SolverStats, from: SolverStats): void {
  into.steps += from.steps;
  into.rhsEvals += from.rhsEvals;
  into.rejectedSteps += from.rejectedSteps;
  into.jacobianEvals += from.jacobianEvals;
}

/** Options shared by the solvers; each solver documents which ones it reads. */
export interface SolverOptions {
  /** Relative tolerance of the local error control (adaptive solvers). */
  rtol?: number;
  /** Absolute tolerance, scalar or one per state (adaptive solvers). */
  atol?: number | Float64Array;
  /** Fixed step (RK4); initial step guess (adaptive solvers, default: automatic). */
  h?: number;
  /** Largest step an adaptive solver may take (default: unlimited). */
  hMax?: number;
  /** Maximum accepted + rejected steps per `integrate` call before giving up. */
  maxSteps?: number;
  /**
   * Text naming what is being solved (e.g. "model pk2cmt, patient 17"), put at the start
   * of every NumericalError message.
   */
  label?: string;
}

/**
 * Intermediate output times served during one `integrate(t0, t1)` call: the solver calls
 * `record(k, x)` for k = from … to−1, in order, with the state at `times[k]`, where every
 * such time lies strictly inside (t0, t1). `x` is a solver workspace: copy what you need
 * during the call. The object is meant to be created once and have `from`/`to` updated.
 */
export interface OutputRequest {
  readonly times: ArrayLike<number>;
  from: number;
  to: number;
  record(k: number, x: Float64Array): void;
}

/** A one-step ODE solver bound to a problem size. */
export interface OdeSolver {
  /** 'rk4' | 'dopri5' | 'rosenbrock'. */
  readonly name: string;
  /** Counters accumulated over all calls. */
  readonly stats: SolverStats;
  /**
   * Advance `x` in place from `t0` to `t1` (t1 ≥ t0) under `rhs`, serving `out`'s
   * intermediate times. Adaptive solvers carry their step-size estimate over to the next
   * call; call {@link OdeSolver.restart} after a discontinuity so that it is re-estimated.
   * Throws a NumericalError on a non-finite state or a step-size underflow.
   */
  integrate(rhs: OdeRhs, t0: number, t1: number, x: Float64Array, out?: OutputRequest): void;
  /** Forget the step-size history (call after a discontinuity such as a dose). */
  restart(): void;
}

/** Prefix for NumericalError messages. */
export function errorPrefix(label: string | undefined): string {
  return label ? `${label}: ` : '';
}

/** True when every entry of `x` (first n) is finite. */
export function allFinite(x: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    // x - x is NaN exactly when x is NaN or ±Infinity: one test, no branches per kind.
    if (x[i]! - x[i]! !== 0) return false;
  }
  return true;
}

/**
 * One absolute tolerance per state from a scalar or a vector option.
 * @throws NumericalError when a vector has the wrong length
 */
export function absoluteTolerances(atol: number | Float64Array, n: number, label: string | undefined): Float64Array {
  const out = typeof atol === 'number' ? new Float64Array(n).fill(atol) : Float64Array.from(atol);
  if (out.length !== n) throw new NumericalError(`${errorPrefix(label)}atol has ${out.length} entries, expected ${n}`);
  return out;
}
