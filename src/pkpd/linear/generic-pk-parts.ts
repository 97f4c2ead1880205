/**
 * Pieces shared by the generic compartment models `pk1cmt`, `pk2cmt` and `pk3cmt`
 * (src/pkpd/models/pk{1,2,3}cmt.ts): absorption parameters, dosing routes, the
 * concentration output, illustrative variability and residual error. Each model file
 * still lists its own disposition parameters and right-hand side.
 */
import type { Citation, DosingSpec, OutputSpec, ParameterSpec, ResidualErrorSpec, VariabilitySpec } from '../types.js';

/** Where the illustrative default values come from. */
export const ILLUSTRATIVE_SOURCE =
  'illustrative default: the test case of reference/pkpd-models.md §7 (not a published drug)';

/** The textbook source of the generic compartment structures. */
export const GIBALDI_PERRIER: Citation = { text: 'Gibaldi M, Perrier D. Pharmacokinetics, 2nd ed. New York: Marcel Dekker; 1982. Chapters 1–2.' };

/** Conventions shared by the generic models (`V1` is the central volume's parameter name). */
export function genericConventions(centralVolume: string): readonly string[] {
  return [
    `States are amounts (mg); C = central/${centralVolume}.`,
    'F applies to doses into depot only; IV doses into central are fully available.',
    'Default parameter values are illustrative (based on the reference/pkpd-models.md §7 test case), not a published drug.',
  ];
}

/** First-order absorption rate constant and oral bioavailability, in this order. */
export const ABSORPTION_PARAMETERS: readonly ParameterSpec[] = [
  { name: 'KA', value: 1, unit: '1/h', description: 'first-order absorption rate constant (depot → central)', source: ILLUSTRATIVE_SOURCE },
  { name: 'F', value: 1, unit: '1', description: 'oral bioavailability (applied to doses into depot only)', source: ILLUSTRATIVE_SOURCE },
];

/** Oral doses into `depot` (bioavailability F) and IV doses into `central` (F not applied). */
export const GENERIC_DOSING: readonly DosingSpec[] = [
  { drug: 'drug', cmt: 'depot', doseUnit: 'mg', bioavailability: 'F', description: 'oral dose, absorbed first-order with KA; fraction F reaches the depot' },
  { drug: 'drug', cmt: 'central', doseUnit: 'mg', description: 'intravenous bolus or infusion into the central compartment' },
];

/** Output `C` = central amount / central volume, for a model whose state 1 is `central`. */
export function centralConcentration(volumeIndex: number): OutputSpec {
  return {
    name: 'C',
    unit: 'mg/L',
    description: 'plasma (central) concentration',
    compute: (x, p) => x[1]! / p[volumeIndex]!,
  };
}

/** ω² of a log-normal parameter with coefficient of variation `cv`: ln(1 + cv²). */
export function omegaFromCv(cv: number): number {
  return Math.log(1 + cv * cv);
}

/**
 * Illustrative between-subject variability: 30 % CV on clearance and central volume,
 * uncorrelated. ω² = ln(1 + 0.3²) = 0.0862 (exact log-normal CV conversion).
 */
export function illustrativeVariability(clearance: string, volume: string): VariabilitySpec {
  const w2 = omegaFromCv(0.3);
  return {
    parameters: [clearance, volume],
    omega: [
      [w2, 0],
      [0, w2],
    ],
    description: `illustrative default: 30 % CV on ${clearance} and ${volume}, log-normal, uncorrelated; ω² = ln(1 + CV²) = ${w2.toFixed(4)}`,
  };
}

/** Illustrative residual error: 10 % proportional on C. */
export const ILLUSTRATIVE_RESIDUAL_ERROR: readonly ResidualErrorSpec[] = [
  { output: 'C', model: { type: 'proportional', cv: 0.1 }, description: 'illustrative default: 10 % proportional error' },
];
