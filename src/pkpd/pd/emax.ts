/**
 * Emax and sigmoid Emax (Hill) concentration–effect relations.
 *
 * Sources: Holford NHG, Sheiner LB. Understanding the dose–effect relationship. Clin
 * Pharmacokinet 1981;6:429–453 (Emax); Hill AV. J Physiol 1910;40:iv–vii (sigmoid form).
 *
 * Convention: a concentration ≤ 0 (an ODE state can undershoot zero by rounding) gives
 * no drug effect. All functions are pure and allocation-free.
 */

/**
 * The fraction of maximal effect, C^γ/(C50^γ + C^γ), in [0, 1).
 * Computed as 1/(1 + (C50/C)^γ) so that large γ does not overflow.
 * @example hillFraction(2, 2, 1) // 0.5
 * @example hillFraction(4, 2, 2) // 0.8
 */
export function hillFraction(concentration: number, c50: number, gamma: number): number {
  if (!(concentration > 0)) return 0;
  return 1 / (1 + (c50 / concentration) ** gamma);
}

/**
 * Emax model: E = E0 + Emax·C/(EC50 + C). A negative `emax` gives an inhibitory curve.
 * @example emaxEffect(10, 0, 100, 10) // 50
 */
export function emaxEffect(concentration: number, e0: number, emax: number, ec50: number): number {
  return e0 + emax * hillFraction(concentration, ec50, 1);
}

/**
 * Sigmoid Emax (Hill) model: E = E0 + Emax·C^γ/(EC50^γ + C^γ).
 * @example sigmoidEmaxEffect(20, 5, 100, 10, 2) // 85 (= 5 + 100·400/500)
 */
export function sigmoidEmaxEffect(concentration: number, e0: number, emax: number, ec50: number, gamma: number): number {
  return e0 + emax * hillFraction(concentration, ec50, gamma);
}
