/**
 * The warfarin day-step kernel shared by the single and the vector env: N patients of a
 * Hamberg model (2007 or 2010), advanced one day (24 h) at a time, allocation-free.
 *
 * Numerics (why it is fast and how accurate it is):
 * - **PK exactly.** The S-warfarin PK (depot → central ⇄ peripheral) is linear, so over any
 *   interval τ the state moves by x(t+τ) = Φ(τ)·x(t), Φ = e^(A·τ) computed once per patient
 *   at reset (Padé matrix exponential, pkpd/linear/expm.ts) for each sub-step length. The
 *   day's dose is a bolus into the depot at the start of the day (t = 24·d h).
 * - **PD chains by an exponential integrator.** Both models drive transit chains
 *   dA₁/dt = k(u − A₁), dAᵢ/dt = k(Aᵢ₋₁ − Aᵢ) with u = 1 − E(C). The chains are linear in A,
 *   so over a sub-step of length h they are propagated exactly,
 *   Aₘ(t+h) = Σⱼ≤ₘ e^(−kh)(kh)^(m−j)/(m−j)!·Aⱼ(t) + ∫₀ʰ gₘ(h−s)·u(t+s) ds,
 *   gₘ(τ) = k·e^(−kτ)(kτ)^m/m!, with u(t+s) replaced by its quadratic interpolant through
 *   s = 0, h/2, h (where C is known exactly from the PK step). The weights of the three
 *   nodes are computed per patient at reset by 16-point Gauss–Legendre quadrature. The
 *   only approximation is the interpolation of u: no stability limit on k·h.
 * - **Sub-steps.** u changes fast just after the dose (absorption, ka = 2 h⁻¹) and, on the
 *   first day, E ∝ C^γ (γ < 1) rises with an infinite slope from C = 0, so the day starts
 *   with tiny sub-steps and widens them: 1/64, 3/64, 3/16, 3 × 0.25, 2 × 0.5, 2 × 1, 2 × 2,
 *   2 × 8 h (14 sub-steps, 28 evaluations of E, which dominate the cost). Against
 *   `simulate()` with dopri5 (rtol 1e-11) for the same individuals and doses, the daily INR
 *   over 90 days agrees to a relative error of about 3e-6 (Hamberg 2007) and 1e-6
 *   (Hamberg 2010); test/envs/warfarin/accuracy.test.ts checks ≤ 1e-4 and prints the
 *   figure. (A uniform 0.25 h start left 7e-5, all of it from the first day's first step;
 *   a single 16 h tail step 2e-5.)
 *
 * Layout: the state is structure-of-arrays (state s of patient i at `s·N + i`); the
 * per-patient constants (model parameters and the sub-step coefficients) are one row per
 * patient, read together in the day loop.
 */
import { InputError, NumericalError } from '../../core/errors.js';
import { MatrixExponential } from '../../pkpd/linear/expm.js';
import { hamberg2007Warfarin } from '../../pkpd/models/hamberg2007-warfarin.js';
import { hamberg2010Warfarin } from '../../pkpd/models/hamberg2010-warfarin.js';
import { paramIndex, type ModelSpec, type ResidualErrorModel } from '../../pkpd/types.js';

/** Warfarin models the env runs. */
export type WarfarinModelName = 'hamberg2007' | 'hamberg2010';

/** What the kernel needs to know about a model's structure. */
export interface WarfarinModelStructure {
  name: WarfarinModelName;
  spec: ModelSpec;
  /** Compartments of chain 1 and chain 2. */
  chain1: number;
  chain2: number;
  /** Transit rates (1/h) from the individual parameters. */
  rate1(p: Float64Array): number;
  rate2(p: Float64Array): number;
  /** 2007: INR = BASE + INRmax·(1 − A_end1·A_end2)^λ; 2010: INR = BASE + INRmax·(1 − (F_end1 + F_end2)/2). */
  inrForm: 'product-power' | 'mean';
  /** Parameter names playing each role (V2/Q absent for one-compartment PK). */
  names: { CL: string; V1: string; V2?: string; Q?: string; KA: string; EC50: string; GAMMA: string; BASE: string; INRMAX: string; LAMBDA?: string };
  /** Residual error on the INR (from the spec). */
  inrError: ResidualErrorModel;
}

