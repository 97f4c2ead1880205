/**
 * Lu 2006 erlotinib population PK: one compartment with first-order absorption, smoking
 * increasing clearance.
 *
 * Source: Lu JF, Eppler SM, Wolf J, Hamilton M, Rakhit A, Bruno R, Lum BL. Clinical
 * pharmacokinetics of erlotinib in patients with solid tumors and exposure-safety
 * relationship in patients with non-small cell lung cancer. Clin Pharmacol Ther
 * 2006;80:136–145 (abstract: CL/F 3.95 L/h, V/F 233 L, ka 0.95 /h, median t½ 36.2 h;
 * clearance 24 % faster in current smokers).
 *
 * Structure (time in h; amounts in mg; C in mg/L):
 * ```
 * dAd/dt = −ka·Ad
 * dAc/dt =  ka·Ad − CL/V·Ac,    C = Ac/V
 * CL = CL_typ·(1 + 0.24·smoker)
 * ```
 * Label dose (NSCLC): 150 mg once daily.
 */
import type { ModelSpec, ParameterSpec, Subject } from '../types.js';

const SRC = 'Lu 2006 Clin Pharmacol Ther 80:136 (final single-agent model, abstract)';

/** Parameters in vector order. */
const parameters: readonly ParameterSpec[] = [
  { name: 'CL', value: 3.95, unit: 'L/h', description: 'apparent oral clearance CL/F (non-smoker)', source: SRC },
  { name: 'V', value: 233, unit: 'L', description: 'apparent volume of distribution V/F', source: SRC },
  { name: 'KA', value: 0.95, unit: '1/h', description: 'first-order absorption rate constant', source: SRC },
  { name: 'SMOKING_CL', value: 0.24, unit: '1', description: 'fractional increase of CL in current smokers', source: SRC },
];

const CL = 0, V = 1, KA = 2, SMOKING_CL = 3;
const DEPOT = 0, CENTRAL = 1;

/** Whether a subject is a current smoker (Subject has no lifestyle; genomics Patient does). */
function isSmoker(subject: Subject): boolean {
  return (subject as { lifestyle?: { smoker?: boolean } }).lifestyle?.smoker === true;
}

export const lu2006Erlotinib: ModelSpec = {
  id: 'lu2006-erlotinib',
  title: 'Lu 2006 erlotinib population PK (one compartment, oral; smoking)',
  description:
    'Erlotinib one-compartment PK with first-order absorption; current smokers clear it 24 % faster. ' +
    'Output C (mg/L). Time in hours. Label dose 150 mg once daily.',
  citations: [
    {
      text: 'Lu JF, Eppler SM, Wolf J, et al. Clinical pharmacokinetics of erlotinib in patients with solid tumors and exposure-safety relationship in patients with non-small cell lung cancer. Clin Pharmacol Ther 2006;80:136–145.',
      doi: '10.1016/j.clpt.2006.04.007',
    },
  ],
  timeUnit: 'h',
  conventions: [
    'F = 1: CL and V are apparent oral values (CL/F, V/F).',
    'Smoking: read from `subject.lifestyle.smoker` when present (a genomics Patient); absent = non-smoker.',
    'Lu 2006 also found bilirubin and α1-acid glycoprotein effects on CL; they are not modelled (no such covariates on the subject).',
    'Between-subject variability: ω_CL = 0.35 and ω_V = 0.3 are ASSUMPTIONS of moderate variability for oral kinase inhibitors; Lu 2006 IIV estimates were not verified here.',
  ],
  parameters,
  states: [
    { name: 'depot', unit: 'mg', description: 'erlotinib in the gut' },
    { name: 'central', unit: 'mg', description: 'erlotinib in the body' },
  ],
  dosing: [{ drug: 'erlotinib', cmt: 'depot', doseUnit: 'mg', description: 'oral erlotinib tablet dose in mg' }],
  outputs: [
    {
      name: 'C',
      unit: 'mg/L',
      description: 'erlotinib plasma concentration',
      compute: (x, p) => {
        const c = x[CENTRAL]! / p[V]!;
        return c > 0 ? c : 0;
      },
    },
  ],
  variability: {
    parameters: ['CL', 'V'],
    omega: [
      [0.35 ** 2, 0],
      [0, 0.3 ** 2],
    ],
    description: 'ASSUMPTION (not Lu 2006 values): ω_CL 0.35, ω_V 0.3; Ω = ω².',
  },
  linear: { compartments: 1, params: { CL: 'CL', V1: 'V', KA: 'KA' }, states: { depot: 'depot', central: 'central' } },
  covariates(subject: Subject, p: Float64Array): void {
    if (isSmoker(subject)) p[CL] = p[CL]! * (1 + p[SMOKING_CL]!);
  },
  rhs(_t: number, x: Float64Array, p: Float64Array, dxdt: Float64Array): void {
    const ad = x[DEPOT]!;
    dxdt[DEPOT] = -p[KA]! * ad;
    dxdt[CENTRAL] = p[KA]! * ad - (p[CL]! / p[V]!) * x[CENTRAL]!;
  },
};
