/**
 * Transit-compartment chains: n compartments in series with the same first-order rate
 * ktr, producing a delayed, gamma-shaped (Erlang) response.
 *
 * ```
 * dA1/dt = input − ktr·A1
 * dAi/dt = ktr·(A(i−1) − Ai),   i = 2…n;   outflow = ktr·An
 * ```
 * Sources: Savic RM, Jonker DM, Kerbusch T, Karlsson MO. Implementation of a transit
 * compartment model for describing drug absorption. J Pharmacokinet Pharmacodyn
 * 2007;34:711–726; Sun YN, Jusko WJ. Transit compartments versus gamma distribution
 * function to model signal transduction processes. J Pharm Sci 1998;87:732–737.
 *
 * Property (used in the tests): after a unit amount enters A1 at t = 0, the cumulative
 * outflow of an n-compartment chain is the Erlang(n, ktr) CDF, and its mean transit time
 * is n/ktr.
 */

/**
 * Write the derivatives of a chain stored in `x[offset … offset+n−1]` into `dxdt` at the
 * same positions, with `input` (amount/time) into the first compartment. Returns the
 * outflow rate ktr·A_n, to be added to whatever the chain feeds. Allocation-free.
 * @example
 * const x = Float64Array.of(1, 0), d = new Float64Array(2);
 * transitChainRate(x, 0, 2, 3, 0, d); // returns 0; d = [−3, 3]
 */
export function transitChainRate(x: Float64Array, offset: number, n: number, ktr: number, input: number, dxdt: Float64Array): number {
  let inflow = input;
  for (let i = offset; i < offset + n; i++) {
    const outflow = ktr * x[i]!;
    dxdt[i] = inflow - outflow;
    inflow = outflow;
  }
  return inflow;
}

/**
 * Transit rate constant from a mean transit time: ktr = stages/MTT, where `stages` is
 * the number of first-order steps between input and output. Conventions differ: Savic
 * 2007 and Friberg 2002 write ktr = (n + 1)/MTT because their chain of n transit
 * compartments is followed by one more compartment with the same rate (the absorption
 * or circulating compartment), i.e. stages = n + 1. Pass the count that matches the model.
 * @example transitRateFromMeanTransitTime(4, 100) // 0.04 (Friberg 2002 layout: Prol + 3 transit compartments → 4 stages)
 */
export function transitRateFromMeanTransitTime(stages: number, meanTransitTime: number): number {
  return stages / meanTransitTime;
}
