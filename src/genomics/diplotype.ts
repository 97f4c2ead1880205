/**
 * Parsing of diplotype strings: star alleles (`*1/*3`), copy number for genes that allow it
 * (`*1x2/*4`, CYP2D6), variant-named alleles (`c.2846A>T/HapB3`, DPYD), and biallelic
 * genotypes (`G/A`, `GA`, `A/G` for VKORC1).
 *
 * @example parseDiplotype('CYP2D6', '*1x2/*4').alleles.map((a) => [a.allele.name, a.copies]) // [['*1', 2], ['*4', 1]]
 * @example formatDiplotype(parseDiplotype('VKORC1', 'A/G')) // 'G/A'
 */
import { InputError } from '../core/errors.js';
import type { AlleleDefinition, GeneTable } from './data/types.js';
import { findAllele, geneTable, unknownAllele } from './genes.js';

/** One haplotype of a diplotype: an allele and its number of copies (2 for `*1x2`). */
export interface AlleleCopies {
  allele: AlleleDefinition;
  copies: number;
}

/** A parsed diplotype; alleles are in table order (reference first). */
export interface ParsedDiplotype {
  table: GeneTable;
  alleles: readonly [AlleleCopies, AlleleCopies];
}

const COPY_NUMBER = /^(.+?)\s*[x×]\s*(\S+)$/;

/**
 * Parse a diplotype of `gene`.
 * @throws NotFoundError for an unknown gene; InputError naming the gene and the allele for an
 * unknown allele or malformed text.
 */
export function parseDiplotype(gene: string, text: string): ParsedDiplotype {
  const table = geneTable(gene);
  const trimmed = String(text).trim();
  let parts = trimmed.split('/').map((s) => s.trim());
  if (parts.length === 1 && table.notation === 'genotype' && /^[A-Za-z]{2}$/.test(trimmed)) {
    parts = [trimmed[0]!, trimmed[1]!];
  }
  if (parts.length !== 2 || parts.some((p) => p === '')) {
    const example = table.notation === 'genotype' ? 'G/A' : '*1/*3';
    throw new InputError(
      `${table.gene}: diplotype '${trimmed}' must be two alleles separated by '/' (e.g. ${example})`,
      table.gene,
    );
  }
  const a = parseHaplotype(table, parts[0]!);
  const b = parseHaplotype(table, parts[1]!);
  return { table, alleles: order(table, a, b) };
}

/** The canonical text of a parsed diplotype, e.g. '*1/*1x2', 'G/A'. */
export function formatDiplotype(diplotype: ParsedDiplotype): string {
  return diplotype.alleles.map((h) => (h.copies === 1 ? h.allele.name : `${h.allele.name}x${h.copies}`)).join('/');
}

function parseHaplotype(table: GeneTable, text: string): AlleleCopies {
  const direct = findAllele(table, text);
  if (direct) return { allele: direct, copies: 1 };
  const m = COPY_NUMBER.exec(text);
  if (m) {
    const allele = findAllele(table, m[1]!);
    if (allele) {
      if (!table.copyNumber) {
        throw new InputError(`${table.gene}: copy number ('${text}') is only accepted for CYP2D6`, table.gene);
      }
      const copies = /^\d+$/.test(m[2]!) ? Number(m[2]) : Number.NaN;
      if (!(copies >= 1 && copies <= 9)) {
        throw new InputError(
          `${table.gene}: copy number in '${text}' must be a whole number from 1 to 9 (e.g. *1x2)`,
          table.gene,
        );
      }
      return { allele, copies };
    }
  }
  throw unknownAllele(table, text);
}

/** Table order, then fewer copies first: '*1/*3' not '*3/*1', '*1/*1x2' not '*1x2/*1'. */
function order(table: GeneTable, a: AlleleCopies, b: AlleleCopies): [AlleleCopies, AlleleCopies] {
  const rank = (h: AlleleCopies) => table.alleles.indexOf(h.allele) * 100 + h.copies;
  return rank(a) <= rank(b) ? [a, b] : [b, a];
}
