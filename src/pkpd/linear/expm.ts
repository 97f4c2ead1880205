/**
 * Allocation-free matrix exponential for the small dense matrices of linear PK
 * (at most 8×8: a 3-compartment model with depot, augmented for zero-order input).
 *
 * Method: diagonal Padé approximant of degree (6, 6) with scaling and squaring
 * (Moler & Van Loan, "Nineteen dubious ways to compute the exponential of a matrix,
 * twenty-five years later", SIAM Review 2003;45:3–49, method 3; Golub & Van Loan,
 * Matrix Computations, 4th ed., Algorithm 9.3.1). The matrix is scaled by 2^-j so that
 * ‖A/2^j‖∞ ≤ 1/2, where the (6, 6) approximant's relative backward error is below
 * 2^(3−12)·6!·6!/(12!·13!) ≈ 3.4e-16, i.e. at the level of double rounding; the result
 * is then squared j times.
 *
 * Why hand-written and not mathjs `expm`: it runs whenever a stepper meets a new time
 * step, possibly inside a simulation loop, so it must not allocate. mathjs `expm` is
 * used in the tests as an independent reference.
 */
import { NumericalError } from '../../core/errors.js';
import { luFactor, luSolve } from '../ode/lu.js';

/** Workspace that computes e^(A·t) for n×n row-major matrices without allocating. */
export class MatrixExponential {
  readonly n: number;
  private readonly scaled: Float64Array;
  private readonly power: Float64Array;
  private readonly numerator: Float64Array;
  private readonly denominator: Float64Array;
  private readonly scratch: Float64Array;
  private readonly pivots: Int32Array;
  private readonly column: Float64Array;

  constructor(n: number) {
    this.n = n;
    const size = n * n;
    this.scaled = new Float64Array(size);
    this.power = new Float64Array(size);
    this.numerator = new Float64Array(size);
    this.denominator = new Float64Array(size);
    this.scratch = new Float64Array(size);
    this.pivots = new Int32Array(n);
    this.column = new Float64Array(n);
  }

  /**
   * Write e^(A·t) into `out` (row-major n×n). `a` and `out` must not be the same array.
   * @example
   * const e = new MatrixExponential(1);
   * const out = new Float64Array(1);
   * e.compute(Float64Array.of(-0.1), 2, out); // out[0] ≈ Math.exp(-0.2)
   */
  compute(a: Float64Array, t: number, out: Float64Array): void {
    const n = this.n;
    const { scaled, power, numerator, denominator } = this;

    let normInf = 0;
    for (let i = 0; i < n; i++) {
      let rowSum = 0;
      for (let j = 0; j < n; j++) rowSum += Math.abs(a[i * n + j]! * t);
      if (rowSum > normInf) normInf = rowSum;
    }
    // Number of squarings so that ‖A·t/2^s‖∞ ≤ 1/2.
    const squarings = normInf > 0.5 ? Math.max(0, Math.ceil(Math.log2(normInf / 0.5))) : 0;
    const scale = t / 2 ** squarings;
    for (let k = 0; k < n * n; k++) scaled[k] = a[k]! * scale;

    // N = Σ c_k X^k, D = Σ (−1)^k c_k X^k, with the Padé (6, 6) coefficients c_k.
    const q = 6;
    let c = 0.5;
    setIdentity(numerator, n);
    setIdentity(denominator, n);
    power.set(scaled);
    for (let k = 0; k < n * n; k++) {
      numerator[k] = numerator[k]! + c * power[k]!;
      denominator[k] = denominator[k]! - c * power[k]!;
    }
    for (let order = 2; order <= q; order++) {
      c = (c * (q - order + 1)) / (order * (2 * q - order + 1));
      multiplyInto(scaled, power, this.scratch, n);
      power.set(this.scratch);
      const sign = order % 2 === 0 ? 1 : -1;
      for (let k = 0; k < n * n; k++) {
        numerator[k] = numerator[k]! + c * power[k]!;
        denominator[k] = denominator[k]! + sign * c * power[k]!;
      }
    }

    // F = D⁻¹·N, then F ← F² `squarings` times.
    this.solveInPlace(denominator, numerator);
    for (let k = 0; k < n * n; k++) out[k] = numerator[k]!;
    for (let s = 0; s < squarings; s++) {
      multiplyInto(out, out, this.scratch, n);
      out.set(this.scratch);
    }
  }

  /** Solve D·X = B for X (written into `b`), column by column; destroys `d`. */
  private solveInPlace(d: Float64Array, b: Float64Array): void {
    const n = this.n;
    if (!luFactor(d, n, this.pivots)) {
      // Cannot happen for finite input: ‖A‖ ≤ 1/2 keeps the Padé denominator well conditioned.
      throw new NumericalError('matrix exponential: singular Padé denominator (non-finite matrix entries?)');
    }
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) this.column[i] = b[i * n + j]!;
      luSolve(d, n, this.pivots, this.column);
      for (let i = 0; i < n; i++) b[i * n + j] = this.column[i]!;
    }
  }
}

function setIdentity(m: Float64Array, n: number): void {
  m.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
}

/** out = a·b for row-major n×n matrices (`out` distinct from both). */
function multiplyInto(a: Float64Array, b: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a[i * n + k]! * b[k * n + j]!;
      out[i * n + j] = sum;
    }
  }
}
