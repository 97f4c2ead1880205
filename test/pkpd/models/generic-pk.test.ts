import { describe, expect, it } from 'vitest';
import { linearSystemMatrix } from '../../../src/pkpd/linear/system-matrix.js';
import { pk1cmt } from '../../../src/pkpd/models/pk1cmt.js';
import { pk2cmt } from '../../../src/pkpd/models/pk2cmt.js';
import { pk3cmt } from '../../../src/pkpd/models/pk3cmt.js';
import { typicalParameters } from '../../../src/pkpd/types.js';

describe.each([pk1cmt, pk2cmt, pk3cmt])('$id', (spec) => {
  const p = typicalParameters(spec);
  it('rhs equals A·x of the linear descriptor at an arbitrary state (rhs and descriptor agree)', () => {
    const { layout, matrix } = linearSystemMatrix(spec, p);
    const x = Float64Array.from(spec.states, (_, i) => 10 + 7 * i);
    const dxdt = new Float64Array(spec.states.length);
    spec.rhs(0, x, p, dxdt);
    for (let i = 0; i < layout.size; i++) {
      let expected = 0;
      for (let j = 0; j < layout.size; j++) expected += matrix[i * layout.size + j]! * x[layout.stateIndices[j]!]!;
      expect(dxdt[layout.stateIndices[i]!]).toBeCloseTo(expected, 12);
    }
  });
  it('conserves mass apart from elimination: Σ dx/dt = −CL/V1·central', () => {
    const x = Float64Array.from(spec.states, () => 3);
    const dxdt = new Float64Array(spec.states.length);
    spec.rhs(0, x, p, dxdt);
    expect(dxdt.reduce((a, b) => a + b, 0)).toBeCloseTo(-(p[0]! / p[1]!) * 3, 14);
  });
  it('outputs C = central/V1 in mg/L, doses into depot (F) and central, with illustrative IIV 30 % CV', () => {
    const x = new Float64Array(spec.states.length);
    x[1] = 100;
    expect(spec.outputs[0]!.name).toBe('C');
    expect(spec.outputs[0]!.compute(x, p, 0)).toBeCloseTo(100 / p[1]!, 14);
    expect(spec.dosing.map((d) => [d.cmt, d.bioavailability])).toEqual([['depot', 'F'], ['central', undefined]]);
    // ω² = ln(1 + 0.3²) = 0.0861777 (log-normal CV conversion).
    expect(spec.variability!.omega[0]![0]).toBeCloseTo(0.0861777, 7);
    expect(spec.timeUnit).toBe('h');
  });
  it('documents every parameter (value, unit, description, source)', () => {
    for (const q of spec.parameters) {
      expect(q.unit.length * q.description.length * q.source.length).toBeGreaterThan(0);
    }
  });
});
