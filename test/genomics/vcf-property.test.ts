/**
 * Property: whatever the input, readVcf either returns or throws a DosegymError (never a
 * TypeError, RangeError, …): random text, random lines after a valid header, and valid
 * lines with one column mutated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DosegymError } from '../../src/core/errors.js';
import { readVcf } from '../../src/genomics/vcf/reader.js';

const HEADER = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\n';
const VALID = ['chr10', '94942290', 'rs1799853', 'C', 'T', '50', 'PASS', '.', 'GT:DP', '0/1:3', '1|1'];

function onlyDosegymErrors(text: string | Uint8Array): boolean {
  try {
    readVcf(text);
    return true;
  } catch (e) {
    return e instanceof DosegymError;
  }
}

const piece = fc.oneof(
  fc.string(),
  fc.constantFrom('.', './.', '0|1', '1/2', '', '\t', ':', ',', '<DEL>', 'N', 'chr', '-1', '1e9', '##', '#CHROM', '\r'),
);

describe('readVcf never throws anything but a DosegymError', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => onlyDosegymErrors(s)), { numRuns: 300 });
  });

  it('on arbitrary bytes, including a gzip magic number', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, magic) =>
        onlyDosegymErrors(magic ? Uint8Array.from([0x1f, 0x8b, ...bytes]) : bytes),
      ),
      { numRuns: 200 },
    );
  });

  it('on arbitrary lines after a valid header', () => {
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 12 }).map((cols) => cols.join('\t')), { maxLength: 5 }), (lines) =>
        onlyDosegymErrors(HEADER + lines.join('\n')),
      ),
      { numRuns: 300 },
    );
  });

  it('on valid lines with one column mutated', () => {
    fc.assert(
      fc.property(fc.nat(VALID.length - 1), piece, (col, value) => {
        const cols = [...VALID];
        cols[col] = value;
        return onlyDosegymErrors(HEADER + cols.join('\t') + '\n');
      }),
      { numRuns: 300 },
    );
  });
});
