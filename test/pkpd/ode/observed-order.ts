/**
 * Test helper: the observed order of convergence, i.e. the least-squares slope of
 * log(error) against log(step size) (Hairer I, Sect. II.3: err ≈ C·h^p).
 */
export function observedOrder(hs: readonly number[], errs: readonly number[]): number {
  const lx = hs.map(Math.log);
  const ly = errs.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / lx.length;
  const my = ly.reduce((a, b) => a + b) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  return sxy / sxx;
}
