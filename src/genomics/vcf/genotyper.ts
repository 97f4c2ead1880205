/**
 * VCF → diplotypes and phenotypes, following PharmCAT's essentials:
 * - records are matched on chromosome, position, REF and ALT, never on ID;
 * - a defining position absent from the file, or with a missing call, is a no-call, never
 *   reference; it is listed in `missingPositions` (as `chr10:94942290`);
 * - an allele whose defining positions are all no-calls is untested (`untestedAlleles`); the
 *   gene is called from the testable alleles, and is 'Indeterminate' when no position is called;
 * - unphased data can admit several diplotypes. Like PharmCAT, the ones whose alleles match
 *   the most called positions are kept; when several remain they are listed in `candidates`
 *   and the first in table order is reported with a `note`: tables list the reference allele first,
 *   so TPMT *1/*3A (far more common) is reported before *3B/*3C. Phased data (`|`) resolve such cases;
 * - CYP2D6 is not called (copy number and hybrids are not in a VCF): give it as a diplotype;
 * - a REF base that differs from GRCh38 at a defining position means the file is on another
 *   build, and is refused.
 *
 * @example genotypeVcf(readVcf(text), { genes: ['CYP2C9'] })
 * // [{ sample: 'S1', genes: { CYP2C9: { gene: 'CYP2C9', diplotype: '*1/*3', activityScore: 1, phenotype: 'Intermediate Metabolizer' } } }]
 */
import { InputError } from '../../core/errors.js';
import type { AlleleDefinition, GeneTable, VariantPosition } from '../data/types.js';
import { geneTable, KNOWN_GENES } from '../genes.js';
import { callDiplotype, type GeneCall } from '../phenotype.js';
import { normalizeChrom, sampleIndex, type VcfFile, type VcfRecord } from './reader.js';

/** A gene call from a VCF, with what the file did not cover. */
export type VcfGeneCall = GeneCall & {
  /** Defining positions absent from the file or not called, e.g. 'chr10:94942290'. */
  missingPositions?: string[];
  /** Alleles none of whose defining positions were called. */
  untestedAlleles?: string[];
  /** Every diplotype the unphased data admit equally well, when more than one. */
  candidates?: string[];
  /** How an ambiguity was resolved. */
  note?: string;
};

export interface SampleGenotypes {
  sample: string;
  genes: Record<string, VcfGeneCall>;
}

export interface GenotypeVcfOptions {
  /** Only this sample (default: every sample in the file). */
  sample?: string;
  /** Only these genes (default: every known gene). */
  genes?: readonly string[];
}

/** What one sample has at one position: allele symbols ('ref', a table ALT, or 'other:…'). */
type Observed = { alleles: readonly [string, string]; phased: boolean } | undefined;

/**
 * Genotype the samples of a VCF.
 * @throws NotFoundError for an unknown sample or gene; InputError for a file whose REF
 * contradicts GRCh38 at a defining position, or without samples.
 */
export function genotypeVcf(vcf: VcfFile, options: GenotypeVcfOptions = {}): SampleGenotypes[] {
  if (vcf.samples.length === 0) throw new InputError('the VCF has no sample columns', 'vcf');
  const tables = (options.genes ?? KNOWN_GENES).map(geneTable);
  const indices = options.sample === undefined ? vcf.samples.map((_, i) => i) : [sampleIndex(vcf, options.sample)];
  const byPosition = indexRecords(vcf.records);
  for (const table of tables) checkReference(table, byPosition);
  return indices.map((s) => {
    const genes: Record<string, VcfGeneCall> = {};
    for (const table of tables) genes[table.gene] = callGeneFromVcf(table, byPosition, s);
    return { sample: vcf.samples[s]!, genes };
  });
}

function positionKey(chrom: string, pos: number): string {
  return `${normalizeChrom(chrom)}:${pos}`;
}

