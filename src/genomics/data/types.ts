/**
 * The shape of a pharmacogene table: alleles with their function (and CPIC activity value
 * where CPIC defines one), the defining variants on GRCh38, and the rule that turns a
 * diplotype into a CPIC phenotype. One data module per gene in this folder exports a
 * {@link GeneTable}; `../genes.ts` is the registry.
 */

/** CPIC allele clinical function categories. */
export type AlleleFunction =
  | 'Normal function'
  | 'Increased function'
  | 'Decreased function'
  | 'No function'
  | 'Uncertain function';

/** CPIC phenotypes (metabolizer status) reported by dosegym. */
export type CpicPhenotype =
  | 'Normal Metabolizer'
  | 'Intermediate Metabolizer'
  | 'Poor Metabolizer'
  | 'Rapid Metabolizer'
  | 'Ultrarapid Metabolizer'
  | 'Likely Intermediate Metabolizer'
  | 'Likely Poor Metabolizer'
  | 'Indeterminate';

/**
 * A variant position on GRCh38, written as in a normalised VCF (+ strand; genes on the −
 * strand have REF/ALT reverse-complemented relative to their c. notation).
 */
export interface VariantPosition {
  /** dbSNP id, for display only: VCF records are matched on chrom, pos, REF and ALT. */
  rsid: string;
  /** Chromosome with the `chr` prefix, e.g. 'chr10'. */
  chrom: string;
  /** 1-based GRCh38 position of the first REF base. */
  pos: number;
  ref: string;
  /** The ALT alleles that define some allele of the gene at this position. */
  alts: readonly string[];
  /** Transcript (c.) notation of the change, e.g. 'c.430C>T'. */
  hgvs: string;
}

/** One named allele (star allele, or variant name for DPYD, or base for VKORC1). */
export interface AlleleDefinition {
  /** Canonical name as reported, e.g. '*3', 'c.2846A>T', 'G'. */
  name: string;
  /** Other accepted spellings in diplotype input (case-insensitive), e.g. 'c.1905+1G>A'. */
  aliases?: readonly string[];
  function: AlleleFunction;
  /** CPIC activity value, for genes whose phenotype comes from an activity score. */
  activityValue?: number;
  /**
   * Defining variants: rsid of a {@link VariantPosition} → the ALT allele it carries there.
   * Every other position of the gene is reference on this allele (PharmCAT's convention).
   * Empty for the reference allele.
   */
  defining: Readonly<Record<string, string>>;
  note?: string;
}

/** One row of an activity-score rule: scores in [min, max] (inclusive) give `phenotype`. */
export interface ActivityScoreRange {
  min: number;
  max: number;
  phenotype: CpicPhenotype;
}

/** One row of a function-category rule: an unordered pair of allele functions. */
export interface FunctionPairRule {
  functions: readonly [AlleleFunction, AlleleFunction];
  phenotype: CpicPhenotype;
}

/** How a diplotype becomes a phenotype. */
export type PhenotypeRule =
  /** Sum of the two activity values (copies multiply), then ranges. */
  | { kind: 'activity-score'; ranges: readonly ActivityScoreRange[] }
  /** The pair of allele functions; pairs not listed are Indeterminate. */
  | { kind: 'function-pair'; pairs: readonly FunctionPairRule[] }
  /** No CPIC phenotype: the diplotype (or genotype) itself is used by the models. */
  | { kind: 'none'; description: string };

/** Everything dosegym knows about one pharmacogene. */
export interface GeneTable {
  /** HGNC symbol, e.g. 'CYP2C9'. */
  gene: string;
  /** 'star' genes report `diplotype` ('*1/*3'); 'genotype' genes report `genotype` ('G/A'). */
  notation: 'star' | 'genotype';
  chrom: string;
  strand: '+' | '-';
  /**
   * Alleles, the reference allele first. The order is also the display order in diplotypes
   * ('*1/*3') and the tie-break when unphased data admit several equally specific diplotypes
   * (the first pair in table order is reported, e.g. TPMT *1/*3A before *3B/*3C).
   */
  alleles: readonly AlleleDefinition[];
  positions: readonly VariantPosition[];
  phenotypeRule: PhenotypeRule;
  /** Whether copy number (`*1x2`) is accepted in diplotype input. */
  copyNumber: boolean;
  /** Why the gene is not called from a VCF, when it is not (e.g. CYP2D6). */
  notCalledFromVcf?: string;
  /** Source tables and versions the values were transcribed from. */
  source: string;
}
