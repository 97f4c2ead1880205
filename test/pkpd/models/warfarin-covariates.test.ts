/**
 * Warfarin covariate helpers: genotype normalisation, co-medication factors (values of the
 * file header: amiodarone 0.65, rifampin 2, carbamazepine/phenytoin 1.5), patient JSON,
 * vitamin K AR(1) and adherence draws.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { RandomStream } from '../../../src/core/random.js';
import {
  comedicationClearanceFactor,
  doseTaken,
  nextVitaminKShift,
  normaliseCyp2c9,
  normaliseVkorc1,
  parseWarfarinPatient,
} from '../../../src/pkpd/models/warfarin-covariates.js';
import { DEFAULT_SUBJECT } from '../../../src/pkpd/types.js';

describe('warfarin covariates', () => {
  it('normalises diplotypes; unknown ones name the field', () => {
    expect(normaliseCyp2c9('*3/*1')).toBe('*1/*3');
    expect(normaliseCyp2c9('2/3')).toBe('*2/*3');
    expect(normaliseVkorc1('a/g')).toBe('G/A');
    expect(normaliseVkorc1('AA')).toBe('A/A');
    expect(() => normaliseCyp2c9('*1/*11')).toThrow(/patient\.genotype\.CYP2C9/);
  });

  it('co-medication factors: amiodarone × largest inducer', () => {
    const f = (comedications: string[]) => comedicationClearanceFactor({ ...DEFAULT_SUBJECT, comedications });
    expect(f([])).toBe(1);
    expect(f(['amiodarone'])).toBe(0.65);
    expect(f(['carbamazepine', 'rifampin'])).toBe(2);
    expect(f(['phenytoin', 'amiodarone'])).toBeCloseTo(0.975, 12);
  });

  it('parses patient JSON with Gage extras (top level or nested) and defaults', () => {
    const p = parseWarfarinPatient({ age: 60, genotype: { cyp2c9: '*2/*1' }, lifestyle: { smoker: true }, indication: { targetInr: 3 } });
    expect(p.genotypes).toEqual({ CYP2C9: '*1/*2' });
    expect(p.lifestyle).toEqual({ smoker: true });
    expect(p.indication).toEqual({ targetInr: 3, dvtPe: false });
    expect(parseWarfarinPatient({ dvtPe: true }).indication).toEqual({ targetInr: 2.5, dvtPe: true });
    expect(() => parseWarfarinPatient({ targetInr: 9 })).toThrow(/targetInr/);
  });

  it('vitamin K shift: AR(1) with stationary SD 0.2 × intake CV; no variability → 0; one draw per call', () => {
    const rng = RandomStream.fromSeed(7);
    let v = 0;
    const xs: number[] = [];
    for (let i = 0; i < 20000; i++) xs.push((v = nextVitaminKShift(v, rng, 0.5)));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.11);
    const a = RandomStream.fromSeed(1);
    const b = RandomStream.fromSeed(1);
    expect(nextVitaminKShift(0, a, 0)).toBe(0);
    nextVitaminKShift(0, b, 1);
    expect(a.uniform()).toBe(b.uniform());
    expect(() => nextVitaminKShift(0, a, -1)).toThrow(InputError);
  });

  it('adherence: Bernoulli per dose, one draw whatever the adherence', () => {
    const rng = RandomStream.fromSeed(3);
    let taken = 0;
    for (let i = 0; i < 10000; i++) if (doseTaken(rng, 0.8)) taken++;
    expect(taken / 10000).toBeCloseTo(0.8, 1);
    const a = RandomStream.fromSeed(5);
    const b = RandomStream.fromSeed(5);
    expect(doseTaken(a, 1)).toBe(true);
    doseTaken(b, 0.3);
    expect(a.uniform()).toBe(b.uniform());
    expect(() => doseTaken(a, 1.2)).toThrow(InputError);
  });
});
