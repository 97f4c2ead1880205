/**
 * IWPC warfarin dosing algorithms, pharmacogenetic and clinical.
 *
 * Source: The International Warfarin Pharmacogenetics Consortium. Estimation of the
 * warfarin dose with clinical and pharmacogenetic data. N Engl J Med 2009;360:753–764
 * (supplementary appendix, S1e). Coefficients as cross-checked in
 * /work/shared/reference/pkpd-models.md §1.4 (anzabizadeh/ReiL `iwpc.py`, a UPenn
 * WarfarinDosingOracle, varun-tandon/WarfarinDosing `constants.py`).
 *
 * The model predicts √(weekly dose in mg): weekly dose = (linear predictor)².
 *
 * Conventions:
 * - Age enters in decades as ⌊age/10⌋ (IWPC's "age in decades": 60–69 y → 6).
 * - Race: white is the reference; `asian`, `black` (Black or African American) and
 *   `other` (missing or mixed race) have their own terms; an absent race is `other`.
 * - Enzyme inducer: carbamazepine, phenytoin, rifampin (rifampicin) among the
 *   co-medications.
 * - Pharmacogenetic model: an absent VKORC1 or CYP2C9 genotype takes IWPC's "unknown"
 *   coefficient (they were fitted for untyped patients). CYP2C9 alleles other than *1, *2,
 *   *3 are an InputError (IWPC pooled them with none of these categories).
 * - The squared predictor is floored at 0 before squaring, so an absurd predictor cannot
 *   turn into a positive dose (it never happens for adults in range).
 */
import {
  takesAmiodarone,
  takesEnzymeInducer,
  warfarinGenotypes,
  type Cyp2c9Diplotype,
  type Vkorc1Genotype,
  type WarfarinPatient,
} from '../../pkpd/models/warfarin-covariates.js';
import { fromWeekly, type InitialDose } from './dose-units.js';

/** Coefficients of one IWPC model (on √weekly dose). */
export interface IwpcCoefficients {
  intercept: number;
  /** Per decade, ⌊age/10⌋. */
  ageDecades: number;
  /** Per cm. */
  heightCm: number;
  /** Per kg. */
  weightKg: number;
  /** Race terms; white is the reference (0). */
  race: { asian: number; black: number; other: number };
  enzymeInducer: number;
  amiodarone: number;
  /** VKORC1 −1639G>A terms; G/G is the reference (pharmacogenetic model only). */
  vkorc1?: Readonly<Record<Exclude<Vkorc1Genotype, 'G/G'> | 'unknown', number>>;
  /** CYP2C9 terms; *1/*1 is the reference (pharmacogenetic model only). */
  cyp2c9?: Readonly<Record<Exclude<Cyp2c9Diplotype, '*1/*1'> | 'unknown', number>>;
}

/** IWPC 2009 pharmacogenetic model. */
export const IWPC_PHARMACOGENETIC: IwpcCoefficients = Object.freeze({
  intercept: 5.6044,
  ageDecades: -0.2614,
  heightCm: 0.0087,
  weightKg: 0.0128,
  race: { asian: -0.1092, black: -0.276, other: -0.1032 },
  enzymeInducer: 1.1816,
  amiodarone: -0.5503,
  vkorc1: { 'G/A': -0.8677, 'A/A': -1.6974, unknown: -0.4854 },
  cyp2c9: { '*1/*2': -0.5211, '*1/*3': -0.9357, '*2/*2': -1.0616, '*2/*3': -1.9206, '*3/*3': -2.3312, unknown: -0.2188 },
});

/** IWPC 2009 clinical model. */
export const IWPC_CLINICAL: IwpcCoefficients = Object.freeze({
  intercept: 4.0376,
  ageDecades: -0.2546,
  heightCm: 0.0118,
  weightKg: 0.0134,
  race: { asian: -0.6752, black: 0.406, other: 0.0443 },
  enzymeInducer: 1.2799,
  amiodarone: -0.5695,
});

/**
 * The linear predictor √(weekly dose) of an IWPC model.
 * @example iwpcSqrtWeeklyDose({ ...DEFAULT_SUBJECT, age: 65, genotypes: { CYP2C9: '*1/*1', VKORC1: 'G/A' } }, IWPC_PHARMACOGENETIC) // 5.5433
 */
export function iwpcSqrtWeeklyDose(patient: WarfarinPatient, c: IwpcCoefficients): number {
  let y = c.intercept + c.ageDecades * Math.floor(patient.age / 10) + c.heightCm * patient.height + c.weightKg * patient.weight;
  const race = patient.race ?? 'other';
  if (race !== 'white') y += c.race[race];
  if (takesEnzymeInducer(patient)) y += c.enzymeInducer;
  if (takesAmiodarone(patient)) y += c.amiodarone;
  if (c.vkorc1 && c.cyp2c9) {
    const g = warfarinGenotypes(patient);
    const vk = g.vkorc1 ?? 'unknown';
    const cyp = g.cyp2c9 ?? 'unknown';
    if (vk !== 'G/G') y += c.vkorc1[vk];
    if (cyp !== '*1/*1') y += c.cyp2c9[cyp];
  }
  return y;
}

/**
 * IWPC pharmacogenetic initial (maintenance) dose.
 * @example iwpcPharmacogenetic({ ...DEFAULT_SUBJECT, age: 65, genotypes: { CYP2C9: '*1/*1', VKORC1: 'G/A' } })
 * // { weeklyDoseMg: 30.73, dailyDoseMg: 4.39 } (rounded here)
 */
export function iwpcPharmacogenetic(patient: WarfarinPatient): InitialDose {
  return fromWeekly(Math.max(0, iwpcSqrtWeeklyDose(patient, IWPC_PHARMACOGENETIC)) ** 2);
}

/**
 * IWPC clinical initial (maintenance) dose; genotypes are ignored.
 * @example iwpcClinical({ ...DEFAULT_SUBJECT, age: 65 }) // { weeklyDoseMg: 29.75, dailyDoseMg: 4.25 } (rounded here)
 */
export function iwpcClinical(patient: WarfarinPatient): InitialDose {
  return fromWeekly(Math.max(0, iwpcSqrtWeeklyDose(patient, IWPC_CLINICAL)) ** 2);
}
