/**
 * The ModelSpec format: a published PK/PD model as data plus an allocation-free
 * right-hand side, in the spirit of mrgsolve's annotated `$PARAM`/`$CMT`/`$ODE` blocks.
 *
 * A model file in `src/pkpd/models/<author><year>-<drug>.ts` exports one `ModelSpec`.
 * Parameters are addressed by position in a `Float64Array` (the order of `parameters`),
 * states likewise (the order of `states`); {@link paramIndex} and {@link stateIndex}
 * look positions up by name at setup, never in hot loops.
 *
 * pkpd knows nothing about RL, envs or genomics: the patient is seen through the small
 * {@link Subject} interface, which `genomics/Patient` satisfies.
 */
import { NotFoundError } from '../core/errors.js';

/** Time unit of a model. All times, rates and durations given to a model use it. */
export type TimeUnit = 'min' | 'h' | 'day';

/** A literature reference. */
export interface Citation {
  /** e.g. "Hamberg AK, Dahl ML, Barban M, et al. Clin Pharmacol Ther 2007;81:529–538." */
  text: string;
  doi?: string;
}

/** One model parameter (a typical value, before covariate effects and variability). */
export interface ParameterSpec {
  name: string;
  value: number;
  unit: string;
  description: string;
  /** Where the value comes from (paper and table, or "assumption: …"). */
  source: string;
}

/** One state (compartment or PD variable). */
export interface StateSpec {
  name: string;
  unit: string;
  description: string;
  /** Initial value; default 0. Use `ModelSpec.initialState` when it depends on parameters. */
  initial?: number;
}

/** A route by which a drug enters a state. */
export interface DosingSpec {
  /** Drug name, e.g. 'warfarin'. A regimen record without `drug` uses the first entry's drug. */
  drug: string;
  /** Name of the receiving state, e.g. 'depot' or 'central'. */
  cmt: string;
  /** Unit of the dose amount `amt` in regimen records, e.g. 'mg'. */
  doseUnit: string;
  /** Bioavailable fraction: a number or the name of a parameter. Default 1. */
  bioavailability?: number | string;
  /** Absorption lag: a number (model time unit) or the name of a parameter. Default 0. */
  lag?: number | string;
  /**
   * Factor converting the dose amount into the state's amount unit, applied before
   * bioavailability (e.g. 0.5: the S-enantiomer fraction of a racemic tablet). Default 1.
   */
  amountScale?: number;
  description: string;
}

/** A named model output computed from the state (e.g. concentration, INR). */
export interface OutputSpec {
  name: string;
  unit: string;
  description: string;
  /** Allocation-free. `x` the state, `p` the individual parameters. */
  compute(x: Float64Array, p: Float64Array, t: number): number;
}

/**
 * Between-subject variability: for each listed parameter, p_i = θ_i · exp(η_i) with
 * η ~ N(0, Ω). `omega` is Ω, the covariance of η on the log scale (variances on the
 * diagonal). Where a paper reports CV%, state in `description` how it was converted.
 */
export interface VariabilitySpec {
  parameters: readonly string[];
  omega: readonly (readonly number[])[];
  description: string;
}

/** Residual (measurement) error models. `sd` is on the output's scale, `cv` a fraction. */
export type ResidualErrorModel =
  | { type: 'additive'; sd: number }
  | { type: 'proportional'; cv: number }
  | { type: 'combined'; sd: number; cv: number }
  | { type: 'exponential'; sd: number };

export interface ResidualErrorSpec {
  /** Name of the output the error applies to. */
  output: string;
  model: ResidualErrorModel;
  description?: string;
}

/**
 * Declares a model to be linear mammillary compartment PK, so that exact closed-form /
 * matrix-exponential steppers can be used instead of the ODE solver.
 */
export interface LinearPkDescriptor {
  compartments: 1 | 2 | 3;
  /** Names of the parameters playing each role. */
  params: { CL: string; V1: string; Q2?: string; V2?: string; Q3?: string; V3?: string; KA?: string };
  /** Names of the states playing each role (depot only with first-order absorption). */
  states: { depot?: string; central: string; peripheral?: readonly string[] };
}

