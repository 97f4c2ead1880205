/**
 * Pick an ODE solver by name, and a convenience driver that returns the solution at a
 * list of times (for tests, notebooks and models without dosing events).
 */
import { InputError } from '../../core/errors.js';
import { Dopri5Solver } from './dopri5.js';
import { Rk4Solver } from './rk4.js';
import { RosenbrockSolver } from './rosenbrock.js';
import type { OdeRhs, OdeSolver, OutputRequest, SolverOptions } from './types.js';

/** Names of the numerical ODE solvers. */
export const ODE_SOLVERS = ['dopri5', 'rk4', 'rosenbrock'] as const;
export type OdeSolverName = (typeof ODE_SOLVERS)[number];

/**
 * A solver for `n` states.
 * @example createSolver('dopri5', 3, { rtol: 1e-8 })
 */
export function createSolver(name: OdeSolverName, n: number, options: SolverOptions = {}): OdeSolver {
  switch (name) {
    case 'dopri5':
      return new Dopri5Solver(n, options);
    case 'rk4':
      return new Rk4Solver(n, options);
    case 'rosenbrock':
      return new RosenbrockSolver(n, options);
    default:
      throw new InputError(`unknown solver '${String(name)}' (expected one of ${ODE_SOLVERS.join(', ')})`, 'solver');
  }
}

/**
 * Solve x' = rhs(t, x) from (t0, x0) and return the state at each of `times` (sorted,
 * each ≥ t0; a time equal to t0 returns x0). One integration with output requests: the
 * times do not restart the solver.
 * @example solveAt(new Dopri5Solver(1), (t, x, d) => { d[0] = -x[0]; }, 0, [1], [1, 2])
 */
export function solveAt(solver: OdeSolver, rhs: OdeRhs, t0: number, x0: ArrayLike<number>, times: readonly number[]): Float64Array[] {
  const x = Float64Array.from(x0);
  const result: Float64Array[] = new Array(times.length);
  for (let k = 0; k < times.length; k++) {
    const tk = times[k]!;
    if (!(tk >= (k === 0 ? t0 : times[k - 1]!))) {
      throw new InputError(`times[${k}] = ${tk} must be ≥ ${k === 0 ? `t0 = ${t0}` : `times[${k - 1}]`}`, `times[${k}]`);
    }
  }
  let first = 0;
  while (first < times.length && times[first] === t0) result[first++] = Float64Array.from(x);
  if (first === times.length) return result;
  const tEnd = times[times.length - 1]!;
  let last = times.length;
  while (last > first && times[last - 1] === tEnd) last--;
  const out: OutputRequest = {
    times,
    from: first,
    to: last,
    record: (k, xk) => {
      result[k] = Float64Array.from(xk);
    },
  };
  solver.integrate(rhs, t0, tEnd, x, out);
  for (let k = last; k < times.length; k++) result[k] = Float64Array.from(x);
  return result;
}
