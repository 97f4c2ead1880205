/**
 * Small derivative-free optimisers for the closed-loop controllers, allocation-light: the
 * work buffers of {@link NelderMead} are allocated once per instance (one per dimension),
 * and a minimisation allocates nothing.
 *
 * - {@link NelderMead}: unconstrained minimisation in a few dimensions (the MAP fit of a
 *   patient's η). Standard coefficients (reflection 1, expansion 2, contraction ½,
 *   shrink ½) of Nelder JA, Mead R. A simplex method for function minimization. Comput J
 *   1965;7:308–313, with the ordering and tie-breaking of Lagarias JC, Reeds JA, Wright MH,
 *   Wright PE. SIAM J Optim 1998;9:112–147 (inside contraction tried when outside fails).
 * - {@link LevenbergMarquardt}: nonlinear least squares ½‖r(x)‖² in a few dimensions
 *   (Gauss–Newton with Marquardt's diagonal damping and a forward-difference Jacobian:
 *   Marquardt DW. J Soc Ind Appl Math 1963;11:431–441; Nocedal J, Wright SJ. Numerical
 *   Optimization, 2nd ed., §10.3). A MAP fit with a Gaussian prior is such a problem: the
 *   prior enters as extra residuals. Converges in a few iterations from a warm start.
 * - {@link minimiseOnGrid}: minimisation of a unimodal function over the integers
 *   lo…hi by a golden-section-style bracketing on integers (ternary search), then an
 *   exhaustive look at the last ≤ 4 points; used to pick a dose index on the 0.5 mg grid.
 */
import { InputError } from '../../core/errors.js';

function checkDimension(what: string, dimension: number): void {
  if (!Number.isSafeInteger(dimension) || dimension < 1) throw new InputError(`${what}: dimension must be a positive integer, got ${String(dimension)}`, 'dimension');
}

/** A function of a point. It must not keep or modify `x` (it is a reused buffer). */
export type Objective = (x: Float64Array) => number;

/** Options of a Nelder–Mead run. */
export interface NelderMeadOptions {
  /** Edge length of the initial simplex along each axis (default 0.1; a number or one per axis). */
  initialStep?: number | ArrayLike<number>;
  /** Stop after this many function evaluations (default 200·dimension). */
  maxEvaluations?: number;
  /** Stop when the spread of function values over the simplex is below this (default 1e-8). */
  tolFunction?: number;
  /** …and the simplex's largest coordinate distance from the best vertex is below this (default 1e-6). */
  tolX?: number;
}

/** Outcome of a minimisation. The minimiser is written into the caller's `x`. */
export interface MinimiseResult {
  /** Objective at the returned point. */
  value: number;
  evaluations: number;
  /** True when the tolerances were met (false: stopped by maxEvaluations). */
  converged: boolean;
}

/**
 * Nelder–Mead simplex minimiser for a fixed dimension (see the module doc). Reuse one
 * instance for many minimisations: it holds the simplex buffers.
 * @example
 * const nm = new NelderMead(2);
 * const x = Float64Array.of(0, 0);
 * nm.minimise((p) => (p[0]! - 1) ** 2 + (p[1]! + 2) ** 2, x); // x ≈ [1, −2]
 */
export class NelderMead {
  readonly dimension: number;
  /** Vertices, row-major ((n+1) × n). */
  private readonly simplex: Float64Array;
  private readonly values: Float64Array;
  private readonly order: Int32Array;
  private readonly centroid: Float64Array;
  private readonly reflected: Float64Array;
  private readonly trial: Float64Array;
  private readonly point: Float64Array;

  constructor(dimension: number) {
    checkDimension('NelderMead', dimension);
    this.dimension = dimension;
    this.simplex = new Float64Array((dimension + 1) * dimension);
    this.values = new Float64Array(dimension + 1);
    this.order = new Int32Array(dimension + 1);
    this.centroid = new Float64Array(dimension);
    this.reflected = new Float64Array(dimension);
    this.trial = new Float64Array(dimension);
    this.point = new Float64Array(dimension);
  }

