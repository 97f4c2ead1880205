/**
 * Golden returns of HIV-v0 episodes from a high-accuracy reference: scipy
 * `solve_ivp(method='Radau', rtol=1e-12, atol=1e-12)` per 5-day step, printed by
 * `python3 bench/hiv_scipy_reference.py reference` (scipy 1.17). Used by the accuracy tests
 * and by the bench, which compares our integrator's and scipy odeint's errors against them.
 */

/** 200-step returns of the constant policies 0..3 from the unhealthy start. */
export const HIV_RADAU_CONSTANT_RETURNS: readonly number[] = Object.freeze([
  3_432_351.3161047143, 3_192_408.2380719497, 3_978_357.279534987, 7_021_980.05132041,
]);

/** The switching policy of the reference episodes: a_k = (3k + ⌊k/7⌋) mod 4. */
export function hivSwitchingAction(k: number): number {
  return (3 * k + Math.floor(k / 7)) % 4;
}

/** 200-step return of the switching policy. */
export const HIV_RADAU_SWITCHING_RETURN = 5_573_611.756657373;
