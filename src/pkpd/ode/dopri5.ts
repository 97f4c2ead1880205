/**
 * Dormand–Prince 5(4) explicit Runge–Kutta with adaptive step, FSAL and dense output.
 *
 * Sources:
 * - Dormand JR, Prince PJ. A family of embedded Runge–Kutta formulae. J Comput Appl Math
 *   1980;6:19–26 (the tableau).
 * - Hairer E, Nørsett SP, Wanner G. Solving Ordinary Differential Equations I, 2nd ed.,
 *   Springer 1993: Table II.5.2 (coefficients), Sect. II.4 (step-size control, initial
 *   step, eq. (4.12)–(4.14)), Sect. II.6 (continuous extension), and Hairer's Fortran code
 *   DOPRI5 (the PI-controller constants beta = 0.04, safe = 0.9, fac ∈ [0.2, 10], and the
 *   dense-output coefficients d1…d7 below), which this file follows step by step.
 *
 * Dense output: after each accepted step the five coefficient vectors of Hairer's
 * 4th-order continuous extension are prepared, so requested output times inside a step are
 * interpolated without shortening the step (outputs do not force tiny steps).
 *
 * Error norm: RMS of err_i / (atol_i + rtol·max(|y_i|, |y_new_i|)) (Hairer's (4.11)).
 */
import { NumericalError } from '../../core/errors.js';
import { absoluteTolerances, allFinite, emptyStats, errorPrefix, type OdeRhs, type OdeSolver, type OutputRequest, type SolverOptions, type SolverStats } from './types.js';

// Butcher tableau (Hairer I, Table II.5.2).
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
// Error coefficients: 5th-order weights minus the embedded 4th-order weights.
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;
// Dense output (Hairer's DOPRI5, subroutine CONTD5).
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

// Step-size control (Hairer's DOPRI5 defaults).
const SAFE = 0.9;
const BETA = 0.04;
const EXPO1 = 0.2 - BETA * 0.75;
const FAC_MIN_INV = 1 / 10; // step may grow at most 10×
const FAC_MAX_INV = 1 / 0.2; // and shrink at most 5× per step
const UROUND = 2.220446049250313e-16;

/** Default tolerances when none are given. */
export const DOPRI5_DEFAULTS = { rtol: 1e-8, atol: 1e-10, maxSteps: 100_000 } as const;

/**
 * Adaptive Dormand–Prince 5(4). Reads `rtol`, `atol`, `h` (initial step; default
 * automatic), `hMax`, `maxSteps` (per `integrate` call) and `label`.
 */
export class Dopri5Solver implements OdeSolver {
  readonly name = 'dopri5';
  readonly stats: SolverStats = emptyStats();
  private readonly n: number;
  private readonly rtol: number;
  private readonly atol: Float64Array;
  private readonly hInitial: number;
  private readonly hMax: number;
  private readonly maxSteps: number;
  private readonly label: string | undefined;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly k7: Float64Array;
  private readonly y1: Float64Array;
  private readonly ysti: Float64Array;
  private readonly r1: Float64Array;
  private readonly r2: Float64Array;
  private readonly r3: Float64Array;
  private readonly r4: Float64Array;
  private readonly r5: Float64Array;
  private readonly dense: Float64Array;
  /** Step to try next; 0 means "estimate it" (first call or after restart()). */
  private hNext = 0;
  private facOld = 1e-4;

  constructor(n: number, options: SolverOptions = {}) {
    this.n = n;
    this.rtol = options.rtol ?? DOPRI5_DEFAULTS.rtol;
    this.atol = absoluteTolerances(options.atol ?? DOPRI5_DEFAULTS.atol, n, options.label);
    this.hInitial = options.h ?? 0;
    this.hMax = options.hMax ?? Number.POSITIVE_INFINITY;
    this.maxSteps = options.maxSteps ?? DOPRI5_DEFAULTS.maxSteps;
    this.label = options.label;
    const v = (): Float64Array => new Float64Array(n);
    this.k1 = v(); this.k2 = v(); this.k3 = v(); this.k4 = v(); this.k5 = v(); this.k6 = v(); this.k7 = v();
    this.y1 = v(); this.ysti = v();
    this.r1 = v(); this.r2 = v(); this.r3 = v(); this.r4 = v(); this.r5 = v();
    this.dense = v();
    this.restart();
  }

