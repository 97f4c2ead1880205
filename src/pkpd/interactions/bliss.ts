/**
 * Bliss independence: drugs acting independently (probabilistically) on fractional effects
 * in [0, 1]: E = 1 − Π(1 − Eᵢ); for two drugs E_AB = E_A + E_B − E_A·E_B. An observed
 * effect above this reference suggests synergy.
 *
 * Source: Bliss CI. The toxicity of poisons applied jointly. Ann Appl Biol
 * 1939;26:585–615; reviewed in Greco WR, Bravo G, Parsons JC. Pharmacol Rev 1995;47:331–385.
 */

/**
 * Combined fractional effect of independently acting drugs.
 * @example blissIndependence(0.5, 0.5) // 0.75
 * @example blissIndependence(0.2) // 0.2
 */
export function blissIndependence(...effects: number[]): number {
  let unaffected = 1;
  for (const e of effects) unaffected *= 1 - e;
  return 1 - unaffected;
}
