/**
 * The virtual (or digital-twin) patient: demographics, ancestry group, co-medications,
 * lifestyle, indication and genotypes, validated on construction.
 *
 * A {@link Patient} is a pkpd {@link Subject}, so every model can read it directly; models
 * read what they need and ignore the rest.
 *
 * Conventions (the contract for everything that reads a Patient):
 * - **Unknown genotype = absent key.** `genotypes` only holds genes that were called. A gene
 *   that is missing (not tested, VCF positions absent, call Indeterminate) has no key, so a
 *   dosing algorithm such as IWPC uses its 'unknown' coefficients for it.
 * - Genotypes are validated (and normalised) by the genotype caller's `callGene`; the derived
 *   CPIC phenotypes are stored in `phenotypes` (read-only, recomputed on every load; genes
 *   without a CPIC phenotype, such as VKORC1, have no entry).
 * - `race` is the IWPC/Gage race category; when not given it is derived from `ancestry` by
 *   {@link RACE_OF_ANCESTRY}, and is 'other' when the ancestry is unknown.
 * - Co-medications are lower-case generic names; synonyms in {@link COMEDICATION_SYNONYMS}
 *   are mapped to one name (e.g. 'rifampicin' → 'rifampin').
 */
import { z } from 'zod';
import { DosegymError, InputError } from '../core/errors.js';
import type { Subject } from '../pkpd/types.js';
import { callGene } from './phenotype.js';

/** CPIC biogeographic groups (CPIC frequency tables; Huddart et al. 2019, Clin Pharmacol Ther 105:1256). */
export const ANCESTRY_GROUPS = [
  'african-american',
  'american',
  'central-south-asian',
  'east-asian',
  'european',
  'latino',
  'near-eastern',
  'oceanian',
  'sub-saharan-african',
] as const;

/** Stable id of a CPIC biogeographic group. */
export type AncestryGroup = (typeof ANCESTRY_GROUPS)[number];

/** The label CPIC uses for each group. */
export const ANCESTRY_LABELS: Readonly<Record<AncestryGroup, string>> = {
  'african-american': 'African American/Afro-Caribbean',
  american: 'American',
  'central-south-asian': 'Central/South Asian',
  'east-asian': 'East Asian',
  european: 'European',
  latino: 'Latino',
  'near-eastern': 'Near Eastern',
  oceanian: 'Oceanian',
  'sub-saharan-african': 'Sub-Saharan African',
};

/** IWPC/Gage race category. */
export type Race = 'white' | 'asian' | 'black' | 'other';

/**
 * Ancestry group → IWPC race category, used when a patient's race is not given.
 * - European, Near Eastern → white (the US OMB "White" category in force when IWPC and Gage
 *   collected their data included the Middle East and North Africa).
 * - East Asian, Central/South Asian → asian (OMB "Asian" includes the Indian subcontinent).
 * - African American/Afro-Caribbean, Sub-Saharan African → black.
 * - Latino, American (Indigenous Americas), Oceanian → other: IWPC codes them as
 *   "missing or mixed race" (Latino is an ethnicity, not a race, in IWPC's data).
 */
export const RACE_OF_ANCESTRY: Readonly<Record<AncestryGroup, Race>> = {
  'african-american': 'black',
  american: 'other',
  'central-south-asian': 'asian',
  'east-asian': 'asian',
  european: 'white',
  latino: 'other',
  'near-eastern': 'white',
  oceanian: 'other',
  'sub-saharan-african': 'black',
};

/** Co-medication read by the warfarin algorithms (IWPC, Gage): a CYP2C9 inhibitor. */
export const AMIODARONE = 'amiodarone';

/** The enzyme inducers of the IWPC algorithm (carbamazepine, phenytoin, rifampin). */
export const CYP2C9_INDUCERS: readonly string[] = ['carbamazepine', 'phenytoin', 'rifampin'];

/** Synonyms mapped to one generic name when a patient is created. */
export const COMEDICATION_SYNONYMS: Readonly<Record<string, string>> = {
  rifampicin: 'rifampin',
};

/** Physical activity level (self-reported category). */
export type ActivityLevel = 'low' | 'moderate' | 'high';

/** Lifestyle factors that models and care-process simulators may read. */
export interface Lifestyle {
  /** Probability that a scheduled dose is taken (0–1). */
  adherence: number;
  /**
   * Day-to-day variability of dietary vitamin K intake: the SD of daily intake divided by the
   * patient's usual (mean) intake, i.e. a coefficient of variation (0 = perfectly steady diet,
   * 1 = SD equal to the mean). Dimensionless, 0–3.
   */
  vitaminKVariability: number;
  smoker: boolean;
  activity: ActivityLevel;
}

/** Indication details read by warfarin tasks (Gage 2008 uses target INR and the DVT/PE flag). */
export interface Indication {
  /** Target INR (e.g. 2.5 for atrial fibrillation or VTE, 3.0 for some mechanical valves). */
  targetInr?: number;
  /** Deep-vein thrombosis or pulmonary embolism as the indication (Gage's DVT/PE term). */
  dvtPe?: boolean;
}

/** Defaults applied by {@link createPatient} where lifestyle fields are not given. */
export const DEFAULT_LIFESTYLE: Readonly<Lifestyle> = Object.freeze({
  adherence: 1,
  vitaminKVariability: 0,
  smoker: false,
  activity: 'moderate',
});

