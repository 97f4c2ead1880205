/**
 * Gage warfarin dosing algorithms (warfarindosing.org), pharmacogenetic and clinical.
 *
 * Source: Gage BF, Eby C, Johnson JA, et al. Use of pharmacogenetic and clinical factors
 * to predict the therapeutic dose of warfarin. Clin Pharmacol Ther 2008;84:326–331.
 * Coefficients as cross-checked in /work/shared/reference/pkpd-models.md §1.4.
 *
 * Both models predict the daily maintenance dose in mg as exp(linear predictor).
 *
 * Conventions:
 * - VKORC1 (3673G>A = −1639G>A, rs9923231), CYP2C9*2 and CYP2C9*3 enter as the number of
 *   variant alleles (0, 1, 2), as in the paper's additive coding. (ReiL codes VKORC1 as a
 *   G/A flag, which gives A/A no effect: we do not follow it.)
 * - BSA by Mosteller: √(height cm · weight kg / 3600) m² (the paper does not name its
 *   formula in the transcriptions at hand).
 * - Age in years; African-American = race `black`; target INR from
 *   `indication.targetInr` (default 2.5); smoker from `lifestyle.smoker` (default false);
 *   DVT/PE from `indication.dvtPe` (default false).
 * - The pharmacogenetic model needs both genotypes: a missing one is an InputError naming
 *   the field (Gage has no "unknown" category; use the clinical model instead).
 */
import { InputError } from '../../core/errors.js';
import {
  DEFAULT_TARGET_INR,
  countCyp2c9Allele,
  countVkorc1A,
  genotypeField,
  takesAmiodarone,
  warfarinGenotypes,
  type WarfarinPatient,
} from '../../pkpd/models/warfarin-covariates.js';
import { fromDaily, type InitialDose } from './dose-units.js';

/** Coefficients of one Gage model (on log daily dose). */
export interface GageCoefficients {
  intercept: number;
  bsa: number;
  ageYears: number;
  africanAmerican: number;
  targetInr: number;
  amiodarone: number;
  smoker: number;
  dvtPe: number;
  /** Per VKORC1 −1639A allele (pharmacogenetic model only). */
  vkorc1A?: number;
  /** Per CYP2C9*2 allele. */
  cyp2c9Star2?: number;
  /** Per CYP2C9*3 allele. */
  cyp2c9Star3?: number;
}

/** Gage 2008 pharmacogenetic model. */
export const GAGE_PHARMACOGENETIC: GageCoefficients = Object.freeze({
  intercept: 0.9751,
  bsa: 0.4317,
  ageYears: -0.00745,
  africanAmerican: -0.0901,
  targetInr: 0.2029,
  amiodarone: -0.2538,
  smoker: 0.0922,
  dvtPe: 0.0664,
  vkorc1A: -0.3238,
  cyp2c9Star2: -0.2066,
  cyp2c9Star3: -0.4008,
});

/** Gage 2008 clinical model. */
export const GAGE_CLINICAL: GageCoefficients = Object.freeze({
  intercept: 0.613,
  bsa: 0.425,
  ageYears: -0.0075,
  africanAmerican: 0.156,
  targetInr: 0.216,
  amiodarone: -0.257,
  smoker: 0.108,
  dvtPe: 0.0784,
});

/**
 * Body-surface area by Mosteller (N Engl J Med 1987;317:1098).
 * @example bodySurfaceAreaMosteller(170, 70) // 1.8181 m²
 */
export function bodySurfaceAreaMosteller(heightCm: number, weightKg: number): number {
  return Math.sqrt((heightCm * weightKg) / 3600);
}

/** The linear predictor (log daily dose) of a Gage model. */
export function gageLogDailyDose(patient: WarfarinPatient, c: GageCoefficients): number {
  let y =
    c.intercept +
    c.bsa * bodySurfaceAreaMosteller(patient.height, patient.weight) +
    c.ageYears * patient.age +
    c.targetInr * (patient.indication?.targetInr ?? DEFAULT_TARGET_INR);
  if (patient.race === 'black') y += c.africanAmerican;
  if (takesAmiodarone(patient)) y += c.amiodarone;
  if (patient.lifestyle?.smoker) y += c.smoker;
  if (patient.indication?.dvtPe) y += c.dvtPe;
  if (c.vkorc1A !== undefined) {
    const g = warfarinGenotypes(patient);
    if (g.vkorc1 === undefined) throw new InputError(`gage-pg needs the VKORC1 genotype (missing ${genotypeField('VKORC1')}); use gage-clinical`, genotypeField('VKORC1'));
    if (g.cyp2c9 === undefined) throw new InputError(`gage-pg needs the CYP2C9 diplotype (missing ${genotypeField('CYP2C9')}); use gage-clinical`, genotypeField('CYP2C9'));
    y += c.vkorc1A * countVkorc1A(g.vkorc1);
    y += (c.cyp2c9Star2 ?? 0) * countCyp2c9Allele(g.cyp2c9, 2) + (c.cyp2c9Star3 ?? 0) * countCyp2c9Allele(g.cyp2c9, 3);
  }
  return y;
}

/**
 * Gage pharmacogenetic initial (maintenance) dose.
 * @example gagePharmacogenetic({ ...DEFAULT_SUBJECT, age: 65, genotypes: { CYP2C9: '*1/*1', VKORC1: 'G/A' } }).dailyDoseMg // 4.30
 */
export function gagePharmacogenetic(patient: WarfarinPatient): InitialDose {
  return fromDaily(Math.exp(gageLogDailyDose(patient, GAGE_PHARMACOGENETIC)));
}

/**
 * Gage clinical initial (maintenance) dose; genotypes are ignored.
 * @example gageClinical({ ...DEFAULT_SUBJECT, age: 65 }).dailyDoseMg // 4.21
 */
export function gageClinical(patient: WarfarinPatient): InitialDose {
  return fromDaily(Math.exp(gageLogDailyDose(patient, GAGE_CLINICAL)));
}
