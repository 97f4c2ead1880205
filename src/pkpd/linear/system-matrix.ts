/**
 * The linear ODE system dx/dt = A·x + r of a mammillary compartment model declared by a
 * {@link LinearPkDescriptor}, in the order [depot?, central, peripheral 1?, peripheral 2?]:
 *
 * ```
 * d depot/dt   = −KA·depot
 * d central/dt =  KA·depot − (k10 + k12 + k13)·central + k21·p1 + k31·p2
 * d p1/dt      =  k12·central − k21·p1
 * d p2/dt      =  k13·central − k31·p2
 * k10 = CL/V1, k12 = Q2/V1, k21 = Q2/V2, k13 = Q3/V1, k31 = Q3/V3
 * ```
 * States are amounts; concentration is central/V1 (Abuhelwa, Foster & Upton 2015,
 * J Pharmacol Toxicol Methods 73:42–48, the NONMEM ADVAN1–4/11/12 parameterisation).
 */
import { InputError } from '../../core/errors.js';
import { paramIndex, stateIndex, type ModelSpec } from '../types.js';

/** Where the linear system's states and rate parameters live in a model's vectors. */
export interface LinearSystemLayout {
  modelId: string;
  compartments: 1 | 2 | 3;
  hasDepot: boolean;
  /** Size of the linear system: compartments + (hasDepot ? 1 : 0). */
  size: number;
  /** Model state index of each system state, in the order [depot?, central, peripherals…]. */
  stateIndices: Int32Array;
  /** Parameter indices of CL, V1, Q2, V2, Q3, V3, KA; −1 where the model has none. */
  params: { CL: number; V1: number; Q2: number; V2: number; Q3: number; V3: number; KA: number };
}

/**
 * Resolve the names of `spec.linear` into indices, checking that every role the declared
 * number of compartments needs is present.
 */
export function linearSystemLayout(spec: ModelSpec): LinearSystemLayout {
  const d = spec.linear;
  if (!d) throw new InputError(`model ${spec.id} has no linear descriptor (spec.linear)`, 'linear');
  const need = (role: keyof typeof d.params): number => {
    const name = d.params[role];
    if (name === undefined) {
      throw new InputError(`model ${spec.id}: linear.params.${role} is required for ${d.compartments} compartment(s)`, `linear.params.${role}`);
    }
    return paramIndex(spec, name);
  };
  const peripheral = d.states.peripheral ?? [];
  if (peripheral.length !== d.compartments - 1) {
    throw new InputError(
      `model ${spec.id}: linear.states.peripheral has ${peripheral.length} state(s), expected ${d.compartments - 1} for ${d.compartments} compartments`,
      'linear.states.peripheral',
    );
  }
  const hasDepot = d.states.depot !== undefined;
  const names = [...(hasDepot ? [d.states.depot!] : []), d.states.central, ...peripheral];
  return {
    modelId: spec.id,
    compartments: d.compartments,
    hasDepot,
    size: names.length,
    stateIndices: Int32Array.from(names, (name) => stateIndex(spec, name)),
    params: {
      CL: need('CL'),
      V1: need('V1'),
      Q2: d.compartments >= 2 ? need('Q2') : -1,
      V2: d.compartments >= 2 ? need('V2') : -1,
      Q3: d.compartments === 3 ? need('Q3') : -1,
      V3: d.compartments === 3 ? need('V3') : -1,
      KA: hasDepot ? need('KA') : -1,
    },
  };
}

/**
 * Write the system matrix A (row-major, size×size) for individual parameters `p`, without
 * allocating. Volumes must be positive and finite; clearances and KA non-negative and finite.
 */
export function fillLinearSystemMatrix(layout: LinearSystemLayout, p: Float64Array, out: Float64Array): void {
  const n = layout.size;
  const ix = layout.params;
  out.fill(0, 0, n * n);
  const c = layout.hasDepot ? 1 : 0; // row/column of the central compartment
  const v1 = checked(layout, 'V1', p[ix.V1]!, true);
  let centralOut = checked(layout, 'CL', p[ix.CL]!, false) / v1;
  if (layout.hasDepot) {
    const ka = checked(layout, 'KA', p[ix.KA]!, false);
    out[0] = -ka;
    out[c * n] = ka;
  }
  if (layout.compartments >= 2) {
    const q2 = checked(layout, 'Q2', p[ix.Q2]!, false);
    couplePeripheral(out, n, c, c + 1, q2 / v1, q2 / checked(layout, 'V2', p[ix.V2]!, true));
    centralOut += q2 / v1;
  }
  if (layout.compartments === 3) {
    const q3 = checked(layout, 'Q3', p[ix.Q3]!, false);
    couplePeripheral(out, n, c, c + 2, q3 / v1, q3 / checked(layout, 'V3', p[ix.V3]!, true));
    centralOut += q3 / v1;
  }
  out[c * n + c] = -centralOut;
}

/** Exchange between central (row c) and a peripheral (row r): k_out = Q/V1, k_back = Q/Vp. */
function couplePeripheral(out: Float64Array, n: number, c: number, r: number, kOut: number, kBack: number): void {
  out[r * n + c] = kOut;
  out[c * n + r] = kBack;
  out[r * n + r] = -kBack;
}

function checked(layout: LinearSystemLayout, role: string, v: number, positive: boolean): number {
  if (!Number.isFinite(v) || v < 0 || (positive && v === 0)) {
    throw new InputError(
      `model ${layout.modelId}: parameter ${role} = ${v}, expected a ${positive ? 'positive' : 'non-negative'} finite number`,
      role,
    );
  }
  return v;
}

/**
 * The linear system of `spec` at parameters `p`: its layout and matrix A.
 * @example
 * const { matrix } = linearSystemMatrix(pk1cmt, Float64Array.of(5, 50, 1, 1));
 * // matrix = [−1, 0, 1, −0.1] (depot, central; KA 1, k 0.1)
 */
export function linearSystemMatrix(spec: ModelSpec, p: Float64Array): { layout: LinearSystemLayout; matrix: Float64Array } {
  const layout = linearSystemLayout(spec);
  const matrix = new Float64Array(layout.size * layout.size);
  fillLinearSystemMatrix(layout, p, matrix);
  return { layout, matrix };
}
