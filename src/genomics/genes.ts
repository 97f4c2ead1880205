/**
 * Registry of the pharmacogenes dosegym knows: one data module per gene in `./data/`.
 *
 * @example geneTable('CYP2C9').alleles.map((a) => a.name) // ['*1', '*2', '*3', …]
 * @example alleleFunction('CYP2C9', '*3') // { name: '*3', function: 'No function', activityValue: 0, … }
 */
import { InputError, NotFoundError } from '../core/errors.js';
import { CYP2C9 } from './data/cyp2c9.js';
import { CYP2C19 } from './data/cyp2c19.js';
import { CYP2D6 } from './data/cyp2d6.js';
import { CYP4F2 } from './data/cyp4f2.js';
import { DPYD } from './data/dpyd.js';
import { NUDT15 } from './data/nudt15.js';
import { TPMT } from './data/tpmt.js';
import type { AlleleDefinition, GeneTable } from './data/types.js';
import { UGT1A1 } from './data/ugt1a1.js';
import { VKORC1 } from './data/vkorc1.js';

const TABLES: readonly GeneTable[] = [CYP2C9, CYP2C19, CYP2D6, VKORC1, CYP4F2, TPMT, NUDT15, DPYD, UGT1A1];

const BY_NAME: ReadonlyMap<string, GeneTable> = new Map(TABLES.map((t) => [t.gene, t]));

/** HGNC symbols of every gene with a table, e.g. 'CYP2C9', 'VKORC1'. */
export const KNOWN_GENES: readonly string[] = Object.freeze(TABLES.map((t) => t.gene));

/**
 * The table of one gene (symbol case-insensitive).
 * @throws NotFoundError for a gene without a table.
 */
export function geneTable(gene: string): GeneTable {
  const table = BY_NAME.get(gene.trim().toUpperCase());
  if (!table) throw new NotFoundError('gene', gene, KNOWN_GENES);
  return table;
}

/**
 * Look an allele up by name or alias (case-insensitive; a leading gene symbol such as
 * `CYP2C9*3` is accepted). Returns undefined when the table does not know it.
 */
export function findAllele(table: GeneTable, name: string): AlleleDefinition | undefined {
  let wanted = name.trim();
  if (wanted.toUpperCase().startsWith(table.gene + '*')) wanted = wanted.slice(table.gene.length);
  const key = wanted.toLowerCase();
  return table.alleles.find(
    (a) => a.name.toLowerCase() === key || (a.aliases ?? []).some((alias) => alias.toLowerCase() === key),
  );
}

/**
 * Function (and CPIC activity value, where defined) of one allele.
 * @throws NotFoundError for an unknown gene; InputError naming gene and allele for an unknown allele.
 */
export function alleleFunction(gene: string, allele: string): AlleleDefinition {
  const table = geneTable(gene);
  const found = findAllele(table, allele);
  if (!found) throw unknownAllele(table, allele);
  return found;
}

/** The error for an allele a gene's table does not define. */
export function unknownAllele(table: GeneTable, allele: string): InputError {
  const known = table.alleles.map((a) => a.name).join(', ');
  return new InputError(`${table.gene}: unknown allele '${allele}' (known: ${known})`, table.gene);
}
