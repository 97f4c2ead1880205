/**
 * Saving and loading cohorts (JSON and CSV), and building a cohort of digital twins from a
 * VCF plus a CSV of covariates keyed by sample id.
 *
 * JSON: `{ "schema": "dosegym.cohort", "version": 1, "meta": {…}, "patients": [Patient…] }`.
 * Loading validates every patient with `createPatient` (errors name `patients[i].field`) and
 * recomputes the phenotypes.
 *
 * CSV (RFC 4180: comma-separated, double-quoted fields where needed, first line the header):
 * `id, age, sex, weight, height, ancestry, race, comedications, adherence,
 * vitamin_k_variability, smoker, activity, target_inr, dvt_pe`, then one column per gene named
 * by its symbol (`CYP2C9`, `VKORC1`, …). Co-medications are separated by ';'. Booleans are
 * `true`/`false`. **An empty cell is unknown**: an empty genotype cell leaves the gene out of
 * the patient (the IWPC 'unknown' coefficients then apply); an empty ancestry leaves it out.
 * Numbers are written with JavaScript's shortest round-trip representation, so a
 * save → load round trip is exact. A malformed file or an invalid value throws a
 * {@link ParseError} with the 1-based line number.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../core/atomic-write.js';
import { DosegymError, InputError, ParseError } from '../core/errors.js';
import { createPatient, type Patient } from './patient.js';
import { genotypeVcf } from './vcf/genotyper.js';
import { readVcf } from './vcf/reader.js';

/** Schema id and version written into JSON cohorts. */
export const COHORT_SCHEMA = 'dosegym.cohort';
export const COHORT_SCHEMA_VERSION = 1;

/** Cohort file formats. */
export type CohortFormat = 'json' | 'csv';

// ---------------------------------------------------------------------------------- JSON

/**
 * Serialise a cohort as JSON (pretty-printed, with schema id and version).
 * @param meta free-form provenance (seed, options, salt, …)
 */
export function cohortToJson(patients: readonly Patient[], meta: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ schema: COHORT_SCHEMA, version: COHORT_SCHEMA_VERSION, meta, patients }, null, 2)}\n`;
}

/** Parse a JSON cohort (validated; phenotypes recomputed). */
export function cohortFromJson(text: string): Patient[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParseError(`cohort JSON is malformed (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new InputError('cohort: must be a JSON object', 'cohort');
  const d = doc as Record<string, unknown>;
  if (d.schema !== COHORT_SCHEMA) {
    throw new InputError(`cohort.schema: must be '${COHORT_SCHEMA}', got ${JSON.stringify(d.schema)}`, 'cohort.schema');
  }
  if (d.version !== COHORT_SCHEMA_VERSION) {
    throw new InputError(`cohort.version: version ${JSON.stringify(d.version)} is not supported (this build reads ${COHORT_SCHEMA_VERSION})`, 'cohort.version');
  }
  if (!Array.isArray(d.patients)) throw new InputError('cohort.patients: must be an array', 'cohort.patients');
  return d.patients.map((p, i) => createPatient(p, `patients[${i}]`));
}

// ----------------------------------------------------------------------------------- CSV

/** The covariate columns of a cohort CSV, in order. Any other column is a gene. */
export const CSV_COLUMNS = [
  'id',
  'age',
  'sex',
  'weight',
  'height',
  'ancestry',
  'race',
  'comedications',
  'adherence',
  'vitamin_k_variability',
  'smoker',
  'activity',
  'target_inr',
  'dvt_pe',
] as const;

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const str = (x: unknown) => (x === undefined ? '' : String(x));

