import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError, ParseError } from '../../src/core/errors.js';
import { normalizeChrom, readVcf, sampleIndex } from '../../src/genomics/vcf/reader.js';

const FIXTURE = 'test/fixtures/vcf/samples.vcf';
const HEADER = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tB\n';
const line = (...cols: string[]) => cols.join('\t');

/** The error a thunk throws (vitest's toThrow cannot check fields). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('readVcf', () => {
  it('reads the fixture: header, samples, records, GT forms', () => {
    const vcf = readVcf(readFileSync(FIXTURE, 'utf8'));
    expect(vcf.fileformat).toBe('VCFv4.2');
    expect(vcf.samples).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(vcf.meta.find((m) => m.key === 'reference')?.value).toBe('GRCh38');
    const ugt = vcf.records.find((r) => r.pos === 233760233)!;
    expect(ugt).toMatchObject({ chrom: 'chr2', ref: 'CAT', alts: ['C', 'CATAT', 'CATATAT'], ids: ['rs3064744'] });
    expect(ugt.genotypes[0]).toEqual({ alleles: [2, 2], phased: false });
    expect(ugt.genotypes[1]).toEqual({ alleles: [1, 2], phased: true });
    expect(ugt.genotypes[2]).toEqual({ alleles: [null], phased: false });
    const cyp4f2 = vcf.records.find((r) => r.pos === 15879621)!;
    expect(cyp4f2.genotypes[2]).toEqual({ alleles: [1], phased: false }); // haploid
    const vkorc1 = vcf.records.find((r) => r.pos === 31096368)!;
    expect(vkorc1.chrom).toBe('16');
    expect(vkorc1.genotypes[2]).toEqual({ alleles: [null, null], phased: false });
    expect(vcf.records.find((r) => r.pos === 94981296)!.ids).toEqual([]);
  });

  it('reads gzip and multi-member BGZF-style input', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const plain = readVcf(text);
    expect(readVcf(gzipSync(text))).toEqual(plain);
    // BGZF is a series of gzip members, the last one empty; split the text over several.
    const cut = [0, 300, 900, text.length];
    const members = cut.slice(1).map((end, i) => gzipSync(text.slice(cut[i], end)));
    const bgzf = Buffer.concat([...members, gzipSync('')]);
    expect(readVcf(bgzf)).toEqual(plain);
  });

  it('accepts CRLF line ends and keeps only what `keep` selects', () => {
    const text = readFileSync(FIXTURE, 'utf8').replace(/\n/g, '\r\n');
    const vcf = readVcf(text, { keep: (chrom) => chrom === 'chr16' });
    expect(vcf.records.map((r) => r.pos)).toEqual([31096368]);
  });

  it('normalises chromosome names', () => {
    expect(['10', 'chr10', 'CHR10'].map(normalizeChrom)).toEqual(['chr10', 'chr10', 'chr10']);
    expect(['MT', 'chrM', 'x'].map(normalizeChrom)).toEqual(['chrM', 'chrM', 'chrX']);
  });

  it.each([
    ['a missing fileformat line', '#CHROM\tPOS\n', 1, /##fileformat=VCFv4/],
    ['a data line before the header', '##fileformat=VCFv4.2\nchr1\t1\t.\tA\tC\t.\t.\t.\n', 2, /before the #CHROM/],
    ['a wrong column count', HEADER + line('chr1', '5', '.', 'A', 'C', '.', 'PASS', '.', 'GT', '0/1'), 3, /expected 11 .* found 10/],
    ['a non-numeric POS', HEADER + line('chr1', 'x5', '.', 'A', 'C', '.', 'PASS', '.', 'GT', '0/1', '0/0'), 3, /POS 'x5'/],
    ['a bad REF', HEADER + line('chr1', '5', '.', 'AZ', 'C', '.', 'PASS', '.', 'GT', '0/1', '0/0'), 3, /REF 'AZ'/],
    ['a bad ALT', HEADER + line('chr1', '5', '.', 'A', 'C,', '.', 'PASS', '.', 'GT', '0/1', '0/0'), 3, /ALT allele ''/],
    ['a malformed GT', HEADER + line('chr1', '5', '.', 'A', 'C', '.', 'PASS', '.', 'GT', '0/x', '0/0'), 3, /sample 1: malformed GT '0\/x'/],
    ['a GT beyond ALT', HEADER + line('chr1', '5', '.', 'A', 'C', '.', 'PASS', '.', 'GT', '0/0', '0/2'), 3, /sample 2: .* allele 2, but ALT has 1/],
    ['a duplicated sample', '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tA\tA\n', 2, /sample 'A' appears twice/],
    ['no header', '##fileformat=VCFv4.2\n##source=x\n', 2, /no #CHROM header/],
  ])('%s is a ParseError naming the line', (_what, text, lineNo, message) => {
    const err = thrown(() => readVcf(text));
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).line).toBe(lineNo);
    expect((err as ParseError).message).toMatch(message);
    expect((err as ParseError).message).toMatch(new RegExp(`^line ${lineNo}: `));
  });

  it('reports the line number of a bad line deep in a gzip file', () => {
    const text = readFileSync(FIXTURE, 'utf8').replace('94942309\trs7900194\tG', '94942309\trs7900194\tQ');
    const err = thrown(() => readVcf(gzipSync(text)));
    expect((err as ParseError).line).toBe(text.split('\n').findIndex((l) => l.includes('rs7900194')) + 1);
  });

  it('refuses corrupt gzip data with a ParseError', () => {
    const gz = gzipSync('##fileformat=VCFv4.2\n');
    expect(() => readVcf(gz.subarray(0, gz.length - 6))).toThrow(ParseError);
  });

  it.each([
    ['##reference=file:///refs/hs37d5.fa', /GRCh37\/hg19 .*##reference=file:\/\/\/refs\/hs37d5\.fa/],
    ['##reference=hg19', /GRCh37\/hg19/],
    ['##contig=<ID=10,length=135534747,assembly=b37>', /contig assembly b37/],
    ['##contig=<ID=chr10,length=135534747>', /contig chr10 has the GRCh37 length 135534747/],
  ])('refuses a GRCh37 file declared by %s', (meta, message) => {
    const err = thrown(() => readVcf(`##fileformat=VCFv4.2\n${meta}\n${HEADER.split('\n')[1]}\n`));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(message);
    expect((err as InputError).message).toMatch(/^line 2: .*needs GRCh38/);
  });

  it('sampleIndex names the known samples for an unknown one', () => {
    const vcf = readVcf(readFileSync(FIXTURE, 'utf8'));
    expect(sampleIndex(vcf, 'S3')).toBe(2);
    expect(() => sampleIndex(vcf, 'NA12878')).toThrow(NotFoundError);
    expect(() => sampleIndex(vcf, 'NA12878')).toThrow(/unknown sample 'NA12878' \(known: S1, S2, S3, S4\)/);
  });
});
