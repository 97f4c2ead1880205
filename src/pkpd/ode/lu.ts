/**
 * Allocation-free dense LU factorisation with partial pivoting (Doolittle, row
 * interchanges; Golub & Van Loan, Matrix Computations, 4th ed., Alg. 3.4.1) and the
 * matching forward/back substitution. Used by the Rosenbrock solver on its small
 * (states × states) iteration matrix; mathjs is deliberately not used here because this
 * runs once per step.
 *
 * Storage: `a` is row-major n×n, overwritten by L (unit diagonal, below) and U (on and
 * above the diagonal); `pivots[k]` is the row swapped with row k at elimination step k.
 */

/**
 * Factorise `a` in place. Returns false when a pivot is exactly zero or not finite
 * (singular or non-finite matrix); `a` is then unusable.
 */
export function luFactor(a: Float64Array, n: number, pivots: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    // Pivot: the largest magnitude in column k at or below the diagonal.
    let p = k;
    let max = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > max) {
        max = v;
        p = i;
      }
    }
    pivots[k] = p;
    if (!(max > 0) || !Number.isFinite(max)) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const tmp = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = tmp;
      }
    }
    const inv = 1 / a[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const l = a[i * n + k]! * inv;
      a[i * n + k] = l;
      if (l !== 0) {
        for (let j = k + 1; j < n; j++) a[i * n + j] = a[i * n + j]! - l * a[k * n + j]!;
      }
    }
  }
  return true;
}

/** Solve A·x = b in place (b becomes x), with `a`/`pivots` from {@link luFactor}. */
export function luSolve(a: Float64Array, n: number, pivots: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k]!;
    if (p !== k) {
      const tmp = b[k]!;
      b[k] = b[p]!;
      b[p] = tmp;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= a[i * n + j]! * b[j]!;
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * b[j]!;
    b[i] = s / a[i * n + i]!;
  }
}
