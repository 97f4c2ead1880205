/**
 * Stiff solver: the Rosenbrock method RODAS4 (order 4, embedded order 3, six stages,
 * stiffly accurate and L-stable), with a numerical Jacobian and an allocation-free LU.
 *
 * Why RODAS4: it needs one Jacobian and one LU per step and no Newton iteration, is
 * L-stable (fast PD or binding kinetics decay without ringing), and its order 4 keeps the
 * step count low at the tight tolerances used for golden tests; the lower-order
 * Rosenbrock23 (Shampine & Reichelt 1997) needs many more steps at rtol 1e-8.
 *
 * Sources:
 * - Hairer E, Wanner G. Solving Ordinary Differential Equations II, 2nd ed., Springer
 *   1996, Sect. IV.7 (Rosenbrock methods, the formulation without matrix–vector
 *   products) and Sect. VI.4 (RODAS); Hairer's Fortran code RODAS (METH = 1) for the
 *   coefficients. The numerical Jacobian increment is √uround·max(|y_j|, atol_j/rtol)
 *   (a tolerance-scaled floor in the spirit of MATLAB's numjac and SUNDIALS CVODE's
 *   difference-quotient Jacobian, instead of RODAS's absolute floor; see `jacobian`).
 * - The coefficients below are the ones in Hairer's rodas.f; the same values appear in
 *   Press et al., Numerical Recipes 3rd ed. (2007), §17.5.1 `StepperRoss`, whose
 *   predictive (Gustafsson) step-size controller is used here.
 *
 * Output times inside (t0, t1) are hit by shortening the step to land on them.
 */
import { NumericalError } from '../../core/errors.js';
import { luFactor, luSolve } from './lu.js';
import { absoluteTolerances, allFinite, emptyStats, errorPrefix, type OdeRhs, type OdeSolver, type OutputRequest, type SolverOptions, type SolverStats } from './types.js';

const GAMMA = 0.25;
const C2 = 0.386, C3 = 0.21, C4 = 0.63;
const D1 = 0.25, D2 = -0.1043, D3 = 0.1035, D4 = -0.3620000000000023e-1;
const A21 = 1.544;
const A31 = 0.9466785280815826, A32 = 0.2557011698983284;
const A41 = 3.314825187068521, A42 = 2.896124015972201, A43 = 0.9986419139977817;
const A51 = 1.221224509226641, A52 = 6.019134481288629, A53 = 12.53708332932087, A54 = -0.687886036105895;
const C21 = -5.6688;
const C31 = -2.430093356833875, C32 = -0.2063599157091915;
const C41 = -0.1073529058151375, C42 = -9.594562251023355, C43 = -20.47028614809616;
const C51 = 7.496443313967647, C52 = -10.24680431464352, C53 = -33.99990352819905, C54 = 11.7089089320616;
const C61 = 8.083246795921522, C62 = -7.981132988064893, C63 = -31.52159432874371, C64 = 16.31930543123136, C65 = -6.058818238834054;

const SAFE = 0.9;
const FAC_GROW = 6; // at most ×6 per step
const FAC_SHRINK = 5; // at most ÷5 per step
const UROUND = 2.220446049250313e-16;
const SQRT_UROUND = Math.sqrt(UROUND);

/** Default tolerances when none are given. */
export const ROSENBROCK_DEFAULTS = { rtol: 1e-6, atol: 1e-10, maxSteps: 100_000 } as const;

/**
 * RODAS4 Rosenbrock solver. Reads `rtol`, `atol`, `h` (initial step; default automatic),
 * `hMax`, `maxSteps` (per `integrate` call) and `label`.
 */
export class RosenbrockSolver implements OdeSolver {
  readonly name = 'rosenbrock';
  readonly stats: SolverStats = emptyStats();
  private readonly n: number;
  private readonly rtol: number;
  private readonly atol: Float64Array;
  private readonly hInitial: number;
  private readonly hMax: number;
  private readonly maxSteps: number;
  private readonly label: string | undefined;
  /** Jacobian ∂f/∂y, row-major. */
  private readonly jac: Float64Array;
  /** ∂f/∂t. */
  private readonly fx: Float64Array;
  /** Iteration matrix I/(γh) − J, then its LU factors. */
  private readonly lu: Float64Array;
  private readonly pivots: Int32Array;
  private readonly f0: Float64Array;
  private readonly ftmp: Float64Array;
  private readonly ytmp: Float64Array;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private hNext = 0;
  private firstStep = true;
  private hOld = 0;
  private errOld = 1;

