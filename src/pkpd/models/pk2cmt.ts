/**
 * pk2cmt — generic two-compartment model with first-order absorption and IV input.
 *
 * ```
 * $PARAM CL = 5 L/h, V1 = 20 L, Q = 10 L/h, V2 = 50 L, KA = 1 1/h, F = 1   (illustrative, §7)
 * $CMT   depot (mg), central (mg), peripheral (mg)
 * $ODE   d depot/dt      = −KA·depot
 *        d central/dt    =  KA·depot − (CL + Q)/V1·central + Q/V2·peripheral
 *        d peripheral/dt =  Q/V1·central − Q/V2·peripheral
 * $OUT   C = central/V1 (mg/L)
 * ```
 * Structure: Gibaldi & Perrier, Pharmacokinetics, 2nd ed. (1982), ch. 2; NONMEM ADVAN4.
 * Parameter values are illustrative, not a drug: the test case of
 * reference/pkpd-models.md §7 (α = 0.894076 1/h, β = 0.055924 1/h, terminal t½ 12.4 h).
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
const Q = 2;
const V2 = 3;
const KA = 4;
const DEPOT = 0;
const CENTRAL = 1;
const PERIPHERAL = 2;

export const pk2cmt: ModelSpec = {
  id: 'pk2cmt',
  title: 'Two-compartment PK with first-order absorption',
  description:
    'Generic linear two-compartment model: a depot absorbed first-order (KA, bioavailability F) into a central compartment (V1, clearance CL) exchanging with one peripheral compartment (V2, inter-compartmental clearance Q). IV doses go into `central`.',
  citations: [GIBALDI_PERRIER],
  timeUnit: 'h',
  conventions: genericConventions('V1'),
  parameters: [
    { name: 'CL', value: 5, unit: 'L/h', description: 'clearance from the central compartment', source: ILLUSTRATIVE_SOURCE },
    { name: 'V1', value: 20, unit: 'L', description: 'central volume', source: ILLUSTRATIVE_SOURCE },
    { name: 'Q', value: 10, unit: 'L/h', description: 'inter-compartmental clearance', source: ILLUSTRATIVE_SOURCE },
    { name: 'V2', value: 50, unit: 'L', description: 'peripheral volume', source: ILLUSTRATIVE_SOURCE },
    ...ABSORPTION_PARAMETERS,
  ],
  states: [
    { name: 'depot', unit: 'mg', description: 'amount at the absorption site' },
    { name: 'central', unit: 'mg', description: 'amount in the central compartment' },
    { name: 'peripheral', unit: 'mg', description: 'amount in the peripheral compartment' },
  ],
  dosing: GENERIC_DOSING,
  outputs: [centralConcentration(V1)],
  variability: illustrativeVariability('CL', 'V1'),
  residualError: ILLUSTRATIVE_RESIDUAL_ERROR,
  linear: {
    compartments: 2,
    params: { CL: 'CL', V1: 'V1', Q2: 'Q', V2: 'V2', KA: 'KA' },
    states: { depot: 'depot', central: 'central', peripheral: ['peripheral'] },
  },
  rhs(_t, x, p, dxdt) {
    const absorption = p[KA]! * x[DEPOT]!;
    const toPeripheral = (p[Q]! / p[V1]!) * x[CENTRAL]!;
    const fromPeripheral = (p[Q]! / p[V2]!) * x[PERIPHERAL]!;
    dxdt[DEPOT] = -absorption;
    dxdt[CENTRAL] = absorption - (p[CL]! / p[V1]!) * x[CENTRAL]! - toPeripheral + fromPeripheral;
    dxdt[PERIPHERAL] = toPeripheral - fromPeripheral;
  },
};
