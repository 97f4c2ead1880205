/**
 * IWPC 2009 algorithms: the worked examples of reference/pkpd-models.md §1.4 and the
 * coding rules (decades, race, unknown genotype, inducers).
 */
import { describe, expect, it } from 'vitest';
import { IWPC_CLINICAL, IWPC_PHARMACOGENETIC, iwpcClinical, iwpcPharmacogenetic, iwpcSqrtWeeklyDose } from '../../../src/agents/clinical/iwpc.js';
import { InputError } from '../../../src/core/errors.js';
import { PATIENT_A, PATIENT_B, PATIENT_C } from './examples.js';

describe('IWPC pharmacogenetic', () => {
  it('reproduces the §1.4 examples: A 30.73, B 49.01, C 6.98 mg/week', () => {
    expect(iwpcSqrtWeeklyDose(PATIENT_A, IWPC_PHARMACOGENETIC)).toBeCloseTo(5.5433, 4);
    expect(iwpcSqrtWeeklyDose(PATIENT_B, IWPC_PHARMACOGENETIC)).toBeCloseTo(7.0008, 4);
    expect(iwpcSqrtWeeklyDose(PATIENT_C, IWPC_PHARMACOGENETIC)).toBeCloseTo(2.642, 4);
    expect(iwpcPharmacogenetic(PATIENT_A).weeklyDoseMg).toBeCloseTo(30.73, 2);
    expect(iwpcPharmacogenetic(PATIENT_B).weeklyDoseMg).toBeCloseTo(49.01, 2);
    expect(iwpcPharmacogenetic(PATIENT_C).weeklyDoseMg).toBeCloseTo(6.98, 2);
    expect(iwpcPharmacogenetic(PATIENT_A).dailyDoseMg).toBeCloseTo(4.39, 2);
    expect(iwpcPharmacogenetic(PATIENT_B).dailyDoseMg).toBeCloseTo(7.0, 2);
  });

  it('age in decades is ⌊age/10⌋: 60 and 69 years give the same dose', () => {
    const d60 = iwpcPharmacogenetic({ ...PATIENT_A, age: 60 }).weeklyDoseMg;
    expect(iwpcPharmacogenetic({ ...PATIENT_A, age: 69 }).weeklyDoseMg).toBe(d60);
    expect(iwpcPharmacogenetic({ ...PATIENT_A, age: 70 }).weeklyDoseMg).toBeLessThan(d60);
  });

  it('missing genotypes use the "unknown" coefficients (−0.4854 VKORC1, −0.2188 CYP2C9)', () => {
    const untyped = { ...PATIENT_A, genotypes: {} };
    const sqrtGG = iwpcSqrtWeeklyDose({ ...PATIENT_A, genotypes: { VKORC1: 'G/G', CYP2C9: '*1/*1' } }, IWPC_PHARMACOGENETIC);
    expect(iwpcSqrtWeeklyDose(untyped, IWPC_PHARMACOGENETIC)).toBeCloseTo(sqrtGG - 0.4854 - 0.2188, 10);
  });

  it('missing race is "missing or mixed" (−0.1032 PG, +0.0443 clinical)', () => {
    const { race: _r, ...noRace } = PATIENT_A;
    expect(iwpcSqrtWeeklyDose(noRace, IWPC_PHARMACOGENETIC) - iwpcSqrtWeeklyDose(PATIENT_A, IWPC_PHARMACOGENETIC)).toBeCloseTo(-0.1032, 10);
    expect(iwpcSqrtWeeklyDose(noRace, IWPC_CLINICAL) - iwpcSqrtWeeklyDose(PATIENT_A, IWPC_CLINICAL)).toBeCloseTo(0.0443, 10);
  });

  it('an enzyme inducer adds +1.1816 (rifampicin read as rifampin)', () => {
    const d = iwpcSqrtWeeklyDose({ ...PATIENT_A, comedications: ['rifampicin'] }, IWPC_PHARMACOGENETIC);
    expect(d - iwpcSqrtWeeklyDose(PATIENT_A, IWPC_PHARMACOGENETIC)).toBeCloseTo(1.1816, 10);
  });

  it('an unknown CYP2C9 allele is an InputError naming the field', () => {
    expect(() => iwpcPharmacogenetic({ ...PATIENT_A, genotypes: { CYP2C9: '*1/*5', VKORC1: 'G/A' } })).toThrow(InputError);
    expect(() => iwpcPharmacogenetic({ ...PATIENT_A, genotypes: { CYP2C9: '*1/*5' } })).toThrow(/patient\.genotype\.CYP2C9/);
  });
});

describe('IWPC clinical', () => {
  it('reproduces the §1.4 examples: A 29.75, B 45.63, C 13.71 mg/week', () => {
    expect(iwpcClinical(PATIENT_A).weeklyDoseMg).toBeCloseTo(29.75, 2);
    expect(iwpcClinical(PATIENT_B).weeklyDoseMg).toBeCloseTo(45.63, 2);
    expect(iwpcClinical(PATIENT_C).weeklyDoseMg).toBeCloseTo(13.71, 2);
  });

  it('ignores genotypes, even unknown ones', () => {
    expect(iwpcClinical({ ...PATIENT_A, genotypes: { CYP2C9: '*1/*8' } }).weeklyDoseMg).toBe(iwpcClinical(PATIENT_A).weeklyDoseMg);
  });
});
