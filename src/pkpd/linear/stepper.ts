/**
 * Exact advance of linear compartment PK over a time step, with constant zero-order input.
 *
 * For dx/dt = A·x + r with r constant over [t, t+Δ]:
 *
 *   x(t+Δ) = Φ·x(t) + Γ·r,   Φ = e^(AΔ),   Γ = ∫₀^Δ e^(As) ds
 *
 * Γ comes from the matrix exponential of the augmented matrix (Van Loan, IEEE Trans
 * Automat Control 1978;23:395–404), whose upper-left block is Φ again:
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
 * n×n matrix–vector product (n ≤ 4), plus one more for Γ·r while an input runs. A miss
 * costs one n×n Padé exponential for Φ; Γ, from the 2n×2n augmented exponential, is
 * computed only the first time that Δ is stepped with input. Both run in shared
 * preallocated buffers. Nothing is allocated after construction, and construction itself
 * is cheap (a handful of small arrays), because `simulate` builds a stepper on every call.
 *
 * The pieces here ({@link TransitionCache}, {@link transitionKernel}) are shared with the
 * batched stepper (`batch-stepper.ts`), so that one patient stepped alone or in a batch
 * follows exactly the same arithmetic.
 */
import { InputError } from '../../core/errors.js';
import type { ModelSpec } from '../types.js';
import { MatrixExponential } from './expm.js';
import { fillLinearSystemMatrix, linearSystemLayout, type LinearSystemLayout } from './system-matrix.js';

/** Number of distinct step sizes whose Φ and Γ are kept (per parameter group). */
const CACHE_SLOTS = 6;

/** Resolved layouts by model: resolving names to indices is setup work, done once per spec. */
const layouts = new WeakMap<ModelSpec, LinearSystemLayout>();

/**
 * The linear-system layout of `spec`, computed once per spec object and shared.
 * @throws InputError when the model has no (or an incomplete) linear descriptor
 */
export function cachedLinearLayout(spec: ModelSpec): LinearSystemLayout {
  let layout = layouts.get(spec);
  if (!layout) {
    layout = linearSystemLayout(spec);
    layouts.set(spec, layout);
  }
  return layout;
}

/**
 * Scratch for the exponentials, one per matrix size. JavaScript is single-threaded and
 * the functions below never re-enter, so all steppers share it: constructing a stepper
 * then allocates no exponential buffers (typed-array allocation, not arithmetic,
 * dominated the cost of a short `simulate` call).
 */
interface ExpWorkspace {
  expm: MatrixExponential;
  input: Float64Array;
  result: Float64Array;
}
const workspaces = new Map<number, ExpWorkspace>();

function workspace(size: number): ExpWorkspace {
  let ws = workspaces.get(size);
  if (!ws) {
    ws = { expm: new MatrixExponential(size), input: new Float64Array(size * size), result: new Float64Array(size * size) };
    workspaces.set(size, ws);
  }
  return ws;
}

/** Write Φ = e^(AΔ) (n×n row-major) at `out[outOffset …]`, for A stored row-major at `a[aOffset …]`. */
export function transitionPhi(a: Float64Array, aOffset: number, n: number, dt: number, out: Float64Array, outOffset: number): void {
  const ws = workspace(n);
  for (let k = 0; k < n * n; k++) ws.input[k] = a[aOffset + k]!;
  ws.expm.compute(ws.input, dt, ws.result);
  for (let k = 0; k < n * n; k++) out[outOffset + k] = ws.result[k]!;
}

/**
 * Write Γ = ∫₀^Δ e^(As) ds (n×n row-major) at `out[outOffset …]`: the upper-right block of
 * exp([[A, I], [0, 0]]·Δ). Its upper-left block (Φ again) is not used: Φ always comes from
 * {@link transitionPhi}, so a step's result never depends on whether Γ was computed too.
 */
export function transitionGamma(a: Float64Array, aOffset: number, n: number, dt: number, out: Float64Array, outOffset: number): void {
  const m = 2 * n;
  const ws = workspace(m);
  const aug = ws.input;
  aug.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) aug[i * m + j] = a[aOffset + i * n + j]!;
    aug[i * m + n + i] = 1;
  }
  ws.expm.compute(aug, dt, ws.result);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[outOffset + i * n + j] = ws.result[i * m + n + j]!;
  }
}

