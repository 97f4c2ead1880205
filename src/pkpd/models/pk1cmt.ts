/**
 * pk1cmt — generic one-compartment model with first-order absorption and IV input.
 *
 * ```
 * $PARAM CL = 5 L/h, V = 50 L, KA = 1 1/h, F = 1     (illustrative, §7 test case)
 * $CMT   depot (mg), central (mg)
 * $ODE   d depot/dt   = −KA·depot
 *        d central/dt =  KA·depot − CL/V·central
 * $OUT   C = central/V (mg/L)
 * ```
 * Structure: Gibaldi & Perrier, Pharmacokinetics, 2nd ed. (1982), ch. 1; NONMEM ADVAN2.
 * Parameter values are illustrative, not a drug: the test case of
 * reference/pkpd-models.md §7 (half-life ln 2/0.1 = 6.93 h).
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
const V = 1;
const KA = 2;
const DEPOT = 0;
const CENTRAL = 1;

export const pk1cmt: ModelSpec = {
  id: 'pk1cmt',
  title: 'One-compartment PK with first-order absorption',
  description:
    'Generic linear one-compartment model: a depot absorbed first-order (KA, bioavailability F) into a central compartment eliminated with clearance CL. IV doses go into `central`.',
  citations: [GIBALDI_PERRIER],
  timeUnit: 'h',
  conventions: genericConventions('V'),
  parameters: [
    { name: 'CL', value: 5, unit: 'L/h', description: 'clearance', source: ILLUSTRATIVE_SOURCE },
    { name: 'V', value: 50, unit: 'L', description: 'volume of distribution', source: ILLUSTRATIVE_SOURCE },
    ...ABSORPTION_PARAMETERS,
  ],
  states: [
    { name: 'depot', unit: 'mg', description: 'amount at the absorption site' },
    { name: 'central', unit: 'mg', description: 'amount in the central compartment' },
  ],
  dosing: GENERIC_DOSING,
  outputs: [centralConcentration(V)],
  variability: illustrativeVariability('CL', 'V'),
  residualError: ILLUSTRATIVE_RESIDUAL_ERROR,
  linear: { compartments: 1, params: { CL: 'CL', V1: 'V', KA: 'KA' }, states: { depot: 'depot', central: 'central' } },
  rhs(_t, x, p, dxdt) {
    const absorption = p[KA]! * x[DEPOT]!;
    dxdt[DEPOT] = -absorption;
    dxdt[CENTRAL] = absorption - (p[CL]! / p[V]!) * x[CENTRAL]!;
  },
};

