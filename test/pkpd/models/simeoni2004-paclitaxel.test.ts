/**
 * Simeoni 2004 conformance (reference §3.1): untreated growth from w0 = 0.1 g reaches 0.392 g
 * on day 5, 1.533 on day 10, 9.126 on day 20 and 17.27 on day 30; C_T = λ0/k2 = 434 ng/mL.
 * The reference values have 3–4 significant figures, so the tolerance is half a unit of the
 * last published digit.
 */
import { describe, expect, it } from 'vitest';
import { getModel } from '../../../src/pkpd/models/registry.js';
import { simeoni2004Paclitaxel, simeoniThresholdConcentration } from '../../../src/pkpd/models/simeoni2004-paclitaxel.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { paramIndex, typicalParameters } from '../../../src/pkpd/types.js';

describe('simeoni2004-paclitaxel', () => {
  it('is registered', () => {
    expect(getModel('simeoni2004-paclitaxel')).toBe(simeoni2004Paclitaxel);
  });

  it('reproduces untreated growth from w0 = 0.1 g (reference §3.1)', () => {
    const r = simulate(simeoni2004Paclitaxel, typicalParameters(simeoni2004Paclitaxel), [], [5, 10, 20, 30]);
    const w = r.outputs.W!;
    expect(Math.abs(w[0]! - 0.392)).toBeLessThan(0.0005);
    expect(Math.abs(w[1]! - 1.533)).toBeLessThan(0.0005);
    expect(Math.abs(w[2]! - 9.126)).toBeLessThan(0.0005);
    expect(Math.abs(w[3]! - 17.27)).toBeLessThan(0.005);
  });

  it('has threshold concentration λ0/k2 = 434 ng/mL', () => {
    expect(simeoniThresholdConcentration(typicalParameters(simeoni2004Paclitaxel))).toBeCloseTo(434.0, 0);
  });

  it('shrinks the proliferating pool above the threshold concentration and not below', () => {
    const p = typicalParameters(simeoni2004Paclitaxel);
    const c = paramIndex(simeoni2004Paclitaxel, 'C');
    p[c] = 600;
    const above = simulate(simeoni2004Paclitaxel, p, [], [10], { returnStates: true });
    expect(above.states![0]![0]!).toBeLessThan(0.1);
    p[c] = 300;
    const below = simulate(simeoni2004Paclitaxel, p, [], [10], { returnStates: true });
    expect(below.states![0]![0]!).toBeGreaterThan(0.1);
  });
});