/**
 * Φ and Γ for the last {@link CACHE_SLOTS} distinct step sizes of each of `groups` system
 * matrices (a group = patients whose matrices A are identical), least recently used
 * replaced first. Storage is contiguous and slot-major: group g's slot s holds [Φ, Γ] at
 * `data[(s·groups + g)·2n² …]`, so when a cohort steps in lockstep (every group on the same
 * slot) one pass over patients reads the matrices as one sequential sweep. Γ is computed only when a step with input
 * asks for it: without infusions a slot costs an n×n exponential, not a 2n×2n one
 * (about 8× less work, and it dominated a patient's simulation).
 */
export class TransitionCache {
  readonly n: number;
  readonly groups: number;
  /** System matrix A of each group (groups × n², row-major). Call {@link clear} after changing one. */
  readonly matrices: Float64Array;
  /** [Φ, Γ] per group and slot. */
  readonly data: Float64Array;
  private readonly slotDt: Float64Array;
  private readonly slotAge: Float64Array;
  /** 1 when the slot's Γ has been computed. */
  private readonly slotHasGamma: Uint8Array;
  /** Slot of each group's last hit: consecutive steps usually repeat the same Δ. */
  private readonly lastSlot: Int32Array;
  /** Length of one slot: [Φ, Γ] = 2n² numbers. */
  private readonly stride: number;
  private clock = 0;

  constructor(n: number, groups: number) {
    this.n = n;
    this.groups = groups;
    this.matrices = new Float64Array(groups * n * n);
    this.data = new Float64Array(groups * CACHE_SLOTS * 2 * n * n);
    this.slotDt = new Float64Array(groups * CACHE_SLOTS).fill(-1);
    this.slotAge = new Float64Array(groups * CACHE_SLOTS);
    this.slotHasGamma = new Uint8Array(groups * CACHE_SLOTS);
    this.lastSlot = new Int32Array(groups);
    this.stride = 2 * n * n;
  }

  /** Forget group g's Φ and Γ (its matrix changed). */
  clear(g: number): void {
    this.slotDt.fill(-1, g * CACHE_SLOTS, (g + 1) * CACHE_SLOTS);
    this.slotAge.fill(0, g * CACHE_SLOTS, (g + 1) * CACHE_SLOTS);
  }

  /**
   * Offset in {@link data} of group g's [Φ, Γ] for step `dt` (> 0), computing Φ on a miss
   * and Γ when `withGamma` and not yet done.
   */
  lookup(g: number, dt: number, withGamma: boolean): number {
    let slot = g * CACHE_SLOTS + this.lastSlot[g]!;
    // Fast path, one compare: the step size used last time. That slot's age is stamped
    // only when another slot takes over (below), which keeps the LRU order exact.
    if (this.slotDt[slot] !== dt) slot = this.findSlot(g, dt);
    const offset = this.offset(g, slot);
    if (withGamma && this.slotHasGamma[slot] === 0) {
      transitionGamma(this.matrices, g * this.n * this.n, this.n, dt, this.data, offset + this.n * this.n);
      this.slotHasGamma[slot] = 1;
    }
    return offset;
  }

  /** Offset in {@link data} of slot `slot` (= g·SLOTS + s) of group g. */
  private offset(g: number, slot: number): number {
    return ((slot - g * CACHE_SLOTS) * this.groups + g) * this.stride;
  }

  /** The slot holding `dt` for group g, filling the least recently used one (Φ only) on a miss. */
  private findSlot(g: number, dt: number): number {
    const base = g * CACHE_SLOTS;
    this.slotAge[base + this.lastSlot[g]!] = ++this.clock;
    let found = -1;
    let oldest = base;
    for (let s = base; s < base + CACHE_SLOTS; s++) {
      if (this.slotDt[s] === dt) found = s;
      if (this.slotAge[s]! < this.slotAge[oldest]!) oldest = s;
    }
    if (found < 0) {
      found = oldest;
      transitionPhi(this.matrices, g * this.n * this.n, this.n, dt, this.data, this.offset(g, found));
      this.slotDt[found] = dt;
      this.slotHasGamma[found] = 0;
    }
    this.slotAge[found] = ++this.clock;
    this.lastSlot[g] = found - base;
    return found;
  }
}