function inrErrorOf(spec: ModelSpec): ResidualErrorModel {
  const r = spec.residualError?.find((e) => e.output === 'INR');
  if (!r) throw new InputError(`model ${spec.id} has no residual error on INR`, 'model');
  return r.model;
}

/** The two Hamberg models, as the kernel runs them (conventions in the model files). */
export const WARFARIN_MODELS: Readonly<Record<WarfarinModelName, WarfarinModelStructure>> = Object.freeze({
  hamberg2007: {
    name: 'hamberg2007',
    spec: hamberg2007Warfarin,
    chain1: 6,
    chain2: 1,
    rate1: (p: Float64Array) => 6 / p[paramIndex(hamberg2007Warfarin, 'MTT1')]!,
    rate2: (p: Float64Array) => 1 / p[paramIndex(hamberg2007Warfarin, 'MTT2')]!,
    inrForm: 'product-power',
    names: { CL: 'CL', V1: 'V1', V2: 'V2', Q: 'Q', KA: 'KA', EC50: 'EC50', GAMMA: 'GAMMA', BASE: 'BASE', INRMAX: 'INRMAX', LAMBDA: 'LAMBDA' },
    inrError: inrErrorOf(hamberg2007Warfarin),
  },
  hamberg2010: {
    name: 'hamberg2010',
    spec: hamberg2010Warfarin,
    chain1: 3,
    chain2: 3,
    rate1: (p: Float64Array) => 3 / p[paramIndex(hamberg2010Warfarin, 'MTT1')]!,
    rate2: (p: Float64Array) => 3 / p[paramIndex(hamberg2010Warfarin, 'MTT2')]!,
    inrForm: 'mean',
    names: { CL: 'CL', V1: 'V', KA: 'KA', EC50: 'EC50', GAMMA: 'GAMMA', BASE: 'BASE', INRMAX: 'INRMAX' },
    inrError: inrErrorOf(hamberg2010Warfarin),
  },
});

/**
 * How a day is cut into sub-steps: `hours[c]` is the length of class c, `sequence` the class
 * of each sub-step in order (the lengths must sum to 24 h).
 */
export interface SubstepGrid {
  hours: readonly number[];
  sequence: readonly number[];
}

/** The default grid (see the module doc). */
export const DEFAULT_SUBSTEP_GRID: SubstepGrid = Object.freeze({
  hours: [1 / 64, 3 / 64, 3 / 16, 0.25, 0.5, 1, 2, 8],
  sequence: [0, 1, 2, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7],
});

function checkGrid(grid: SubstepGrid): void {
  const total = grid.sequence.reduce((a, c) => a + (grid.hours[c] ?? Number.NaN), 0);
  if (!(Math.abs(total - 24) < 1e-9) || grid.hours.some((h) => !(h > 0))) {
    throw new InputError(`sub-step grid must have positive lengths summing to 24 h, got ${total} h`, 'grid');
  }
}

/** Hours per step. */
export const HOURS_PER_DAY = 24;

/** Largest state size (2007: 3 PK + 6 + 1). */
export const KERNEL_STATE_SIZE = 10;

// Per-patient parameter row.
const P_V1 = 0, P_EC50 = 1, P_GAMMA = 2, P_BASE = 3, P_INRMAX = 4, P_LAMBDA = 5, P_EC50G = 6;
const PARAM_STRIDE = 7;
/** PK coefficients of a half sub-step: depot→depot, depot/central/peripheral→central, →peripheral. */
const PK_COEFS = 7;

// Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_n, Golub–Welsch-free).
const GL_N = 16;
const GL_X = new Float64Array(GL_N);
const GL_W = new Float64Array(GL_N);
(function gaussLegendre(): void {
  const n = GL_N;
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    GL_X[i] = x;
    GL_W[i] = 2 / ((1 - x * x) * dp * dp);
  }
})();

