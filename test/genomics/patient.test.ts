import { takesAmiodarone, takesEnzymeInducer } from '../../src/pkpd/models/warfarin-covariates.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  ANCESTRY_GROUPS,
  createPatient,
  RACE_OF_ANCESTRY,
  type Patient,
} from '../../src/genomics/patient.js';
import type { Subject } from '../../src/pkpd/types.js';

/** Worked example A of reference §1.4 (IWPC/Gage): 65 y, 170 cm, 70 kg, White, VKORC1 GA, CYP2C9 *1/*1. */
const exampleA = { id: 'A', age: 65, sex: 'male', weight: 70, height: 170, ancestry: 'european', genotypes: { CYP2C9: '*1/*1', VKORC1: 'A/G' } };

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('createPatient', () => {
  it('builds reference patient A, derives race and phenotypes, normalises the VKORC1 genotype', () => {
    const p = createPatient(exampleA);
    expect(p.race).toBe('white');
    expect(p.genotypes).toEqual({ CYP2C9: '*1/*1', VKORC1: 'G/A' });
    // CPIC: CYP2C9 AS 2 → Normal Metabolizer; VKORC1 has no CPIC phenotype.
    expect(p.phenotypes).toEqual({ CYP2C9: 'Normal Metabolizer' });
    expect(p.lifestyle).toEqual({ adherence: 1, vitaminKVariability: 0, smoker: false, activity: 'moderate' });
    const s: Subject = p; // a Patient is a pkpd Subject
    expect(s.weight).toBe(70);
  });

  it('derives CYP2C9 *1/*3 as Intermediate Metabolizer (CPIC AS 1.0)', () => {
    const p = createPatient({ ...exampleA, genotypes: { CYP2C9: '*3/*1' } });
    expect(p.genotypes.CYP2C9).toBe('*1/*3');
    expect(p.phenotypes.CYP2C9).toBe('Intermediate Metabolizer');
  });

  it('maps every ancestry group to an IWPC race, and keeps a given race', () => {
    expect(Object.keys(RACE_OF_ANCESTRY).sort()).toEqual([...ANCESTRY_GROUPS].sort());
    expect(createPatient({ ...exampleA, ancestry: 'east-asian' }).race).toBe('asian');
    expect(createPatient({ ...exampleA, ancestry: 'african-american' }).race).toBe('black');
    expect(createPatient({ ...exampleA, ancestry: 'latino' }).race).toBe('other');
    const { ancestry: _, ...noAncestry } = exampleA;
    expect(createPatient(noAncestry).race).toBe('other');
    expect(createPatient({ ...exampleA, ancestry: 'latino', race: 'white' }).race).toBe('white');
  });

  it('treats an absent gene as unknown (no key)', () => {
    const p = createPatient({ ...exampleA, genotypes: { VKORC1: 'G/G' } });
    expect('CYP2C9' in p.genotypes).toBe(false);
    expect('CYP2C9' in p.phenotypes).toBe(false);
  });

  it('normalises co-medications to lower-case generic names and recognises the IWPC groups', () => {
    const p = createPatient({ ...exampleA, comedications: [' Amiodarone', 'RIFAMPICIN', 'aspirin'] });
    expect(p.comedications).toEqual(['amiodarone', 'aspirin', 'rifampin']);
    expect(takesAmiodarone(p)).toBe(true);
    expect(takesEnzymeInducer(p)).toBe(true);
    expect(takesEnzymeInducer(createPatient(exampleA))).toBe(false);
  });

  it('names the field, the rule and the value in validation errors', () => {
    expect(messageOf(() => createPatient({ ...exampleA, weight: 900 }))).toBe('patient.weight: must be ≤ 400 kg, got 900');
    expect(messageOf(() => createPatient({ ...exampleA, age: -1 }))).toBe('patient.age: must be ≥ 0 years, got -1');
    expect(messageOf(() => createPatient({ ...exampleA, sex: 'M' }))).toBe(`patient.sex: must be 'male' or 'female', got "M"`);
    expect(messageOf(() => createPatient({ ...exampleA, lifestyle: { adherence: 1.5 } }))).toBe('patient.lifestyle.adherence: must be ≤ 1, got 1.5');
    expect(messageOf(() => createPatient({ ...exampleA, comedications: ['ok', 7] }))).toMatch(/^patient\.comedications\[1\]: must be a string, got 7$/);
    expect(messageOf(() => createPatient({ ...exampleA, wieght: 70 }))).toBe("patient: unknown field(s) 'wieght'");
    const { height: _, ...noHeight } = exampleA;
    expect(messageOf(() => createPatient(noHeight))).toBe('patient.height: must be a number in cm, missing');
    expect(messageOf(() => createPatient({ ...exampleA, weight: 900 }, 'patients[3]'))).toMatch(/^patients\[3\]\.weight:/);
  });

  it('rejects unknown diplotypes and genes with the genotype caller’s error under the field path', () => {
    const e = messageOf(() => createPatient({ ...exampleA, genotypes: { CYP2C9: '*1/*99' } }));
    expect(e).toMatch(/^patient\.genotypes\.CYP2C9: /);
    expect(e).toMatch(/\*99/);
    expect(messageOf(() => createPatient({ ...exampleA, genotypes: { NOPE1: '*1/*1' } }))).toMatch(/^patient\.genotypes\.NOPE1: .*NOPE1/);
  });

  it('is idempotent: a patient fed back in is the same patient', () => {
    const p: Patient = createPatient({ ...exampleA, indication: { targetInr: 2.5, dvtPe: true } });
    expect(createPatient(p)).toEqual(p);
  });
});
