/**
 * Textbook closed-form concentrations of linear compartment PK, used as test oracles for
 * the matrix-exponential stepper and the ODE solvers.
 *
 * Source: Gibaldi & Perrier, Pharmacokinetics, 2nd ed. (1982), ch. 1–2 and 4; the same
 * formulas as reference/pkpd-models.md §7 and Abuhelwa, Foster & Upton 2015 (J Pharmacol
 * Toxicol Methods 73:42–48). Doses are in central amount units (e.g. mg), volumes in L,
 * clearances in L per time unit; concentrations come out in mg/L. All doses are at t = 0;
 * for t < 0 the concentration is 0.
 *
 * The oral formulas divide by (KA − k) or (KA − eigenvalue): they are undefined when KA
 * equals an elimination eigenvalue (use the stepper there).
 */

/** One-compartment disposition. */
export interface OneCompartment {
  /** Clearance (volume/time). */
  CL: number;
  /** Volume of distribution. */
  V: number;
}

/** Two-compartment disposition (central V1, peripheral V2, inter-compartmental Q). */
export interface TwoCompartment {
  CL: number;
  V1: number;
  Q: number;
  V2: number;
}

/** Three-compartment disposition (peripherals 2 and 3). */
export interface ThreeCompartment {
  CL: number;
  V1: number;
  Q2: number;
  V2: number;
  Q3: number;
  V3: number;
}

/** First-order absorption: rate constant KA (1/time), bioavailability F (default 1). */
export interface FirstOrderAbsorption {
  KA: number;
  F?: number;
}

/**
 * Concentration after an IV bolus: C = (D/V)·e^(−k·t), k = CL/V.
 * @example oneCmtBolus(2, 100, { CL: 5, V: 50 }) // 1.637462 (= 2·e^−0.2)
 */
export function oneCmtBolus(t: number, dose: number, pk: OneCompartment): number {
  if (t < 0) return 0;
  return (dose / pk.V) * Math.exp((-pk.CL / pk.V) * t);
}

/**
 * Concentration during and after a zero-order infusion at `rate` for `duration`:
 * C = R/CL·(1 − e^(−k·min(t,T)))·e^(−k·max(0, t−T)).
 * @example oneCmtInfusion(2, 50, 2, { CL: 5, V: 50 }) // 1.812692
 */
export function oneCmtInfusion(t: number, rate: number, duration: number, pk: OneCompartment): number {
  if (t <= 0) return 0;
  const k = pk.CL / pk.V;
  return (rate / pk.CL) * -Math.expm1(-k * Math.min(t, duration)) * Math.exp(-k * Math.max(0, t - duration));
}

/**
 * Concentration after an oral dose: C = F·D·KA/(V·(KA − k))·(e^(−k·t) − e^(−KA·t)).
 * @example oneCmtOral(2, 100, { CL: 5, V: 50, KA: 1 }) // 1.518657
 */
export function oneCmtOral(t: number, dose: number, pk: OneCompartment & FirstOrderAbsorption): number {
  if (t < 0) return 0;
  const k = pk.CL / pk.V;
  const f = pk.F ?? 1;
  return ((f * dose * pk.KA) / (pk.V * (pk.KA - k))) * (Math.exp(-k * t) - Math.exp(-pk.KA * t));
}

/**
 * Time of the peak after one oral dose: tmax = ln(KA/k)/(KA − k).
 * @example oneCmtOralTmax({ CL: 5, V: 50, KA: 1 }) // 2.5584
 */
export function oneCmtOralTmax(pk: OneCompartment & FirstOrderAbsorption): number {
  const k = pk.CL / pk.V;
  return Math.log(pk.KA / k) / (pk.KA - k);
}

/**
 * Steady-state concentration at time `t` after the last of repeated IV boluses every
 * `tau` (0 ≤ t < tau): C = (D/V)·e^(−k·t)/(1 − e^(−k·τ)).
 * @example oneCmtSteadyStateBolus(0, 100, 12, { CL: 5, V: 50 }) // 2.862026 (peak)
 */
export function oneCmtSteadyStateBolus(t: number, dose: number, tau: number, pk: OneCompartment): number {
  const k = pk.CL / pk.V;
  return ((dose / pk.V) * Math.exp(-k * t)) / -Math.expm1(-k * tau);
}

/** Micro-constants and eigenvalues (α > β) of a two-compartment model. */
export interface TwoCompartmentRates {
  k10: number;
  k12: number;
  k21: number;
  alpha: number;
  beta: number;
}

/**
 * α, β = ½[(k10+k12+k21) ± √((k10+k12+k21)² − 4·k10·k21)].
 * @example twoCmtRates({ CL: 5, V1: 20, Q: 10, V2: 50 }) // { alpha: 0.894076, beta: 0.055924, … }
 */
export function twoCmtRates(pk: TwoCompartment): TwoCompartmentRates {
  const k10 = pk.CL / pk.V1;
  const k12 = pk.Q / pk.V1;
  const k21 = pk.Q / pk.V2;
  const sum = k10 + k12 + k21;
  const root = Math.sqrt(sum * sum - 4 * k10 * k21);
  const alpha = (sum + root) / 2;
  // β from the product α·β = k10·k21, which avoids cancellation in (sum − root).
  return { k10, k12, k21, alpha, beta: (k10 * k21) / alpha };
}

/**
 * Central concentration after an IV bolus:
 * C = (D/V1)·[(α − k21)/(α − β)·e^(−αt) + (k21 − β)/(α − β)·e^(−βt)].
 * @example twoCmtBolus(2, 100, { CL: 5, V1: 20, Q: 10, V2: 50 }) // 1.461116
 */
