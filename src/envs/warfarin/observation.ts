/**
 * Observation layout of the warfarin env: what the agent (the clinician) sees each morning.
 *
 * One flat Float32 vector, in raw clinical units (no scaling: use a normalising wrapper for
 * learning). Dynamic part (always present):
 *
 * | index | name | unit | meaning |
 * |---|---|---|---|
 * | 0 | day | day | the day whose dose is to be chosen (0 = the first dose) |
 * | 1 | lastInr | INR | the last measured INR (with measurement error) |
 * | 2 | daysSinceInr | day | days since that measurement (0 = measured this morning) |
 * | 3–9 | dose1 … dose7 | mg | prescribed doses of the previous 7 days, most recent first (0 before day 0) |
 *
 * Patient part (option `includePatientFeatures`, default on), fixed over an episode:
 *
 * | index | name | unit | meaning |
 * |---|---|---|---|
 * | 10 | age | y | |
 * | 11 | weight | kg | |
 * | 12 | height | cm | |
 * | 13 | female | 0/1 | |
 * | 14–17 | raceWhite, raceAsian, raceBlack, raceOther | 0/1 | IWPC race category, one-hot |
 * | 18 | amiodarone | 0/1 | |
 * | 19 | inducer | 0/1 | carbamazepine, phenytoin or rifampin |
 * | 20–25 | cyp2c9_11 … cyp2c9_33 | 0/1 | CYP2C9 diplotype one-hot (*1/*1, *1/*2, *1/*3, *2/*2, *2/*3, *3/*3; other alleles by activity, model-patient.ts) |
 * | 26 | cyp2c9Unknown | 0/1 | 1 when CYP2C9 was not genotyped (then 20–25 are 0) |
 * | 27 | vkorc1A | count | VKORC1 −1639A alleles, 0–2 (0 when unknown) |
 * | 28 | vkorc1Unknown | 0/1 | 1 when VKORC1 was not genotyped |
 */
import type { Patient } from '../../genomics/patient.js';
import {
  CYP2C9_DIPLOTYPES,
  countVkorc1A,
  takesAmiodarone,
  takesEnzymeInducer,
  warfarinGenotypes,
} from '../../pkpd/models/warfarin-covariates.js';

/** One entry of the layout. */
export interface ObservationField {
  index: number;
  name: string;
  unit: string;
  description: string;
}

/** Number of past doses in the observation. */
export const DOSE_HISTORY_DAYS = 7;

/** Index of the dynamic fields. */
export const OBS = Object.freeze({ day: 0, lastInr: 1, daysSinceInr: 2, doses: 3 });

/** Size of the dynamic part. */
export const DYNAMIC_SIZE = 3 + DOSE_HISTORY_DAYS;

const DYNAMIC_FIELDS: readonly Omit<ObservationField, 'index'>[] = [
  { name: 'day', unit: 'day', description: 'day whose dose is to be chosen (0 = first dose)' },
  { name: 'lastInr', unit: 'INR', description: 'last measured INR (with measurement error)' },
  { name: 'daysSinceInr', unit: 'day', description: 'days since the last INR measurement (0 = this morning)' },
  ...Array.from({ length: DOSE_HISTORY_DAYS }, (_, k) => ({
    name: `dose${k + 1}`,
    unit: 'mg',
    description: `dose prescribed ${k + 1} day${k === 0 ? '' : 's'} ago (0 before the first dose)`,
  })),
];

const PATIENT_FIELDS: readonly Omit<ObservationField, 'index'>[] = [
  { name: 'age', unit: 'y', description: 'age' },
  { name: 'weight', unit: 'kg', description: 'body weight' },
  { name: 'height', unit: 'cm', description: 'height' },
  { name: 'female', unit: '0/1', description: '1 for female' },
  { name: 'raceWhite', unit: '0/1', description: 'IWPC race: white' },
  { name: 'raceAsian', unit: '0/1', description: 'IWPC race: Asian' },
  { name: 'raceBlack', unit: '0/1', description: 'IWPC race: Black or African American' },
  { name: 'raceOther', unit: '0/1', description: 'IWPC race: other, mixed or unknown' },
  { name: 'amiodarone', unit: '0/1', description: 'takes amiodarone' },
  { name: 'inducer', unit: '0/1', description: 'takes an enzyme inducer (carbamazepine, phenytoin, rifampin)' },
  ...CYP2C9_DIPLOTYPES.map((d) => ({
    name: `cyp2c9_${d.replace(/[*/]/g, '')}`,
    unit: '0/1',
    description: `CYP2C9 ${d} (other alleles mapped by activity value)`,
  })),
  { name: 'cyp2c9Unknown', unit: '0/1', description: 'CYP2C9 not genotyped' },
  { name: 'vkorc1A', unit: 'count', description: 'VKORC1 -1639A allele count (0 when unknown)' },
  { name: 'vkorc1Unknown', unit: '0/1', description: 'VKORC1 not genotyped' },
];

/** Size of the patient part. */
export const PATIENT_FEATURE_SIZE = PATIENT_FIELDS.length;

/** The layout for an env with or without patient features (indices filled in). */
export function observationLayout(includePatientFeatures: boolean): ObservationField[] {
  const fields = includePatientFeatures ? [...DYNAMIC_FIELDS, ...PATIENT_FIELDS] : DYNAMIC_FIELDS;
  return fields.map((f, index) => ({ index, ...f }));
}

/**
 * Write the patient features of `patient` (already mapped to warfarin-model genotypes, see
 * model-patient.ts) into `out` from `offset` ({@link PATIENT_FEATURE_SIZE} numbers).
 */
export function writePatientFeatures(patient: Patient, out: Float64Array | Float32Array, offset: number): void {
  let k = offset;
  out[k++] = patient.age;
  out[k++] = patient.weight;
  out[k++] = patient.height;
  out[k++] = patient.sex === 'female' ? 1 : 0;
  for (const race of ['white', 'asian', 'black', 'other'] as const) out[k++] = (patient.race ?? 'other') === race ? 1 : 0;
  out[k++] = takesAmiodarone(patient) ? 1 : 0;
  out[k++] = takesEnzymeInducer(patient) ? 1 : 0;
  const g = warfarinGenotypes(patient);
  for (const d of CYP2C9_DIPLOTYPES) out[k++] = g.cyp2c9 === d ? 1 : 0;
  out[k++] = g.cyp2c9 === undefined ? 1 : 0;
  out[k++] = g.vkorc1 === undefined ? 0 : countVkorc1A(g.vkorc1);
  out[k++] = g.vkorc1 === undefined ? 1 : 0;
}
