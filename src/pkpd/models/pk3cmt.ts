/**
 * pk3cmt — generic three-compartment model with first-order absorption and IV input.
 *
 * ```
 * $PARAM CL = 5 L/h, V1 = 20 L, Q2 = 10 L/h, V2 = 50 L, Q3 = 2 L/h, V3 = 100 L,
 *        KA = 1 1/h, F = 1                                      (illustrative)
 * $CMT   depot, central, peripheral1 (shallow), peripheral2 (deep)   (mg)
 * $ODE   d depot/dt       = −KA·depot
 *        d central/dt     =  KA·depot − (CL + Q2 + Q3)/V1·central + Q2/V2·peripheral1 + Q3/V3·peripheral2
 *        d peripheral1/dt =  Q2/V1·central − Q2/V2·peripheral1
 *        d peripheral2/dt =  Q3/V1·central − Q3/V3·peripheral2
 * $OUT   C = central/V1 (mg/L)
 * ```
 * Structure: Gibaldi & Perrier, Pharmacokinetics, 2nd ed. (1982), ch. 2; NONMEM ADVAN12.
 * Parameter values are illustrative, not a drug: the §7 two-compartment test case
 * (reference/pkpd-models.md) plus a slow deep compartment (Q3 2 L/h, V3 100 L).
 */
import {
  ABSORPTION_PARAMETERS,
  GENERIC_DOSING,
  GIBALDI_PERRIER,
  ILLUSTRATIVE_RESIDUAL_ERROR,
  ILLUSTRATIVE_SOURCE,
  centralConcentration,
  genericConventions,
  illustrativeVariability,
} from '../linear/generic-pk-parts.js';
import type { ModelSpec } from '../types.js';

// Parameter and state positions (the order of `parameters` and `states` below).
const CL = 0;
const V1 = 1;
const Q2 = 2;
const V2 = 3;
const Q3 = 4;
const V3 = 5;
const KA = 6;
const DEPOT = 0;
const CENTRAL = 1;
const PERIPHERAL1 = 2;
const PERIPHERAL2 = 3;

const DEEP_SOURCE = 'illustrative default: a slow deep compartment added to the §7 two-compartment test case';

export const pk3cmt: ModelSpec = {
  id: 'pk3cmt',
  title: 'Three-compartment PK with first-order absorption',
  description:
    'Generic linear three-compartment (mammillary) model: a depot absorbed first-order (KA, bioavailability F) into a central compartment (V1, clearance CL) exchanging with a shallow (Q2, V2) and a deep (Q3, V3) peripheral compartment. IV doses go into `central`.',
  citations: [GIBALDI_PERRIER],
  timeUnit: 'h',
  conventions: genericConventions('V1'),
  parameters: [
    { name: 'CL', value: 5, unit: 'L/h', description: 'clearance from the central compartment', source: ILLUSTRATIVE_SOURCE },
    { name: 'V1', value: 20, unit: 'L', description: 'central volume', source: ILLUSTRATIVE_SOURCE },
    { name: 'Q2', value: 10, unit: 'L/h', description: 'inter-compartmental clearance, shallow peripheral', source: ILLUSTRATIVE_SOURCE },
    { name: 'V2', value: 50, unit: 'L', description: 'shallow peripheral volume', source: ILLUSTRATIVE_SOURCE },
    { name: 'Q3', value: 2, unit: 'L/h', description: 'inter-compartmental clearance, deep peripheral', source: DEEP_SOURCE },
    { name: 'V3', value: 100, unit: 'L', description: 'deep peripheral volume', source: DEEP_SOURCE },
    ...ABSORPTION_PARAMETERS,
  ],
  states: [
    { name: 'depot', unit: 'mg', description: 'amount at the absorption site' },
    { name: 'central', unit: 'mg', description: 'amount in the central compartment' },
    { name: 'peripheral1', unit: 'mg', description: 'amount in the shallow peripheral compartment' },
    { name: 'peripheral2', unit: 'mg', description: 'amount in the deep peripheral compartment' },
  ],
  dosing: GENERIC_DOSING,
  outputs: [centralConcentration(V1)],
  variability: illustrativeVariability('CL', 'V1'),
  residualError: ILLUSTRATIVE_RESIDUAL_ERROR,
  linear: {
    compartments: 3,
    params: { CL: 'CL', V1: 'V1', Q2: 'Q2', V2: 'V2', Q3: 'Q3', V3: 'V3', KA: 'KA' },
    states: { depot: 'depot', central: 'central', peripheral: ['peripheral1', 'peripheral2'] },
  },
  rhs(_t, x, p, dxdt) {
    const absorption = p[KA]! * x[DEPOT]!;
    const toShallow = (p[Q2]! / p[V1]!) * x[CENTRAL]!;
    const fromShallow = (p[Q2]! / p[V2]!) * x[PERIPHERAL1]!;
    const toDeep = (p[Q3]! / p[V1]!) * x[CENTRAL]!;
    const fromDeep = (p[Q3]! / p[V3]!) * x[PERIPHERAL2]!;
    dxdt[DEPOT] = -absorption;
    dxdt[CENTRAL] = absorption - (p[CL]! / p[V1]!) * x[CENTRAL]! - toShallow + fromShallow - toDeep + fromDeep;
    dxdt[PERIPHERAL1] = toShallow - fromShallow;
    dxdt[PERIPHERAL2] = toDeep - fromDeep;
  },
};
