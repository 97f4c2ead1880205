/**
 * A sensitive/resistant tumour under a cytotoxic and a targeted drug: two clones competing
 * for one carrying capacity (Lotka–Volterra), drug kill combined by Bliss independence,
 * resistance emerging by selection and by mutation, and a circulating tumour marker.
 *
 * This is a GENERIC simulator model: its structure follows the evolutionary-therapy
 * literature, its parameter values are design choices (each marked "assumption"), not fits.
 *
 * Sources (structure):
 * - Gatenby RA, Silva AS, Gillies RJ, Frieden BR. Adaptive therapy. Cancer Res
 *   2009;69:4894–4903 (sensitive/resistant competition, cost of resistance).
 * - Strobl MAR, West J, Viossat Y, et al. Turnover modulates the need for a cost of
 *   resistance in adaptive therapy. Cancer Res 2021;81:1135–1147 (logistic S/R model).
 * - Zhang J, Cunningham JJ, Brown JS, Gatenby RA. Integrating evolutionary dynamics into
 *   treatment of metastatic castrate-resistant prostate cancer. Nat Commun 2017;8:1816
 *   (Lotka–Volterra competition matrix, PSA dynamics dPSA/dt = Σx − 0.5·PSA, adaptive rule).
 * - Bliss CI. Ann Appl Biol 1939;26:585–615 (independence; src/pkpd/interactions/bliss.ts).
 *
 * Structure (time in days; S, R in cm³ of tumour; concentrations in mg/L):
 * ```
 * E_cyt = EMAX_CYT·C_cyt^h/(EC50_CYT^h + C_cyt^h)          (h = HILL_CYT; same for tgt)
 * E_tgt = EMAX_TGT·C_tgt^h/(EC50_TGT^h + C_tgt^h)
 * kill_S = KMAX·Bliss(E_cyt, E_tgt) = KMAX·(E_cyt + E_tgt − E_cyt·E_tgt)
 * kill_R = KMAX·RHO·E_cyt                                   (targeted drug: no effect on R)
 * g_S   = RS·S·(1 − (S + ASR·R)/K)                         (logistic growth of S)
 * dS/dt = g_S − MU·g_S⁺ − kill_S·S
 * dR/dt = RR·R·(1 − (R + ARS·S)/K) + MU·g_S⁺ − kill_R·R
 * dM/dt = KM·(PM·(S + R) − M)                               (marker, lag 1/KM)
 * S(0) = B0·(1 − FR0),  R(0) = B0·FR0,  M(0) = PM·B0
 * ```
 * Zhang 2017 adaptive-therapy variant: raise the competition of the sensitive clone on the
 * resistant one (ARS > 1, e.g. 1.5–2) and start closer to carrying capacity (B0/K ≳ 0.3):
 * then pausing treatment when the marker falls below 50 % of baseline and resuming at
 * baseline keeps a sensitive population that suppresses R, the mechanism of the Zhang 2017
 * trial. With the defaults (ARS = ASR = 1, B0 ≪ K) competition is weak and continuous
 * maximal dosing delays progression longest, as in Strobl 2021's no-turnover case.
 */
import { hillFraction } from '../pd/emax.js';
import type { ModelSpec, ParameterSpec } from '../types.js';

const ASSUMPTION = 'assumption (design choice of the simulator; see file header)';

