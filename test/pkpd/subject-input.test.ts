/**
 * Patient JSON → Subject: defaults, synonyms and field-named errors.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseSubject } from '../../src/pkpd/subject-input.js';

describe('parseSubject', () => {
  it('fills documented defaults (age 71, 70 kg, 170 cm, male; race undefined)', () => {
    expect(parseSubject({})).toEqual({ age: 71, weight: 70, height: 170, sex: 'male', race: undefined, genotypes: {}, comedications: [] });
  });

  it('reads the JSON key `genotype`, upper-cases genes, maps race and drug synonyms, drops unknown genotypes', () => {
    const s = parseSubject({ sex: 'Female', race: 'African American', genotype: { vkorc1: 'A/G', CYP2C9: 'unknown' }, comedications: [' Rifampicin '] });
    expect(s).toMatchObject({ sex: 'female', race: 'black', genotypes: { VKORC1: 'A/G' }, comedications: ['rifampin'] });
  });

  it.each([
    [{ weight: -3 }, 'patient.weight'],
    [{ age: 200 }, 'patient.age'],
    [{ height: 'x' }, 'patient.height'],
    [{ sex: 'x' }, 'patient.sex'],
    [{ comedications: 'amiodarone' }, 'patient.comedications'],
    [[], 'patient'],
  ])('%j → InputError on %s', (json, field) => {
    try {
      parseSubject(json);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(field);
    }
  });
});
