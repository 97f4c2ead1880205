/**
 * EU-PACT loading (Pirmohamed 2013; Avery 2011 formula as in ReiL `modified_pg`).
 */
import { describe, expect, it } from 'vitest';
import { EUPACT_K_BY_CYP2C9, eupactInitiation, eupactLoadingDoses } from '../../../src/agents/clinical/eupact.js';
import { InputError } from '../../../src/core/errors.js';
import { PATIENT_A, PATIENT_C } from './examples.js';

describe('EU-PACT', () => {
  it('loading doses for D = 5 mg/day, *1/*1 (k = 0.0189 1/h): 7.59, 6.72, 5.86 mg (hand-computed)', () => {
    // e = exp(−24·0.0189) = 0.63530; LD3 = 5/((1 − e)(1 + e + e²)) = 6.7245
    const [d1, d2, d3] = eupactLoadingDoses(5, 0.0189);
    expect(d2).toBeCloseTo(6.7245, 4);
    expect(d1).toBeCloseTo(1.5 * 6.7245 - 2.5, 3);
    expect(d3).toBeCloseTo(0.5 * 6.7245 + 2.5, 3);
  });

  it('three equal LD3 doses give the amount at steady state of D every 24 h (the definition)', () => {
    const k = EUPACT_K_BY_CYP2C9['*2/*3'];
    const e = Math.exp(-24 * k);
    const [, ld3] = eupactLoadingDoses(3, k);
    expect(ld3 * (1 + e + e * e)).toBeCloseTo(3 / (1 - e), 10);
  });

  it('maintenance: modified IWPC (age/10 not floored, no race term); slower CYP2C9 → larger loading ratio', () => {
    const a = eupactInitiation(PATIENT_A);
    // 5.6044 − 0.2614·6.5 + 0.0087·170 + 0.0128·70 − 0.8677 = 5.41263; squared 29.2966
    expect(a.weeklyDoseMg).toBeCloseTo(29.2966, 3);
    const c = eupactInitiation(PATIENT_C);
    expect(c.loadingDosesMg[1] / c.dailyDoseMg).toBeGreaterThan(a.loadingDosesMg[1] / a.dailyDoseMg);
  });

  it('needs both genotypes', () => {
    expect(() => eupactInitiation({ ...PATIENT_A, genotypes: { VKORC1: 'G/A' } })).toThrow(InputError);
  });
});
