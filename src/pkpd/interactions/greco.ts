/**
 * Greco's universal response surface for two drugs with an interaction parameter α:
 *
 * ```
 * 1 = dA/(C50A·ψ^(1/mA)) + dB/(C50B·ψ^(1/mB)) + α·dA·dB/(C50A·C50B·ψ^(1/(2mA) + 1/(2mB))),
 * ψ = E/(1 − E)
 * ```
 * α > 0 synergy, α = 0 Loewe additivity, α < 0 antagonism.
 *
 * Sources: Greco WR, Park HS, Rustum YM. Application of a new approach for the
 * quantitation of drug synergism to the combination of cis-diamminedichloroplatinum and
 * 1-β-D-arabinofuranosylcytosine. Cancer Res 1990;50:5318–5327; Greco, Bravo & Parsons,
 * Pharmacol Rev 1995;47:331–385.
 *
 * Convention: fractional effects (Emax = 1). Solved for u = ln ψ. For α ≥ 0 the right side
 * is strictly decreasing in u and the solution unique. For α < 0 it can have no solution:
 * with equal Hill slopes m the right side is (a + b + α·a·b)·ψ^(−1/m) (a = dA/C50A,
 * b = dB/C50B), which has no root when a + b + α·a·b ≤ 0 (an InputError is thrown: α is
 * below the model's valid range, see Greco 1995). With unequal slopes a root always
 * exists but need not be unique; the one returned is the one bisection finds between the
 * bracket ends (a documented limitation).
 */
import { InputError } from '../../core/errors.js';
import { solveExponentialSum } from './bracketed-root.js';
import { checkDoses, effectFromLogOdds, type HillDrug } from './loewe.js';

/**
 * Fractional effect of doses dA, dB of drugs A, B with interaction α.
 * @example grecoInteraction(1, 1, { c50: 1, hill: 1 }, { c50: 1, hill: 1 }, 1) // 0.75
 */
export function grecoInteraction(doseA: number, doseB: number, drugA: HillDrug, drugB: HillDrug, alpha: number): number {
  checkDoses([doseA, doseB], [drugA, drugB]);
  if (doseA === 0 && doseB === 0) return 0;
  const a = doseA / drugA.c50;
  const b = doseB / drugB.c50;
  const interaction = alpha * a * b;
  const mixedExponent = 1 / (2 * drugA.hill) + 1 / (2 * drugB.hill);
  if (drugA.hill === drugB.hill && a > 0 && b > 0 && a + b + interaction <= 0) {
    throw new InputError(
      `Greco interaction: alpha = ${alpha} is below the valid range for these doses (requires alpha > −(a + b)/(a·b) = ${-(a + b) / (a * b)})`,
      'alpha',
    );
  }
  const u = solveExponentialSum(
    [
      { coefficient: a, rate: 1 / drugA.hill },
      { coefficient: b, rate: 1 / drugB.hill },
      { coefficient: interaction, rate: mixedExponent },
    ],
    `Greco interaction (alpha = ${alpha})`,
  );
  return effectFromLogOdds(u);
}
