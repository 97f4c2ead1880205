import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, ParseError } from '../../src/core/errors.js';
import { generateCohort } from '../../src/genomics/cohort.js';
import {
  cohortFromCsv,
  cohortFromJson,
  cohortFromVcf,
  cohortToCsv,
  cohortToJson,
  loadCohort,
  parseCsvRecords,
  saveCohort,
} from '../../src/genomics/cohort-io.js';
import { createPatient } from '../../src/genomics/patient.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'cohort', name);

/** A generated cohort plus awkward hand-made patients (unknown genes, no ancestry, quotes, commas). */
function mixedCohort() {
  const generated = generateCohort({ n: 200, seed: 99, ancestry: { european: 2, 'african-american': 1, 'east-asian': 1 } });
  const odd = [
    createPatient({ id: 'x,"quoted"', age: 40.25, sex: 'female', weight: 55.5, height: 158, genotypes: {}, comedications: ['amiodarone', 'phenytoin'] }),
    createPatient({ id: 'no-indication', age: 18, sex: 'male', weight: 0.1 + 0.2 + 80, height: 180, ancestry: 'latino', genotypes: { VKORC1: 'A/A' } }),
  ];
  return [...generated, ...odd];
}

const header = 'id,age,sex,weight,height,CYP2C9';

function parseErrorOf(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('cohort JSON', () => {
  it('round-trips exactly, with schema id and version', () => {
    const c = mixedCohort();
    const text = cohortToJson(c, { seed: 99 });
    expect(JSON.parse(text)).toMatchObject({ schema: 'dosegym.cohort', version: 1, meta: { seed: 99 } });
    expect(cohortFromJson(text)).toEqual(c);
  });

  it('rejects another schema version and names invalid patients', () => {
    expect(() => cohortFromJson('{"schema":"dosegym.cohort","version":2,"patients":[]}')).toThrow(/cohort\.version/);
    const bad = JSON.stringify({ schema: 'dosegym.cohort', version: 1, patients: [{ id: 'a', age: 50, sex: 'male', weight: 900, height: 170 }] });
    expect(() => cohortFromJson(bad)).toThrow(new InputError('patients[0].weight: must be ≤ 400 kg, got 900', 'patients[0].weight'));
    expect(() => cohortFromJson('{"schema":')).toThrow(ParseError);
  });
});

describe('cohort CSV', () => {
  it('round-trips exactly (numbers, booleans, co-medications, quoting, unknown genes)', () => {
    const c = mixedCohort();
    const text = cohortToCsv(c);
    expect(text.split('\n')[0]).toBe(
      'id,age,sex,weight,height,ancestry,race,comedications,adherence,vitamin_k_variability,smoker,activity,target_inr,dvt_pe,' +
        'CYP2C19,CYP2C9,CYP2D6,CYP4F2,DPYD,TPMT,UGT1A1,VKORC1',
    );
    const back = cohortFromCsv(text);
    expect(back).toEqual(c);
    expect(back.at(-1)!.weight).toBe(0.1 + 0.2 + 80); // not 80.3: shortest round-trip formatting
    expect('CYP2C9' in back.at(-1)!.genotypes).toBe(false); // empty cell = unknown
  });

  it('reads a minimal hand-written file with CRLF line ends and a BOM', () => {
    const text = `\uFEFF${header}\r\nP1,70,male,80,175,*1/*3\r\nP2,60,female,65,162,\r\n`;
    const [p1, p2] = cohortFromCsv(text);
    expect(p1!.phenotypes.CYP2C9).toBe('Intermediate Metabolizer');
    expect(p2!.genotypes).toEqual({});
  });

  it('reports malformed files with the line number', () => {
    expect(parseErrorOf(() => cohortFromCsv(`${header}\nP1,70,male,80,175,*1/*1\nP2,70,male,80\n`)).line).toBe(3);
    expect(parseErrorOf(() => cohortFromCsv(`${header}\nP1,70,male,80,175,*1/*1\n"P2,70,male,80,175,*1/*1\n`)).message).toBe(
      'line 3: unterminated quoted field',
    );
    expect(parseErrorOf(() => cohortFromCsv(`${header}\nP1,70,male,900,175,*1/*1\n`)).message).toBe(
      'line 2: patient.weight: must be ≤ 400 kg, got 900',
    );
    expect(parseErrorOf(() => cohortFromCsv(`${header}\nP1,70,male,heavy,175,*1/*1\n`)).message).toBe(
      'line 2: patient.weight: must be a number in kg, got "heavy"',
    );
    expect(parseErrorOf(() => cohortFromCsv(`${header}\nP1,70,male,80,175,*1/*42\n`)).message).toMatch(/^line 2: patient\.genotypes\.CYP2C9: /);
    expect(parseErrorOf(() => cohortFromCsv('id,age,sex,weight\nP1,70,male,80\n')).message).toBe("line 1: missing column 'height' in the header");
    expect(parseErrorOf(() => cohortFromCsv(`${header}\nP1,70,male,80,175,\nP1,71,male,80,175,\n`)).message).toMatch(/^line 3: .*duplicate id 'P1'/);
  });

  it('counts lines inside quoted fields', () => {
    expect(parseCsvRecords('a,b\n"x\ny",z\nu,v\n').map((r) => r.line)).toEqual([1, 2, 4]);
  });
});

describe('cohort from VCF + covariates (digital twins)', () => {
  // twins.vcf: S1 CYP2C9 c.430C>T (*2, chr10:94942290) het, VKORC1 −1639 (chr16:31096368 C>T) hom;
  // S2 CYP2C9 c.1075A>C (*3, chr10:94981296) het, VKORC1 het; S3 has no covariates.
  // Positions of §2.1 of the reference (PharmCAT pharmcat_positions.vcf, GRCh38).
  const twins = cohortFromVcf(readFileSync(fixture('twins.vcf')), readFileSync(fixture('covariates.csv'), 'utf8'));

  it('takes genotypes from the VCF and covariates from the CSV', () => {
    const [s1, s2] = twins.patients;
    expect(s1).toMatchObject({ id: 'S1', age: 65, race: 'white', genotypes: { CYP2C9: '*1/*2', VKORC1: 'A/A', CYP2D6: '*1/*4' } });
    expect(s2).toMatchObject({ id: 'S2', race: 'asian', comedications: ['amiodarone'], genotypes: { CYP2C9: '*1/*3', VKORC1: 'G/A' } });
    expect(s1!.phenotypes.CYP2C9).toBe('Intermediate Metabolizer'); // CPIC AS 1.5
    expect(twins.samplesWithoutCovariates).toEqual(['S3']);
  });

  it('leaves genes without calls unknown (absent key), with the reason reported', () => {
    const [s1, s2] = twins.patients;
    expect('CYP2C19' in s1!.genotypes).toBe(false);
    expect('CYP2D6' in s2!.genotypes).toBe(false); // no outside call for S2, not callable from a VCF
    expect(twins.unknownGenes.S1!.CYP2C19).toMatch(/CYP2C19/);
    expect(twins.unknownGenes.S1!.CYP2D6).toBeUndefined(); // supplied as an outside call
    expect(twins.unknownGenes.S2!.CYP2D6).toBeDefined();
  });

  it('rejects a covariates row whose sample is not in the VCF, naming the line', () => {
    const csv = 'id,age,sex,weight,height\nS1,65,male,70,170\nS9,50,female,60,160\n';
    expect(parseErrorOf(() => cohortFromVcf(readFileSync(fixture('twins.vcf')), csv)).message).toBe("line 3: sample 'S9' is not in the VCF");
  });
});

describe('saveCohort / loadCohort', () => {
  it('writes atomically (no temporary file left) and loads both formats', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dosegym-cohort-'));
    const c = generateCohort({ n: 25, seed: 4 });
    saveCohort(join(dir, 'c.json'), c);
    saveCohort(join(dir, 'c.csv'), c);
    expect(readdirSync(dir).sort()).toEqual(['c.csv', 'c.json']);
    expect(loadCohort(join(dir, 'c.json'))).toEqual(c);
    expect(loadCohort(join(dir, 'c.csv'))).toEqual(c);
    writeFileSync(join(dir, 'c.csv'), 'id,age\n');
    expect(() => loadCohort(join(dir, 'c.csv'))).toThrow(ParseError);
    expect(() => loadCohort(join(dir, 'missing.json'))).toThrow(/ENOENT/);
  });
});
