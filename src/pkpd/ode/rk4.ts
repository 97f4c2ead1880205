/**
 * Classical fixed-step fourth-order Runge–Kutta (Kutta 1901; Hairer, Nørsett & Wanner,
 * Solving ODEs I, 2nd ed. 1993, Table II.1.2, "the" Runge–Kutta method).
 *
 * Step policy: an interval [a, b] (between discontinuities or output times) is cut into
 * n = ⌈(b − a)/h⌉ *equal* steps, so that the grid lands exactly on b without a sliver
 * step at the end. The same policy is used by the batched integrator (`../batch.ts`), so
 * one patient simulated alone or inside a batch follows the same arithmetic.
 */
import { NumericalError } from '../../core/errors.js';
import { allFinite, emptyStats, errorPrefix, type OdeRhs, type OdeSolver, type OutputRequest, type SolverOptions, type SolverStats } from './types.js';

/** Default step when none is given: 0.01 time units. */
export const RK4_DEFAULT_STEP = 0.01;

/**
 * Number of equal RK4 steps used over an interval of length `span` with nominal step `h`.
 * The small slack avoids an extra step when span/h is an integer up to rounding.
 * @example rk4StepCount(1, 0.1) // 10
 */
export function rk4StepCount(span: number, h: number): number {
  return Math.max(1, Math.ceil(span / h - 1e-9));
}

/** Fixed-step RK4 solver. Reads `h` (default {@link RK4_DEFAULT_STEP}) and `label`. */
export class Rk4Solver implements OdeSolver {
  readonly name = 'rk4';
  readonly stats: SolverStats = emptyStats();
  private readonly n: number;
  private readonly h: number;
  private readonly label: string | undefined;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly tmp: Float64Array;

  constructor(n: number, options: SolverOptions = {}) {
    const h = options.h ?? RK4_DEFAULT_STEP;
    if (!(h > 0) || !Number.isFinite(h)) throw new NumericalError(`${errorPrefix(options.label)}rk4 step h must be a finite number > 0, got ${h}`);
    this.n = n;
    this.h = h;
    this.label = options.label;
    this.k1 = new Float64Array(n);
    this.k2 = new Float64Array(n);
    this.k3 = new Float64Array(n);
    this.k4 = new Float64Array(n);
    this.tmp = new Float64Array(n);
  }

  restart(): void {
    // Fixed step: nothing to forget.
  }

  integrate(rhs: OdeRhs, t0: number, t1: number, x: Float64Array, out?: OutputRequest): void {
    let a = t0;
    if (out) {
      for (let k = out.from; k < out.to; k++) {
        const tk = out.times[k]!;
        this.advance(rhs, a, tk, x);
        out.record(k, x);
        a = tk;
      }
    }
    this.advance(rhs, a, t1, x);
  }

  /** n equal steps from a to b (nothing when b ≤ a). */
  private advance(rhs: OdeRhs, a: number, b: number, x: Float64Array): void {
    if (!(b > a)) return;
    const steps = rk4StepCount(b - a, this.h);
    const dt = (b - a) / steps;
    const half = 0.5 * dt;
    const sixth = dt / 6;
    const { n, k1, k2, k3, k4, tmp } = this;
    for (let m = 0; m < steps; m++) {
      const t = a + m * dt;
      rhs(t, x, k1);
      for (let i = 0; i < n; i++) tmp[i] = x[i]! + half * k1[i]!;
      rhs(t + half, tmp, k2);
      for (let i = 0; i < n; i++) tmp[i] = x[i]! + half * k2[i]!;
      rhs(t + half, tmp, k3);
      for (let i = 0; i < n; i++) tmp[i] = x[i]! + dt * k3[i]!;
      rhs(t + dt, tmp, k4);
      for (let i = 0; i < n; i++) x[i] = x[i]! + sixth * (k1[i]! + 2 * (k2[i]! + k3[i]!) + k4[i]!);
      if (!allFinite(x, n)) {
        throw new NumericalError(`${errorPrefix(this.label)}non-finite state at t = ${a + (m + 1) * dt} (rk4, h = ${dt})`);
      }
    }
    this.stats.steps += steps;
    this.stats.rhsEvals += 4 * steps;
  }
}