/** A validated patient. Immutable by convention: build a new one with {@link createPatient}. */
export interface Patient extends Subject {
  /** Identifier (synthetic, a sample id, or a pseudonym). */
  id: string;
  /** Age in years (0–120). */
  age: number;
  sex: 'male' | 'female';
  /** Body weight in kg (0.5–400). */
  weight: number;
  /** Height in cm (30–250). */
  height: number;
  /** CPIC biogeographic group; absent when unknown. */
  ancestry?: AncestryGroup;
  race: Race;
  comedications: readonly string[];
  lifestyle: Lifestyle;
  /** Gene → diplotype (e.g. CYP2C9 '*1/*3') or genotype (VKORC1 'G/A'); absent = unknown. */
  genotypes: Readonly<Record<string, string>>;
  /** Gene → CPIC phenotype derived from `genotypes` by callGene. */
  phenotypes: Readonly<Record<string, string>>;
  indication?: Indication;
}

/** A finite number in [min, max]; `unit` is named in the messages (zod 4 numbers reject ±Infinity and NaN). */
function bounded(min: number, max: number, unit = '') {
  const u = unit === '' ? '' : ` ${unit}`;
  return z
    .number({ error: `must be a number${unit === '' ? '' : ` in ${unit}`}` })
    .min(min, `must be ≥ ${min}${u}`)
    .max(max, `must be ≤ ${max}${u}`);
}

/** Input accepted by {@link createPatient}. `phenotypes` may be present (saved files) but is recomputed. */
export const patientInputSchema = z.strictObject({
  id: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  age: bounded(0, 120, 'years'),
  sex: z.enum(['male', 'female'], { error: "must be 'male' or 'female'" }),
  weight: bounded(0.5, 400, 'kg'),
  height: bounded(30, 250, 'cm'),
  ancestry: z.enum(ANCESTRY_GROUPS, { error: `must be one of ${ANCESTRY_GROUPS.join(', ')}` }).optional(),
  race: z.enum(['white', 'asian', 'black', 'other'], { error: "must be 'white', 'asian', 'black' or 'other'" }).optional(),
  comedications: z
    .array(
      z
        .string({ error: 'must be a string' })
        .transform((s) => s.trim().toLowerCase())
        .pipe(z.string().regex(/^[a-z][a-z0-9 ()/-]*$/, 'must be a generic drug name (letters, digits, spaces, hyphens)')),
    )
    .default([]),
  lifestyle: z
    .strictObject({
      adherence: bounded(0, 1).optional(),
      vitaminKVariability: bounded(0, 3).optional(),
      smoker: z.boolean({ error: 'must be true or false' }).optional(),
      activity: z.enum(['low', 'moderate', 'high'], { error: "must be 'low', 'moderate' or 'high'" }).optional(),
    })
    .default({}),
  genotypes: z.record(z.string(), z.string({ error: 'must be a diplotype string' })).default({}),
  phenotypes: z.record(z.string(), z.string()).optional(),
  indication: z
    .strictObject({
      targetInr: bounded(1, 5).optional(),
      dvtPe: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .optional(),
});

/** What {@link createPatient} accepts (before defaults and derivations). */
export type PatientInput = z.input<typeof patientInputSchema>;

/** Render a zod path as `patient.genotypes.CYP2C9` / `patient.comedications[1]`. */
function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Validate and build a patient. Throws an {@link InputError} naming the field path and the
 * problem, e.g. `patient.weight: must be ≤ 400 kg, got 900`; an unknown gene or allele is
 * rejected with the genotype caller's message under `patient.genotypes.<gene>`.
 *
 * @param input raw patient (e.g. parsed JSON)
 * @param root  name of the object in error messages (e.g. `patients[3]`)
 * @example createPatient({ id: 'A', age: 65, sex: 'male', weight: 70, height: 170,
 *   ancestry: 'european', genotypes: { CYP2C9: '*1/*3', VKORC1: 'G/A' } })
 */
export function createPatient(input: unknown, root = 'patient'): Patient {
  const parsed = patientInputSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldPath(root, issue.path);
    if (issue.code === 'unrecognized_keys') {
      throw new InputError(`${field}: unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`, field);
    }
    const got = issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : `got ${describe(issue.input)}`;
    throw new InputError(`${field}: ${issue.message}, ${got}`, field);
  }
  const p = parsed.data;

  const comedications = [...new Set(p.comedications.map((c) => COMEDICATION_SYNONYMS[c] ?? c))].sort();

  const genotypes: Record<string, string> = {};
  const phenotypes: Record<string, string> = {};
  for (const gene of Object.keys(p.genotypes).sort()) {
    const field = `${root}.genotypes.${gene}`;
    const value = p.genotypes[gene]!.trim();
    let call;
    try {
      call = callGene(gene, value);
    } catch (e) {
      if (e instanceof DosegymError) throw new InputError(`${field}: ${e.message}`, field, { cause: e });
      throw e;
    }
    genotypes[gene] = call.diplotype ?? call.genotype ?? value;
    if (call.phenotype !== undefined) phenotypes[gene] = call.phenotype;
  }

  const patient: Patient = {
    id: p.id,
    age: p.age,
    sex: p.sex,
    weight: p.weight,
    height: p.height,
    ...(p.ancestry !== undefined ? { ancestry: p.ancestry } : {}),
    race: p.race ?? (p.ancestry !== undefined ? RACE_OF_ANCESTRY[p.ancestry] : 'other'),
    comedications,
    lifestyle: { ...DEFAULT_LIFESTYLE, ...stripUndefined(p.lifestyle) },
    genotypes,
    phenotypes,
    ...(p.indication !== undefined ? { indication: stripUndefined(p.indication) } : {}),
  };
  return patient;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
