/**
 * Adams 2004: within-host HIV dynamics with two target-cell populations, an immune
 * (cytotoxic T-lymphocyte) response and two drugs, a reverse-transcriptase inhibitor
 * (RTI, efficacy ε1) and a protease inhibitor (PI, efficacy ε2); the model of the Ernst
 * 2006 reinforcement-learning benchmark.
 *
 * Sources:
 * - Adams BM, Banks HT, Kwon HD, Tran HT. Dynamic multidrug therapies for HIV: optimal and
 *   STI control approaches. Math Biosci Eng 2004;1(2):223–241 (equations and Table 1).
 * - Ernst D, Stan GB, Gonçalves J, Wehenkel L. Clinical data based optimal STI strategies
 *   for HIV: a reinforcement learning approach. Proc 45th IEEE CDC 2006:667–672 (the RL
 *   benchmark: four drug combinations, 5-day steps, the reward).
 * - Values as transcribed in /work/shared/reference/pkpd-models.md §6 from
 *   socialfoundations/whynot `whynot/simulators/hiv/simulator.py` and rlpy/DTAK
 *   `HIVTreatment.py`.
 *
 * Structure (time in days; cells and virions per mL of plasma):
 * ```
 * T1'  = λ1 − d1·T1 − (1−ε1)·k1·V·T1
 * T2'  = λ2 − d2·T2 − (1−f·ε1)·k2·V·T2
 * T1*' = (1−ε1)·k1·V·T1 − δ·T1* − m1·E·T1*
 * T2*' = (1−f·ε1)·k2·V·T2 − δ·T2* − m2·E·T2*
 * V'   = (1−ε2)·NT·δ·(T1* + T2*) − c·V − [(1−ε1)·ρ1·k1·T1 + (1−f·ε1)·ρ2·k2·T2]·V
 * E'   = λE + bE·I/(I + Kb)·E − dE·I/(I + Kd)·E − δE·E,   I = T1* + T2*
 * ```
 * T1 are CD4⁺ T cells, T2 a second target population (macrophages), T1*, T2* their
 * infected forms, V free virions, E HIV-specific cytotoxic T lymphocytes.
 */
import type { ModelSpec, ParameterSpec } from '../types.js';

const SRC = 'Adams 2004 Table 1 (via whynot/rlpy; reference §6)';
const SRC_DRUG = 'Ernst 2006 (RL benchmark input; 0 = untreated); reference §6';

// State and parameter positions, as plain constants for the right-hand side.
const S_T1 = 0, S_T2 = 1, S_T1I = 2, S_T2I = 3, S_V = 4, S_E = 5;
const P_LAMBDA1 = 0, P_D1 = 1, P_K1 = 2, P_LAMBDA2 = 3, P_D2 = 4, P_F = 5, P_K2 = 6, P_DELTA = 7;
const P_M1 = 8, P_M2 = 9, P_NT = 10, P_C = 11, P_RHO1 = 12, P_RHO2 = 13, P_LAMBDAE = 14, P_BE = 15;
const P_KB = 16, P_DE = 17, P_KD = 18, P_DELTAE = 19, P_EPS1 = 20, P_EPS2 = 21;

/** State positions, in rlpy's order (T1, T2, T1*, T2*, V, E). whynot orders (T1, T1*, T2, T2*, V, E). */
export const HIV_STATE = Object.freeze({ T1: S_T1, T2: S_T2, T1I: S_T1I, T2I: S_T2I, V: S_V, E: S_E });

/** Parameter positions (the order of `parameters` below); eps1/eps2 are the drug inputs. */
export const HIV_PARAM = Object.freeze({
  lambda1: P_LAMBDA1, d1: P_D1, k1: P_K1, lambda2: P_LAMBDA2, d2: P_D2, f: P_F, k2: P_K2, delta: P_DELTA,
  m1: P_M1, m2: P_M2, NT: P_NT, c: P_C, rho1: P_RHO1, rho2: P_RHO2, lambdaE: P_LAMBDAE, bE: P_BE,
  Kb: P_KB, dE: P_DE, Kd: P_KD, deltaE: P_DELTAE, eps1: P_EPS1, eps2: P_EPS2,
});

/** Number of states (6) and of parameters (22, the last two being the drug efficacies). */
export const HIV_STATE_COUNT = 6;
export const HIV_PARAM_COUNT = 22;

