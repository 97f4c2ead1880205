/**
 * Exact advance of linear compartment PK over a time step, with constant zero-order input.
 *
 * For dx/dt = A·x + r with r constant over [t, t+Δ]:
 *
 *   x(t+Δ) = Φ·x(t) + Γ·r,   Φ = e^(AΔ),   Γ = ∫₀^Δ e^(As) ds
 *
 * Both come from one matrix exponential of the augmented matrix (Van Loan, IEEE Trans
 * Automat Control 1978;23:395–404):
 *
 *   exp([[A, I], [0, 0]]·Δ) = [[Φ, Γ], [0, I]]
 *
 * Why this method and not eigen-decomposition formulas (ADVAN recursions): it is exact for
 * every parameter value, including the degenerate cases where closed forms divide by
 * zero (KA equal to an eigenvalue of the disposition, Q = 0, CL = 0), and one code path
 * serves 1–3 compartments with or without depot. The closed forms are kept in
 * `analytic.ts` as independent test oracles.
 *
 * Cost: Φ and Γ are cached for the last few distinct Δ (a simulation usually repeats a
 * handful of step sizes: dosing interval, observation interval); a cache hit costs one
 * n×n and one n×n matrix–vector product (n ≤ 4). A miss costs one 2n×2n Padé
 * exponential, computed in preallocated buffers. Nothing is allocated after construction.
 */
import { InputError } from '../../core/errors.js';
import type { ModelSpec } from '../types.js';
import { MatrixExponential } from './expm.js';
import { fillLinearSystemMatrix, linearSystemLayout, type LinearSystemLayout } from './system-matrix.js';

/** Number of distinct step sizes whose Φ and Γ are kept. */
const CACHE_SLOTS = 6;

/** Exact, allocation-free stepper for a model with a `linear` descriptor. */
export class LinearPkStepper {
  readonly layout: LinearSystemLayout;
  /**
   * True when the linear system covers every state of the model. When false, `advance`
   * moves only the linear states (depot, central, peripherals) and leaves the others
   * (e.g. effect compartment, PD states) untouched: the caller must integrate them.
   */
  readonly coversAllStates: boolean;
  private readonly n: number;
  private readonly matrix: Float64Array;
  private readonly augmented: Float64Array;
  private readonly augmentedExp: Float64Array;
  private readonly expm: MatrixExponential;
  private readonly slotDt: Float64Array;
  private readonly slotAge: Float64Array;
  private readonly phi: Float64Array[];
  private readonly gamma: Float64Array[];
  private readonly linearState: Float64Array;
  private readonly linearRates: Float64Array;
  private clock = 0;

  /**
   * @param spec a model with `spec.linear` (1–3 compartments, optional depot)
   * @param p the individual parameter vector (positive volumes, non-negative CL, Q, KA)
   * @throws InputError when the descriptor is incomplete or a parameter is invalid
   */
  constructor(spec: ModelSpec, p: Float64Array) {
    this.layout = linearSystemLayout(spec);
    this.coversAllStates = this.layout.size === spec.states.length;
    const n = (this.n = this.layout.size);
    this.matrix = new Float64Array(n * n);
    this.augmented = new Float64Array(4 * n * n);
    this.augmentedExp = new Float64Array(4 * n * n);
    this.expm = new MatrixExponential(2 * n);
    this.slotDt = new Float64Array(CACHE_SLOTS);
    this.slotAge = new Float64Array(CACHE_SLOTS);
    this.phi = Array.from({ length: CACHE_SLOTS }, () => new Float64Array(n * n));
    this.gamma = Array.from({ length: CACHE_SLOTS }, () => new Float64Array(n * n));
    this.linearState = new Float64Array(n);
    this.linearRates = new Float64Array(n);
    this.setParameters(p);
  }

  /** Switch to new individual parameters (e.g. a time-varying covariate); clears the cache. */
  setParameters(p: Float64Array): void {
    fillLinearSystemMatrix(this.layout, p, this.matrix);
    this.slotDt.fill(-1);
    this.slotAge.fill(0);
  }

  /**
   * Advance the model state `x` (the full state vector, in the model's order) by `dt`
   * in place, with constant input `rates[i]` (amount per time unit into state i; zero
   * when omitted; entries for non-linear states are ignored).
   * @throws InputError when `dt` is negative or not finite
   */
  advance(x: Float64Array, dt: number, rates?: Float64Array): void {
    if (!(dt >= 0) || !Number.isFinite(dt)) {
      throw new InputError(`time step dt = ${dt}, expected a non-negative finite number`, 'dt');
    }
    if (dt === 0) return;
    const slot = this.slotFor(dt);
    const phi = this.phi[slot]!;
    const gamma = this.gamma[slot]!;
    const n = this.n;
    const idx = this.layout.stateIndices;
    const x0 = this.linearState;
    const r = this.linearRates;
    let anyRate = false;
    for (let i = 0; i < n; i++) {
      x0[i] = x[idx[i]!]!;
      r[i] = rates ? rates[idx[i]!]! : 0;
      if (r[i] !== 0) anyRate = true;
    }
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += phi[i * n + j]! * x0[j]!;
      if (anyRate) for (let j = 0; j < n; j++) sum += gamma[i * n + j]! * r[j]!;
      x[idx[i]!] = sum;
    }
  }

  /** Index of the cache slot holding Φ and Γ for `dt`, computing them on a miss. */
  private slotFor(dt: number): number {
    this.clock++;
    let oldest = 0;
    for (let s = 0; s < CACHE_SLOTS; s++) {
      if (this.slotDt[s] === dt) {
        this.slotAge[s] = this.clock;
        return s;
      }
      if (this.slotAge[s]! < this.slotAge[oldest]!) oldest = s;
    }
    this.computeSlot(oldest, dt);
    this.slotDt[oldest] = dt;
    this.slotAge[oldest] = this.clock;
    return oldest;
  }

  private computeSlot(slot: number, dt: number): void {
    const n = this.n;
    const m = 2 * n;
    const aug = this.augmented;
    aug.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) aug[i * m + j] = this.matrix[i * n + j]!;
      aug[i * m + n + i] = 1;
    }
    this.expm.compute(aug, dt, this.augmentedExp);
    const phi = this.phi[slot]!;
    const gamma = this.gamma[slot]!;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        phi[i * n + j] = this.augmentedExp[i * m + j]!;
        gamma[i * n + j] = this.augmentedExp[i * m + n + j]!;
      }
    }
  }
}
