/**
 * 5-fluorouracil (5-FU) one-compartment PK for continuous infusion, with clearance scaled by
 * body-surface area and by the DPYD activity score.
 *
 * Sources:
 * - Typical clearance and volume derived from the LV5FU2 pharmacokinetic study: Anticancer
 *   Res 1997;17(4A):2727–2730 (PMID 9252705): steady-state 5-FU 0.31 ± 0.11 mg/L during a
 *   600 mg/m² 22-h infusion (27.3 mg/m²/h) → CL = 27.3/0.31 = 88 L/h/m²; elimination
 *   half-life 7.08 min → k = 5.87 /h → V = CL/k = 15 L/m². The Css coefficient of variation
 *   (0.11/0.31 = 35 %) is used as the log-normal SD of CL.
 * - Caudle KE, Thorn CF, Klein TE, et al. CPIC guideline for dihydropyrimidine dehydrogenase
 *   genotype and fluoropyrimidine dosing. Clin Pharmacol Ther 2013;94:640–645 (DPD eliminates
 *   more than 80 % of a 5-FU dose); Amstutz U, Henricks LM, Offer SM, et al. CPIC guideline
 *   for DPYD and fluoropyrimidine dosing: 2017 update. Clin Pharmacol Ther 2018;103:210–216
 *   (activity score; dose rules are in agents/, not here).
 *
 * Structure (time in h; amounts in mg; C in mg/L):
 * ```
 * BSA = √(height·weight/3600)                         (Mosteller 1987, m²)
 * CL  = CL_M2·BSA·(FNONDPD + (1 − FNONDPD)·DPYD_AS/2)  ← UNPUBLISHED simulator assumption
 * V   = V_M2·BSA
 * dA/dt = −CL/V·A (+ infusion rate),   C = A/V
 * ```
 */
import type { ModelSpec, ParameterSpec, Subject } from '../types.js';

const SRC_PK = 'derived from Anticancer Res 1997;17:2727 (LV5FU2 PK, PMID 9252705): see file header';
const ASSUMPTION_DPYD = 'UNPUBLISHED simulator assumption (reference §3.5), consistent with CPIC 2013: DPD eliminates > 80 % of 5-FU';

/** Parameters in vector order. */
const parameters: readonly ParameterSpec[] = [
  { name: 'CL_M2', value: 88, unit: 'L/h/m^2', description: 'clearance per m² body-surface area at full DPD activity (DPYD activity score 2)', source: SRC_PK },
  { name: 'V_M2', value: 15, unit: 'L/m^2', description: 'volume of distribution per m² body-surface area', source: SRC_PK },
  { name: 'BSA', value: 1.9, unit: 'm^2', description: 'body-surface area (Mosteller), set from height and weight by covariates; 1.9 m² for the default subject', source: 'Mosteller RD. N Engl J Med 1987;317:1098' },
  { name: 'DPYD_AS', value: 2, unit: '1', description: 'DPYD activity score (0–2): an input the caller sets from the genotype call (genomics callGene); 2 = normal metabolizer', source: 'CPIC 2017 (Amstutz 2018) activity-score system' },
  { name: 'FNONDPD', value: 0.2, unit: '1', description: 'fraction of clearance that remains without any DPD activity', source: ASSUMPTION_DPYD },
];

const CL_M2 = 0, V_M2 = 1, BSA = 2, DPYD_AS = 3, FNONDPD = 4;

/**
 * Mosteller body-surface area, m².
 * @example mostellerBsa(170, 70) // 1.8181…
 */
export function mostellerBsa(heightCm: number, weightKg: number): number {
  return Math.sqrt((heightCm * weightKg) / 3600);
}

/**
 * Clearance multiplier for a DPYD activity score: FNONDPD + (1 − FNONDPD)·AS/2, i.e.
 * 0.2 + 0.8·AS/2 with the default FNONDPD. UNPUBLISHED simulator assumption.
 * @example dpydClearanceFactor(2) // 1
 * @example dpydClearanceFactor(1) // 0.6
 * @example dpydClearanceFactor(0) // 0.2
 */