/** Parameters in vector order. */
const parameters: readonly ParameterSpec[] = [
  { name: 'RS', value: Math.LN2 / 30, unit: '1/day', description: 'intrinsic growth rate of the sensitive clone (doubling 30 days at low burden)', source: ASSUMPTION },
  { name: 'RR', value: (0.8 * Math.LN2) / 30, unit: '1/day', description: 'intrinsic growth rate of the resistant clone: 20 % fitness cost of resistance (Gatenby 2009)', source: ASSUMPTION },
  { name: 'K', value: 1000, unit: 'cm^3', description: 'carrying capacity shared by both clones', source: ASSUMPTION },
  { name: 'ASR', value: 1, unit: '1', description: 'competition coefficient: effect of R on S (Lotka–Volterra α_SR)', source: ASSUMPTION },
  { name: 'ARS', value: 1, unit: '1', description: 'competition coefficient: effect of S on R (α_RS; > 1 in the Zhang 2017 variant)', source: ASSUMPTION },
  { name: 'MU', value: 1e-6, unit: '1', description: 'fraction of sensitive-clone divisions producing a resistant cell (mutation S → R)', source: ASSUMPTION },
  { name: 'KMAX', value: 0.12, unit: '1/day', description: 'maximal drug-induced kill rate', source: ASSUMPTION },
  { name: 'EMAX_CYT', value: 1, unit: '1', description: 'maximal fractional kill effect of the cytotoxic drug', source: ASSUMPTION },
  { name: 'EC50_CYT', value: 0.3, unit: 'mg/L', description: 'cytotoxic (5-FU) concentration at half-maximal kill', source: ASSUMPTION },
  { name: 'HILL_CYT', value: 1, unit: '1', description: 'Hill coefficient of the cytotoxic effect', source: ASSUMPTION },
  { name: 'EMAX_TGT', value: 1, unit: '1', description: 'maximal fractional kill effect of the targeted drug on the sensitive clone', source: ASSUMPTION },
  { name: 'EC50_TGT', value: 1.5, unit: 'mg/L', description: 'targeted-drug (erlotinib) concentration at half-maximal kill of the sensitive clone', source: ASSUMPTION },
  { name: 'HILL_TGT', value: 1, unit: '1', description: 'Hill coefficient of the targeted effect', source: ASSUMPTION },
  { name: 'RHO', value: 0.5, unit: '1', description: 'relative sensitivity of the resistant clone to the cytotoxic drug (partial cross-resistance)', source: ASSUMPTION },
  { name: 'KM', value: Math.LN2 / 3, unit: '1/day', description: 'marker elimination rate (half-life 3 days, PSA/CEA-like)', source: ASSUMPTION },
  { name: 'PM', value: 1, unit: 'ng/mL/cm^3', description: 'steady-state marker per cm³ of tumour', source: ASSUMPTION },
  { name: 'B0', value: 50, unit: 'cm^3', description: 'tumour burden at t = 0', source: ASSUMPTION },
  { name: 'FR0', value: 0.02, unit: '1', description: 'resistant fraction at t = 0', source: ASSUMPTION },
  { name: 'C_CYT', value: 0, unit: 'mg/L', description: 'cytotoxic plasma concentration: an input set piecewise-constant by the caller', source: 'input' },
  { name: 'C_TGT', value: 0, unit: 'mg/L', description: 'targeted-drug plasma concentration: an input set piecewise-constant by the caller', source: 'input' },
];

const RS = 0, RR = 1, K = 2, ASR = 3, ARS = 4, MU = 5, KMAX = 6, EMAX_CYT = 7, EC50_CYT = 8, HILL_CYT = 9;
const EMAX_TGT = 10, EC50_TGT = 11, HILL_TGT = 12, RHO = 13, KM = 14, PM = 15, B0 = 16, FR0 = 17;
/** Positions of the concentration inputs in the parameter vector (for callers that couple PK). */
export const TUMOUR_SR_INPUT = Object.freeze({ C_CYT: 18, C_TGT: 19 });
const S = 0, R = 1, M = 2;

