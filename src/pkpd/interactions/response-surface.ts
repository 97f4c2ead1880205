/**
 * The Minto response-surface model for two drugs, in the form used by Bouillon et al. for
 * propofol–remifentanil BIS:
 *
 * ```
 * UA = CA/C50A, UB = CB/C50B, θ = UA/(UA + UB), U = (UA + UB)/(1 − β·θ + β·θ²)
 * E  = E0 − Emax·U^γ/(1 + U^γ)
 * ```
 * β > 0 synergy (U50(θ) = 1 − βθ + βθ² < 1 between the axes), β = 0 additivity (in U).
 *
 * Sources: Minto CF, Schnider TW, Short TG, et al. Response surface model for anesthetic
 * drug interactions. Anesthesiology 2000;92:1603–1616; Bouillon TW, Bruhn J, Radulescu L,
 * et al. Pharmacodynamic interaction between propofol and remifentanil regarding
 * hypnosis, tolerance of laryngoscopy, bispectral index, and electroencephalographic
 * approximate entropy. Anesthesiology 2004;100:1353–1372.
 *
 * Convention: Minto 2000 lets γ and Emax vary with θ as polynomials; like Bouillon 2004
 * they are constants here. The effect decreases with U (E0 − …), as for BIS; use a
 * negative `emax` for an increasing effect. At UA = UB = 0, θ is undefined and E = E0.
 */

/** Parameters of the Minto/Bouillon surface. */
export interface ResponseSurfaceParameters {
  /** Concentration of drug A alone giving half the maximal effect. */
  c50A: number;
  /** Concentration of drug B alone giving half the maximal effect. */
  c50B: number;
  /** Steepness γ of the surface (constant in θ). */
  gamma: number;
  /** Interaction β: 0 additive, > 0 synergistic. */
  beta: number;
  /** Baseline effect. */
  e0: number;
  /** Maximal decrease from baseline. */
  emax: number;
}

/**
 * Bouillon 2004 propofol (A, µg/mL) – remifentanil (B, ng/mL) BIS surface, values as
 * transcribed in BobAubouin/Python_Anesthesia_Simulator `pd_models.py`
 * (reference/pkpd-models.md §4). Inter-individual CV: C50A 18.2 %, C50B 88.8 %, γ 30.4 %.
 */
export const BOUILLON_2004_BIS: Readonly<ResponseSurfaceParameters> = Object.freeze({
  c50A: 4.47,
  c50B: 19.3,
  gamma: 1.43,
  beta: 0,
  e0: 97.4,
  emax: 97.4,
});

/**
 * Effect of concentrations cA, cB on the response surface. Allocation-free.
 * @example responseSurfaceEffect(4.47, 0, BOUILLON_2004_BIS) // 48.7 (half of 97.4)
 */
export function responseSurfaceEffect(cA: number, cB: number, s: Readonly<ResponseSurfaceParameters>): number {
  const uA = cA > 0 ? cA / s.c50A : 0;
  const uB = cB > 0 ? cB / s.c50B : 0;
  const sum = uA + uB;
  if (sum === 0) return s.e0;
  const theta = uA / sum;
  const u = sum / (1 - s.beta * theta + s.beta * theta * theta);
  const uGamma = u ** s.gamma;
  return s.e0 - (s.emax * uGamma) / (1 + uGamma);
}
