/**
 * Exact stepping of N patients of one linear compartment model, structure-of-arrays.
 *
 * The caller owns the states: one `Float64Array`, patient-major (patient i's model state
 * at [i·stride, (i+1)·stride)), and likewise the zero-order input rates. This class owns
 * the transition matrices: each distinct system matrix A (a *group*: patients whose
 * linear parameters give identical A share it) has its Φ = e^(AΔ) and Γ = ∫₀^Δ e^(As) ds
 * cached for its last few step sizes Δ, in one contiguous array
 * ({@link TransitionCache}). A step is one loop over patients: find the group's [Φ, Γ]
 * for the patient's Δ (usually the slot hit last time), then x ← Φ·x + Γ·r.
 *
 * Arithmetic is exactly that of {@link LinearPkStepper} (same Φ, Γ from the same
 * function, same summation order), so a patient stepped here is bit-identical to one
 * stepped alone.
 */
import type { ModelSpec } from '../types.js';
import { fillLinearSystemMatrix, type LinearSystemLayout } from './system-matrix.js';
import { cachedLinearLayout, hasInput, TransitionCache, transitionKernel, type TransitionKernel } from './stepper.js';

/** Exact, allocation-free batched stepper for a model with a `linear` descriptor. */
export class BatchLinearStepper {
  readonly layout: LinearSystemLayout;
  /** True when the linear system covers every state of the model (see `LinearPkStepper`). */
  readonly coversAllStates: boolean;
  readonly size: number;
  /** Group (shared system matrix) of each patient. */
  readonly groupOf: Int32Array;
  private readonly n: number;
  private readonly stride: number;
  private readonly cache: TransitionCache;
  /** Patients per group; a group with none is free for reuse by {@link setParameters}. */
  private readonly members: Int32Array;
  /** Hash of a group's matrix → groups with that hash (identical matrices are found by exact compare). */
  private readonly byHash = new Map<number, number[]>();
  private readonly groupHash: Float64Array;
  private readonly matrix: Float64Array;
  private readonly matrixWords: Uint32Array;
  private readonly kernel: TransitionKernel;
  private groupsUsed = 0;

  /**
   * @param spec a model with `spec.linear`
   * @param params all patients' parameters, patient-major (size × parameter count)
   * @param size number of patients
   * @throws InputError when the descriptor is incomplete or a parameter is invalid
   */
  constructor(spec: ModelSpec, params: Float64Array, size: number) {
    this.layout = cachedLinearLayout(spec);
    this.coversAllStates = this.layout.size === spec.states.length;
    const n = (this.n = this.layout.size);
    this.size = size;
    this.stride = spec.states.length;
    // At most `size` distinct matrices exist at any time, so `size` groups always suffice.
    this.cache = new TransitionCache(n, Math.max(1, size));
    this.groupOf = new Int32Array(size);
    this.members = new Int32Array(Math.max(1, size));
    this.groupHash = new Float64Array(Math.max(1, size));
    this.matrix = new Float64Array(n * n);
    this.matrixWords = new Uint32Array(this.matrix.buffer);
    this.kernel = transitionKernel(n);
    const np = spec.parameters.length;
    for (let i = 0; i < size; i++) this.assign(i, params.subarray(i * np, (i + 1) * np), false);
  }

  /** Give patient i new parameters (e.g. a time-varying covariate). */
  setParameters(i: number, p: Float64Array): void {
    this.assign(i, p, true);
  }

  /**
   * Advance every patient i with `spans[i] > 0` by `spans[i]` in place: `x` holds all model
   * states and `rates` all inputs, patient-major with the model's state count as stride.
   * Patients with a span of 0 are left as they are.
   * @returns the number of patients advanced
   */
  advance(x: Float64Array, spans: Float64Array, rates: Float64Array): number {
    const { stride, cache, groupOf, kernel } = this;
    const idx = this.layout.stateIndices;
    const pg = cache.data;
    let advanced = 0;
    for (let i = 0; i < this.size; i++) {
      const dt = spans[i]!;
      if (!(dt > 0)) continue;
      const input = hasInput(rates, i * stride, idx);
      kernel(pg, cache.lookup(groupOf[i]!, dt, input), idx, x, i * stride, input ? rates : undefined);
      advanced++;
    }
    return advanced;
  }

  /** Put patient i in the group of its matrix A(p), creating the group if new. */
  private assign(i: number, p: Float64Array, leave: boolean): void {
    const { n, matrix } = this;
    fillLinearSystemMatrix(this.layout, p, matrix); // validates p, naming the parameter
    if (leave) this.members[this.groupOf[i]!]--;
    const hash = this.hashMatrix();
    let candidates = this.byHash.get(hash);
    if (candidates) {
      for (const g of candidates) {
        // A group emptied by setParameters but not yet reused still holds valid Φ, Γ.
        if (this.sameMatrix(g)) {
          this.groupOf[i] = g;
          this.members[g]++;
          return;
        }
      }
    } else {
      candidates = [];
      this.byHash.set(hash, candidates);
    }
    const g = this.freeGroup();
    this.cache.matrices.set(matrix, g * n * n);
    this.cache.clear(g);
    candidates.push(g);
    this.groupHash[g] = hash;
    this.groupOf[i] = g;
    this.members[g] = 1;
  }

  /** A group index with no members: a fresh one, else one emptied by `setParameters`. */
  private freeGroup(): number {
    if (this.groupsUsed < this.cache.groups) return this.groupsUsed++;
    for (let g = 0; g < this.groupsUsed; g++) {
      if (this.members[g] === 0) {
        const list = this.byHash.get(this.groupHash[g]!)!;
        list.splice(list.indexOf(g), 1);
        return g;
      }
    }
    throw new Error('BatchLinearStepper: no free group (cannot happen: groups ≥ patients)');
  }

  /** FNV-1a over the bits of the current matrix (exact equality is checked separately). */
  private hashMatrix(): number {
    let h = 0x811c9dc5;
    const w = this.matrixWords;
    for (let k = 0; k < w.length; k++) h = Math.imul(h ^ w[k]!, 0x01000193) >>> 0;
    return h;
  }

  private sameMatrix(g: number): boolean {
    const nn = this.n * this.n;
    const m = this.cache.matrices;
    for (let k = 0; k < nn; k++) if (!Object.is(m[g * nn + k], this.matrix[k])) return false;
    return true;
  }
}
