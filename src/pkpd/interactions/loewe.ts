/**
 * Loewe additivity: a combination is additive when Σ dᵢ/Dᵢ(E) = 1, where Dᵢ(E) is the dose
 * of drug i alone that gives effect E. With Hill curves E = x^m/(1 + x^m), x = D/C50,
 * Dᵢ(E) = C50ᵢ·(E/(1 − E))^(1/mᵢ).
 *
 * Sources: Loewe S. Die quantitativen Probleme der Pharmakologie. Ergeb Physiol
 * 1928;27:47–187; Greco WR, Bravo G, Parsons JC. The search for synergy: a critical review
 * from a response surface perspective. Pharmacol Rev 1995;47:331–385.
 *
 * Convention: effects are fractional (Emax = 1 for every drug, E ∈ [0, 1)); Loewe
 * additivity is ill-defined for drugs with different maximal effects. The equation is
 * solved for the log-odds u = ln(E/(1 − E)), in which its left side is strictly
 * decreasing, so the solution is unique.
 */
import { InputError } from '../../core/errors.js';
import { solveExponentialSum } from './bracketed-root.js';

/** A drug's single-agent Hill curve E = (d/c50)^hill/(1 + (d/c50)^hill). */
export interface HillDrug {
  /** Dose or concentration giving half the maximal effect. */
  c50: number;
  /** Hill exponent (slope), > 0. */
  hill: number;
}

/**
 * Fractional effect E of doses `doses[i]` of drugs `drugs[i]` under Loewe additivity.
 * @example loeweAdditivity([1, 1], [{ c50: 1, hill: 1 }, { c50: 1, hill: 1 }]) // 0.6667
 */
export function loeweAdditivity(doses: readonly number[], drugs: readonly HillDrug[]): number {
  checkDoses(doses, drugs);
  if (doses.every((d) => d === 0)) return 0;
  // Σ (dᵢ/C50ᵢ)·e^(−u/mᵢ) = 1, decreasing in u.
  const terms = doses.map((d, i) => ({ coefficient: d / drugs[i]!.c50, rate: 1 / drugs[i]!.hill }));
  return effectFromLogOdds(solveExponentialSum(terms, 'Loewe additivity'));
}

/**
 * Loewe combination index CI = Σ dᵢ/Dᵢ(E) for an observed fractional effect E ∈ (0, 1):
 * CI < 1 synergy, 1 additivity, > 1 antagonism.
 * @example loeweCombinationIndex([1, 1], [{ c50: 1, hill: 1 }, { c50: 1, hill: 1 }], 0.75) // 0.6667
 */
export function loeweCombinationIndex(doses: readonly number[], drugs: readonly HillDrug[], effect: number): number {
  checkDoses(doses, drugs);
  if (!(effect > 0 && effect < 1)) throw new InputError(`effect = ${effect}, expected a fractional effect strictly between 0 and 1`, 'effect');
  const odds = effect / (1 - effect);
  let ci = 0;
  for (let i = 0; i < doses.length; i++) ci += doses[i]! / (drugs[i]!.c50 * odds ** (1 / drugs[i]!.hill));
  return ci;
}

/** E = 1/(1 + e^(−u)). */
export function effectFromLogOdds(u: number): number {
  return 1 / (1 + Math.exp(-u));
}

/** Checks shared by the interaction models: matching lengths, non-negative doses, positive c50 and hill. */
export function checkDoses(doses: readonly number[], drugs: readonly HillDrug[]): void {
  if (doses.length !== drugs.length) {
    throw new InputError(`${doses.length} dose(s) for ${drugs.length} drug(s), expected one dose per drug`, 'doses');
  }
  doses.forEach((d, i) => {
    if (!(d >= 0) || !Number.isFinite(d)) throw new InputError(`doses[${i}] = ${d}, expected a non-negative finite number`, `doses[${i}]`);
    const { c50, hill } = drugs[i]!;
    if (!(c50 > 0) || !Number.isFinite(c50)) throw new InputError(`drugs[${i}].c50 = ${c50}, expected a positive finite number`, `drugs[${i}].c50`);
    if (!(hill > 0) || !Number.isFinite(hill)) throw new InputError(`drugs[${i}].hill = ${hill}, expected a positive finite number`, `drugs[${i}].hill`);
  });
}
