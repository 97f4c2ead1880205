/**
 * Warfarin clinical protocols by name: initial-dose algorithms, and their combination with
 * the Intermountain titration nomogram, for policies, the CLI and evaluation.
 *
 * Names:
 * - initial-dose algorithms: `iwpc-pg`, `iwpc-clinical` (IWPC 2009), `gage-pg`,
 *   `gage-clinical` (Gage 2008), `fixed` (5 mg/day);
 * - `<algorithm>+nomogram`: start at the algorithm's maintenance dose, titrate with the
 *   Intermountain nomogram (nomogram.ts) on every measured INR;
 * - `eupact+nomogram`: EU-PACT three-day loading (Pirmohamed 2013; eupact.ts), then the
 *   nomogram from the EU-PACT maintenance dose, acting on INRs from day 3 (the fourth day);
 * - `<algorithm>` or `eupact` used as a titration: the algorithm's dose (after loading, for
 *   eupact) kept constant, INRs ignored — a no-titration baseline.
 *
 * Sources: see the files of each algorithm (iwpc.ts, gage.ts, fixed.ts, eupact.ts,
 * nomogram.ts).
 */
import { NotFoundError } from '../../core/errors.js';
import type { WarfarinPatient } from '../../pkpd/models/warfarin-covariates.js';
import type { InitialDose } from './dose-units.js';
import { eupactInitiation } from './eupact.js';
import { fixedDose } from './fixed.js';
import { gageClinical, gagePharmacogenetic } from './gage.js';
import { iwpcClinical, iwpcPharmacogenetic } from './iwpc.js';
import { NomogramTitration, type NomogramOptions } from './nomogram.js';

/** Names of the initial-dose algorithms. */
export type InitialDoseProtocol = 'iwpc-pg' | 'iwpc-clinical' | 'gage-pg' | 'gage-clinical' | 'fixed';

/** Initial-dose algorithms by name. */
export const INITIAL_DOSE_PROTOCOLS: Readonly<Record<InitialDoseProtocol, (patient: WarfarinPatient) => InitialDose>> = Object.freeze({
  'iwpc-pg': iwpcPharmacogenetic,
  'iwpc-clinical': iwpcClinical,
  'gage-pg': gagePharmacogenetic,
  'gage-clinical': gageClinical,
  fixed: (patient: WarfarinPatient) => fixedDose(patient),
});

/** Every name {@link createTitration} accepts. */
export const TITRATION_PROTOCOLS: readonly string[] = [
  ...Object.keys(INITIAL_DOSE_PROTOCOLS),
  'eupact',
  ...Object.keys(INITIAL_DOSE_PROTOCOLS).map((n) => `${n}+nomogram`),
  'eupact+nomogram',
];

/**
 * The initial dose of a named algorithm.
 * @throws NotFoundError for an unknown name; InputError for patient data the algorithm cannot use
 * @example initialDose('fixed', patient) // { weeklyDoseMg: 35, dailyDoseMg: 5 }
 */
export function initialDose(protocol: string, patient: WarfarinPatient): InitialDose {
  const f = (INITIAL_DOSE_PROTOCOLS as Record<string, (p: WarfarinPatient) => InitialDose>)[protocol];
  if (!f) throw new NotFoundError('warfarin dosing protocol', protocol, Object.keys(INITIAL_DOSE_PROTOCOLS));
  return f(patient);
}

/**
 * A per-patient titration for a named protocol (see the header for names).
 * @param options overrides of the nomogram options (cap, step, startDay)
 * @example const t = createTitration('iwpc-pg+nomogram', patient); t.dose(0, null)
 */
export function createTitration(
  protocol: string,
  patient: WarfarinPatient,
  options: Omit<NomogramOptions, 'initialWeeklyDoseMg' | 'loadingDosesMg'> = {},
): NomogramTitration {
  if (!TITRATION_PROTOCOLS.includes(protocol)) throw new NotFoundError('warfarin titration protocol', protocol, TITRATION_PROTOCOLS);
  const titrate = protocol.endsWith('+nomogram');
  const base = titrate ? protocol.slice(0, -'+nomogram'.length) : protocol;
  let nomogram: NomogramOptions;
  if (base === 'eupact') {
    const e = eupactInitiation(patient);
    nomogram = { initialWeeklyDoseMg: e.weeklyDoseMg, loadingDosesMg: e.loadingDosesMg, startDay: e.loadingDosesMg.length, ...options };
  } else {
    nomogram = { initialWeeklyDoseMg: initialDose(base, patient).weeklyDoseMg, ...options };
  }
  // Without '+nomogram' no INR ever acts: the start day is beyond any episode.
  if (!titrate) nomogram = { ...nomogram, startDay: Number.POSITIVE_INFINITY };
  return new NomogramTitration(nomogram);
}
