/**
 * Friberg 2002 semi-mechanistic myelosuppression model (docetaxel, neutrophils) driven by the
 * Bruno 1996 three-compartment docetaxel PK.
 *
 * Sources:
 * - Friberg LE, Henningsson A, Maas H, Nguyen L, Karlsson MO. Model of chemotherapy-induced
 *   myelosuppression with parameter consistency across drugs. J Clin Oncol 2002;20:4713–4721
 *   (docetaxel neutrophil parameters, linear drug effect).
 * - Bruno R, Vivier N, Vergniol JC, et al. A population pharmacokinetic model for docetaxel
 *   (Taxotere): model building and validation. J Pharmacokinet Biopharm 1996;24:153–172.
 * - Values as transcribed in /work/shared/reference/pkpd-models.md §3.2 from `radivot/myelo`
 *   (fribergPars02, friberg02Demo.R).
 *
 * Structure (time in h; amounts in mg; C in mg/L; cells ×10⁹/L):
 * ```
 * dA1/dt = −(k10 + k12 + k13)·A1 + k21·A2 + k31·A3     C = A1/V1 (mg/L)
 * dA2/dt = k12·A1 − k21·A2                             C_µM = 1000·C/MW
 * dA3/dt = k13·A1 − k31·A3
 * E      = slope·C_µM
 * ktr    = (n + 1)/MTT = 4/MTT
 * dProl/dt   = ktr·Prol·(1 − E)·(Circ0/Circ)^γ − ktr·Prol
 * dTransi/dt = ktr·(Trans(i−1) − Transi),  i = 1..3  (Trans0 = Prol)
 * dCirc/dt   = ktr·Trans3 − ktr·Circ,      all five start at Circ0
 * ```
 * Conformance (reference §3.2): a 180 mg bolus (C_µM(0) = 30.1) gives an ANC nadir of
 * 0.896 ×10⁹/L at day 7.55, ANC 3.95 at day 14 and 6.21 at day 21 (rebound).
 *
 * {@link fribergMyelosuppressionRhs} is the drug-independent part (the "system" of Friberg
 * 2002, whose parameters were consistent across drugs); other models reuse it with their own
 * drug effect.
 */
import type { ModelSpec, ParameterSpec } from '../types.js';

const SRC_PK = 'Bruno 1996 (via radivot/myelo; reference §3.2)';
const SRC_PD = 'Friberg 2002, docetaxel/neutrophils (via radivot/myelo fribergPars02; reference §3.2)';

/** Parameters in vector order. */
const parameters: readonly ParameterSpec[] = [
  { name: 'K10', value: 5.2, unit: '1/h', description: 'elimination rate constant from the central compartment', source: SRC_PK },
  { name: 'K12', value: 1.06, unit: '1/h', description: 'central → peripheral 1 rate constant', source: SRC_PK },
  { name: 'K21', value: 1.51, unit: '1/h', description: 'peripheral 1 → central rate constant', source: SRC_PK },
  { name: 'K13', value: 1.26, unit: '1/h', description: 'central → peripheral 2 rate constant', source: SRC_PK },
  { name: 'K31', value: 0.084, unit: '1/h', description: 'peripheral 2 → central rate constant', source: SRC_PK },
  { name: 'V1', value: 7.4, unit: 'L', description: 'central volume', source: SRC_PK },
  { name: 'MW', value: 808, unit: 'g/mol', description: 'docetaxel molar mass (converts mg/L to µM)', source: SRC_PK },
  { name: 'CIRC0', value: 5.05, unit: '10^9/L', description: 'baseline absolute neutrophil count', source: SRC_PD },
  { name: 'MTT', value: 88.7, unit: 'h', description: 'mean transit time from the proliferating pool to the circulation', source: SRC_PD },
  { name: 'GAMMA', value: 0.161, unit: '1', description: 'feedback exponent γ of (Circ0/Circ) on proliferation', source: SRC_PD },
  { name: 'SLOPE', value: 8.58, unit: '1/µM', description: 'linear drug effect on proliferation, E = slope·C_µM', source: SRC_PD },
];

const K10 = 0, K12 = 1, K21 = 2, K13 = 3, K31 = 4, V1 = 5, MW = 6, CIRC0 = 7, MTT = 8, GAMMA = 9, SLOPE = 10;
const CENTRAL = 0, PERIPHERAL1 = 1, PERIPHERAL2 = 2, PROL = 3, CIRC = 7;

/** Number of myelosuppression states: Prol, Transit1..3, Circ. */
export const FRIBERG_STATE_COUNT = 5;

/**
 * The Friberg 2002 myelosuppression system at states `x[offset..offset+4]` (Prol, Transit1,
 * Transit2, Transit3, Circ), writing dx/dt at the same positions of `dxdt`. Allocation-free.
 *
 * @param drugEffect E ≥ 0, the fractional inhibition of proliferation (E = slope·C for the
 *   linear model); values above 1 make proliferation negative, as in the published model
 * @param ktr transit rate (n + 1)/MTT = 4/MTT, in the caller's time unit
 * @param circ0 baseline count, in the unit of the states
 * @param gamma feedback exponent
 */
