/** `dosegym genotype` run as a user would (bin/dosegym.js through tsx); each spawn ≈ 0.7 s. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE = 'test/fixtures/vcf/samples.vcf';

function dosegym(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/dosegym.js', 'genotype', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dosegym genotype', () => {
  it('--vcf --sample --format json follows the JSON contract, with an outside CYP2D6 call', () => {
    const r = dosegym('--vcf', FIXTURE, '--sample', 'S1', '--diplotype', 'CYP2D6=*1/*4', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.samples).toHaveLength(1);
    expect(out.samples[0].sample).toBe('S1');
    const genes = out.samples[0].genes;
    expect(genes.CYP2C9).toEqual({
      diplotype: '*1/*3',
      activityScore: 1,
      phenotype: 'Intermediate Metabolizer',
      missingPositions: ['chr10:94949281', 'chr10:94981301'],
      untestedAlleles: ['*5', '*6'],
    });
    expect(genes.VKORC1).toEqual({ genotype: 'A/A' });
    expect(genes.CYP2C19).toEqual({ diplotype: '*2/*17', phenotype: 'Intermediate Metabolizer' });
    expect(genes.CYP2D6).toEqual({ diplotype: '*1/*4', activityScore: 1, phenotype: 'Intermediate Metabolizer' });
    expect(genes.TPMT.candidates).toEqual(['*1/*3A', '*3B/*3C']);
  });

  it('--diplotype alone reports sample "input"; the default format is a table', () => {
    const json = dosegym('--diplotype', 'CYP2C19=*2/*17', '--diplotype', 'CYP2D6=*1x2/*1', '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      samples: [
        {
          sample: 'input',
          genes: {
            CYP2C19: { diplotype: '*2/*17', phenotype: 'Intermediate Metabolizer' },
            CYP2D6: { diplotype: '*1/*1x2', activityScore: 3, phenotype: 'Ultrarapid Metabolizer' },
          },
        },
      ],
    });
    const table = dosegym('--diplotype', 'VKORC1=A/G');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^sample +gene +diplotype +score +phenotype +notes$/);
    expect(table.stdout).toMatch(/input +VKORC1 +G\/A/);
  });

  it.each([
    ['a malformed VCF line', 'bad', /^dosegym: line 9: REF 'Q' is not a sequence/],
    ['a sample not in the file', 'sample', /^dosegym: unknown sample 'NOPE' \(known: S1, S2, S3, S4\)/],
    ['an unknown star allele', 'allele', /^dosegym: CYP2C9: unknown allele '\*99'/],
  ])('%s: one line on stderr, exit 2', (_what, kind, message) => {
    let args: string[];
    if (kind === 'bad') {
      const dir = mkdtempSync(join(tmpdir(), 'dosegym-genotype-'));
      const path = join(dir, 'bad.vcf');
      const lines = readFileSync(FIXTURE, 'utf8').split('\n');
      lines[8] = lines[8]!.replace('\tC\tT\t', '\tQ\tT\t');
      writeFileSync(path, lines.join('\n'));
      args = ['--vcf', path];
    } else if (kind === 'sample') {
      args = ['--vcf', FIXTURE, '--sample', 'NOPE'];
    } else {
      args = ['--diplotype', 'CYP2C9=*1/*99'];
    }
    const r = dosegym(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
