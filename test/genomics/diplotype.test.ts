import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { formatDiplotype, parseDiplotype } from '../../src/genomics/diplotype.js';

const text = (gene: string, d: string) => formatDiplotype(parseDiplotype(gene, d));

describe('parseDiplotype', () => {
  it('orders alleles as in the table (reference first)', () => {
    expect(text('CYP2C9', '*3/*1')).toBe('*1/*3');
    expect(text('CYP2C19', ' *17 / *2 ')).toBe('*2/*17');
  });
  it('reads CYP2D6 copy number and puts fewer copies first', () => {
    const d = parseDiplotype('CYP2D6', '*1x2/*4');
    expect(d.alleles.map((h) => [h.allele.name, h.copies])).toEqual([
      ['*1', 2],
      ['*4', 1],
    ]);
    expect(text('CYP2D6', '*1x2/*1')).toBe('*1/*1x2');
    expect(text('CYP2D6', '*2×3/*4')).toBe('*2x3/*4');
  });
  it('accepts a gene prefix and aliases', () => {
    expect(text('CYP2C9', 'CYP2C9*1/CYP2C9*2')).toBe('*1/*2');
    expect(text('DPYD', 'hapb3/*13')).toBe('c.1129-5923C>G, c.1236G>A (HapB3)/c.1679T>G (*13)');
  });
  it('reads VKORC1 genotypes with or without a slash', () => {
    expect(text('VKORC1', 'G/A')).toBe('G/A');
    expect(text('VKORC1', 'A/G')).toBe('G/A');
    expect(text('VKORC1', 'aa')).toBe('A/A');
  });
  it.each([
    ['CYP2C9', '*1', /two alleles separated by '\/'/],
    ['CYP2C9', '*1/*2/*3', /two alleles/],
    ['CYP2C9', '*1/', /two alleles/],
    ['CYP2C9', '*1x2/*3', /copy number .* only accepted for CYP2D6/],
    ['CYP2D6', '*1xN/*4', /whole number from 1 to 9/],
    ['CYP2D6', '*1/*999', /CYP2D6: unknown allele '\*999'/],
    ['VKORC1', 'G/C', /VKORC1: unknown allele 'C'/],
  ])('%s %s is an InputError', (gene, d, message) => {
    expect(() => parseDiplotype(gene, d)).toThrow(InputError);
    expect(() => parseDiplotype(gene, d)).toThrow(message);
  });
});