  constructor(n: number, options: SolverOptions = {}) {
    this.n = n;
    this.rtol = options.rtol ?? ROSENBROCK_DEFAULTS.rtol;
    this.atol = absoluteTolerances(options.atol ?? ROSENBROCK_DEFAULTS.atol, n, options.label);
    this.hInitial = options.h ?? 0;
    this.hMax = options.hMax ?? Number.POSITIVE_INFINITY;
    this.maxSteps = options.maxSteps ?? ROSENBROCK_DEFAULTS.maxSteps;
    this.label = options.label;
    this.jac = new Float64Array(n * n);
    this.lu = new Float64Array(n * n);
    this.pivots = new Int32Array(n);
    const v = (): Float64Array => new Float64Array(n);
    this.fx = v(); this.f0 = v(); this.ftmp = v(); this.ytmp = v();
    this.k1 = v(); this.k2 = v(); this.k3 = v(); this.k4 = v(); this.k5 = v(); this.k6 = v();
    this.restart();
  }

  restart(): void {
    this.hNext = this.hInitial;
    this.firstStep = true;
  }

  integrate(rhs: OdeRhs, t0: number, t1: number, x: Float64Array, out?: OutputRequest): void {
    if (!(t1 > t0)) return;
    const { n, f0, ytmp, ftmp, k1, k2, k3, k4, k5, k6, lu, jac, fx, pivots, atol, rtol } = this;
    const stats = this.stats;
    rhs(t0, x, f0);
    stats.rhsEvals++;
    if (!allFinite(f0, n)) throw new NumericalError(`${errorPrefix(this.label)}non-finite derivative at t = ${t0} (rosenbrock)`);
    let h = this.hNext > 0 ? this.hNext : this.initialStep(t0, t1, x);
    let t = t0;
    let nextOut = out ? out.from : 0;
    const outEnd = out ? out.to : 0;
    let reject = false;
    let attempts = 0;
    this.jacobian(rhs, t, x);
    for (;;) {
      if (++attempts > this.maxSteps) {
        throw new NumericalError(`${errorPrefix(this.label)}rosenbrock exceeded ${this.maxSteps} steps between t = ${t0} and t = ${t1} (stopped at t = ${t})`);
      }
      if (0.1 * h <= Math.abs(t) * UROUND || !(h > 0)) {
        throw new NumericalError(`${errorPrefix(this.label)}step size underflow at t = ${t} (h = ${h}, rosenbrock)`);
      }
      // Land exactly on the next output time or on t1.
      const target = out && nextOut < outEnd ? out.times[nextOut]! : t1;
      let hitsTarget = false;
      if (t + 1.01 * h >= target) {
        h = target - t;
        hitsTarget = true;
      }
      const tNew = hitsTarget ? target : t + h;

      // E = I/(γh) − J, factorised once for the six stages.
      const diag = 1 / (GAMMA * h);
      for (let i = 0; i < n * n; i++) lu[i] = -jac[i]!;
      for (let i = 0; i < n; i++) lu[i * n + i] = lu[i * n + i]! + diag;
      if (!luFactor(lu, n, pivots)) {
        throw new NumericalError(`${errorPrefix(this.label)}singular or non-finite iteration matrix at t = ${t} (h = ${h}, rosenbrock)`);
      }
      const hd1 = h * D1, hd2 = h * D2, hd3 = h * D3, hd4 = h * D4;
      const ih = 1 / h;
      for (let i = 0; i < n; i++) k1[i] = f0[i]! + hd1 * fx[i]!;
      luSolve(lu, n, pivots, k1);
      for (let i = 0; i < n; i++) ytmp[i] = x[i]! + A21 * k1[i]!;
      rhs(t + C2 * h, ytmp, ftmp);
      for (let i = 0; i < n; i++) k2[i] = ftmp[i]! + hd2 * fx[i]! + C21 * k1[i]! * ih;
      luSolve(lu, n, pivots, k2);
      for (let i = 0; i < n; i++) ytmp[i] = x[i]! + A31 * k1[i]! + A32 * k2[i]!;
      rhs(t + C3 * h, ytmp, ftmp);
      for (let i = 0; i < n; i++) k3[i] = ftmp[i]! + hd3 * fx[i]! + (C31 * k1[i]! + C32 * k2[i]!) * ih;
      luSolve(lu, n, pivots, k3);
      for (let i = 0; i < n; i++) ytmp[i] = x[i]! + A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!;
      rhs(t + C4 * h, ytmp, ftmp);
      for (let i = 0; i < n; i++) k4[i] = ftmp[i]! + hd4 * fx[i]! + (C41 * k1[i]! + C42 * k2[i]! + C43 * k3[i]!) * ih;
      luSolve(lu, n, pivots, k4);
      for (let i = 0; i < n; i++) ytmp[i] = x[i]! + A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!;
      rhs(tNew, ytmp, ftmp);
      for (let i = 0; i < n; i++) k5[i] = ftmp[i]! + (C51 * k1[i]! + C52 * k2[i]! + C53 * k3[i]! + C54 * k4[i]!) * ih;
      luSolve(lu, n, pivots, k5);
      // Embedded (order 3) solution, then the last stage, whose increment is the error.
      for (let i = 0; i < n; i++) ytmp[i] = ytmp[i]! + k5[i]!;
      rhs(tNew, ytmp, ftmp);
      for (let i = 0; i < n; i++) k6[i] = ftmp[i]! + (C61 * k1[i]! + C62 * k2[i]! + C63 * k3[i]! + C64 * k4[i]! + C65 * k5[i]!) * ih;
      luSolve(lu, n, pivots, k6);
      stats.rhsEvals += 5;

      let sum = 0;
      for (let i = 0; i < n; i++) {
        const yNew = ytmp[i]! + k6[i]!;
        const sk = atol[i]! + rtol * Math.max(Math.abs(x[i]!), Math.abs(yNew));
        sum += (k6[i]! / sk) * (k6[i]! / sk);
      }
      const err = Math.sqrt(sum / n);
      if (!Number.isFinite(err)) {
        stats.rejectedSteps++;
        h *= 0.1;
        reject = true;
        continue;
      }
      let fac = Math.max(1 / FAC_GROW, Math.min(FAC_SHRINK, Math.pow(err, 0.25) / SAFE));
      let hNew = h / fac;
      if (err <= 1) {
        if (!this.firstStep) {
          // Gustafsson's predictive controller (as in RODAS and Numerical Recipes).
          let facPred = (this.hOld / h) * Math.pow((err * err) / this.errOld, 0.25) / SAFE;
          facPred = Math.max(1 / FAC_GROW, Math.min(FAC_SHRINK, facPred));
          fac = Math.max(fac, facPred);
          hNew = h / fac;
        }
        this.firstStep = false;
        this.hOld = h;
        this.errOld = Math.max(0.01, err);
        if (reject) hNew = Math.min(hNew, h);
        reject = false;
        for (let i = 0; i < n; i++) x[i] = ytmp[i]! + k6[i]!;
        stats.steps++;
        if (!allFinite(x, n)) throw new NumericalError(`${errorPrefix(this.label)}non-finite state at t = ${tNew} (rosenbrock)`);
        t = tNew;
        h = Math.min(hNew, this.hMax);
        if (hitsTarget) {
          if (target === t1) break;
          while (nextOut < outEnd && out!.times[nextOut] === target) out!.record(nextOut++, x);
        }
        rhs(t, x, f0);
        stats.rhsEvals++;
        this.jacobian(rhs, t, x);
      } else {
        h = hNew;
        reject = true;
        stats.rejectedSteps++;
      }
    }
    this.hNext = h;
  }