function indexRecords(records: readonly VcfRecord[]): Map<string, VcfRecord[]> {
  const map = new Map<string, VcfRecord[]>();
  for (const r of records) {
    const key = positionKey(r.chrom, r.pos);
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  }
  return map;
}

/** The first REF base is the GRCh38 base at POS whatever the variant's representation. */
function checkReference(table: GeneTable, byPosition: Map<string, VcfRecord[]>): void {
  for (const p of table.positions) {
    for (const r of byPosition.get(positionKey(p.chrom, p.pos)) ?? []) {
      if (r.ref[0] !== p.ref[0]) {
        throw new InputError(
          `line ${r.line}: REF at ${p.chrom}:${p.pos} (${p.rsid}) is '${r.ref}', but GRCh38 has '${p.ref}': ` +
            'the VCF is not on GRCh38 (GRCh37/hg19?); lift it over or re-call it on GRCh38',
          'vcf',
        );
      }
    }
  }
}

function callGeneFromVcf(table: GeneTable, byPosition: Map<string, VcfRecord[]>, sample: number): VcfGeneCall {
  if (table.notCalledFromVcf) return { gene: table.gene, phenotype: 'Indeterminate', reason: table.notCalledFromVcf };
  const observed = new Map<string, Observed>();
  for (const p of table.positions) observed.set(p.rsid, observe(p, byPosition.get(positionKey(p.chrom, p.pos)), sample));
  const missingPositions = table.positions.filter((p) => !observed.get(p.rsid)).map((p) => `${p.chrom}:${p.pos}`);
  const coverage: Pick<VcfGeneCall, 'missingPositions' | 'untestedAlleles'> = {};
  if (missingPositions.length > 0) coverage.missingPositions = missingPositions;
  if (missingPositions.length === table.positions.length) {
    return {
      gene: table.gene,
      phenotype: 'Indeterminate',
      reason: `none of the ${table.gene} defining positions is called in the VCF`,
      ...coverage,
    };
  }
  const definingCalled = (a: AlleleDefinition) => Object.keys(a.defining).filter((rsid) => observed.get(rsid)).length;
  const testable = table.alleles.filter((a) => Object.keys(a.defining).length === 0 || definingCalled(a) > 0);
  const untested = table.alleles.filter((a) => !testable.includes(a)).map((a) => a.name);
  if (untested.length > 0) coverage.untestedAlleles = untested;

  const novel = [...observed].flatMap(([rsid, o]) => (o ? o.alleles.filter((x) => x.startsWith('other:')).map((x) => [rsid, x]) : []));
  if (novel.length > 0) {
    const [rsid, allele] = novel[0]!;
    const p = table.positions.find((q) => q.rsid === rsid)!;
    return {
      gene: table.gene,
      phenotype: 'Indeterminate',
      reason: `${p.chrom}:${p.pos} (${rsid}) carries ${allele.slice(6)}, which no ${table.gene} allele known to dosegym has`,
      ...coverage,
    };
  }

  const matches: { a: AlleleDefinition; b: AlleleDefinition; score: number }[] = [];
  for (let i = 0; i < testable.length; i++) {
    for (let j = i; j < testable.length; j++) {
      const a = testable[i]!;
      const b = testable[j]!;
      if (fits(table, observed, a, b)) matches.push({ a, b, score: definingCalled(a) + definingCalled(b) });
    }
  }
  if (matches.length === 0) {
    return {
      gene: table.gene,
      phenotype: 'Indeterminate',
      reason: `the observed ${table.gene} genotype fits no pair of the alleles known to dosegym`,
      ...coverage,
    };
  }
  const best = Math.max(...matches.map((m) => m.score));
  const top = matches.filter((m) => m.score === best);
  const text = (m: { a: AlleleDefinition; b: AlleleDefinition }) => `${m.a.name}/${m.b.name}`;
  const chosen = top[0]!;
  const call = callDiplotype({
    table,
    alleles: [
      { allele: chosen.a, copies: 1 },
      { allele: chosen.b, copies: 1 },
    ],
  });
  const result: VcfGeneCall = { ...call, ...coverage };
  if (top.length > 1) {
    result.candidates = top.map(text);
    result.note = `unphased data fit ${result.candidates.join(' or ')}; reported ${text(chosen)}, the more common`;
  }
  return result;
}

