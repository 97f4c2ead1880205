/**
 * Simeoni 2004 tumour growth inhibition (TGI) model with the published paclitaxel
 * (experiment 1) parameters: exponential-then-linear unperturbed growth, and a drug that
 * moves proliferating cells into a three-stage chain of damaged, non-proliferating cells.
 *
 * Sources:
 * - Simeoni M, Magni P, Cammia C, et al. Predictive pharmacokinetic-pharmacodynamic modeling
 *   of tumor growth kinetics in xenograft models after administration of anticancer agents.
 *   Cancer Res 2004;64:1094–1101 (Table 2, paclitaxel experiment 1).
 * - Values as transcribed in /work/shared/reference/pkpd-models.md §3.1 from
 *   `nlmixr2/nlmixr2lib` `oncology_xenograft_simeoni_2004.R`.
 *
 * Structure (time in days; tumour weight in g; c in ng/mL):
 * ```
 * dx1/dt = λ0·x1 / [1 + (λ0·w/λ1)^ψ]^(1/ψ) − k2·c(t)·x1
 * dx2/dt = k2·c(t)·x1 − k1·x2
 * dx3/dt = k1·(x2 − x3)
 * dx4/dt = k1·(x3 − x4)
 * w = x1 + x2 + x3 + x4,   x1(0) = w0,   x2..x4(0) = 0
 * ```
 * Derived: the threshold concentration for tumour eradication C_T = λ0/k2 = 434 ng/mL; the
 * switch from exponential to linear growth at w = λ1/λ0 = 2.98 g.
 */
import type { ModelSpec, ParameterSpec } from '../types.js';

const SRC = 'Simeoni 2004 Table 2, paclitaxel experiment 1 (via nlmixr2lib; reference §3.1)';

/** Parameters in vector order. */
const parameters: readonly ParameterSpec[] = [
  { name: 'LAMBDA0', value: 0.273, unit: '1/day', description: 'first-order (exponential) growth rate λ0', source: SRC },
  { name: 'LAMBDA1', value: 0.814, unit: 'g/day', description: 'zero-order (linear) growth rate λ1', source: SRC },
  { name: 'K1', value: 0.968, unit: '1/day', description: 'transit rate of damaged cells through the three-stage chain', source: SRC },
  { name: 'K2', value: 6.29e-4, unit: '1/(ng/mL)/day', description: 'drug potency: proliferating cells damaged per unit concentration and time', source: SRC },
  { name: 'PSI', value: 20, unit: '1', description: 'switch sharpness ψ between exponential and linear growth (fixed)', source: 'Simeoni 2004 (fixed at 20)' },
  { name: 'W0', value: 0.1, unit: 'g', description: 'tumour weight at t = 0 (the conformance case; an experiment-specific value in the paper)', source: 'reference §3.1 check case' },
  { name: 'C', value: 0, unit: 'ng/mL', description: 'plasma drug concentration c(t): an input set piecewise-constant by the caller (0 = untreated)', source: 'input (see conventions)' },
];

const LAMBDA0 = 0, LAMBDA1 = 1, K1 = 2, K2 = 3, PSI = 4, W0 = 5, C = 6;
const X1 = 0, X2 = 1, X3 = 2, X4 = 3;

/** Tumour weight w = x1 + x2 + x3 + x4 (g). */
function tumourWeight(x: Float64Array): number {
  return x[X1]! + x[X2]! + x[X3]! + x[X4]!;
}

export const simeoni2004Paclitaxel: ModelSpec = {
  id: 'simeoni2004-paclitaxel',
  title: 'Simeoni 2004 tumour growth inhibition (paclitaxel, xenograft)',
  description:
    'Tumour growth inhibition in xenografts: proliferating cells x1 grow exponentially (λ0) and then ' +
    'linearly (λ1) with a ψ-sharp switch; the drug (concentration input C) moves them at rate k2·C ' +
    'into a chain of three damaged compartments (transit k1) from which they die. Output: tumour ' +
    'weight W. Time in days.',
  citations: [
    {
      text: 'Simeoni M, Magni P, Cammia C, et al. Predictive pharmacokinetic-pharmacodynamic modeling of tumor growth kinetics in xenograft models after administration of anticancer agents. Cancer Res 2004;64:1094–1101.',
      doi: '10.1158/0008-5472.CAN-03-2524',
    },
  ],
  timeUnit: 'day',
  conventions: [
    'Drug input: the plasma concentration is the parameter C (ng/mL), not a PK model. Callers simulate piecewise-constant exposure by changing C between simulate() calls (continuing from the returned state), or couple their own PK by writing C before each rhs evaluation. The paper drives the model with a fitted PK profile; the published k2 is per ng/mL of that profile.',
    'ψ = 20 is fixed, as in the paper, so that growth switches sharply from exponential to linear at w = λ1/λ0.',
    'W0 = 0.1 g is the reference conformance case; set it per animal or patient.',
    'No between-subject variability: the paper fits mean xenograft curves (its CVs are estimation precision, not IIV).',
  ],
  parameters,
  states: [
    { name: 'x1', unit: 'g', description: 'proliferating tumour cells (weight)' },
    { name: 'x2', unit: 'g', description: 'damaged cells, stage 1' },
    { name: 'x3', unit: 'g', description: 'damaged cells, stage 2' },
    { name: 'x4', unit: 'g', description: 'damaged cells, stage 3 (then die)' },
  ],
  dosing: [],
  outputs: [
    { name: 'W', unit: 'g', description: 'total tumour weight x1 + x2 + x3 + x4', compute: (x) => tumourWeight(x) },
  ],
  initialState(p: Float64Array, x0: Float64Array): void {
    x0[X1] = p[W0]!;
  },
  rhs(_t: number, x: Float64Array, p: Float64Array, dxdt: Float64Array): void {
    const l0 = p[LAMBDA0]!, l1 = p[LAMBDA1]!, psi = p[PSI]!, k1 = p[K1]!;
    const x1 = x[X1]!;
    const w = tumourWeight(x);
    const growth = (l0 * x1) / Math.pow(1 + Math.pow((l0 * (w > 0 ? w : 0)) / l1, psi), 1 / psi);
    const damage = p[K2]! * p[C]! * x1;
    dxdt[X1] = growth - damage;
    dxdt[X2] = damage - k1 * x[X2]!;
    dxdt[X3] = k1 * (x[X2]! - x[X3]!);
    dxdt[X4] = k1 * (x[X3]! - x[X4]!);
  },
};

/** Threshold concentration C_T = λ0/k2 (ng/mL) above which the tumour shrinks (Simeoni 2004). */
export function simeoniThresholdConcentration(p: Float64Array): number {
  return p[LAMBDA0]! / p[K2]!;
}