  /** Forward-difference Jacobian ∂f/∂y and ∂f/∂t at (t, x), with f0 = f(t, x) known. */
  private jacobian(rhs: OdeRhs, t: number, x: Float64Array): void {
    const { n, jac, fx, f0, ftmp, atol, rtol } = this;
    for (let j = 0; j < n; j++) {
      const xj = x[j]!;
      // Increment √uround·scale, where the scale never falls below the size at which the
      // error control stops caring (atol/rtol): a component far smaller than 1 (e.g. the
      // 1e-13 intermediate of Robertson's problem) then gets an increment to its own
      // size, not Hairer's absolute floor √(uround·1e-5) ≈ 5e-11 that would swamp it.
      const scale = Math.max(Math.abs(xj), atol[j]! / rtol) || 1e-5;
      // Representable increment: (xj + δ) − xj is exactly what the rhs sees.
      const delta = xj + SQRT_UROUND * scale - xj;
      x[j] = xj + delta;
      rhs(t, x, ftmp);
      x[j] = xj;
      for (let i = 0; i < n; i++) jac[i * n + j] = (ftmp[i]! - f0[i]!) / delta;
    }
    const dt = t + Math.sqrt(UROUND * Math.max(1e-5, Math.abs(t))) - t;
    rhs(t + dt, x, ftmp);
    for (let i = 0; i < n; i++) fx[i] = (ftmp[i]! - f0[i]!) / dt;
    this.stats.rhsEvals += n + 1;
    this.stats.jacobianEvals++;
  }

  /** Initial step: 1 % of the scaled |y|/|f| ratio (Hairer's first guess), at most the span. */
  private initialStep(t0: number, t1: number, x: Float64Array): number {
    const { n, f0, atol, rtol } = this;
    let d0 = 0;
    let d1 = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol[i]! + rtol * Math.abs(x[i]!);
      d0 += (x[i]! / sk) ** 2;
      d1 += (f0[i]! / sk) ** 2;
    }
    const h = d0 <= 1e-10 || d1 <= 1e-10 ? 1e-6 : 0.01 * Math.sqrt(d0 / d1);
    return Math.min(h, t1 - t0, this.hMax);
  }
}