/** Whether diplotype a/b explains every called position of the gene. */
function fits(table: GeneTable, observed: Map<string, Observed>, a: AlleleDefinition, b: AlleleDefinition): boolean {
  const called = table.positions.filter((p) => observed.get(p.rsid));
  const at = (allele: AlleleDefinition, p: VariantPosition) => allele.defining[p.rsid] ?? 'ref';
  const phased = called.every((p) => {
    const o = observed.get(p.rsid)!;
    return o.phased || o.alleles[0] === o.alleles[1];
  });
  if (phased) {
    const inOrder = called.every((p) => {
      const [h1, h2] = observed.get(p.rsid)!.alleles;
      return at(a, p) === h1 && at(b, p) === h2;
    });
    const swapped = called.every((p) => {
      const [h1, h2] = observed.get(p.rsid)!.alleles;
      return at(b, p) === h1 && at(a, p) === h2;
    });
    return inOrder || swapped;
  }
  return called.every((p) => {
    const [g1, g2] = observed.get(p.rsid)!.alleles;
    const x = at(a, p);
    const y = at(b, p);
    return (x === g1 && y === g2) || (x === g2 && y === g1);
  });
}

/**
 * The sample's two alleles at a defining position, or undefined for a no-call (absent
 * position, missing or partly missing GT, or a ploidy other than 2). Several records at one
 * position (a split multi-allelic site) are merged: the non-reference calls are combined.
 */
function observe(p: VariantPosition, records: readonly VcfRecord[] | undefined, sample: number): Observed {
  if (!records || records.length === 0) return undefined;
  const calls: { alleles: [string, string]; phased: boolean }[] = [];
  for (const r of records) {
    const g = r.genotypes[sample];
    if (!g || g.alleles.length !== 2 || g.alleles.some((x) => x === null)) return undefined;
    const [i, j] = g.alleles as [number, number];
    calls.push({ alleles: [symbol(p, r, i), symbol(p, r, j)], phased: g.phased });
  }
  const nonRef = calls.filter((c) => c.alleles.some((x) => x !== 'ref'));
  if (nonRef.length === 0) return calls[0];
  if (nonRef.length === 1) return nonRef[0];
  // Split multi-allelic site: e.g. 0/1 for CATAT and 0/1 for CATATAT is CATAT/CATATAT.
  const alts = nonRef.flatMap((c) => c.alleles.filter((x) => x !== 'ref'));
  if (alts.length === 2) return { alleles: [alts[0]!, alts[1]!], phased: false };
  return undefined;
}

/** The allele symbol for index `i` of record `r` at table position `p`. */
function symbol(p: VariantPosition, r: VcfRecord, i: number): string {
  if (i === 0) return 'ref';
  const alt = r.alts[i - 1]!;
  const match = p.alts.find((ours) => sameVariant(r.ref, alt, p.ref, ours));
  return match ?? `other:${r.ref}>${alt}`;
}

/**
 * Whether two REF>ALT pairs at the same position describe the same change, allowing for
 * different padding of indels in repeats (CATAT>CATATAT is CAT>CATAT).
 */
function sameVariant(ref1: string, alt1: string, ref2: string, alt2: string): boolean {
  const [r1, a1] = trimSuffix(ref1, alt1);
  const [r2, a2] = trimSuffix(ref2, alt2);
  return r1 === r2 && a1 === a2;
}

function trimSuffix(ref: string, alt: string): [string, string] {
  let n = 0;
  while (n < ref.length - 1 && n < alt.length - 1 && ref[ref.length - 1 - n] === alt[alt.length - 1 - n]) n++;
  return [ref.slice(0, ref.length - n), alt.slice(0, alt.length - n)];
}
