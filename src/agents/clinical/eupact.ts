/**
 * EU-PACT genotype-guided warfarin initiation: a modified IWPC pharmacogenetic maintenance
 * dose and a three-day loading schedule derived from the patient's CYP2C9-dependent
 * S-warfarin elimination rate.
 *
 * Sources:
 * - Pirmohamed M, Burnside G, Eriksson N, et al. A randomized trial of genotype-guided
 *   dosing of warfarin. N Engl J Med 2013;369:2294–2303 (EU-PACT; protocol in the
 *   supplementary appendix).
 * - Avery PJ, Jorgensen A, Hamberg AK, et al. A proposal for an individualized
 *   pharmacogenetics-based warfarin initiation dose regimen for patients commencing
 *   anticoagulation therapy. Clin Pharmacol Ther 2011;90:701–706 (the loading formula).
 * - As implemented in anzabizadeh/ReiL `iwpc.py` (`modified_pg`), following Ravvaz et al.
 *   2017 (Circ Cardiovasc Genet 10:e001804); k values in reference §1.4.
 *
 * Loading (D = predicted daily maintenance dose, k = elimination rate for the CYP2C9
 * diplotype, τ = 24 h):
 * ```
 * LD3   = D / ((1 − e^(−kτ)) · (1 + e^(−kτ) + e^(−2kτ)))
 * day 1 = 1.5·LD3 − 0.5·D,   day 2 = LD3,   day 3 = 0.5·LD3 + 0.5·D
 * ```
 * (LD3 is the equal dose for three days that reaches the steady-state amount of D given
 * every τ; the 1.5/1/0.5 split front-loads it.)
 *
 * Conventions:
 * - Maintenance D: IWPC pharmacogenetic coefficients without the race, enzyme-inducer and
 *   "unknown genotype" terms, with age in decades *not* floored (age/10), as in ReiL's
 *   `modified_pg` (EU-PACT's population was white and fully genotyped). Both genotypes are
 *   required (InputError naming the field otherwise).
 * - Implemented: days 1–3 as published/ReiL. Not implemented: EU-PACT's day-4/5 INR-based
 *   adjustment (a modified Lenzini equation); from day 4 the caller's nomogram titrates
 *   from D (see protocols.ts).
 * - D is the daily dose in the formula (the EU-PACT report says "predicted daily dose");
 *   ReiL applies it to the weekly dose and divides by 7, which is the same by linearity.
 */
import { InputError } from '../../core/errors.js';
import {
  genotypeField,
  takesAmiodarone,
  warfarinGenotypes,
  type Cyp2c9Diplotype,
  type WarfarinPatient,
} from '../../pkpd/models/warfarin-covariates.js';
import { fromWeekly, type InitialDose } from './dose-units.js';
import { IWPC_PHARMACOGENETIC } from './iwpc.js';

/** S-warfarin elimination rate constant by CYP2C9 diplotype, 1/h (Avery 2011 via ReiL). */
export const EUPACT_K_BY_CYP2C9: Readonly<Record<Cyp2c9Diplotype, number>> = Object.freeze({
  '*1/*1': 0.0189,
  '*1/*2': 0.0158,
  '*1/*3': 0.0132,
  '*2/*2': 0.013,
  '*2/*3': 0.009,
  '*3/*3': 0.0075,
});

/** EU-PACT initiation: maintenance dose and the three loading doses (mg, unrounded). */
export interface EupactInitiation extends InitialDose {
  loadingDosesMg: [number, number, number];
}

/**
 * EU-PACT maintenance dose and loading schedule.
 * @example eupactInitiation({ ...DEFAULT_SUBJECT, age: 65, genotypes: { CYP2C9: '*1/*1', VKORC1: 'G/A' } }).loadingDosesMg
 */
export function eupactInitiation(patient: WarfarinPatient): EupactInitiation {
  const g = warfarinGenotypes(patient);
  if (g.cyp2c9 === undefined) throw new InputError(`eupact needs the CYP2C9 diplotype (missing ${genotypeField('CYP2C9')})`, genotypeField('CYP2C9'));
  if (g.vkorc1 === undefined) throw new InputError(`eupact needs the VKORC1 genotype (missing ${genotypeField('VKORC1')})`, genotypeField('VKORC1'));
  const c = IWPC_PHARMACOGENETIC;
  let y = c.intercept + c.ageDecades * (patient.age / 10) + c.heightCm * patient.height + c.weightKg * patient.weight;
  if (g.vkorc1 !== 'G/G') y += c.vkorc1![g.vkorc1];
  if (g.cyp2c9 !== '*1/*1') y += c.cyp2c9![g.cyp2c9];
  if (takesAmiodarone(patient)) y += c.amiodarone;
  const maintenance = fromWeekly(Math.max(0, y) ** 2);
  return { ...maintenance, loadingDosesMg: eupactLoadingDoses(maintenance.dailyDoseMg, EUPACT_K_BY_CYP2C9[g.cyp2c9]) };
}

/**
 * The three EU-PACT loading doses for daily maintenance dose `dailyDoseMg` and elimination
 * rate `kPerHour`.
 * @example eupactLoadingDoses(5, 0.0189) // [7.59, 6.72, 5.86] (rounded here)
 */
export function eupactLoadingDoses(dailyDoseMg: number, kPerHour: number): [number, number, number] {
  const e = Math.exp(-24 * kPerHour);
  const ld3 = dailyDoseMg / ((1 - e) * (1 + e + e * e));
  return [1.5 * ld3 - 0.5 * dailyDoseMg, ld3, 0.5 * ld3 + 0.5 * dailyDoseMg];
}