export function twoCmtBolus(t: number, dose: number, pk: TwoCompartment): number {
  if (t < 0) return 0;
  const { k21, alpha, beta } = twoCmtRates(pk);
  const a = (alpha - k21) / (alpha - beta);
  const b = (k21 - beta) / (alpha - beta);
  return (dose / pk.V1) * (a * Math.exp(-alpha * t) + b * Math.exp(-beta * t));
}

/**
 * Central concentration during and after a zero-order infusion at `rate` for `duration`
 * (A' = (α − k21)/(α − β), B' = (k21 − β)/(α − β)).
 * @example twoCmtInfusion(6, 50, 2, { CL: 5, V1: 20, Q: 10, V2: 50 }) // 0.704123
 */
export function twoCmtInfusion(t: number, rate: number, duration: number, pk: TwoCompartment): number {
  if (t <= 0) return 0;
  const { k21, alpha, beta } = twoCmtRates(pk);
  const a = (alpha - k21) / (alpha - beta);
  const b = (k21 - beta) / (alpha - beta);
  const on = Math.min(t, duration);
  const off = Math.max(0, t - duration);
  return (
    (rate / pk.V1) *
    ((a / alpha) * -Math.expm1(-alpha * on) * Math.exp(-alpha * off) + (b / beta) * -Math.expm1(-beta * on) * Math.exp(-beta * off))
  );
}

/**
 * Central concentration after an oral dose:
 * C = (KA·F·D/V1)·[(k21 − α)/((KA − α)(β − α))·e^(−αt) + (k21 − β)/((KA − β)(α − β))·e^(−βt)
 *     + (k21 − KA)/((α − KA)(β − KA))·e^(−KA·t)].
 * @example twoCmtOral(2, 100, { CL: 5, V1: 20, Q: 10, V2: 50, KA: 1 }) // 1.939125
 */
export function twoCmtOral(t: number, dose: number, pk: TwoCompartment & FirstOrderAbsorption): number {
  if (t < 0) return 0;
  const { k21, alpha, beta } = twoCmtRates(pk);
  const ka = pk.KA;
  const scale = (ka * (pk.F ?? 1) * dose) / pk.V1;
  return (
    scale *
    (((k21 - alpha) / ((ka - alpha) * (beta - alpha))) * Math.exp(-alpha * t) +
      ((k21 - beta) / ((ka - beta) * (alpha - beta))) * Math.exp(-beta * t) +
      ((k21 - ka) / ((alpha - ka) * (beta - ka))) * Math.exp(-ka * t))
  );
}

/**
 * The three disposition eigenvalues (λ1 > λ2 > λ3 > 0) of a three-compartment model: the
 * roots of λ³ − a2·λ² + a1·λ − a0 = 0 with a0 = k10·k21·k31,
 * a1 = k10·k31 + k21·k31 + k21·k13 + k10·k21 + k31·k12, a2 = k10+k12+k13+k21+k31,
 * by the trigonometric method for three real roots (as in Abuhelwa et al. 2015).
 */
export function threeCmtEigenvalues(pk: ThreeCompartment): [number, number, number] {
  const k10 = pk.CL / pk.V1;
  const k12 = pk.Q2 / pk.V1;
  const k21 = pk.Q2 / pk.V2;
  const k13 = pk.Q3 / pk.V1;
  const k31 = pk.Q3 / pk.V3;
  const a0 = k10 * k21 * k31;
  const a1 = k10 * k31 + k21 * k31 + k21 * k13 + k10 * k21 + k31 * k12;
  const a2 = k10 + k12 + k13 + k21 + k31;
  // Depressed cubic y³ + p·y + q = 0 with λ = y + a2/3.
  const p = a1 - (a2 * a2) / 3;
  const q = (-2 * a2 * a2 * a2) / 27 + (a1 * a2) / 3 - a0;
  const r = 2 * Math.sqrt(-p / 3);
  const phi = Math.acos(Math.max(-1, Math.min(1, ((3 * q) / (2 * p)) * Math.sqrt(-3 / p)))) / 3;
  const roots = [0, 1, 2].map((k) => a2 / 3 + r * Math.cos(phi - (2 * Math.PI * k) / 3));
  roots.sort((x, y) => y - x);
  return [roots[0]!, roots[1]!, roots[2]!];
}

/**
 * Central concentration after an IV bolus into a three-compartment model (tri-exponential):
 * C = (D/V1)·Σᵢ (k21 − λᵢ)(k31 − λᵢ)/((λⱼ − λᵢ)(λₖ − λᵢ))·e^(−λᵢ·t).
 * @example threeCmtBolus(0, 100, { CL: 5, V1: 20, Q2: 10, V2: 50, Q3: 2, V3: 100 }) // 5 (= D/V1)
 */
export function threeCmtBolus(t: number, dose: number, pk: ThreeCompartment): number {
  if (t < 0) return 0;
  const k21 = pk.Q2 / pk.V2;
  const k31 = pk.Q3 / pk.V3;
  const lambda = threeCmtEigenvalues(pk);
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    const li = lambda[i]!;
    const lj = lambda[(i + 1) % 3]!;
    const lk = lambda[(i + 2) % 3]!;
    sum += (((k21 - li) * (k31 - li)) / ((lj - li) * (lk - li))) * Math.exp(-li * t);
  }
  return (dose / pk.V1) * sum;
}