  restart(): void {
    this.hNext = this.hInitial;
    this.facOld = 1e-4;
  }

  integrate(rhs: OdeRhs, t0: number, t1: number, x: Float64Array, out?: OutputRequest): void {
    if (!(t1 > t0)) return;
    const { n, k1, k2, k3, k4, k5, k6, k7, y1, ysti, atol, rtol } = this;
    const stats = this.stats;
    rhs(t0, x, k1);
    stats.rhsEvals++;
    if (!allFinite(k1, n)) throw this.nonFinite(t0, 'derivative');
    let h = this.hNext > 0 ? this.hNext : this.initialStep(rhs, t0, x);
    let t = t0;
    let nextOut = out ? out.from : 0;
    const outEnd = out ? out.to : 0;
    let reject = false;
    let attempts = 0;
    for (;;) {
      if (++attempts > this.maxSteps) {
        throw new NumericalError(`${errorPrefix(this.label)}dopri5 exceeded ${this.maxSteps} steps between t = ${t0} and t = ${t1} (stopped at t = ${t})`);
      }
      if (0.1 * h <= Math.abs(t) * UROUND || !(h > 0)) {
        throw new NumericalError(`${errorPrefix(this.label)}step size underflow at t = ${t} (h = ${h}, dopri5)`);
      }
      let last = false;
      const hWanted = h;
      if (t + 1.01 * h >= t1) {
        h = t1 - t;
        last = true;
      }
      for (let i = 0; i < n; i++) y1[i] = x[i]! + h * A21 * k1[i]!;
      rhs(t + C2 * h, y1, k2);
      for (let i = 0; i < n; i++) y1[i] = x[i]! + h * (A31 * k1[i]! + A32 * k2[i]!);
      rhs(t + C3 * h, y1, k3);
      for (let i = 0; i < n; i++) y1[i] = x[i]! + h * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
      rhs(t + C4 * h, y1, k4);
      for (let i = 0; i < n; i++) y1[i] = x[i]! + h * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
      rhs(t + C5 * h, y1, k5);
      for (let i = 0; i < n; i++) ysti[i] = x[i]! + h * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
      const tNew = last ? t1 : t + h;
      rhs(tNew, ysti, k6);
      for (let i = 0; i < n; i++) y1[i] = x[i]! + h * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
      rhs(tNew, y1, k7);
      stats.rhsEvals += 6;

      let sum = 0;
      for (let i = 0; i < n; i++) {
        const e = h * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
        const sk = atol[i]! + rtol * Math.max(Math.abs(x[i]!), Math.abs(y1[i]!));
        sum += (e / sk) * (e / sk);
      }
      const err = Math.sqrt(sum / n);
      if (!Number.isFinite(err)) {
        // An overflow inside a too-large step: shrink hard and retry; a state that is
        // really non-finite ends in step-size underflow, reported with its time.
        stats.rejectedSteps++;
        h *= 0.1;
        reject = true;
        continue;
      }
      const fac11 = Math.pow(err, EXPO1);
      let fac = fac11 / Math.pow(this.facOld, BETA);
      fac = Math.max(FAC_MIN_INV, Math.min(FAC_MAX_INV, fac / SAFE));
      let hNew = h / fac;

      if (err <= 1) {
        this.facOld = Math.max(err, 1e-4);
        stats.steps++;
        if (out && nextOut < outEnd && out.times[nextOut]! < tNew) this.prepareDense(h, x, y1, k1, k3, k4, k5, k6, k7);
        // FSAL: the last stage is the first stage of the next step.
        for (let i = 0; i < n; i++) {
          x[i] = y1[i]!;
          k1[i] = k7[i]!;
        }
        if (!allFinite(x, n)) throw this.nonFinite(tNew, 'state');
        if (out) {
          while (nextOut < outEnd && out.times[nextOut]! < tNew) {
            out.record(nextOut, this.interpolate((out.times[nextOut]! - t) / h));
            nextOut++;
          }
        }
        t = tNew;
        if (hNew > this.hMax) hNew = this.hMax;
        if (reject) hNew = Math.min(hNew, h);
        reject = false;
        if (last) {
          // A final step clipped to t1 says little about the right step: carry over the
          // step the controller wanted when it is larger.
          this.hNext = Math.max(hNew, Math.min(hWanted, this.hMax));
          break;
        }
      } else {
        hNew = h / Math.min(FAC_MAX_INV, fac11 / SAFE);
        reject = true;
        stats.rejectedSteps++;
      }
      h = hNew;
    }
    // Any output time not served (possible only with times outside (t0, t1)) is a caller bug.
    if (out && nextOut < outEnd) {
      throw new NumericalError(`${errorPrefix(this.label)}output time ${out.times[nextOut]} lies outside (${t0}, ${t1})`);
    }
  }