/** True when any linear state of the patient at `xOffset` has a non-zero input rate. */
export function hasInput(rates: Float64Array, xOffset: number, idx: Int32Array): boolean {
  for (let i = 0; i < idx.length; i++) if (rates[xOffset + idx[i]!] !== 0) return true;
  return false;
}

/**
 * x ← Φ·x + Γ·r on the linear states of one patient: system state i is
 * `x[xOffset + idx[i]]`, its input `rates[xOffset + idx[i]]` (none when `rates` is
 * undefined), [Φ, Γ] at `pg[offset …]`. The Γ·r product is skipped when every input is
 * zero, so a patient without infusion pays only for Φ·x.
 */
export type TransitionKernel = (pg: Float64Array, offset: number, idx: Int32Array, x: Float64Array, xOffset: number, rates: Float64Array | undefined) => void;

/**
 * The kernel for an n-state system. Sizes 2–4 (one-compartment with depot up to
 * three-compartment with depot) are unrolled: with the state in locals instead of a
 * scratch array and no inner loops, a 3-state step measured ~4× faster than the generic
 * loop. All kernels sum in the same order (Φ row left to right, then Γ row), so every
 * size gives the same rounding as the generic form.
 */
export function transitionKernel(n: number): TransitionKernel {
  if (n === 2) return transition2;
  if (n === 3) return transition3;
  if (n === 4) return transition4;
  const scratch = new Float64Array(2 * n);
  return (pg, o, idx, x, xo, rates) => transitionGeneric(pg, o, n, idx, x, xo, rates, scratch);
}

function transitionGeneric(pg: Float64Array, o: number, n: number, idx: Int32Array, x: Float64Array, xo: number, rates: Float64Array | undefined, scratch: Float64Array): void {
  for (let i = 0; i < n; i++) {
    scratch[i] = x[xo + idx[i]!]!;
    scratch[n + i] = rates === undefined ? 0 : rates[xo + idx[i]!]!;
  }
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += pg[o + i * n + j]! * scratch[j]!;
    if (rates !== undefined) for (let j = 0; j < n; j++) sum += pg[o + n * n + i * n + j]! * scratch[n + j]!;
    x[xo + idx[i]!] = sum;
  }
}

function transition2(pg: Float64Array, o: number, idx: Int32Array, x: Float64Array, xo: number, rates: Float64Array | undefined): void {
  const s0 = xo + idx[0]!, s1 = xo + idx[1]!;
  const a0 = x[s0]!, a1 = x[s1]!;
  let y0 = pg[o]! * a0 + pg[o + 1]! * a1;
  let y1 = pg[o + 2]! * a0 + pg[o + 3]! * a1;
  if (rates !== undefined) {
    const r0 = rates[s0]!, r1 = rates[s1]!;
    const g = o + 4;
    y0 = y0 + pg[g]! * r0 + pg[g + 1]! * r1;
    y1 = y1 + pg[g + 2]! * r0 + pg[g + 3]! * r1;
  }
  x[s0] = y0;
  x[s1] = y1;
}

function transition3(pg: Float64Array, o: number, idx: Int32Array, x: Float64Array, xo: number, rates: Float64Array | undefined): void {
  const s0 = xo + idx[0]!, s1 = xo + idx[1]!, s2 = xo + idx[2]!;
  const a0 = x[s0]!, a1 = x[s1]!, a2 = x[s2]!;
  let y0 = pg[o]! * a0 + pg[o + 1]! * a1 + pg[o + 2]! * a2;
  let y1 = pg[o + 3]! * a0 + pg[o + 4]! * a1 + pg[o + 5]! * a2;
  let y2 = pg[o + 6]! * a0 + pg[o + 7]! * a1 + pg[o + 8]! * a2;
  if (rates !== undefined) {
    const r0 = rates[s0]!, r1 = rates[s1]!, r2 = rates[s2]!;
    const g = o + 9;
    y0 = y0 + pg[g]! * r0 + pg[g + 1]! * r1 + pg[g + 2]! * r2;
    y1 = y1 + pg[g + 3]! * r0 + pg[g + 4]! * r1 + pg[g + 5]! * r2;
    y2 = y2 + pg[g + 6]! * r0 + pg[g + 7]! * r1 + pg[g + 8]! * r2;
  }
  x[s0] = y0;
  x[s1] = y1;
  x[s2] = y2;
}

