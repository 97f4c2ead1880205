/**
 * A plain fixed-step classical RK4 for the PD tests, independent of src/pkpd/ode (so the
 * PD helpers are checked against closed forms, not against the engine under test).
 * Global error O(h⁴): with h = 1e-3 and rates ≤ 5 per time unit it is ≈ 1e-12.
 */
export function integrateRk4(
  rhs: (t: number, x: Float64Array, dxdt: Float64Array) => void,
  x: Float64Array,
  t0: number,
  t1: number,
  h: number,
): void {
  const n = x.length;
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const steps = Math.round((t1 - t0) / h);
  const dt = (t1 - t0) / steps;
  for (let s = 0; s < steps; s++) {
    const t = t0 + s * dt;
    rhs(t, x, k1);
    for (let i = 0; i < n; i++) tmp[i] = x[i]! + (dt / 2) * k1[i]!;
    rhs(t + dt / 2, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = x[i]! + (dt / 2) * k2[i]!;
    rhs(t + dt / 2, tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = x[i]! + dt * k3[i]!;
    rhs(t + dt, tmp, k4);
    for (let i = 0; i < n; i++) x[i] = x[i]! + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  }
}
