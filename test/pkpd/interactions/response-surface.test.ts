import { describe, expect, it } from 'vitest';
import { BOUILLON_2004_BIS, responseSurfaceEffect } from '../../../src/pkpd/interactions/response-surface.js';

// reference/pkpd-models.md §4 (D): BIS on the Bouillon 2004 surface, C50p 4.47 µg/mL,
// C50r 19.3 ng/mL, γ 1.43, β 0, E0 = Emax = 97.4. Values are given to 2 decimals.
describe('Minto 2000 / Bouillon 2004 response surface: BIS check numbers', () => {
  const cases: [number, number, number][] = [
    [3, 0, 62.22],
    [3, 2, 57.49],
    [3, 4, 53.2],
    [2, 4, 63.02],
    [5, 5, 37.74],
    [4.47, 0, 48.7],
  ];
  for (const [propofol, remifentanil, bis] of cases) {
    it(`(Cep ${propofol}, Cer ${remifentanil}) → ${bis}`, () => {
      expect(Math.abs(responseSurfaceEffect(propofol, remifentanil, BOUILLON_2004_BIS) - bis)).toBeLessThanOrEqual(0.005);
    });
  }
  it('no drug gives E0 = 97.4; remifentanil alone at C50r gives E0/2', () => {
    expect(responseSurfaceEffect(0, 0, BOUILLON_2004_BIS)).toBe(97.4);
    expect(responseSurfaceEffect(0, 19.3, BOUILLON_2004_BIS)).toBeCloseTo(48.7, 12);
  });
  it('β > 0 is synergy: at θ = 1/2, U50 = 1 − β/4, so β = 2 halves the C50 of an equipotent mix', () => {
    const s = { ...BOUILLON_2004_BIS, beta: 2 };
    // UA = UB = 0.25: U = 0.5/(1 − 1 + 0.5) = 1 → half effect.
    expect(responseSurfaceEffect(0.25 * 4.47, 0.25 * 19.3, s)).toBeCloseTo(48.7, 12);
  });
});
