/**
 * Patient JSON → {@link Subject}: the one set of rules by which every command and notebook
 * helper reads a patient given as JSON (`dosegym dose --patient`, `dosegym simulate --patient`).
 *
 * Accepted shape (every key optional):
 * ```json
 * { "age": 71, "weight": 70, "height": 170, "sex": "male", "race": "white",
 *   "genotype": { "CYP2C9": "*1/*3", "VKORC1": "G/A" }, "comedications": ["amiodarone"] }
 * ```
 * Rules:
 * - Missing demographics take the values of {@link DEFAULT_SUBJECT} (age 71 y, the Hamberg
 *   reference age; 70 kg; 170 cm; male). Race missing stays `undefined`: dosing algorithms
 *   treat it as IWPC's "missing or mixed" category (`other`).
 * - Impossible values are errors naming the field: age outside [0, 120] y, weight outside
 *   [0.5, 400] kg, height outside [30, 250] cm (the bounds of genomics' Patient), non-numbers.
 * - `genotype` (the singular key of the JSON; `genotypes` is accepted too) maps a gene
 *   symbol to a diplotype string. Gene symbols are upper-cased, values trimmed; their
 *   validity is checked by the model or algorithm that reads them (each knows its alleles).
 * - `comedications` are lower-cased generic names; `rifampicin` (INN) is read as `rifampin`
 *   (USAN), the name the warfarin algorithms use.
 * - Unknown top-level keys are kept out of the Subject but are not an error, so that
 *   model-specific extras (e.g. `targetInr`) can be read by the caller.
 *
 * No layer above pkpd is imported: genomics' Patient extends Subject and can be built from
 * this result.
 */
import { InputError } from '../core/errors.js';
import { DEFAULT_SUBJECT, type Subject } from './types.js';

/** Synonyms of co-medication names → the name used in this code base. */
const COMEDICATION_SYNONYMS: Readonly<Record<string, string>> = {
  rifampicin: 'rifampin',
};

/** Race strings accepted (lower-case) → Subject race category. */
const RACE_SYNONYMS: Readonly<Record<string, NonNullable<Subject['race']>>> = {
  white: 'white',
  caucasian: 'white',
  asian: 'asian',
  black: 'black',
  'african american': 'black',
  'african-american': 'black',
  'black or african american': 'black',
  other: 'other',
  mixed: 'other',
  unknown: 'other',
  missing: 'other',
};

/** `value` as a JSON object, or an InputError naming `field`. */
export function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${field}: expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, field);
  }
  return value as Record<string, unknown>;
}

/**
 * A finite number in [min, max], or `fallback` when the key is absent.
 */
export function readNumber(
  obj: Record<string, unknown>,
  key: string,
  field: string,
  range: { min: number; max: number; unit: string },
  fallback: number,
): number {
  const v = obj[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new InputError(`${field}.${key}: expected a finite number (${range.unit}), got ${JSON.stringify(v)}`, `${field}.${key}`);
  }
  if (v < range.min || v > range.max) {
    throw new InputError(`${field}.${key}: ${v} ${range.unit} is outside [${range.min}, ${range.max}]`, `${field}.${key}`);
  }
  return v;
}

/** An optional boolean key. */
export function readBoolean(obj: Record<string, unknown>, key: string, field: string, fallback: boolean): boolean {
  const v = obj[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new InputError(`${field}.${key}: expected true or false, got ${JSON.stringify(v)}`, `${field}.${key}`);
  return v;
}

/**
 * Parse a patient JSON value into a {@link Subject}.
 * @param json the parsed JSON (e.g. from `readJsonOption`)
 * @param field how the input is named in error messages (default `patient`)
 * @example parseSubject({ age: 65, genotype: { CYP2C9: '*1/*3' } })
 * // { age: 65, weight: 70, height: 170, sex: 'male', race: undefined, genotypes: { CYP2C9: '*1/*3' }, comedications: [] }
 * @example parseSubject({ weight: -3 }) // throws InputError 'patient.weight: -3 kg is outside [0.5, 400]'
 */
export function parseSubject(json: unknown, field = 'patient'): Subject {
  const obj = asRecord(json, field);
  const age = readNumber(obj, 'age', field, { min: 0, max: 120, unit: 'y' }, DEFAULT_SUBJECT.age);
  const weight = readNumber(obj, 'weight', field, { min: 0.5, max: 400, unit: 'kg' }, DEFAULT_SUBJECT.weight);
  const height = readNumber(obj, 'height', field, { min: 30, max: 250, unit: 'cm' }, DEFAULT_SUBJECT.height);

  let sex: Subject['sex'] = DEFAULT_SUBJECT.sex;
  if (obj.sex !== undefined) {
    const s = typeof obj.sex === 'string' ? obj.sex.trim().toLowerCase() : '';
    if (s !== 'male' && s !== 'female') {
      throw new InputError(`${field}.sex: expected 'male' or 'female', got ${JSON.stringify(obj.sex)}`, `${field}.sex`);
    }
    sex = s;
  }

  let race: Subject['race'];
  if (obj.race !== undefined && obj.race !== null) {
    const r = typeof obj.race === 'string' ? RACE_SYNONYMS[obj.race.trim().toLowerCase()] : undefined;
    if (r === undefined) {
      throw new InputError(`${field}.race: expected one of white, asian, black, other (missing or mixed), got ${JSON.stringify(obj.race)}`, `${field}.race`);
    }
    race = r;
  }

  const genotypes: Record<string, string> = {};
  const gkey = obj.genotype !== undefined ? 'genotype' : 'genotypes';
  if (obj[gkey] !== undefined && obj[gkey] !== null) {
    const g = asRecord(obj[gkey], `${field}.genotype`);
    for (const [gene, value] of Object.entries(g)) {
      if (value === null || value === undefined) continue; // explicitly unknown
      if (typeof value !== 'string') {
        throw new InputError(`${field}.genotype.${gene}: expected a diplotype string such as '*1/*3', got ${JSON.stringify(value)}`, `${field}.genotype.${gene}`);
      }
      const v = value.trim();
      if (v === '' || v.toLowerCase() === 'unknown') continue;
      genotypes[gene.trim().toUpperCase()] = v;
    }
  }

  const comedications: string[] = [];
  if (obj.comedications !== undefined && obj.comedications !== null) {
    if (!Array.isArray(obj.comedications)) {
      throw new InputError(`${field}.comedications: expected an array of drug names, got ${JSON.stringify(obj.comedications)}`, `${field}.comedications`);
    }
    obj.comedications.forEach((c, i) => {
      if (typeof c !== 'string' || c.trim() === '') {
        throw new InputError(`${field}.comedications[${i}]: expected a drug name, got ${JSON.stringify(c)}`, `${field}.comedications[${i}]`);
      }
      const name = c.trim().toLowerCase();
      comedications.push(COMEDICATION_SYNONYMS[name] ?? name);
    });
  }

  return { age, weight, height, sex, race, genotypes, comedications };
}
