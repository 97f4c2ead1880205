/**
 * Gage 2008 algorithms: the worked examples of reference/pkpd-models.md §1.4 and the coding
 * rules (allele counts, Mosteller BSA, target INR, smoker, DVT/PE).
 */
import { describe, expect, it } from 'vitest';
import { GAGE_PHARMACOGENETIC, bodySurfaceAreaMosteller, gageClinical, gageLogDailyDose, gagePharmacogenetic } from '../../../src/agents/clinical/gage.js';
import { InputError } from '../../../src/core/errors.js';
import { PATIENT_A, PATIENT_B, PATIENT_C } from './examples.js';

describe('Gage 2008', () => {
  it('Mosteller BSA: 170 cm, 70 kg → 1.8181 m²', () => {
    expect(bodySurfaceAreaMosteller(170, 70)).toBeCloseTo(1.8181, 4);
  });

  it('pharmacogenetic: A 4.30, B 7.19, C 1.39 mg/day (§1.4)', () => {
    expect(gagePharmacogenetic(PATIENT_A).dailyDoseMg).toBeCloseTo(4.3, 2);
    expect(gagePharmacogenetic(PATIENT_B).dailyDoseMg).toBeCloseTo(7.19, 2);
    expect(gagePharmacogenetic(PATIENT_C).dailyDoseMg).toBeCloseTo(1.39, 2);
    expect(gagePharmacogenetic(PATIENT_A).weeklyDoseMg).toBeCloseTo(7 * 4.3, 1);
  });

  it('clinical: A 4.21, B 6.51, C 2.79 mg/day (§1.4)', () => {
    expect(gageClinical(PATIENT_A).dailyDoseMg).toBeCloseTo(4.21, 2);
    expect(gageClinical(PATIENT_B).dailyDoseMg).toBeCloseTo(6.51, 2);
    expect(gageClinical(PATIENT_C).dailyDoseMg).toBeCloseTo(2.79, 2);
  });

  it('VKORC1 enters as the number of A alleles: A/A has twice the effect of G/A', () => {
    const gg = gageLogDailyDose({ ...PATIENT_A, genotypes: { VKORC1: 'G/G', CYP2C9: '*1/*1' } }, GAGE_PHARMACOGENETIC);
    const ga = gageLogDailyDose(PATIENT_A, GAGE_PHARMACOGENETIC);
    const aa = gageLogDailyDose({ ...PATIENT_A, genotypes: { VKORC1: 'A/A', CYP2C9: '*1/*1' } }, GAGE_PHARMACOGENETIC);
    expect(ga - gg).toBeCloseTo(-0.3238, 10);
    expect(aa - gg).toBeCloseTo(-0.6476, 10);
    const s23 = gageLogDailyDose({ ...PATIENT_A, genotypes: { VKORC1: 'G/A', CYP2C9: '*2/*3' } }, GAGE_PHARMACOGENETIC);
    expect(s23 - ga).toBeCloseTo(-0.2066 - 0.4008, 10);
  });

  it('target INR, smoking and DVT/PE come from indication and lifestyle', () => {
    const base = gageLogDailyDose(PATIENT_A, GAGE_PHARMACOGENETIC);
    const p = { ...PATIENT_A, lifestyle: { smoker: true }, indication: { targetInr: 3, dvtPe: true } };
    expect(gageLogDailyDose(p, GAGE_PHARMACOGENETIC) - base).toBeCloseTo(0.2029 * 0.5 + 0.0922 + 0.0664, 10);
  });

  it('pharmacogenetic needs both genotypes', () => {
    expect(() => gagePharmacogenetic({ ...PATIENT_A, genotypes: { VKORC1: 'G/A' } })).toThrow(InputError);
    expect(() => gagePharmacogenetic({ ...PATIENT_A, genotypes: {} })).toThrow(/VKORC1/);
  });
});
