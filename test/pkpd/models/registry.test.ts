import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../../../src/core/errors.js';
import { pk1cmt } from '../../../src/pkpd/models/pk1cmt.js';
import { checkModelSpec, getModel, listModels, registerModel } from '../../../src/pkpd/models/registry.js';
import type { ModelSpec } from '../../../src/pkpd/types.js';

describe('model registry', () => {
  it('pre-registers pk1cmt, pk2cmt and pk3cmt', () => {
    const ids = listModels().map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['pk1cmt', 'pk2cmt', 'pk3cmt']));
    expect(getModel('pk2cmt').parameters.map((q) => q.name)).toEqual(['CL', 'V1', 'Q', 'V2', 'KA', 'F']);
  });
  it('an unknown id raises NotFoundError listing the known ids', () => {
    expect(() => getModel('pk4cmt')).toThrow(NotFoundError);
    expect(() => getModel('pk4cmt')).toThrow(/unknown model 'pk4cmt' \(known: .*pk1cmt, pk2cmt, pk3cmt/);
  });
  it('registers new specs; the same spec twice is a no-op, a different spec with a taken id an error', () => {
    const custom: ModelSpec = { ...pk1cmt, id: 'registry-test-model' };
    registerModel(custom);
    registerModel(custom);
    expect(getModel('registry-test-model')).toBe(custom);
    expect(() => registerModel({ ...pk1cmt, id: 'registry-test-model' })).toThrow(/already registered/);
  });
  it('rejects specs that refer to undeclared names, naming the field', () => {
    expect(() => checkModelSpec({ ...pk1cmt, id: 'bad', dosing: [{ ...pk1cmt.dosing[0]!, cmt: 'gut' }] })).toThrow(
      /dosing\[0\]\.cmt refers to unknown state 'gut'/,
    );
    expect(() => checkModelSpec({ ...pk1cmt, id: 'bad', variability: { parameters: ['CL', 'V'], omega: [[0.1]], description: '' } })).toThrow(
      /2×2/,
    );
    expect(() => checkModelSpec({ ...pk1cmt, id: 'bad', linear: { ...pk1cmt.linear!, params: { CL: 'CLR', V1: 'V' } } })).toThrow(InputError);
  });
});