function transition4(pg: Float64Array, o: number, idx: Int32Array, x: Float64Array, xo: number, rates: Float64Array | undefined): void {
  const s0 = xo + idx[0]!, s1 = xo + idx[1]!, s2 = xo + idx[2]!, s3 = xo + idx[3]!;
  const a0 = x[s0]!, a1 = x[s1]!, a2 = x[s2]!, a3 = x[s3]!;
  let y0 = pg[o]! * a0 + pg[o + 1]! * a1 + pg[o + 2]! * a2 + pg[o + 3]! * a3;
  let y1 = pg[o + 4]! * a0 + pg[o + 5]! * a1 + pg[o + 6]! * a2 + pg[o + 7]! * a3;
  let y2 = pg[o + 8]! * a0 + pg[o + 9]! * a1 + pg[o + 10]! * a2 + pg[o + 11]! * a3;
  let y3 = pg[o + 12]! * a0 + pg[o + 13]! * a1 + pg[o + 14]! * a2 + pg[o + 15]! * a3;
  if (rates !== undefined) {
    const r0 = rates[s0]!, r1 = rates[s1]!, r2 = rates[s2]!, r3 = rates[s3]!;
    const g = o + 16;
    y0 = y0 + pg[g]! * r0 + pg[g + 1]! * r1 + pg[g + 2]! * r2 + pg[g + 3]! * r3;
    y1 = y1 + pg[g + 4]! * r0 + pg[g + 5]! * r1 + pg[g + 6]! * r2 + pg[g + 7]! * r3;
    y2 = y2 + pg[g + 8]! * r0 + pg[g + 9]! * r1 + pg[g + 10]! * r2 + pg[g + 11]! * r3;
    y3 = y3 + pg[g + 12]! * r0 + pg[g + 13]! * r1 + pg[g + 14]! * r2 + pg[g + 15]! * r3;
  }
  x[s0] = y0;
  x[s1] = y1;
  x[s2] = y2;
  x[s3] = y3;
}

/** Exact, allocation-free stepper for a model with a `linear` descriptor. */
export class LinearPkStepper {
  readonly layout: LinearSystemLayout;
  /**
   * True when the linear system covers every state of the model. When false, `advance`
   * moves only the linear states (depot, central, peripherals) and leaves the others
   * (e.g. effect compartment, PD states) untouched: the caller must integrate them.
   */
  readonly coversAllStates: boolean;
  /** One group: this patient's matrix and its cached Φ, Γ. */
  private readonly cache: TransitionCache;
  private readonly kernel: TransitionKernel;

  /**
   * @param spec a model with `spec.linear` (1–3 compartments, optional depot)
   * @param p the individual parameter vector (positive volumes, non-negative CL, Q, KA)
   * @throws InputError when the descriptor is incomplete or a parameter is invalid
   */
  constructor(spec: ModelSpec, p: Float64Array) {
    this.layout = cachedLinearLayout(spec);
    this.coversAllStates = this.layout.size === spec.states.length;
    this.cache = new TransitionCache(this.layout.size, 1);
    this.kernel = transitionKernel(this.layout.size);
    this.setParameters(p);
  }

  /** Switch to new individual parameters (e.g. a time-varying covariate); clears the cache. */
  setParameters(p: Float64Array): void {
    fillLinearSystemMatrix(this.layout, p, this.cache.matrices);
    this.cache.clear(0);
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
    const idx = this.layout.stateIndices;
    const input = rates !== undefined && hasInput(rates, 0, idx);
    this.kernel(this.cache.data, this.cache.lookup(0, dt, input), idx, x, 0, input ? rates : undefined);
  }
}
