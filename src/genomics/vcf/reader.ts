/**
 * A small VCF 4.x reader: plain text or gzip/BGZF (BGZF is a series of gzip members, which
 * node:zlib's gunzip reads in one go), any number of samples, phased (`|`) and unphased (`/`)
 * GT, haploid calls, missing calls (`.`, `./.`), multi-allelic ALT, `chr10` or `10`.
 *
 * Only what genotyping needs is kept: CHROM, POS, ID, REF, ALT and each sample's GT. Every
 * line is still checked; a malformed line is a {@link ParseError} naming its line number.
 * Files on GRCh37/hg19 (declared in `##reference` or `##contig`, or recognised by contig
 * length) are refused with an {@link InputError}: dosegym's positions are GRCh38.
 *
 * @example
 * const vcf = readVcf(readFileSync('sample.vcf.gz'));
 * vcf.samples // ['NA12878']
 * vcf.records[0] // { line: 12, chrom: 'chr10', pos: 94942290, ids: ['rs1799853'], ref: 'C', alts: ['T'], genotypes: [{ alleles: [0, 1], phased: false }] }
 */
import { gunzipSync } from 'node:zlib';
import { InputError, NotFoundError, ParseError } from '../../core/errors.js';

/** One `##key=value` header line. */
export interface VcfMeta {
  key: string;
  value: string;
  line: number;
}

/** One sample's GT: allele indices (0 = REF, null = missing) and whether it is phased. */
export interface VcfGenotype {
  alleles: readonly (number | null)[];
  phased: boolean;
}

/** One data line. `genotypes[i]` belongs to `samples[i]`. */
export interface VcfRecord {
  /** 1-based line number in the (decompressed) file. */
  line: number;
  /** CHROM as written ('chr10' or '10'). */
  chrom: string;
  pos: number;
  ids: readonly string[];
  /** REF and ALT upper-cased. ALT '.' is an empty list. */
  ref: string;
  alts: readonly string[];
  genotypes: readonly VcfGenotype[];
}

export interface VcfFile {
  /** e.g. 'VCFv4.2'. */
  fileformat: string;
  meta: readonly VcfMeta[];
  samples: readonly string[];
  records: readonly VcfRecord[];
}

export interface ReadVcfOptions {
  /**
   * Keep only records for which this returns true (CHROM normalised with {@link normalizeChrom}).
   * Other lines are still checked, but not stored: use it to read whole-genome files.
   */
  keep?: (chrom: string, pos: number) => boolean;
}

const FIXED_COLUMNS = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO'];
const BASES = /^[ACGTN]+$/i;
const ALT_ALLELE = /^(?:[ACGTN]+|\*|<[^<>,\s]+>|[ACGTN]*[[\]][^,\s]+|\.[ACGTN]+|[ACGTN]+\.)$/i;
const GT = /^(?:\.|\d+)(?:[|/](?:\.|\d+))*$/;
const QUAL = /^(?:\.|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;

/**
 * Normalise a chromosome name to the `chr` form: '10', 'chr10' and 'CHR10' → 'chr10';
 * 'MT'/'M' → 'chrM'.
 */
export function normalizeChrom(chrom: string): string {
  const bare = chrom.replace(/^chr/i, '');
  const upper = bare.toUpperCase();
  if (upper === 'MT' || upper === 'M') return 'chrM';
  if (upper === 'X' || upper === 'Y') return `chr${upper}`;
  return `chr${bare}`;
}

/**
 * Parse a VCF from text or bytes (gzip/BGZF detected by its magic bytes).
 * @throws ParseError for a malformed line (with its number) or unreadable gzip data;
 * InputError for a file declared or recognised as GRCh37/hg19.
 */
export function readVcf(input: string | Uint8Array, options: ReadVcfOptions = {}): VcfFile {
  const lines = decode(input).split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const first = stripCr(lines[0] ?? '');
  const format = /^##fileformat=(VCFv4\.\d+)\s*$/.exec(first);
  if (!format) throw new ParseError(`expected '##fileformat=VCFv4.x' as the first line, found '${clip(first)}'`, 1);

  const meta: VcfMeta[] = [];
  const records: VcfRecord[] = [];
  let header: string[] | undefined;
  let samples: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = stripCr(lines[i]!);
    if (line === '') continue;
    if (line.startsWith('##')) {
      if (header) throw new ParseError(`meta line after the #CHROM header`, lineNo);
      const m = /^##([^=]+)=(.*)$/.exec(line);
      if (!m) throw new ParseError(`malformed meta line '${clip(line)}' (expected ##key=value)`, lineNo);
      meta.push({ key: m[1]!, value: m[2]!, line: lineNo });
    } else if (line.startsWith('#')) {
      if (header) throw new ParseError('a second #CHROM header line', lineNo);
      header = line.split('\t');
      samples = parseHeader(header, lineNo);
      checkBuild(meta);
    } else {
      if (!header) throw new ParseError('data line before the #CHROM header line', lineNo);
      const record = parseRecord(line, lineNo, header.length, samples.length);
      if (!options.keep || options.keep(normalizeChrom(record.chrom), record.pos)) records.push(record);
    }
  }
  if (!header) throw new ParseError('no #CHROM header line', lines.length);
  return { fileformat: format[1]!, meta, samples, records };
}

/**
 * Index of a sample in the file.
 * @throws NotFoundError naming the samples the file has.
 */
export function sampleIndex(vcf: VcfFile, sample: string): number {
  const i = vcf.samples.indexOf(sample);
  if (i < 0) throw new NotFoundError('sample', sample, vcf.samples);
  return i;
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  if (input.length >= 2 && input[0] === 0x1f && input[1] === 0x8b) {
    try {
      return gunzipSync(input).toString('utf8');
    } catch (e) {
      throw new ParseError(`cannot decompress gzip/BGZF input (${e instanceof Error ? e.message : String(e)})`, undefined, {
        cause: e,
      });
    }
  }
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
}