export const tumourSensitiveResistant: ModelSpec = {
  id: 'tumour-sensitive-resistant',
  title: 'Sensitive/resistant tumour under a cytotoxic + targeted combination (generic, Bliss)',
  description:
    'Sensitive (S) and resistant (R) clones compete for a carrying capacity (Lotka–Volterra); the ' +
    'cytotoxic drug kills both (R less, RHO), the targeted drug only S; the two combine by Bliss ' +
    'independence; mutation S → R; a lagged tumour marker M. Concentration inputs C_CYT and C_TGT. ' +
    'Time in days. Parameter values are simulator assumptions.',
  citations: [
    { text: 'Gatenby RA, Silva AS, Gillies RJ, Frieden BR. Adaptive therapy. Cancer Res 2009;69:4894–4903.', doi: '10.1158/0008-5472.CAN-08-3658' },
    { text: 'Strobl MAR, West J, Viossat Y, et al. Turnover modulates the need for a cost of resistance in adaptive therapy. Cancer Res 2021;81:1135–1147.', doi: '10.1158/0008-5472.CAN-20-0806' },
    { text: 'Zhang J, Cunningham JJ, Brown JS, Gatenby RA. Integrating evolutionary dynamics into treatment of metastatic castrate-resistant prostate cancer. Nat Commun 2017;8:1816.', doi: '10.1038/s41467-017-01968-5' },
    { text: 'Bliss CI. The toxicity of poisons applied jointly. Ann Appl Biol 1939;26:585–615.' },
  ],
  timeUnit: 'day',
  conventions: [
    'Drug inputs: C_CYT and C_TGT are plasma concentrations (mg/L) set by the caller (piecewise constant, or written before each rhs call by a coupled PK, as the OncologyCombo env does with 5-FU and erlotinib).',
    'Combination: Bliss independence on the fractional kill effects E ∈ [0, 1] of the two drugs, with one maximal kill rate KMAX (the "effect as a fraction of Emax" form of Greco 1995).',
    'Burden is tumour volume in cm³ (1 cm³ ≈ 1 g ≈ 10⁹ cells).',
    'Mutation: a fraction MU of sensitive-clone divisions (the positive part of logistic growth) produces resistant cells.',
    'All parameter values are simulator assumptions, chosen so that continuous full-dose treatment gives a response followed by resistance-driven progression within about a year.',
    'Between-subject variability (assumption): ω 0.3 on RS, RR, KMAX; ω 0.5 on B0 and FR0.',
  ],
  parameters,
  states: [
    { name: 'S', unit: 'cm^3', description: 'sensitive clone' },
    { name: 'R', unit: 'cm^3', description: 'resistant clone' },
    { name: 'M', unit: 'ng/mL', description: 'circulating tumour marker (PSA/CEA-like)' },
  ],
  dosing: [],
  outputs: [
    { name: 'burden', unit: 'cm^3', description: 'total tumour burden S + R', compute: (x) => x[S]! + x[R]! },
    { name: 'marker', unit: 'ng/mL', description: 'tumour marker', compute: (x) => x[M]! },
    {
      name: 'resistantFraction',
      unit: '1',
      description: 'R/(S + R)',
      compute: (x) => {
        const b = x[S]! + x[R]!;
        return b > 0 ? x[R]! / b : 0;
      },
    },
  ],
  variability: {
    parameters: ['RS', 'RR', 'KMAX', 'B0', 'FR0'],
    omega: [
      [0.09, 0.081, 0, 0, 0],
      [0.081, 0.09, 0, 0, 0],
      [0, 0, 0.09, 0, 0],
      [0, 0, 0, 0.25, 0],
      [0, 0, 0, 0, 0.25],
    ],
    description: 'ASSUMPTION: ω 0.3 on RS and RR (correlation 0.9: mostly a patient-level growth factor), ω 0.3 on KMAX, ω 0.5 on B0 and FR0.',
  },
  initialState(p: Float64Array, x0: Float64Array): void {
    x0[S] = p[B0]! * (1 - p[FR0]!);
    x0[R] = p[B0]! * p[FR0]!;
    x0[M] = p[PM]! * p[B0]!;
  },
  rhs(_t: number, x: Float64Array, p: Float64Array, dxdt: Float64Array): void {
    const s = x[S]! > 0 ? x[S]! : 0;
    const r = x[R]! > 0 ? x[R]! : 0;
    const k = p[K]!;
    const eCyt = p[EMAX_CYT]! * hillFraction(p[TUMOUR_SR_INPUT.C_CYT]!, p[EC50_CYT]!, p[HILL_CYT]!);
    const eTgt = p[EMAX_TGT]! * hillFraction(p[TUMOUR_SR_INPUT.C_TGT]!, p[EC50_TGT]!, p[HILL_TGT]!);
    const kmax = p[KMAX]!;
    const growthS = p[RS]! * s * (1 - (s + p[ASR]! * r) / k);
    const mutation = growthS > 0 ? p[MU]! * growthS : 0;
    // Bliss independence (interactions/bliss.ts blissIndependence(eCyt, eTgt)), inlined: its
    // rest parameter would allocate an array on every rhs call.
    const eCombined = eCyt + eTgt - eCyt * eTgt;
    dxdt[S] = growthS - mutation - kmax * eCombined * s;
    dxdt[R] = p[RR]! * r * (1 - (r + p[ARS]! * s) / k) + mutation - kmax * p[RHO]! * eCyt * r;
    dxdt[M] = p[KM]! * (p[PM]! * (s + r) - x[M]!);
  },
};
