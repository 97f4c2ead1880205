/**
 * The worked patients A, B, C of reference/pkpd-models.md §1.4 (target INR 2.5, non-smoker,
 * no DVT/PE, no inducer), shared by the algorithm tests.
 */
import type { WarfarinPatient } from '../../../src/pkpd/models/warfarin-covariates.js';

const base = { sex: 'male' as const, comedications: [] as string[] };

export const PATIENT_A: WarfarinPatient = { ...base, age: 65, height: 170, weight: 70, race: 'white', genotypes: { VKORC1: 'G/A', CYP2C9: '*1/*1' } };
export const PATIENT_B: WarfarinPatient = { ...base, age: 45, height: 180, weight: 90, race: 'black', genotypes: { VKORC1: 'G/G', CYP2C9: '*1/*1' } };
export const PATIENT_C: WarfarinPatient = {
  ...base,
  age: 75,
  height: 160,
  weight: 60,
  race: 'asian',
  genotypes: { VKORC1: 'A/A', CYP2C9: '*1/*3' },
  comedications: ['amiodarone'],
};