/**
 * Chain coefficients for one sub-step of length h: φ[m] = e^(−kh)(kh)^m/m! (m < n) at
 * `out[offset + m]`, then the node weights w[m][q] = ∫₀ʰ gₘ(h−s)·L_q(s) ds at
 * `out[offset + n + 3m + q]` (L_q the Lagrange basis on 0, h/2, h).
 */
export function chainCoefficients(n: number, k: number, h: number, out: Float64Array, offset: number): void {
  const kh = k * h;
  let term = Math.exp(-kh);
  for (let m = 0; m < n; m++) {
    out[offset + m] = term;
    term *= kh / (m + 1);
  }
  for (let j = 0; j < 3 * n; j++) out[offset + n + j] = 0;
  for (let g = 0; g < GL_N; g++) {
    const s = 0.5 * h * (GL_X[g]! + 1);
    const wq = 0.5 * h * GL_W[g]!;
    const x = s / h;
    const l0 = 2 * (x - 0.5) * (x - 1);
    const l1 = -4 * x * (x - 1);
    const l2 = 2 * x * (x - 0.5);
    const tau = h - s;
    let gm = k * Math.exp(-k * tau);
    for (let m = 0; m < n; m++) {
      const base = offset + n + 3 * m;
      out[base] = out[base]! + wq * gm * l0;
      out[base + 1] = out[base + 1]! + wq * gm * l1;
      out[base + 2] = out[base + 2]! + wq * gm * l2;
      gm *= (k * tau) / (m + 1);
    }
  }
}

/** N patients of one warfarin model, stepped a day at a time (see the module doc). */
export class WarfarinKernel {
  readonly model: WarfarinModelStructure;
  readonly capacity: number;
  /** State, structure of arrays: state s of patient i at `s·capacity + i` (PK 0–2, chain 1, chain 2). */
  readonly state: Float64Array;
  private readonly params: Float64Array;
  private readonly coefs: Float64Array;
  private readonly coefStride: number;
  private readonly classStride: number;
  private readonly work: Float64Array;
  private readonly expm = new MatrixExponential(3);
  private readonly matrix = new Float64Array(9);
  private readonly phi = new Float64Array(9);
  private readonly idx: Record<string, number>;
  /** S-warfarin fraction of a racemic dose (dosing amountScale × bioavailability). */
  private readonly sFraction: number;

  private readonly hours: readonly number[];
  private readonly sequence: Int32Array;

  constructor(model: WarfarinModelStructure, capacity: number, grid: SubstepGrid = DEFAULT_SUBSTEP_GRID) {
    checkGrid(grid);
    this.hours = [...grid.hours];
    this.sequence = Int32Array.from(grid.sequence);
    this.model = model;
    this.capacity = capacity;
    this.state = new Float64Array(KERNEL_STATE_SIZE * capacity);
    this.params = new Float64Array(PARAM_STRIDE * capacity);
    this.classStride = PK_COEFS + 4 * model.chain1 + 4 * model.chain2;
    this.coefStride = this.classStride * grid.hours.length;
    this.coefs = new Float64Array(this.coefStride * capacity);
    this.work = new Float64Array(KERNEL_STATE_SIZE);
    const idx: Record<string, number> = {};
    for (const [role, name] of Object.entries(model.names)) if (name !== undefined) idx[role] = paramIndex(model.spec, name);
    this.idx = idx;
    const dosing = model.spec.dosing[0]!;
    const f = typeof dosing.bioavailability === 'number' ? dosing.bioavailability : 1;
    this.sFraction = (dosing.amountScale ?? 1) * f;
  }