  /**
   * Minimise `f` starting from `x` (length = dimension); the best point found is written
   * back into `x`. Non-finite objective values are treated as +∞ (the simplex moves away).
   */
  minimise(f: Objective, x: Float64Array, options: NelderMeadOptions = {}): MinimiseResult {
    const n = this.dimension;
    if (x.length !== n) throw new InputError(`NelderMead: start point has ${x.length} coordinates, expected ${n}`, 'x');
    const maxEval = options.maxEvaluations ?? 200 * n;
    const tolF = options.tolFunction ?? 1e-8;
    const tolX = options.tolX ?? 1e-6;
    const step = options.initialStep ?? 0.1;
    const { simplex, values, order, centroid, reflected, trial } = this;
    let evaluations = 0;
    const evaluate = (src: Float64Array, offset: number): number => {
      for (let j = 0; j < n; j++) this.point[j] = src[offset + j]!;
      evaluations++;
      const v = f(this.point);
      return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
    };

    for (let j = 0; j < n; j++) simplex[j] = x[j]!;
    for (let v = 1; v <= n; v++) {
      for (let j = 0; j < n; j++) simplex[v * n + j] = x[j]!;
      const h = typeof step === 'number' ? step : step[v - 1]!;
      simplex[v * n + v - 1] = simplex[v * n + v - 1]! + h;
    }
    for (let v = 0; v <= n; v++) values[v] = evaluate(simplex, v * n);

    let converged = false;
    while (evaluations < maxEval) {
      // Order vertices by value (insertion sort on n + 1 indices).
      for (let v = 0; v <= n; v++) order[v] = v;
      for (let a = 1; a <= n; a++) {
        const key = order[a]!;
        let b = a - 1;
        while (b >= 0 && values[order[b]!]! > values[key]!) {
          order[b + 1] = order[b]!;
          b--;
        }
        order[b + 1] = key;
      }
      const best = order[0]!, worst = order[n]!, second = order[n - 1]!;
      if (this.spreadBelow(best, tolF, tolX)) {
        converged = true;
        break;
      }
      // Centroid of all but the worst.
      centroid.fill(0);
      for (let v = 0; v <= n; v++) {
        if (v === worst) continue;
        for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + simplex[v * n + j]! / n;
      }
      for (let j = 0; j < n; j++) reflected[j] = 2 * centroid[j]! - simplex[worst * n + j]!;
      const fr = evaluate(reflected, 0);
      if (fr < values[best]!) {
        for (let j = 0; j < n; j++) trial[j] = 3 * centroid[j]! - 2 * simplex[worst * n + j]!;
        const fe = evaluate(trial, 0);
        if (fe < fr) this.replace(worst, trial, fe);
        else this.replace(worst, reflected, fr);
        continue;
      }
      if (fr < values[second]!) {
        this.replace(worst, reflected, fr);
        continue;
      }
      // Contraction: outside when the reflection improved on the worst, else inside.
      const outside = fr < values[worst]!;
      for (let j = 0; j < n; j++) {
        trial[j] = outside ? centroid[j]! + 0.5 * (reflected[j]! - centroid[j]!) : centroid[j]! + 0.5 * (simplex[worst * n + j]! - centroid[j]!);
      }
      const fc = evaluate(trial, 0);
      if (fc < (outside ? fr : values[worst]!)) {
        this.replace(worst, trial, fc);
        continue;
      }
      // Shrink towards the best vertex.
      for (let v = 0; v <= n; v++) {
        if (v === best) continue;
        for (let j = 0; j < n; j++) simplex[v * n + j] = simplex[best * n + j]! + 0.5 * (simplex[v * n + j]! - simplex[best * n + j]!);
        values[v] = evaluate(simplex, v * n);
      }
    }
    let best = 0;
    for (let v = 1; v <= n; v++) if (values[v]! < values[best]!) best = v;
    for (let j = 0; j < n; j++) x[j] = simplex[best * n + j]!;
    return { value: values[best]!, evaluations, converged };
  }

  private replace(vertex: number, point: Float64Array, value: number): void {
    const n = this.dimension;
    for (let j = 0; j < n; j++) this.simplex[vertex * n + j] = point[j]!;
    this.values[vertex] = value;
  }

  private spreadBelow(best: number, tolF: number, tolX: number): boolean {
    const n = this.dimension;
    let fSpread = 0, xSpread = 0;
    for (let v = 0; v <= n; v++) {
      fSpread = Math.max(fSpread, Math.abs(this.values[v]! - this.values[best]!));
      for (let j = 0; j < n; j++) xSpread = Math.max(xSpread, Math.abs(this.simplex[v * n + j]! - this.simplex[best * n + j]!));
    }
    return fSpread <= tolF && xSpread <= tolX;
  }
}