export function dpydClearanceFactor(activityScore: number, fNonDpd = 0.2): number {
  return fNonDpd + ((1 - fNonDpd) * activityScore) / 2;
}

/** Individual clearance (L/h) for a parameter vector of {@link fluorouracilDpyd}. */
export function fluorouracilClearance(p: Float64Array): number {
  return p[CL_M2]! * p[BSA]! * dpydClearanceFactor(p[DPYD_AS]!, p[FNONDPD]!);
}

/** Individual volume (L) for a parameter vector of {@link fluorouracilDpyd}. */
export function fluorouracilVolume(p: Float64Array): number {
  return p[V_M2]! * p[BSA]!;
}

export const fluorouracilDpyd: ModelSpec = {
  id: 'fluorouracil-dpyd',
  title: '5-fluorouracil one-compartment PK with BSA and DPYD activity score (simulator model)',
  description:
    '5-FU one-compartment PK for infusions: clearance and volume scale with body-surface area; ' +
    'clearance scales with the DPYD activity score by the UNPUBLISHED assumption ' +
    'CL(AS) = CL·(0.2 + 0.8·AS/2). Output C (mg/L). Time in hours.',
  citations: [
    { text: 'Pharmacokinetics of 5-fluorouracil in patients with metastatic colorectal cancer receiving 5-FU bolus plus continuous infusion with high-dose folinic acid (LV5FU2). Anticancer Res 1997;17(4A):2727–2730. PMID 9252705.' },
    { text: 'Amstutz U, Henricks LM, Offer SM, et al. Clinical Pharmacogenetics Implementation Consortium (CPIC) guideline for dihydropyrimidine dehydrogenase genotype and fluoropyrimidine dosing: 2017 update. Clin Pharmacol Ther 2018;103:210–216.', doi: '10.1002/cpt.911' },
    { text: 'Caudle KE, Thorn CF, Klein TE, et al. CPIC guidelines for dihydropyrimidine dehydrogenase genotype and fluorouracil dosing. Clin Pharmacol Ther 2013;94:640–645.', doi: '10.1038/clpt.2013.172' },
  ],
  timeUnit: 'h',
  conventions: [
    'Linear (first-order) elimination. 5-FU clearance is saturable (Michaelis–Menten) at bolus concentrations; the model is meant for continuous infusions, where concentrations stay far below Km (about 5.6 mg/L, Clin Pharmacol Ther 2000;68:270).',
    'DPYD: the activity score is the parameter DPYD_AS, which the caller sets from the genotype call (pkpd sits below genomics and does not parse DPYD diplotypes). Unknown genotype: leave 2 (reference genotype). The clearance scaling 0.2 + 0.8·AS/2 is an UNPUBLISHED simulator assumption; no published popPK clearance multiplier per activity score was found.',
    'BSA (Mosteller) is set from the subject height and weight by covariates.',
    'Between-subject variability: ω_CL = 0.35, the CV of steady-state concentration in the LV5FU2 study read as the log-normal SD of CL (volume variability does not matter for infusions and is omitted).',
  ],
  parameters,
  states: [{ name: 'central', unit: 'mg', description: '5-FU in the body' }],
  dosing: [{ drug: 'fluorouracil', cmt: 'central', doseUnit: 'mg', description: 'intravenous 5-FU in mg (give `rate` or `duration` for an infusion)' }],
  outputs: [
    {
      name: 'C',
      unit: 'mg/L',
      description: '5-FU plasma concentration',
      compute: (x, p) => {
        const c = x[0]! / fluorouracilVolume(p);
        return c > 0 ? c : 0;
      },
    },
  ],
  variability: {
    parameters: ['CL_M2'],
    omega: [[0.35 ** 2]],
    description: 'ω_CL = 0.35 from the 35 % CV of 5-FU steady-state concentration (PMID 9252705); Ω = ω².',
  },
  covariates(subject: Subject, p: Float64Array): void {
    p[BSA] = mostellerBsa(subject.height, subject.weight);
  },
  rhs(_t: number, x: Float64Array, p: Float64Array, dxdt: Float64Array): void {
    dxdt[0] = -(fluorouracilClearance(p) / fluorouracilVolume(p)) * x[0]!;
  },
};