  /**
   * Load patient i: individual parameters `p` (the spec's vector, after covariates and
   * variability). Sets the initial state (no drug, chains at 1) and precomputes the
   * sub-step coefficients (a few 3×3 matrix exponentials; nothing allocated).
   * @throws NumericalError when a parameter is not finite and positive
   */
  setPatient(i: number, p: Float64Array): void {
    const { idx, model } = this;
    const cl = p[idx.CL!]!, v1 = p[idx.V1!]!, ka = p[idx.KA!]!;
    const v2 = idx.V2 === undefined ? 1 : p[idx.V2]!;
    const q = idx.Q === undefined ? 0 : p[idx.Q]!;
    const k1 = model.rate1(p), k2 = model.rate2(p);
    for (const [what, v] of [['CL', cl], ['V1', v1], ['KA', ka], ['V2', v2], ['k1', k1], ['k2', k2]] as const) {
      if (!(v > 0) || !Number.isFinite(v)) throw new NumericalError(`warfarin kernel: ${what} = ${v} for patient slot ${i}, expected a finite positive value`);
    }
    const pr = PARAM_STRIDE * i;
    this.params[pr + P_V1] = v1;
    this.params[pr + P_EC50] = p[idx.EC50!]!;
    this.params[pr + P_GAMMA] = p[idx.GAMMA!]!;
    this.params[pr + P_BASE] = p[idx.BASE!]!;
    this.params[pr + P_INRMAX] = p[idx.INRMAX!]!;
    this.params[pr + P_LAMBDA] = idx.LAMBDA === undefined ? 1 : p[idx.LAMBDA]!;
    this.setEc50Factor(i, 1);

    // PK system matrix (row-major, states depot, central, peripheral).
    const a = this.matrix;
    a.fill(0);
    a[0] = -ka;
    a[3] = ka;
    a[4] = -(cl + q) / v1;
    a[5] = q / v2;
    a[7] = q / v1;
    a[8] = -q / v2;
    for (let c = 0; c < this.hours.length; c++) {
      const h = this.hours[c]!;
      const base = this.coefStride * i + this.classStride * c;
      this.expm.compute(a, h / 2, this.phi);
      const phi = this.phi;
      const co = this.coefs;
      co[base] = phi[0]!;
      co[base + 1] = phi[3]!;
      co[base + 2] = phi[4]!;
      co[base + 3] = phi[5]!;
      co[base + 4] = phi[6]!;
      co[base + 5] = phi[7]!;
      co[base + 6] = phi[8]!;
      chainCoefficients(model.chain1, k1, h, co, base + PK_COEFS);
      chainCoefficients(model.chain2, k2, h, co, base + PK_COEFS + 4 * model.chain1);
    }

    const n = this.capacity;
    for (let s = 0; s < KERNEL_STATE_SIZE; s++) this.state[s * n + i] = s < 3 ? 0 : 1;
  }

  /** Today's EC50 multiplier (dietary vitamin K): EC50·factor, raised to γ once for the day. */
  setEc50Factor(i: number, factor: number): void {
    const pr = PARAM_STRIDE * i;
    this.params[pr + P_EC50G] = Math.pow(this.params[pr + P_EC50]! * factor, this.params[pr + P_GAMMA]!);
  }

  /** Give patient i a racemic dose of `mg` now (bolus into the depot, S-fraction only). */
  dose(i: number, mg: number): void {
    this.state[i] = this.state[i]! + this.sFraction * mg;
  }

  /** The INR of patient i in its current state (no measurement error). */
  inr(i: number): number {
    const n = this.capacity;
    const pr = PARAM_STRIDE * i;
    const base = this.params[pr + P_BASE]!, inrMax = this.params[pr + P_INRMAX]!;
    const end1 = this.state[(3 + this.model.chain1 - 1) * n + i]!;
    const end2 = this.state[(3 + this.model.chain1 + this.model.chain2 - 1) * n + i]!;
    if (this.model.inrForm === 'mean') return base + inrMax * (1 - 0.5 * (end1 + end2));
    const d = 1 - end1 * end2;
    return base + inrMax * Math.pow(d > 0 ? d : 0, this.params[pr + P_LAMBDA]!);
  }

  /** S-warfarin concentration (mg/L) of patient i now. */
  concentration(i: number): number {
    return this.state[this.capacity + i]! / this.params[PARAM_STRIDE * i + P_V1]!;
  }