/** Writes the residuals r(x) into `r` (its first `m` entries, m fixed per minimisation). */
export type Residuals = (x: Float64Array, r: Float64Array) => void;

/** Options of a Levenberg–Marquardt run. */
export interface LevenbergMarquardtOptions {
  /** Stop after this many Jacobian evaluations (default 20). */
  maxIterations?: number;
  /** Forward-difference step per coordinate (default 1e-4). */
  differenceStep?: number;
  /** Stop when an accepted step lowers ½‖r‖² by less than tolFunction·(1 + ½‖r‖²) (default 1e-6). */
  tolFunction?: number;
  /** …or moves every coordinate by less than this (default 1e-5). */
  tolX?: number;
  /** Initial damping λ (default 1e-3). */
  initialDamping?: number;
}

/**
 * Levenberg–Marquardt minimiser of ½‖r(x)‖² for a fixed number of parameters (see the
 * module doc). Buffers are reused; they grow (once) when more residuals are needed.
 * Each iteration solves (JᵀJ + λ·diag(JᵀJ))·δ = −Jᵀr by Cholesky; an accepted step divides
 * λ by 10, a rejected one multiplies it by 10.
 * @example
 * const lm = new LevenbergMarquardt(1);
 * const x = Float64Array.of(0);
 * lm.minimise((p, r) => { r[0] = p[0]! - 3; r[1] = 0.1 * p[0]!; }, 2, x); // x ≈ [2.97]
 */
export class LevenbergMarquardt {
  readonly dimension: number;
  private capacity = 0;
  private r = new Float64Array(0);
  private rTrial = new Float64Array(0);
  private jacobian = new Float64Array(0);
  private readonly normal: Float64Array;
  private readonly damped: Float64Array;
  private readonly gradient: Float64Array;
  private readonly step: Float64Array;
  private readonly xTrial: Float64Array;

  constructor(dimension: number) {
    checkDimension('LevenbergMarquardt', dimension);
    this.dimension = dimension;
    this.normal = new Float64Array(dimension * dimension);
    this.damped = new Float64Array(dimension * dimension);
    this.gradient = new Float64Array(dimension);
    this.step = new Float64Array(dimension);
    this.xTrial = new Float64Array(dimension);
  }

  /**
   * Minimise ½‖r(x)‖² over x from the start `x` (overwritten with the minimiser), with `m`
   * residuals. `value` in the result is ½‖r‖² at the returned point; `evaluations` counts
   * calls of `residuals`.
   */
  minimise(residuals: Residuals, m: number, x: Float64Array, options: LevenbergMarquardtOptions = {}): MinimiseResult {
    const n = this.dimension;
    if (x.length !== n) throw new InputError(`LevenbergMarquardt: start point has ${x.length} coordinates, expected ${n}`, 'x');
    if (!Number.isSafeInteger(m) || m < 1) throw new InputError(`LevenbergMarquardt: need at least one residual, got ${String(m)}`, 'm');
    this.ensureCapacity(m);
    const maxIter = options.maxIterations ?? 20;
    const h = options.differenceStep ?? 1e-4;
    const tolF = options.tolFunction ?? 1e-6;
    const tolX = options.tolX ?? 1e-5;
    let lambda = options.initialDamping ?? 1e-3;
    const { r, rTrial, jacobian: jac, normal, damped, gradient, step, xTrial } = this;
    let evaluations = 1;
    residuals(x, r);
    let cost = halfSquaredNorm(r, m);
    let converged = false;
    for (let iter = 0; iter < maxIter && !converged; iter++) {
      // Forward-difference Jacobian, column j at jac[j·m …].
      for (let j = 0; j < n; j++) {
        const xj = x[j]!;
        x[j] = xj + h;
        residuals(x, rTrial);
        evaluations++;
        x[j] = xj;
        for (let k = 0; k < m; k++) jac[j * m + k] = (rTrial[k]! - r[k]!) / h;
      }
      for (let a = 0; a < n; a++) {
        let g = 0;
        for (let k = 0; k < m; k++) g += jac[a * m + k]! * r[k]!;
        gradient[a] = g;
        for (let b = 0; b <= a; b++) {
          let s = 0;
          for (let k = 0; k < m; k++) s += jac[a * m + k]! * jac[b * m + k]!;
          normal[a * n + b] = s;
          normal[b * n + a] = s;
        }
      }
      let accepted = false;
      while (!accepted && lambda < 1e12) {
        for (let e = 0; e < n * n; e++) damped[e] = normal[e]!;
        for (let a = 0; a < n; a++) damped[a * n + a] = normal[a * n + a]! * (1 + lambda) + 1e-12;
        for (let a = 0; a < n; a++) step[a] = -gradient[a]!;
        if (!solveCholesky(damped, step, n)) {
          lambda *= 10;
          continue;
        }
        for (let a = 0; a < n; a++) xTrial[a] = x[a]! + step[a]!;
        residuals(xTrial, rTrial);
        evaluations++;
        const trialCost = halfSquaredNorm(rTrial, m);
        if (trialCost < cost) {
          accepted = true;
          let maxStep = 0;
          for (let a = 0; a < n; a++) {
            maxStep = Math.max(maxStep, Math.abs(step[a]!));
            x[a] = xTrial[a]!;
          }
          for (let k = 0; k < m; k++) r[k] = rTrial[k]!;
          converged = cost - trialCost < tolF * (1 + cost) || maxStep < tolX;
          cost = trialCost;
          lambda = Math.max(lambda / 10, 1e-9);
        } else {
          lambda *= 10;
        }
      }
      if (!accepted) converged = true; // no descent step exists at this resolution: a minimum
    }
    return { value: cost, evaluations, converged };
  }