/** Serialise a cohort as CSV (genes: the union of all patients' genes, sorted). */
export function cohortToCsv(patients: readonly Patient[]): string {
  const genes = [...new Set(patients.flatMap((p) => Object.keys(p.genotypes)))].sort();
  const lines = [[...CSV_COLUMNS, ...genes].join(',')];
  for (const p of patients) {
    const cells = [
      p.id,
      str(p.age),
      p.sex,
      str(p.weight),
      str(p.height),
      str(p.ancestry),
      p.race,
      p.comedications.join(';'),
      str(p.lifestyle.adherence),
      str(p.lifestyle.vitaminKVariability),
      str(p.lifestyle.smoker),
      p.lifestyle.activity,
      str(p.indication?.targetInr),
      str(p.indication?.dvtPe),
      ...genes.map((g) => str(p.genotypes[g])),
    ];
    lines.push(cells.map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A parsed CSV record with the line it starts on. */
interface CsvRecord {
  line: number;
  cells: string[];
}

/** Split CSV text into records (RFC 4180 quoting). Blank lines are skipped. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let atRecordEnd = false;
    while (!atRecordEnd) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new ParseError('unterminated quoted field', startLine);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new ParseError(`unexpected character '${text[i]}' after a closing quote`, line);
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') throw new ParseError('a quote inside an unquoted field', line);
          cell += text[i];
          i++;
        }
      }
      cells.push(cell);
      cell = '';
      if (i >= n) atRecordEnd = true;
      else if (text[i] === ',') i++;
      else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        atRecordEnd = true;
      }
    }
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: startLine, cells });
  }
  return records;
}

/** A number cell: empty → undefined; not a number → the raw text (so validation names it). */
function numberCell(cell: string): number | string | undefined {
  const t = cell.trim();
  if (t === '') return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : t;
}

function booleanCell(cell: string): boolean | string | undefined {
  const t = cell.trim().toLowerCase();
  if (t === '') return undefined;
  if (t === 'true') return true;
  if (t === 'false') return false;
  return cell;
}

const textCell = (cell: string) => (cell.trim() === '' ? undefined : cell.trim());

/** Patient input (before validation) from one CSV row; genotype cells are gene columns. */
function rowToInput(header: readonly string[], cells: readonly string[]): Record<string, unknown> {
  const get = (col: string) => {
    const k = header.indexOf(col);
    return k < 0 ? '' : (cells[k] ?? '');
  };
  const genotypes: Record<string, string> = {};
  header.forEach((col, k) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(col) && (cells[k] ?? '').trim() !== '') genotypes[col] = cells[k]!.trim();
  });
  const lifestyle = {
    adherence: numberCell(get('adherence')),
    vitaminKVariability: numberCell(get('vitamin_k_variability')),
    smoker: booleanCell(get('smoker')),
    activity: textCell(get('activity')),
  };
  const indication = { targetInr: numberCell(get('target_inr')), dvtPe: booleanCell(get('dvt_pe')) };
  const comedications = get('comedications')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return dropUndefined({
    id: textCell(get('id')),
    age: numberCell(get('age')),
    sex: textCell(get('sex')),
    weight: numberCell(get('weight')),
    height: numberCell(get('height')),
    ancestry: textCell(get('ancestry')),
    race: textCell(get('race')),
    comedications,
    lifestyle: dropUndefined(lifestyle),
    indication: indication.targetInr === undefined && indication.dvtPe === undefined ? undefined : dropUndefined(indication),
    genotypes,
  });
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Parse the header of a cohort or covariates CSV. `id` is required, names must be unique. */
function parseHeader(records: readonly CsvRecord[], required: readonly string[]): string[] {
  const first = records[0];
  if (first === undefined) throw new ParseError('empty CSV: expected a header line', 1);
  const header = first.cells.map((c) => c.trim());
  for (const col of required) {
    if (!header.includes(col)) throw new ParseError(`missing column '${col}' in the header`, first.line);
  }
  const dup = header.find((c, k) => header.indexOf(c) !== k);
  if (dup !== undefined) throw new ParseError(`duplicate column '${dup}' in the header`, first.line);
  const empty = header.indexOf('');
  if (empty >= 0) throw new ParseError(`column ${empty + 1} of the header has no name`, first.line);
  return header;
}

/** Validate CSV rows into patients; any error becomes a ParseError naming the line. */
function rowsToPatients(records: readonly CsvRecord[], header: readonly string[], extraGenotypes?: (id: string, line: number) => Record<string, string>): Patient[] {
  const seen = new Set<string>();
  return records.slice(1).map(({ line, cells }) => {
    if (cells.length !== header.length) {
      throw new ParseError(`expected ${header.length} fields (as in the header), got ${cells.length}`, line);
    }
    const input = rowToInput(header, cells);
    try {
      const id = String(input.id ?? '');
      if (id !== '' && seen.has(id)) throw new InputError(`patient.id: duplicate id '${id}'`, 'patient.id');
      seen.add(id);
      if (extraGenotypes !== undefined) {
        input.genotypes = { ...extraGenotypes(id, line), ...(input.genotypes as Record<string, string>) };
      }
      return createPatient(input);
    } catch (e) {
      if (e instanceof ParseError) throw e;
      if (e instanceof DosegymError) throw new ParseError(e.message, line, { cause: e });
      throw e;
    }
  });
}

/**
 * Parse a cohort CSV. Required columns: id, age, sex, weight, height; the other covariate
 * columns are optional (defaults as in `createPatient`); every other column is a gene.
 */
export function cohortFromCsv(text: string): Patient[] {
  const records = parseCsvRecords(text);
  const header = parseHeader(records, ['id', 'age', 'sex', 'weight', 'height']);
  return rowsToPatients(records, header);
}

// ------------------------------------------------------------------------ VCF + covariates

/** Result of {@link cohortFromVcf}. */
export interface VcfCohort {
  patients: Patient[];
  /** VCF samples with no row in the covariates CSV (left out of the cohort). */
  samplesWithoutCovariates: string[];
  /** Per patient id, genes the VCF could not call (left unknown) with the reason. */
  unknownGenes: Record<string, Record<string, string>>;
}

/**
 * Digital twins: genotypes from a VCF (`readVcf` + `genotypeVcf`), covariates from a CSV
 * keyed by sample id (the `id` column; same columns as a cohort CSV).
 *
 * - A gene whose call is 'Indeterminate', or that has no diplotype/genotype (missing
 *   positions), stays **unknown**: no key in `genotypes`.
 * - Genotype columns in the CSV are outside calls (e.g. CYP2D6, which is not called from a
 *   VCF) and take precedence over the VCF for that gene, as PharmCAT outside calls do.
 * - Every CSV row must name a VCF sample (else a ParseError with its line); VCF samples
 *   without a CSV row are listed in `samplesWithoutCovariates`.
 */
export function cohortFromVcf(vcfInput: string | Buffer, covariatesCsv: string, options: { genes?: readonly string[] } = {}): VcfCohort {
  const vcf = readVcf(vcfInput);
  const calls = genotypeVcf(vcf, options.genes === undefined ? {} : { genes: [...options.genes] });
  const bySample = new Map(calls.map((c) => [c.sample, c]));
  const unknownGenes: Record<string, Record<string, string>> = {};

  const records = parseCsvRecords(covariatesCsv);
  const header = parseHeader(records, ['id', 'age', 'sex', 'weight', 'height']);
  const patients = rowsToPatients(records, header, (id, line) => {
    const sample = bySample.get(id);
    if (sample === undefined) throw new ParseError(`sample '${id}' is not in the VCF`, line);
    const genotypes: Record<string, string> = {};
    for (const [gene, call] of Object.entries(sample.genes)) {
      const value = call.diplotype ?? call.genotype;
      if (call.phenotype === 'Indeterminate' || value === undefined) {
        (unknownGenes[id] ??= {})[gene] = call.reason ?? 'no call';
      } else {
        genotypes[gene] = value;
      }
    }
    return genotypes;
  });
  // Outside calls from the CSV fill genes the VCF left unknown.
  for (const p of patients) {
    const unknown = unknownGenes[p.id];
    if (unknown === undefined) continue;
    for (const gene of Object.keys(p.genotypes)) delete unknown[gene];
    if (Object.keys(unknown).length === 0) delete unknownGenes[p.id];
  }
  const ids = new Set(patients.map((p) => p.id));
  return { patients, samplesWithoutCovariates: calls.map((c) => c.sample).filter((s) => !ids.has(s)), unknownGenes };
}

// ---------------------------------------------------------------------------------- files

/** Serialise in `format`. */
export function formatCohort(patients: readonly Patient[], format: CohortFormat, meta?: Record<string, unknown>): string {
  return format === 'csv' ? cohortToCsv(patients) : cohortToJson(patients, meta);
}

/** Write a cohort file atomically, as an InputError naming the path when it cannot be written. */
export function writeCohortFile(path: string, text: string): void {
  try {
    writeFileAtomicSync(path, text);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new InputError(`cannot write '${path}' (${why})`, 'out', { cause: e });
  }
}

/** Save a cohort (format from the argument, else from the extension: .csv → CSV, otherwise JSON). */
export function saveCohort(path: string, patients: readonly Patient[], format?: CohortFormat, meta?: Record<string, unknown>): void {
  writeCohortFile(path, formatCohort(patients, format ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'json'), meta));
}

/** Load a cohort saved by {@link saveCohort} (.csv → CSV, otherwise JSON). */
export function loadCohort(path: string): Patient[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read '${path}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, 'path', { cause: e });
  }
  return path.toLowerCase().endsWith('.csv') ? cohortFromCsv(text) : cohortFromJson(text);
}
