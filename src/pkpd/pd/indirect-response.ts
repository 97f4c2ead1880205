/**
 * Indirect response models I–IV: the drug acts on the production (kin) or loss (kout) of
 * a response R whose baseline is R0 = kin/kout.
 *
 * ```
 * I   dR/dt = kin·(1 − I(C)) − kout·R        inhibition of production
 * II  dR/dt = kin − kout·(1 − I(C))·R        inhibition of loss
 * III dR/dt = kin·(1 + S(C)) − kout·R        stimulation of production
 * IV  dR/dt = kin − kout·(1 + S(C))·R        stimulation of loss
 * I(C) = Imax·C/(IC50 + C),  S(C) = Smax·C/(SC50 + C)
 * ```
 * Source: Dayneka NL, Garg V, Jusko WJ. Comparison of four basic models of indirect
 * pharmacodynamic responses. J Pharmacokinet Biopharm 1993;21:457–478.
 *
 * The functions take the drug term (I or S, e.g. from {@link inhibition} /
 * {@link stimulation}) rather than C, so a Hill exponent or any other drug model can be
 * plugged in. Allocation-free.
 */
import { hillFraction } from './emax.js';

/** Which of the four Dayneka–Jusko models. */
export type IndirectResponseType = 1 | 2 | 3 | 4;

/**
 * I(C) = Imax·C^γ/(IC50^γ + C^γ), with 0 ≤ Imax ≤ 1 (γ = 1 in Dayneka et al. 1993).
 * @example inhibition(5, 1, 5) // 0.5
 */
export function inhibition(concentration: number, imax: number, ic50: number, gamma = 1): number {
  return imax * hillFraction(concentration, ic50, gamma);
}

/**
 * S(C) = Smax·C^γ/(SC50^γ + C^γ), Smax > 0.
 * @example stimulation(5, 2, 5) // 1
 */
export function stimulation(concentration: number, smax: number, sc50: number, gamma = 1): number {
  return smax * hillFraction(concentration, sc50, gamma);
}

/**
 * dR/dt of indirect response model `type`, given the drug term (I for types 1–2, S for 3–4).
 * @example indirectResponseRate(1, 10, 2, 0.5, 0.5) // −4 (= 2·(1 − 0.5) − 0.5·10)
 */
export function indirectResponseRate(type: IndirectResponseType, response: number, kin: number, kout: number, drugTerm: number): number {
  switch (type) {
    case 1:
      return kin * (1 - drugTerm) - kout * response;
    case 2:
      return kin - kout * (1 - drugTerm) * response;
    case 3:
      return kin * (1 + drugTerm) - kout * response;
    case 4:
      return kin - kout * (1 + drugTerm) * response;
  }
}

/**
 * Steady-state response at a constant drug term: I kin(1−I)/kout, II kin/(kout(1−I)),
 * III kin(1+S)/kout, IV kin/(kout(1+S)).
 * @example indirectResponseSteadyState(1, 10, 2, 0.5) // 2.5
 */
export function indirectResponseSteadyState(type: IndirectResponseType, kin: number, kout: number, drugTerm: number): number {
  switch (type) {
    case 1:
      return (kin * (1 - drugTerm)) / kout;
    case 2:
      return kin / (kout * (1 - drugTerm));
    case 3:
      return (kin * (1 + drugTerm)) / kout;
    case 4:
      return kin / (kout * (1 + drugTerm));
  }
}
