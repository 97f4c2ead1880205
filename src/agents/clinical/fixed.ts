/**
 * Fixed-dose warfarin initiation: 5 mg/day for every patient, the non-genetic comparator
 * of the genotype-guided trials.
 *
 * Sources: Kimmel SE, French B, Kasner SE, et al. A pharmacogenetic versus a clinical
 * algorithm for warfarin dosing (COAG). N Engl J Med 2013;369:2283–2293; Pirmohamed M,
 * Burnside G, Eriksson N, et al. A randomized trial of genotype-guided dosing of warfarin
 * (EU-PACT). N Engl J Med 2013;369:2294–2303 (control arm: standard initiation); Crowther
 * MA, et al. Ann Intern Med 1999;131:522 and Harrison L, et al. Ann Intern Med
 * 1997;126:133 (5 mg rather than 10 mg initiation).
 *
 * Convention: no loading dose; the dose is the same whatever the patient.
 */
import { InputError } from '../../core/errors.js';
import { fromDaily, type InitialDose } from './dose-units.js';

/** The usual fixed starting dose, mg/day. */
export const FIXED_DAILY_DOSE_MG = 5;

/**
 * The fixed initial dose (the patient is ignored).
 * @example fixedDose() // { weeklyDoseMg: 35, dailyDoseMg: 5 }
 * @example fixedDose(undefined, 10) // { weeklyDoseMg: 70, dailyDoseMg: 10 }
 */
export function fixedDose(_patient?: unknown, dailyDoseMg = FIXED_DAILY_DOSE_MG): InitialDose {
  if (!(dailyDoseMg >= 0) || !Number.isFinite(dailyDoseMg)) {
    throw new InputError(`fixed daily dose must be a finite number ≥ 0 mg, got ${dailyDoseMg}`, 'dailyDoseMg');
  }
  return fromDaily(dailyDoseMg);
}
