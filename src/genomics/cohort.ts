/**
 * Reproducible virtual cohorts.
 *
 * Patient i is drawn from `RandomStream.fromSeed(seed).fork('cohort').fork(i)` and nothing
 * else, so it is the same patient whatever the cohort size, and a cohort can be generated in
 * pieces (`start`). Inside that stream every field has its own named fork ('ancestry',
 * 'demographics', 'genotypes' → gene, 'comedications', 'lifestyle', 'indication'), so adding
 * a field or a gene does not change the others.
 *
 * Genotypes are sampled under Hardy–Weinberg equilibrium from the allele frequencies of the
 * patient's ancestry group (`frequencies.ts`).
 *
 * **Stratification** (for evaluation on rare genotypes): `stratify: { gene, strata }` fixes
 * the gene's stratum of patient i by a deterministic low-discrepancy sequence over the strata
 * proportions (each step picks the stratum furthest below its quota, ties to the first). After
 * n patients every stratum count is within 1 of n × proportion, and exact when all the
 * n × proportion are integers (e.g. 300 patients, three VKORC1 genotypes at 1/3). The sequence
 * depends only on the proportions, so stratified patient i is also identical whatever n. Inside
 * a stratum with several diplotypes (e.g. "CYP2C9 *3 carriers": *1/*3, *2/*3, *3/*3) the
 * diplotype is drawn from the Hardy–Weinberg probabilities restricted to the stratum; when all
 * of them are 0 in the group (an allele absent from the table), uniformly.
 */
import { z } from 'zod';
import { DosegymError, InputError } from '../core/errors.js';
import { RandomStream } from '../core/random.js';
import { sampleComedications, sampleDemographics, sampleIndication, sampleLifestyle } from './demographics.js';
import { diplotypeDistribution, FREQUENCY_GENES, frequencyTable, sampleDiplotype } from './frequencies.js';
import { ANCESTRY_GROUPS, createPatient, type AncestryGroup, type Patient } from './patient.js';
import { callGene } from './phenotype.js';

/** One stratum of a stratified cohort. */
export interface Stratum {
  /** Diplotypes (or VKORC1 genotypes) of the stratum, e.g. ['*1/*3', '*2/*3', '*3/*3']. */
  diplotypes: readonly string[];
  /** Target proportion of the cohort (proportions are normalised to sum to 1). */
  proportion: number;
  /** Display label, e.g. '*3 carriers'. */
  label?: string;
}

/** Stratify the cohort on one gene. */
export interface Stratification {
  gene: string;
  strata: readonly Stratum[];
}

/** Options of {@link generateCohort}. */
export interface CohortOptions {
  /** Number of patients. */
  n: number;
  /** Root seed (non-negative safe integer or string). */
  seed: number | string;
  /** One group, or weights per group (need not sum to 1). Default 'european'. */
  ancestry?: AncestryGroup | Partial<Record<AncestryGroup, number>>;
  /** Genes to sample (default: every gene with a frequency table). */
  genes?: readonly string[];
  /** Genotypes fixed for every patient (override sampling), e.g. { CYP2D6: '*1/*1' }. */
  genotypes?: Readonly<Record<string, string>>;
  stratify?: Stratification;
  /** Index of the first patient (to generate a cohort in pieces). Default 0. */
  start?: number;
  /** Id prefix; patient i gets `${prefix}${i padded to 6 digits}`. Default 'P'. */
  idPrefix?: string;
}

const groupSchema = z.enum(ANCESTRY_GROUPS, { error: `must be one of ${ANCESTRY_GROUPS.join(', ')}` });

const optionsSchema = z.strictObject({
  n: z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be ≥ 0').max(10_000_000, 'must be ≤ 10000000'),
  seed: z.union([z.number().int().min(0), z.string()], { error: 'must be a non-negative integer or a string' }),
  ancestry: z
    .union([groupSchema, z.partialRecord(groupSchema, z.number().min(0, 'must be ≥ 0'))], {
      error: `must be a group (${ANCESTRY_GROUPS.join(', ')}) or weights per group`,
    })
    .optional(),
  genes: z.array(z.string()).optional(),
  genotypes: z.record(z.string(), z.string()).optional(),
  stratify: z
    .strictObject({
      gene: z.string(),
      strata: z
        .array(
          z.strictObject({
            diplotypes: z.array(z.string()).min(1, 'must list at least one diplotype'),
            proportion: z.number().min(0, 'must be ≥ 0'),
            label: z.string().optional(),
          }),
        )
        .min(1, 'must have at least one stratum'),
    })
    .optional(),
  start: z.number().int('must be an integer').min(0, 'must be ≥ 0').optional(),
  idPrefix: z.string().optional(),
});

function parseOptions(options: CohortOptions): CohortOptions {
  const r = optionsSchema.safeParse(options, { reportInput: true });
  if (r.success) return r.data as CohortOptions;
  const issue = r.error.issues[0]!;
  const field = ['cohort', ...issue.path.map(String)].join('.');
  throw new InputError(`${field}: ${issue.message}, got ${JSON.stringify(issue.input)}`, field);
}

