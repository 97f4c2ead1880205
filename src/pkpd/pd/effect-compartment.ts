/**
 * Effect compartment ("link model"): a hypothetical compartment of negligible mass that
 * equilibrates with plasma with rate constant ke0, dCe/dt = ke0·(Cp − Ce).
 *
 * Source: Sheiner LB, Stanski DR, Vozeh S, Miller RD, Ham J. Simultaneous modeling of
 * pharmacokinetics and pharmacodynamics: application to d-tubocurarine. Clin Pharmacol
 * Ther 1979;25:358–371.
 */

/**
 * dCe/dt = ke0·(Cp − Ce), for use inside a model's rhs.
 * @example effectCompartmentRate(0.5, 4, 1) // 1.5
 */
export function effectCompartmentRate(ke0: number, plasmaConcentration: number, effectConcentration: number): number {
  return ke0 * (plasmaConcentration - effectConcentration);
}

/**
 * Exact Ce after `dt` with Cp held constant: Cp + (Ce − Cp)·e^(−ke0·dt). Useful between
 * events when the plasma concentration is constant, and as a test oracle.
 * @example effectConcentrationAfter(0.456, 2, 0, Math.LN2 / 0.456) // 1 (one equilibration half-life)
 */
export function effectConcentrationAfter(ke0: number, plasmaConcentration: number, effectConcentration: number, dt: number): number {
  return plasmaConcentration + (effectConcentration - plasmaConcentration) * Math.exp(-ke0 * dt);
}
