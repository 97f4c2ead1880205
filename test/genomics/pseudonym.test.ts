import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { createPseudonymiser, pseudonymiseCohort } from '../../src/genomics/pseudonym.js';

describe('pseudonyms', () => {
  it('are HMAC-SHA256 truncated to 64 bits (RFC 4231 test case 1)', () => {
    // RFC 4231 §4.2: key = 0x0b × 20, data "Hi There" → b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7.
    const p = createPseudonymiser({ salt: '\x0b'.repeat(20) });
    expect(p.pseudonym('Hi There')).toBe('ps-b0344c61d8db3853');
  });

  it('depend on the salt; a generated salt is reported and fresh each time', () => {
    const a = createPseudonymiser({ salt: 'salt-one-1' });
    const b = createPseudonymiser({ salt: 'salt-two-2' });
    expect(a.pseudonym('NA12878')).toBe(a.pseudonym('NA12878'));
    expect(a.pseudonym('NA12878')).not.toBe(b.pseudonym('NA12878'));
    const g1 = createPseudonymiser();
    const g2 = createPseudonymiser();
    expect(g1.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(g1.salt).not.toBe(g2.salt);
  });

  it('keep ids only when asked, and refuse short salts', () => {
    expect(createPseudonymiser({ keepIds: true }).pseudonym('S1')).toBe('S1');
    expect(() => createPseudonymiser({ salt: 'short' })).toThrow(InputError);
  });

  it('replace ids in a copy of the records', () => {
    const records = [{ id: 'S1', x: 1 }, { id: 'S2', x: 2 }];
    const { records: out, pseudonymiser } = pseudonymiseCohort(records, { salt: 'study-salt-2024' });
    expect(records[0]!.id).toBe('S1');
    expect(out.map((r) => r.id)).toEqual([pseudonymiser.pseudonym('S1'), pseudonymiser.pseudonym('S2')]);
    expect(out[0]!.x).toBe(1);
    expect(pseudonymiseCohort(records, { keepIds: true }).records).toEqual(records);
  });
});
