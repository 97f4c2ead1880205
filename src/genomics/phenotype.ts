/**
 * Diplotype → CPIC phenotype. Genes whose CPIC phenotype comes from an activity score
 * (CYP2C9, CYP2D6, DPYD) sum the alleles' activity values (a duplicated allele counts once
 * per copy); genes with function categories (CYP2C19, TPMT, NUDT15, UGT1A1) look the pair of
 * allele functions up; VKORC1 and CYP4F2 have no CPIC phenotype and return the genotype or
 * diplotype only.
 *
 * @example callGene('CYP2C9', '*1/*3') // { gene: 'CYP2C9', diplotype: '*1/*3', activityScore: 1, phenotype: 'Intermediate Metabolizer' }
 * @example callGene('CYP2C19', '*17/*1') // { gene: 'CYP2C19', diplotype: '*1/*17', phenotype: 'Rapid Metabolizer' }
 * @example callGene('VKORC1', 'A/G') // { gene: 'VKORC1', genotype: 'G/A' }
 */
import type { CpicPhenotype } from './data/types.js';
import { formatDiplotype, parseDiplotype, type ParsedDiplotype } from './diplotype.js';

export type { CpicPhenotype } from './data/types.js';

/** The call for one gene. `reason` says why the phenotype is 'Indeterminate'. */
export interface GeneCall {
  gene: string;
  /** Star-allele (or DPYD variant) diplotype in canonical form, e.g. '*1/*3'. */
  diplotype?: string;
  /** Biallelic genotype for genes without star alleles, e.g. VKORC1 'G/A'. */
  genotype?: string;
  /** CPIC activity score, for genes that define one. */
  activityScore?: number;
  /** CPIC phenotype; absent for genes without one (VKORC1, CYP4F2). */
  phenotype?: CpicPhenotype;
  reason?: string;
}

/**
 * Call the phenotype of a diplotype given as text.
 * @throws NotFoundError for an unknown gene; InputError naming gene and allele for an unknown allele.
 */
export function callGene(gene: string, diplotype: string): GeneCall {
  return callDiplotype(parseDiplotype(gene, diplotype));
}

/** Call the phenotype of a parsed diplotype. */
export function callDiplotype(diplotype: ParsedDiplotype): GeneCall {
  const { table } = diplotype;
  const text = formatDiplotype(diplotype);
  const call: GeneCall =
    table.notation === 'genotype' ? { gene: table.gene, genotype: text } : { gene: table.gene, diplotype: text };
  const rule = table.phenotypeRule;
  if (rule.kind === 'none') return call;
  const [a, b] = diplotype.alleles;
  if (rule.kind === 'activity-score') {
    const missing = diplotype.alleles.find((h) => h.allele.activityValue === undefined);
    if (missing) {
      return { ...call, phenotype: 'Indeterminate', reason: `${missing.allele.name} has no CPIC activity value` };
    }
    // Activity values are multiples of 0.25, so rounding only removes binary noise.
    const score = Math.round((a.allele.activityValue! * a.copies + b.allele.activityValue! * b.copies) * 1000) / 1000;
    const range = rule.ranges.find((r) => score >= r.min && score <= r.max);
    if (!range) {
      return { ...call, activityScore: score, phenotype: 'Indeterminate', reason: `no CPIC phenotype for activity score ${score}` };
    }
    return { ...call, activityScore: score, phenotype: range.phenotype };
  }
  const fa = a.allele.function;
  const fb = b.allele.function;
  const pair = rule.pairs.find(
    (p) => (p.functions[0] === fa && p.functions[1] === fb) || (p.functions[0] === fb && p.functions[1] === fa),
  );
  if (!pair) return { ...call, phenotype: 'Indeterminate', reason: `no CPIC phenotype for ${fa} + ${fb}` };
  return { ...call, phenotype: pair.phenotype };
}
