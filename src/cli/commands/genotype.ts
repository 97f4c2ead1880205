/**
 * `dosegym genotype`: diplotypes and CPIC phenotypes from a GRCh38 VCF, or from diplotypes
 * given on the command line.
 *
 * ```
 * dosegym genotype --vcf sample.vcf.gz [--sample NA12878] [--genes CYP2C9,VKORC1] [--format json]
 * dosegym genotype --diplotype CYP2C19='*2/*17' --diplotype CYP2D6='*1/*4' [--format json]
 * ```
 * With both, the --diplotype calls are outside calls that replace the VCF's for that gene in
 * every sample (as PharmCAT's outside calls do; the usual case is CYP2D6). Diplotype-only
 * input is reported as sample "input".
 *
 * JSON: `{"samples": [{"sample": "S1", "genes": {"CYP2C9": {"diplotype": "*1/*3",
 * "activityScore": 1, "phenotype": "Intermediate Metabolizer"}, "VKORC1": {"genotype": "A/A"}}}]}`,
 * plus `missingPositions`/`untestedAlleles`/`candidates`/`note` where the file did not settle
 * a call, and `"phenotype": "Indeterminate"` with a `reason` where a gene cannot be called.
 */
import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { InputError } from '../../core/errors.js';
import { geneTable } from '../../genomics/genes.js';
import { callGene } from '../../genomics/phenotype.js';
import { genotypeVcf, type SampleGenotypes, type VcfGeneCall } from '../../genomics/vcf/genotyper.js';
import { readVcf } from '../../genomics/vcf/reader.js';

interface GenotypeArgs {
  vcf?: string;
  sample?: string;
  diplotype?: string[];
  genes?: string;
  format: 'json' | 'table';
}

/**
 * Parse repeated `--diplotype GENE=DIPLOTYPE` options into calls.
 * @example parseDiplotypeOptions(['CYP2C19=*2/*17']) // { CYP2C19: { gene: 'CYP2C19', diplotype: '*2/*17', phenotype: 'Intermediate Metabolizer' } }
 */
export function parseDiplotypeOptions(values: readonly string[]): Record<string, VcfGeneCall> {
  const calls: Record<string, VcfGeneCall> = {};
  for (const value of values) {
    const eq = String(value).indexOf('=');
    if (eq <= 0) throw new InputError(`--diplotype: expected GENE=DIPLOTYPE (e.g. CYP2C19=*2/*17), got '${value}'`, '--diplotype');
    const gene = geneTable(String(value).slice(0, eq)).gene;
    if (calls[gene]) throw new InputError(`--diplotype: ${gene} is given twice`, '--diplotype');
    calls[gene] = callGene(gene, String(value).slice(eq + 1));
  }
  return calls;
}

function run(argv: GenotypeArgs): string {
  const outside = parseDiplotypeOptions(argv.diplotype ?? []);
  let samples: SampleGenotypes[];
  if (argv.vcf !== undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(argv.vcf);
    } catch (e) {
      throw new InputError(`--vcf: cannot read file '${argv.vcf}' (${(e as NodeJS.ErrnoException).code ?? String(e)})`, '--vcf');
    }
    const genes = argv.genes?.split(',').map((g) => geneTable(g).gene);
    const vcf = readVcf(bytes);
    samples = genotypeVcf(vcf, { ...(argv.sample !== undefined ? { sample: argv.sample } : {}), ...(genes ? { genes } : {}) });
    for (const s of samples) Object.assign(s.genes, outside);
  } else {
    if (Object.keys(outside).length === 0) throw new InputError('give --vcf <file> or at least one --diplotype GENE=DIPLOTYPE', '--vcf');
    if (argv.sample !== undefined) throw new InputError('--sample needs --vcf', '--sample');
    samples = [{ sample: 'input', genes: outside }];
  }
  return argv.format === 'json' ? toJson(samples) : toTable(samples);
}

/** The JSON contract: gene calls without their (redundant) `gene` field. */
function toJson(samples: readonly SampleGenotypes[]): string {
  const out = samples.map((s) => ({
    sample: s.sample,
    genes: Object.fromEntries(Object.entries(s.genes).map(([gene, { gene: _omit, ...call }]) => [gene, call])),
  }));
  return `${JSON.stringify({ samples: out }, null, 2)}\n`;
}

function toTable(samples: readonly SampleGenotypes[]): string {
  const rows: string[][] = [['sample', 'gene', 'diplotype', 'score', 'phenotype', 'notes']];
  for (const s of samples) {
    for (const [gene, c] of Object.entries(s.genes)) {
      const notes = [
        c.reason,
        c.note,
        c.missingPositions && `missing ${c.missingPositions.join(', ')}`,
        c.untestedAlleles && `untested ${c.untestedAlleles.join(', ')}`,
      ].filter(Boolean);
      rows.push([s.sample, gene, c.diplotype ?? c.genotype ?? '-', c.activityScore?.toString() ?? '', c.phenotype ?? '', notes.join('; ')]);
    }
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export const genotypeCommand: CommandModule<object, GenotypeArgs> = {
  command: 'genotype',
  describe: 'Call pharmacogene diplotypes and CPIC phenotypes from a GRCh38 VCF or from given diplotypes',
  builder: (y) =>
    y
      .option('vcf', { type: 'string', describe: 'VCF on GRCh38 (plain, gzip or BGZF)' })
      .option('sample', { type: 'string', describe: 'only this sample of the VCF' })
      .option('diplotype', {
        type: 'string',
        array: true,
        describe: "GENE=DIPLOTYPE, repeatable (e.g. CYP2D6='*1/*4'); with --vcf, an outside call for that gene",
      })
      .option('genes', { type: 'string', describe: 'comma-separated genes to call from the VCF (default: all)' })
      .option('format', { choices: ['json', 'table'] as const, default: 'table' as const, describe: 'output format' }) as never,
  handler: (argv) => {
    process.stdout.write(run(argv));
  },
};