  /** Prepare Hairer's continuous extension for the step [t, t + h] from x to y1. */
  private prepareDense(h: number, x: Float64Array, y1: Float64Array, k1: Float64Array, k3: Float64Array, k4: Float64Array, k5: Float64Array, k6: Float64Array, k7: Float64Array): void {
    const { n, r1, r2, r3, r4, r5 } = this;
    for (let i = 0; i < n; i++) {
      const ydiff = y1[i]! - x[i]!;
      const bspl = h * k1[i]! - ydiff;
      r1[i] = x[i]!;
      r2[i] = ydiff;
      r3[i] = bspl;
      r4[i] = ydiff - h * k7[i]! - bspl;
      r5[i] = h * (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k7[i]!);
    }
  }

  /** Dense output at fraction theta ∈ [0, 1] of the last accepted step. */
  private interpolate(theta: number): Float64Array {
    const { n, r1, r2, r3, r4, r5, dense } = this;
    const theta1 = 1 - theta;
    for (let i = 0; i < n; i++) {
      dense[i] = r1[i]! + theta * (r2[i]! + theta1 * (r3[i]! + theta * (r4[i]! + theta1 * r5[i]!)));
    }
    return dense;
  }

  /** Hairer's initial step estimate (Solving ODEs I, Sect. II.4, "starting step size"). */
  private initialStep(rhs: OdeRhs, t: number, x: Float64Array): number {
    const { n, k1, k2, y1, atol, rtol } = this;
    let dnf = 0;
    let dny = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol[i]! + rtol * Math.abs(x[i]!);
      dnf += (k1[i]! / sk) ** 2;
      dny += (x[i]! / sk) ** 2;
    }
    let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
    h = Math.min(h, this.hMax);
    for (let i = 0; i < n; i++) y1[i] = x[i]! + h * k1[i]!;
    rhs(t + h, y1, k2);
    this.stats.rhsEvals++;
    let der2 = 0;
    for (let i = 0; i < n; i++) {
      const sk = atol[i]! + rtol * Math.abs(x[i]!);
      der2 += ((k2[i]! - k1[i]!) / sk) ** 2;
    }
    der2 = Math.sqrt(der2) / h;
    const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
    const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : Math.pow(0.01 / der12, 1 / 5);
    const guess = Math.min(100 * h, h1, this.hMax);
    return Number.isFinite(guess) && guess > 0 ? guess : 1e-6;
  }

  private nonFinite(t: number, what: string): NumericalError {
    return new NumericalError(`${errorPrefix(this.label)}non-finite ${what} at t = ${t} (dopri5)`);
  }
}
