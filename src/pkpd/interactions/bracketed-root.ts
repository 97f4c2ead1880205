/**
 * Root of a continuous, decreasing function of the log-odds u, by bracket expansion and
 * bisection. Used to solve the implicit interaction models (Loewe, Greco) for the effect,
 * on the log-odds scale where they are decreasing. Only the sign of f is used.
 *
 * Why bisection: the functions are sums of powers of e^(−u), smooth but with curvature
 * changing over many orders of magnitude; bisection on a sign change cannot diverge, and
 * ~60–110 evaluations reach double precision, which is cheap next to an ODE step.
 */
import { NumericalError } from '../../core/errors.js';

/** Largest |u| searched: beyond it the effect 1/(1 + e^(−u)) is 0 or 1 in double precision. */
const MAX_ABS = 700;

/**
 * The u where `f` changes sign from positive to negative, to within ~1e-14 relative.
 * Returns −Infinity when f ≤ 0 already at u = −700 and +Infinity when f ≥ 0 still at
 * u = 700: the root lies where the effect rounds to 0 or 1.
 * @throws NumericalError (naming `what`) when f returns NaN
 * @example findDecreasingRoot((u) => 1 - u, 'demo') // 1
 */
export function findDecreasingRoot(f: (u: number) => number, what: string): number {
  const at = (u: number): number => {
    const v = f(u);
    if (Number.isNaN(v)) throw new NumericalError(`${what}: the equation is NaN at log-odds ${u}`);
    return v;
  };
  let lo = -1;
  let hi = 1;
  // Expand outwards with doubling steps until f(lo) > 0 ≥ f(hi).
  for (let step = 2; !(at(lo) > 0); step *= 2) {
    if (lo <= -MAX_ABS) return -Infinity;
    hi = lo;
    lo = Math.max(-MAX_ABS, lo - step);
  }
  for (let step = 2; at(hi) > 0; step *= 2) {
    if (hi >= MAX_ABS) return Infinity;
    lo = hi;
    hi = Math.min(MAX_ABS, hi + step);
  }
  while (hi - lo > 1e-14 * Math.max(1, Math.abs(lo), Math.abs(hi))) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (at(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** One term c·e^(−k·u) of {@link solveExponentialSum}. */
export interface ExponentialTerm {
  coefficient: number;
  /** k > 0. */
  rate: number;
}

/**
 * The u solving Σ cᵢ·e^(−kᵢ·u) = 1 (kᵢ > 0), the form of the Loewe and Greco equations in
 * the log-odds u. The left side is evaluated scaled by e^(−M), M the largest log-term, so
 * that no term overflows even when e^(−kᵢ·u) would (e.g. u = −700, k = 3); scaling keeps
 * the sign, which is all bisection needs.
 * @example solveExponentialSum([{ coefficient: 2, rate: 1 }], 'demo') // ln 2
 */
export function solveExponentialSum(terms: readonly ExponentialTerm[], what: string): number {
  return findDecreasingRoot((u) => {
    let largest = 0; // log of the "− 1" term
    for (const { coefficient, rate } of terms) {
      const logTerm = Math.log(Math.abs(coefficient)) - rate * u;
      if (logTerm > largest) largest = logTerm;
    }
    let scaled = -Math.exp(-largest);
    for (const { coefficient, rate } of terms) {
      if (coefficient !== 0) scaled += Math.sign(coefficient) * Math.exp(Math.log(Math.abs(coefficient)) - rate * u - largest);
    }
    return scaled;
  }, what);
}