const parameters: readonly ParameterSpec[] = [
  { name: 'lambda1', value: 10_000, unit: 'cells/(mL·d)', description: 'λ1, production rate of type-1 target cells (CD4⁺ T cells)', source: SRC },
  { name: 'd1', value: 0.01, unit: '1/d', description: 'death rate of uninfected type-1 cells', source: SRC },
  { name: 'k1', value: 8e-7, unit: 'mL/(virion·d)', description: 'infection rate of type-1 cells', source: SRC },
  { name: 'lambda2', value: 31.98, unit: 'cells/(mL·d)', description: 'λ2, production rate of type-2 target cells (macrophages)', source: SRC },
  { name: 'd2', value: 0.01, unit: '1/d', description: 'death rate of uninfected type-2 cells', source: SRC },
  { name: 'f', value: 0.34, unit: '1', description: 'relative RTI efficacy in type-2 cells (ε1 acts as f·ε1 there)', source: SRC },
  { name: 'k2', value: 1e-4, unit: 'mL/(virion·d)', description: 'infection rate of type-2 cells', source: SRC },
  { name: 'delta', value: 0.7, unit: '1/d', description: 'δ, death rate of infected cells', source: SRC },
  { name: 'm1', value: 1e-5, unit: 'mL/(cell·d)', description: 'immune-induced clearance rate of infected type-1 cells', source: SRC },
  { name: 'm2', value: 1e-5, unit: 'mL/(cell·d)', description: 'immune-induced clearance rate of infected type-2 cells', source: SRC },
  { name: 'NT', value: 100, unit: 'virions/cell', description: 'virions produced per infected cell', source: SRC },
  { name: 'c', value: 13, unit: '1/d', description: 'clearance rate of free virions', source: SRC },
  { name: 'rho1', value: 1, unit: 'virions/cell', description: 'ρ1, virions lost per infection of a type-1 cell', source: SRC },
  { name: 'rho2', value: 1, unit: 'virions/cell', description: 'ρ2, virions lost per infection of a type-2 cell', source: SRC },
  { name: 'lambdaE', value: 1, unit: 'cells/(mL·d)', description: 'λE, production rate of immune effectors', source: SRC },
  { name: 'bE', value: 0.3, unit: '1/d', description: 'maximal birth rate of immune effectors', source: SRC },
  { name: 'Kb', value: 100, unit: 'cells/mL', description: 'infected-cell level of half-maximal effector birth', source: SRC },
  { name: 'dE', value: 0.25, unit: '1/d', description: 'maximal infection-induced death rate of immune effectors', source: SRC },
  { name: 'Kd', value: 500, unit: 'cells/mL', description: 'infected-cell level of half-maximal effector death', source: SRC },
  { name: 'deltaE', value: 0.1, unit: '1/d', description: 'δE, natural death rate of immune effectors', source: SRC },
  { name: 'eps1', value: 0, unit: '1', description: 'ε1, RTI efficacy in [0, 1] (an input, set per treatment period; Ernst 2006 uses 0 or 0.7)', source: SRC_DRUG },
  { name: 'eps2', value: 0, unit: '1', description: 'ε2, PI efficacy in [0, 1] (an input, set per treatment period; Ernst 2006 uses 0 or 0.3)', source: SRC_DRUG },
];

/**
 * Unhealthy, locally stable steady state (T1, T2, T1*, T2*, V, E) as published (rounded):
 * the start of the Ernst 2006 benchmark.
 */
export const HIV_UNHEALTHY_STATE: readonly number[] = Object.freeze([163_573, 5, 11_945, 46, 63_919, 24]);

/** Healthy, locally stable steady state as published (rounded; reference §6). */
export const HIV_HEALTHY_STATE: readonly number[] = Object.freeze([967_839, 621, 76, 6, 415, 353_108]);