/**
 * The patient as pkpd models see it. `genomics/Patient` extends this. Models read only
 * what they need and document defaults for what is missing.
 */
export interface Subject {
  /** Age in years. */
  age: number;
  /** Body weight in kg. */
  weight: number;
  /** Height in cm. */
  height: number;
  sex: 'male' | 'female';
  /** Race category used by dosing algorithms (IWPC/Gage); 'other' when unknown or mixed. */
  race?: 'white' | 'asian' | 'black' | 'other';
  /** Gene → diplotype or genotype, e.g. { CYP2C9: '*1/*3', VKORC1: 'G/A' }. */
  genotypes: Readonly<Record<string, string>>;
  /** Co-medications by lower-case generic name, e.g. ['amiodarone']. */
  comedications: readonly string[];
}

/**
 * A NONMEM-style dosing record. Times and durations are in the model's time unit.
 * - bolus: `{ time, amt }` (into `cmt`, default the drug's first dosing compartment)
 * - zero-order infusion: add `rate` (amount per time unit) or `duration`
 * - repeated doses: `ii` (interval) and `addl` (number of *additional* doses)
 */
export interface DoseRecord {
  time: number;
  amt: number;
  drug?: string;
  cmt?: string;
  rate?: number;
  duration?: number;
  ii?: number;
  addl?: number;
}

/** A published (or generic) PK/PD model. */
export interface ModelSpec {
  /** Registry id, e.g. 'hamberg2007-warfarin' or 'pk2cmt'. */
  id: string;
  title: string;
  /** Markdown description: what the model is, its structure. */
  description: string;
  citations: readonly Citation[];
  timeUnit: TimeUnit;
  /** Statements of the conventions chosen where the literature is ambiguous, and why. */
  conventions: readonly string[];
  parameters: readonly ParameterSpec[];
  states: readonly StateSpec[];
  dosing: readonly DosingSpec[];
  outputs: readonly OutputSpec[];
  variability?: VariabilitySpec;
  residualError?: readonly ResidualErrorSpec[];
  linear?: LinearPkDescriptor;
  /**
   * Covariate and genotype effects: turns typical values `p` (in place) into the subject's
   * typical values, before between-subject variability is applied. Throws an InputError
   * naming the field for values the model cannot use (e.g. an unknown diplotype).
   */
  covariates?(subject: Subject, p: Float64Array): void;
  /** Initial state when it depends on parameters; default: `states[i].initial ?? 0`. */
  initialState?(p: Float64Array, x0: Float64Array): void;
  /** Allocation-free right-hand side: writes dx/dt into `dxdt`. */
  rhs(t: number, x: Float64Array, p: Float64Array, dxdt: Float64Array): void;
}

/** Position of parameter `name` in the model's parameter vector. */
export function paramIndex(spec: ModelSpec, name: string): number {
  const i = spec.parameters.findIndex((q) => q.name === name);
  if (i < 0) throw new NotFoundError(`parameter of model ${spec.id}`, name, spec.parameters.map((q) => q.name));
  return i;
}

/** Position of state `name` in the model's state vector. */
export function stateIndex(spec: ModelSpec, name: string): number {
  const i = spec.states.findIndex((s) => s.name === name);
  if (i < 0) throw new NotFoundError(`state of model ${spec.id}`, name, spec.states.map((s) => s.name));
  return i;
}

/** The typical parameter vector (published values, no covariates, no variability). */
export function typicalParameters(spec: ModelSpec): Float64Array {
  return Float64Array.from(spec.parameters, (q) => q.value);
}

/** The initial state vector for individual parameters `p`. */
export function initialState(spec: ModelSpec, p: Float64Array, out = new Float64Array(spec.states.length)): Float64Array {
  for (let i = 0; i < spec.states.length; i++) out[i] = spec.states[i]!.initial ?? 0;
  spec.initialState?.(p, out);
  return out;
}

/** Default subject where a model or command is given none: documented, not hidden. */
export const DEFAULT_SUBJECT: Subject = Object.freeze({
  age: 71, // the reference age of the Hamberg warfarin models
  weight: 70,
  height: 170,
  sex: 'male',
  race: 'white',
  genotypes: Object.freeze({}),
  comedications: Object.freeze([]) as readonly string[],
});