  private ensureCapacity(m: number): void {
    if (m <= this.capacity) return;
    this.capacity = Math.max(m, 2 * this.capacity);
    this.r = new Float64Array(this.capacity);
    this.rTrial = new Float64Array(this.capacity);
    this.jacobian = new Float64Array(this.capacity * this.dimension);
  }
}

function halfSquaredNorm(r: Float64Array, m: number): number {
  let s = 0;
  for (let k = 0; k < m; k++) s += r[k]! * r[k]!;
  return Number.isFinite(s) ? 0.5 * s : Number.POSITIVE_INFINITY;
}

/**
 * Solve A·x = b in place (b ← x) for a symmetric positive definite n×n A (row-major,
 * overwritten by its Cholesky factor). Returns false when A is not positive definite.
 */
function solveCholesky(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (!(d > 0)) return false;
    d = Math.sqrt(d);
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / d;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  return true;
}

/** Result of {@link minimiseOnGrid}. */
export interface GridMinimum {
  /** The minimising integer. */
  index: number;
  value: number;
  evaluations: number;
}

/**
 * Minimise `f` over the integers lo…hi (inclusive), assuming `f` is unimodal there
 * (strictly decreasing, then possibly flat at the minimum, then strictly increasing). Ternary search shrinks the bracket by a third per
 * two evaluations until ≤ 4 points remain, which are all evaluated: about 2·log₁.₅(n)
 * evaluations instead of n. On ties the smaller integer wins. For a function that is not
 * unimodal the result is a local minimum.
 * @example minimiseOnGrid((i) => (i - 7) ** 2, 0, 30).index // 7
 */
export function minimiseOnGrid(f: (index: number) => number, lo: number, hi: number): GridMinimum {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
    throw new InputError(`minimiseOnGrid: need integers lo ≤ hi, got ${String(lo)}, ${String(hi)}`, 'lo');
  }
  let a = lo, b = hi, evaluations = 0;
  while (b - a > 3) {
    const m1 = a + Math.floor((b - a) / 3);
    const m2 = b - Math.floor((b - a) / 3);
    const f1 = f(m1), f2 = f(m2);
    evaluations += 2;
    if (f1 < f2) b = m2 - 1;
    else if (f1 > f2) a = m1 + 1;
    else {
      a = m1;
      b = m2;
    }
  }
  let index = a, value = Number.POSITIVE_INFINITY;
  for (let i = a; i <= b; i++) {
    const v = f(i);
    evaluations++;
    if (v < value) {
      value = v;
      index = i;
    }
  }
  return { index, value, evaluations };
}