export function fribergMyelosuppressionRhs(
  x: Float64Array,
  offset: number,
  drugEffect: number,
  circ0: number,
  ktr: number,
  gamma: number,
  dxdt: Float64Array,
): void {
  const prol = x[offset]!;
  const circ = x[offset + 4]!;
  // Circ is positive in exact arithmetic; guard a solver undershoot so the feedback stays finite.
  const feedback = Math.pow(circ0 / (circ > 1e-9 ? circ : 1e-9), gamma);
  dxdt[offset] = ktr * prol * (1 - drugEffect) * feedback - ktr * prol;
  dxdt[offset + 1] = ktr * (prol - x[offset + 1]!);
  dxdt[offset + 2] = ktr * (x[offset + 1]! - x[offset + 2]!);
  dxdt[offset + 3] = ktr * (x[offset + 2]! - x[offset + 3]!);
  dxdt[offset + 4] = ktr * (x[offset + 3]! - circ);
}

function concentration(x: Float64Array, p: Float64Array): number {
  const c = x[CENTRAL]! / p[V1]!;
  return c > 0 ? c : 0;
}

export const friberg2002Docetaxel: ModelSpec = {
  id: 'friberg2002-docetaxel',
  title: 'Friberg 2002 myelosuppression (neutrophils) with Bruno 1996 docetaxel PK',
  description:
    'Docetaxel three-compartment PK (micro-constants, Bruno 1996) driving the Friberg 2002 ' +
    'semi-mechanistic neutrophil model: a proliferating pool inhibited linearly by the ' +
    'concentration, three maturation transit compartments and the circulating pool, with ' +
    'feedback (Circ0/Circ)^γ. Outputs: C (mg/L) and ANC (×10⁹/L). Time in hours.',
  citations: [
    {
      text: 'Friberg LE, Henningsson A, Maas H, Nguyen L, Karlsson MO. Model of chemotherapy-induced myelosuppression with parameter consistency across drugs. J Clin Oncol 2002;20:4713–4721.',
      doi: '10.1200/JCO.2002.02.140',
    },
    {
      text: 'Bruno R, Vivier N, Vergniol JC, De Phillips SL, Montay G, Sheiner LB. A population pharmacokinetic model for docetaxel (Taxotere): model building and validation. J Pharmacokinet Biopharm 1996;24:153–172.',
      doi: '10.1007/BF02353487',
    },
  ],
  timeUnit: 'h',
  conventions: [
    'Dose: docetaxel in mg into the central compartment (a bolus, or an infusion with `duration`, e.g. 1 h as in practice).',
    'Concentration unit: the drug effect uses µM (C_µM = 1000·C/MW with C in mg/L and MW in g/mol), because Friberg 2002 estimated the slope per µM.',
    'ktr = 4/MTT: three transit compartments plus the proliferating pool (n + 1 = 4), as in Friberg 2002.',
    'All five myelosuppression compartments start at Circ0 (steady state without drug).',
    'Between-subject variability on Circ0 (ω 0.42) and MTT (ω 0.16) as used for Friberg 2002 docetaxel in DTAT `Onoue.Friberg` (Norris 2017); slope IIV is not included because its value for the linear docetaxel model was not verified.',
  ],
  parameters,
  states: [
    { name: 'central', unit: 'mg', description: 'docetaxel, central compartment' },
    { name: 'peripheral1', unit: 'mg', description: 'docetaxel, shallow peripheral compartment' },
    { name: 'peripheral2', unit: 'mg', description: 'docetaxel, deep peripheral compartment' },
    { name: 'prol', unit: '10^9/L', description: 'proliferating neutrophil precursors', initial: 5.05 },
    { name: 'transit1', unit: '10^9/L', description: 'maturing cells, stage 1', initial: 5.05 },
    { name: 'transit2', unit: '10^9/L', description: 'maturing cells, stage 2', initial: 5.05 },
    { name: 'transit3', unit: '10^9/L', description: 'maturing cells, stage 3', initial: 5.05 },
    { name: 'circ', unit: '10^9/L', description: 'circulating neutrophils (ANC)', initial: 5.05 },
  ],
  dosing: [{ drug: 'docetaxel', cmt: 'central', doseUnit: 'mg', description: 'intravenous docetaxel in mg' }],
  outputs: [
    { name: 'C', unit: 'mg/L', description: 'docetaxel plasma concentration', compute: (x, p) => concentration(x, p) },
    { name: 'ANC', unit: '10^9/L', description: 'absolute neutrophil count', compute: (x) => x[CIRC]! },
  ],
  variability: {
    parameters: ['CIRC0', 'MTT'],
    omega: [
      [0.42 ** 2, 0],
      [0, 0.16 ** 2],
    ],
    description: 'log-normal ω: Circ0 0.42, MTT 0.16 (Friberg 2002 docetaxel, as used in DTAT Onoue.Friberg); Ω = ω².',
  },
  initialState(p: Float64Array, x0: Float64Array): void {
    for (let i = PROL; i <= CIRC; i++) x0[i] = p[CIRC0]!;
  },
  rhs(_t: number, x: Float64Array, p: Float64Array, dxdt: Float64Array): void {
    const a1 = x[CENTRAL]!, a2 = x[PERIPHERAL1]!, a3 = x[PERIPHERAL2]!;
    const k12 = p[K12]!, k21 = p[K21]!, k13 = p[K13]!, k31 = p[K31]!;
    dxdt[CENTRAL] = -(p[K10]! + k12 + k13) * a1 + k21 * a2 + k31 * a3;
    dxdt[PERIPHERAL1] = k12 * a1 - k21 * a2;
    dxdt[PERIPHERAL2] = k13 * a1 - k31 * a3;
    const cMicromolar = (1000 * concentration(x, p)) / p[MW]!;
    fribergMyelosuppressionRhs(x, PROL, p[SLOPE]! * cMicromolar, p[CIRC0]!, 4 / p[MTT]!, p[GAMMA]!, dxdt);
  },
};
