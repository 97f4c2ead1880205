/**
 * `dosegym cohort`: write a reproducible virtual cohort, or a cohort of digital twins built
 * from a VCF plus a covariates CSV.
 *
 * ```
 * dosegym cohort --n 100 --seed 42 [--ancestry east-asian | --ancestry european=0.7,latino=0.3]
 *                [--format json|csv] [--out cohort.json]
 * dosegym cohort --vcf samples.vcf.gz --covariates covariates.csv [--keep-ids | --salt S] [--out twins.csv]
 * ```
 * Without --out the cohort goes to stdout; with --out it is written atomically (temporary
 * file + rename). The format defaults to the --out extension (.csv → CSV), else JSON.
 * Digital-twin ids (sample ids) are pseudonymised by default (HMAC-SHA256, see
 * genomics/pseudonym); the salt is printed on stderr so the owner can re-link them.
 */
import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import { generateCohort } from '../../genomics/cohort.js';
import { cohortFromVcf, formatCohort, writeCohortFile, type CohortFormat } from '../../genomics/cohort-io.js';
import { ANCESTRY_GROUPS, type AncestryGroup, type Patient } from '../../genomics/patient.js';
import { pseudonymiseCohort } from '../../genomics/pseudonym.js';

interface CohortArgs {
  n?: number;
  seed: string;
  ancestry?: string;
  format?: CohortFormat;
  out?: string;
  vcf?: string;
  covariates?: string;
  'keep-ids': boolean;
  salt?: string;
}

/**
 * Parse --ancestry: one group id, or `group=weight,…`.
 * @example parseAncestry('european=0.7,latino=0.3') // { european: 0.7, latino: 0.3 }
 */
export function parseAncestry(value: string): AncestryGroup | Partial<Record<AncestryGroup, number>> {
  const known = (g: string): g is AncestryGroup => (ANCESTRY_GROUPS as readonly string[]).includes(g);
  const list = ANCESTRY_GROUPS.join(', ');
  if (!value.includes('=')) {
    if (!known(value)) throw new InputError(`--ancestry: unknown group '${value}' (known: ${list})`, '--ancestry');
    return value;
  }
  const weights: Partial<Record<AncestryGroup, number>> = {};
  for (const part of value.split(',')) {
    const [g = '', w = ''] = part.split('=').map((s) => s.trim());
    const x = Number(w);
    if (!known(g)) throw new InputError(`--ancestry: unknown group '${g}' (known: ${list})`, '--ancestry');
    if (w === '' || !Number.isFinite(x) || x < 0) throw new InputError(`--ancestry: weight of ${g} must be a number ≥ 0, got '${w}'`, '--ancestry');
    weights[g] = x;
  }
  return weights;
}

/** --seed: digits → integer seed, anything else → string seed. */
function parseSeed(value: string): number | string {
  const s = String(value);
  if (/^\d+$/.test(s)) {
    const x = Number(s);
    if (!Number.isSafeInteger(x)) throw new InputError(`--seed: integer seeds must be ≤ ${Number.MAX_SAFE_INTEGER}, got ${s}`, '--seed');
    return x;
  }
  return s;
}

function readText(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${option}: cannot read file '${path}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, option);
  }
}

function run(argv: CohortArgs): void {
  const format: CohortFormat = argv.format ?? (argv.out?.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
  let patients: Patient[];
  let meta: Record<string, unknown>;
  if (argv.vcf !== undefined || argv.covariates !== undefined) {
    if (argv.vcf === undefined || argv.covariates === undefined) {
      throw new InputError('--vcf and --covariates must be given together', argv.vcf === undefined ? '--vcf' : '--covariates');
    }
    if (argv.n !== undefined) throw new InputError('--n cannot be combined with --vcf (the cohort is the VCF samples)', '--n');
    let vcfBytes: Buffer;
    try {
      vcfBytes = readFileSync(argv.vcf);
    } catch (e) {
      throw new InputError(`--vcf: cannot read file '${argv.vcf}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, '--vcf');
    }
    const twins = cohortFromVcf(vcfBytes, readText(argv.covariates, '--covariates'));
    const { records, pseudonymiser } = pseudonymiseCohort(twins.patients, { keepIds: argv['keep-ids'], ...(argv.salt !== undefined ? { salt: argv.salt } : {}) });
    patients = records;
    meta = { source: 'vcf', pseudonymisation: pseudonymiser.method, samplesWithoutCovariates: twins.samplesWithoutCovariates.length };
    if (pseudonymiser.salt !== undefined) process.stderr.write(`dosegym: ids pseudonymised (${pseudonymiser.method}); salt ${pseudonymiser.salt}\n`);
  } else {
    if (argv.n === undefined) throw new InputError('--n: the number of patients is required (or give --vcf and --covariates)', '--n');
    const seed = parseSeed(argv.seed);
    const ancestry = argv.ancestry === undefined ? undefined : parseAncestry(argv.ancestry);
    patients = generateCohort({ n: argv.n, seed, ...(ancestry !== undefined ? { ancestry } : {}) });
    meta = { source: 'generated', n: argv.n, seed, ancestry: ancestry ?? 'european' };
  }
  const text = formatCohort(patients, format, meta);
  if (argv.out === undefined) process.stdout.write(text);
  else writeCohortFile(argv.out, text);
}

export const cohortCommand: CommandModule<object, CohortArgs> = {
  command: 'cohort',
  describe: 'Write a reproducible virtual cohort (or digital twins from a VCF and a covariates CSV)',
  builder: (y) =>
    y
      .option('n', { type: 'number', describe: 'number of patients' })
      .option('seed', { type: 'string', default: '0', describe: 'root seed (integer or text)' })
      .option('ancestry', { type: 'string', describe: `CPIC group (${ANCESTRY_GROUPS.join(', ')}) or group=weight,…; default european` })
      .option('format', { choices: ['json', 'csv'] as const, describe: 'output format (default from --out extension, else json)' })
      .option('out', { type: 'string', describe: 'output file (written atomically); stdout if absent' })
      .option('vcf', { type: 'string', describe: 'VCF (GRCh38) with the samples to turn into digital twins' })
      .option('covariates', { type: 'string', describe: 'CSV of covariates keyed by sample id (column id)' })
      .option('keep-ids', { type: 'boolean', default: false, describe: 'keep sample ids instead of pseudonyms' })
      .option('salt', { type: 'string', describe: 'salt for pseudonyms (generated and printed when absent)' }),
  handler: (argv) => run(argv),
};