  /**
   * Advance patient i by 24 h (after any dose given at the start of the day).
   * @throws NumericalError when the state becomes non-finite
   */
  advanceDay(i: number): void {
    const n = this.capacity;
    const st = this.state;
    const w = this.work;
    const n1 = this.model.chain1, n2 = this.model.chain2;
    const c1 = 3, c2 = 3 + n1;
    for (let s = 0; s < 3 + n1 + n2; s++) w[s] = st[s * n + i]!;
    const pr = PARAM_STRIDE * i;
    const invV = 1 / this.params[pr + P_V1]!;
    const gamma = this.params[pr + P_GAMMA]!;
    const ec50g = this.params[pr + P_EC50G]!;
    const co = this.coefs;
    const rowBase = this.coefStride * i;
    let ad = w[0]!, ac = w[1]!, ap = w[2]!;
    let c = ac * invV;
    let u0 = c > 0 ? ec50g / (ec50g + Math.exp(gamma * Math.log(c))) : 1;
    const sequence = this.sequence;
    for (let step = 0; step < sequence.length; step++) {
      const b = rowBase + this.classStride * sequence[step]!;
      const dd = co[b]!, cd = co[b + 1]!, cc = co[b + 2]!, cp = co[b + 3]!, pd = co[b + 4]!, pc = co[b + 5]!, pp = co[b + 6]!;
      // Half step.
      let nd = dd * ad;
      let nc = cd * ad + cc * ac + cp * ap;
      let np = pd * ad + pc * ac + pp * ap;
      ad = nd; ac = nc; ap = np;
      c = ac * invV;
      const uMid = c > 0 ? ec50g / (ec50g + Math.exp(gamma * Math.log(c))) : 1;
      // Second half step.
      nd = dd * ad;
      nc = cd * ad + cc * ac + cp * ap;
      np = pd * ad + pc * ac + pp * ap;
      ad = nd; ac = nc; ap = np;
      c = ac * invV;
      const uEnd = c > 0 ? ec50g / (ec50g + Math.exp(gamma * Math.log(c))) : 1;
      // Chains, from the last compartment down (each uses the old values of those before it).
      let cb = b + PK_COEFS;
      for (let m = n1 - 1; m >= 0; m--) {
        let sum = co[cb + n1 + 3 * m]! * u0 + co[cb + n1 + 3 * m + 1]! * uMid + co[cb + n1 + 3 * m + 2]! * uEnd;
        for (let j = 0; j <= m; j++) sum += co[cb + m - j]! * w[c1 + j]!;
        w[c1 + m] = sum;
      }
      cb += 4 * n1;
      for (let m = n2 - 1; m >= 0; m--) {
        let sum = co[cb + n2 + 3 * m]! * u0 + co[cb + n2 + 3 * m + 1]! * uMid + co[cb + n2 + 3 * m + 2]! * uEnd;
        for (let j = 0; j <= m; j++) sum += co[cb + m - j]! * w[c2 + j]!;
        w[c2 + m] = sum;
      }
      u0 = uEnd;
    }
    w[0] = ad; w[1] = ac; w[2] = ap;
    for (let s = 0; s < 3 + n1 + n2; s++) {
      const v = w[s]!;
      if (!Number.isFinite(v)) throw new NumericalError(`warfarin kernel (${this.model.spec.id}): state ${s} of patient slot ${i} became ${v}`);
      st[s * n + i] = v;
    }
  }

  /** Patient i's state in the model's state order (a copy), for tests. */
  getState(i: number): Float64Array {
    const size = 3 + this.model.chain1 + this.model.chain2;
    const out = new Float64Array(this.model.spec.states.length);
    // 2010 has no peripheral compartment: its states are depot, central, chains.
    const hasPeripheral = this.idx.Q !== undefined;
    let k = 0;
    for (let s = 0; s < size; s++) {
      if (s === 2 && !hasPeripheral) continue;
      out[k++] = this.state[s * this.capacity + i]!;
    }
    return out;
  }
}