/**
 * Stratum index of each of patients 0..count−1: at each step the stratum with the largest
 * deficit (i+1)·w_k − c_k is chosen (ties → first). Prefix-stable and within 1 of the quota.
 */
export function stratumSequence(proportions: readonly number[], count: number): number[] {
  const total = proportions.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new InputError('stratify.strata: proportions must not all be 0', 'stratify.strata');
  const w = proportions.map((p) => p / total);
  const counts = new Array<number>(w.length).fill(0);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let best = 0;
    let bestDeficit = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < w.length; k++) {
      const deficit = (i + 1) * w[k]! - counts[k]!;
      if (deficit > bestDeficit + 1e-12) {
        best = k;
        bestDeficit = deficit;
      }
    }
    counts[best]!++;
    out.push(best);
  }
  return out;
}

/** The genotype caller's canonical spelling of a diplotype ('*3/*1' → '*1/*3'). */
function canonical(gene: string, diplotype: string): string {
  const call = callGene(gene, diplotype);
  return call.diplotype ?? call.genotype ?? diplotype;
}

/** Hardy–Weinberg probability of each canonical diplotype of `gene` in `group` (memoised per cohort). */
type HwCache = Map<string, Map<string, number>>;

function hwProbabilities(cache: HwCache, gene: string, group: AncestryGroup): Map<string, number> {
  const key = `${gene}|${group}`;
  let m = cache.get(key);
  if (m === undefined) {
    m = new Map(diplotypeDistribution(gene, group).map((d) => [canonical(gene, d.diplotype), d.probability]));
    cache.set(key, m);
  }
  return m;
}

function drawAncestry(spec: CohortOptions['ancestry'], rng: RandomStream): AncestryGroup {
  if (spec === undefined) return 'european';
  if (typeof spec === 'string') return spec;
  const weights = ANCESTRY_GROUPS.map((g) => spec[g] ?? 0);
  return ANCESTRY_GROUPS[rng.categorical(weights)]!;
}

function drawInStratum(gene: string, group: AncestryGroup, stratum: Stratum, rng: RandomStream, cache: HwCache): string {
  if (stratum.diplotypes.length === 1) return stratum.diplotypes[0]!;
  const hw = hwProbabilities(cache, gene, group);
  let weights = stratum.diplotypes.map((d) => hw.get(canonical(gene, d)) ?? 0);
  if (weights.every((x) => x === 0)) weights = weights.map(() => 1);
  return stratum.diplotypes[rng.categorical(weights)]!;
}

/**
 * Generate a reproducible cohort.
 * @example generateCohort({ n: 100, seed: 42, ancestry: 'east-asian' })
 * @example generateCohort({ n: 300, seed: 1, stratify: { gene: 'VKORC1', strata: [
 *   { diplotypes: ['G/G'], proportion: 1 }, { diplotypes: ['G/A'], proportion: 1 }, { diplotypes: ['A/A'], proportion: 1 }] } })
 */
export function generateCohort(options: CohortOptions): Patient[] {
  const opts = parseOptions(options);
  const start = opts.start ?? 0;
  const prefix = opts.idPrefix ?? 'P';
  const genes = opts.genes ?? FREQUENCY_GENES;
  genes.forEach((g) => frequencyTable(g)); // unknown gene → NotFoundError now, not per patient
  const strat = opts.stratify;
  if (strat !== undefined) {
    frequencyTable(strat.gene);
    strat.strata.forEach((stratum, k) =>
      stratum.diplotypes.forEach((d, j) => {
        const field = `cohort.stratify.strata[${k}].diplotypes[${j}]`;
        try {
          canonical(strat.gene, d);
        } catch (e) {
          throw e instanceof DosegymError ? new InputError(`${field}: ${e.message}`, field, { cause: e }) : e;
        }
      }),
    );
  }
  const sequence = strat === undefined ? [] : stratumSequence(strat.strata.map((s) => s.proportion), start + opts.n);

  const cache: HwCache = new Map();
  const root = RandomStream.fromSeed(opts.seed).fork('cohort');
  const patients: Patient[] = [];
  for (let i = start; i < start + opts.n; i++) {
    const rng = root.fork(i);
    const ancestry = drawAncestry(opts.ancestry, rng.fork('ancestry'));
    const genotypeRng = rng.fork('genotypes');
    const genotypes: Record<string, string> = {};
    for (const gene of genes) genotypes[gene] = sampleDiplotype(gene, ancestry, genotypeRng.fork(gene));
    if (strat !== undefined) {
      genotypes[strat.gene] = drawInStratum(strat.gene, ancestry, strat.strata[sequence[i]!]!, rng.fork('stratum'), cache);
    }
    Object.assign(genotypes, opts.genotypes);
    patients.push(
      createPatient(
        {
          id: `${prefix}${String(i).padStart(6, '0')}`,
          ...sampleDemographics(rng.fork('demographics'), ancestry),
          ancestry,
          comedications: sampleComedications(rng.fork('comedications')),
          lifestyle: sampleLifestyle(rng.fork('lifestyle')),
          genotypes,
          indication: sampleIndication(rng.fork('indication')),
        },
        `cohort.patients[${i}]`,
      ),
    );
  }
  return patients;
}