function parseHeader(columns: string[], lineNo: number): string[] {
  for (let c = 0; c < FIXED_COLUMNS.length; c++) {
    if (columns[c] !== FIXED_COLUMNS[c]) {
      throw new ParseError(
        `header column ${c + 1} is '${clip(columns[c] ?? '')}', expected '${FIXED_COLUMNS[c]}' (tab-separated: ${FIXED_COLUMNS.join(' ')} [FORMAT samples…])`,
        lineNo,
      );
    }
  }
  if (columns.length === FIXED_COLUMNS.length) return [];
  if (columns[8] !== 'FORMAT') throw new ParseError(`header column 9 is '${clip(columns[8]!)}', expected 'FORMAT'`, lineNo);
  const samples = columns.slice(9);
  const seen = new Set<string>();
  for (const s of samples) {
    if (s === '') throw new ParseError('empty sample name in the #CHROM header', lineNo);
    if (seen.has(s)) throw new ParseError(`sample '${clip(s)}' appears twice in the #CHROM header`, lineNo);
    seen.add(s);
  }
  return samples;
}

function parseRecord(line: string, lineNo: number, nColumns: number, nSamples: number): VcfRecord {
  const f = line.split('\t');
  if (f.length !== nColumns) {
    throw new ParseError(`expected ${nColumns} tab-separated columns as in the #CHROM header, found ${f.length}`, lineNo);
  }
  const [chrom, posText, id, refText, altText, qual, filter, info] = f as [string, ...string[]];
  if (chrom === '' || /\s/.test(chrom)) throw new ParseError(`invalid CHROM '${clip(chrom)}'`, lineNo);
  if (!/^\d+$/.test(posText!) || !Number.isSafeInteger(Number(posText))) {
    throw new ParseError(`POS '${clip(posText!)}' is not a non-negative integer`, lineNo);
  }
  if (id === '' || /\s/.test(id!)) throw new ParseError(`invalid ID '${clip(id!)}'`, lineNo);
  if (!BASES.test(refText!)) throw new ParseError(`REF '${clip(refText!)}' is not a sequence of A, C, G, T, N`, lineNo);
  const alts = altText === '.' ? [] : altText!.split(',');
  for (const alt of alts) {
    if (!ALT_ALLELE.test(alt)) throw new ParseError(`ALT allele '${clip(alt)}' is not valid`, lineNo);
  }
  if (!QUAL.test(qual!)) throw new ParseError(`QUAL '${clip(qual!)}' is not a number or '.'`, lineNo);
  if (filter === '' || info === '') throw new ParseError('empty FILTER or INFO column (use ".")', lineNo);
  const genotypes: VcfGenotype[] = [];
  if (nSamples > 0) {
    const keys = f[8]!.split(':');
    const gtIndex = keys.indexOf('GT');
    for (let s = 0; s < nSamples; s++) {
      const fields = f[9 + s]!.split(':');
      const gt = gtIndex < 0 ? '.' : (fields[gtIndex] ?? '.');
      genotypes.push(parseGenotype(gt, alts.length, lineNo, s + 1));
    }
  }
  return {
    line: lineNo,
    chrom,
    pos: Number(posText),
    ids: id === '.' ? [] : id!.split(';'),
    ref: refText!.toUpperCase(),
    alts: alts.map((a) => (BASES.test(a) ? a.toUpperCase() : a)),
    genotypes,
  };
}

function parseGenotype(gt: string, nAlts: number, lineNo: number, sampleNo: number): VcfGenotype {
  if (!GT.test(gt)) throw new ParseError(`sample ${sampleNo}: malformed GT '${clip(gt)}'`, lineNo);
  const alleles = gt.split(/[|/]/).map((a) => (a === '.' ? null : Number(a)));
  for (const a of alleles) {
    if (a !== null && a > nAlts) {
      throw new ParseError(`sample ${sampleNo}: GT '${gt}' refers to allele ${a}, but ALT has ${nAlts}`, lineNo);
    }
  }
  return { alleles, phased: alleles.length > 1 && !gt.includes('/') };
}

/** GRCh37 lengths of the chromosomes dosegym genotypes (GRCh38 lengths all differ). */
const GRCH37_LENGTHS: Readonly<Record<string, number>> = {
  chr1: 249250621,
  chr2: 243199373,
  chr6: 171115067,
  chr10: 135534747,
  chr13: 115169878,
  chr16: 90354753,
  chr19: 59128983,
};
const GRCH37_NAMES = /GRCh37|hg19|\bb37\b|hs37d5|g1k_v37|NCBI37/i;

function checkBuild(meta: readonly VcfMeta[]): void {
  for (const m of meta) {
    let why: string | undefined;
    if (m.key === 'reference' && GRCH37_NAMES.test(m.value)) why = `##reference=${clip(m.value)}`;
    if (m.key === 'contig') {
      const assembly = /assembly=([^,>]+)/.exec(m.value)?.[1];
      const id = /ID=([^,>]+)/.exec(m.value)?.[1];
      const length = Number(/length=(\d+)/.exec(m.value)?.[1]);
      if (assembly && GRCH37_NAMES.test(assembly)) why = `contig assembly ${clip(assembly)}`;
      else if (id && GRCH37_LENGTHS[normalizeChrom(id)] === length) why = `contig ${id} has the GRCh37 length ${length}`;
    }
    if (why) {
      throw new InputError(
        `line ${m.line}: the VCF is on GRCh37/hg19 (${why}); dosegym needs GRCh38 positions: lift the file over or re-call it on GRCh38`,
        'vcf',
      );
    }
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