export const adams2004Hiv: ModelSpec = {
  id: 'adams2004-hiv',
  title: 'HIV within-host dynamics with RTI/PI therapy and immune response (Adams 2004)',
  description:
    'Six-state model of HIV infection: two target-cell types (CD4⁺ T cells T1, macrophages T2), their infected forms, free virus V and cytotoxic T lymphocytes E. ' +
    'Drug effects enter as efficacies ε1 (RTI, blocks infection; f·ε1 in type-2 cells) and ε2 (PI, blocks production of infectious virions). ' +
    'Two locally stable equilibria: unhealthy (V ≈ 6.4·10⁴/mL, E ≈ 24/mL) and healthy (V ≈ 415/mL, E ≈ 3.5·10⁵/mL).',
  citations: [
    { text: 'Adams BM, Banks HT, Kwon HD, Tran HT. Dynamic multidrug therapies for HIV: optimal and STI control approaches. Math Biosci Eng 2004;1(2):223–241.', doi: '10.3934/mbe.2004.1.223' },
    { text: 'Ernst D, Stan GB, Gonçalves J, Wehenkel L. Clinical data based optimal STI strategies for HIV: a reinforcement learning approach. Proc 45th IEEE Conf Decision and Control 2006:667–672.', doi: '10.1109/CDC.2006.377527' },
  ],
  timeUnit: 'day',
  conventions: [
    "State order is rlpy's (T1, T2, T1*, T2*, V, E); whynot orders (T1, T1*, T2, T2*, V, E).",
    'There are no dosing compartments: drug efficacies ε1 (RTI) and ε2 (PI) are the parameters eps1 and eps2, held constant over each treatment period (5 days in Ernst 2006) and set by the caller before integrating it.',
    'Concentrations are per mL of plasma (cells/mL, virions/mL). 200 CD4 cells/µL = 2·10⁵ cells/mL.',
    'No between-subject variability is published; none is declared here. Environments may add documented log-normal variability.',
  ],
  parameters,
  states: [
    { name: 'T1', unit: 'cells/mL', description: 'uninfected type-1 target cells (CD4⁺ T lymphocytes)', initial: HIV_UNHEALTHY_STATE[0]! },
    { name: 'T2', unit: 'cells/mL', description: 'uninfected type-2 target cells (macrophages)', initial: HIV_UNHEALTHY_STATE[1]! },
    { name: 'T1I', unit: 'cells/mL', description: 'T1*, infected type-1 cells', initial: HIV_UNHEALTHY_STATE[2]! },
    { name: 'T2I', unit: 'cells/mL', description: 'T2*, infected type-2 cells', initial: HIV_UNHEALTHY_STATE[3]! },
    { name: 'V', unit: 'virions/mL', description: 'free virus particles', initial: HIV_UNHEALTHY_STATE[4]! },
    { name: 'E', unit: 'cells/mL', description: 'HIV-specific cytotoxic T lymphocytes (immune effectors)', initial: HIV_UNHEALTHY_STATE[5]! },
  ],
  dosing: [],
  outputs: [
    { name: 'V', unit: 'virions/mL', description: 'viral load (free virions)', compute: (x) => x[S_V]! },
    { name: 'E', unit: 'cells/mL', description: 'immune effector (CTL) count', compute: (x) => x[S_E]! },
    { name: 'T1', unit: 'cells/mL', description: 'uninfected CD4⁺ T cells', compute: (x) => x[S_T1]! },
    { name: 'CD4', unit: 'cells/mL', description: 'total CD4⁺ T cells, T1 + T1* (infected included)', compute: (x) => x[S_T1]! + x[S_T1I]! },
    { name: 'infected', unit: 'cells/mL', description: 'all infected cells, T1* + T2*', compute: (x) => x[S_T1I]! + x[S_T2I]! },
    { name: 'log10V', unit: 'log10(virions/mL)', description: 'base-10 logarithm of the viral load', compute: (x) => Math.log10(x[S_V]!) },
  ],
  rhs(_t, x, p, dxdt) {
    const T1 = x[S_T1]!;
    const T2 = x[S_T2]!;
    const I1 = x[S_T1I]!;
    const I2 = x[S_T2I]!;
    const V = x[S_V]!;
    const E = x[S_E]!;
    const eps1 = p[P_EPS1]!;
    const k1T1 = (1 - eps1) * p[P_K1]! * T1; // effective infection rate per virion, type 1
    const k2T2 = (1 - p[P_F]! * eps1) * p[P_K2]! * T2; // and type 2
    const infection1 = k1T1 * V;
    const infection2 = k2T2 * V;
    const delta = p[P_DELTA]!;
    const I = I1 + I2;
    dxdt[S_T1] = p[P_LAMBDA1]! - p[P_D1]! * T1 - infection1;
    dxdt[S_T2] = p[P_LAMBDA2]! - p[P_D2]! * T2 - infection2;
    dxdt[S_T1I] = infection1 - delta * I1 - p[P_M1]! * E * I1;
    dxdt[S_T2I] = infection2 - delta * I2 - p[P_M2]! * E * I2;
    dxdt[S_V] = (1 - p[P_EPS2]!) * p[P_NT]! * delta * I - p[P_C]! * V - (p[P_RHO1]! * k1T1 + p[P_RHO2]! * k2T2) * V;
    dxdt[S_E] = p[P_LAMBDAE]! + ((p[P_BE]! * I) / (I + p[P_KB]!)) * E - ((p[P_DE]! * I) / (I + p[P_KD]!)) * E - p[P_DELTAE]! * E;
  },
};
