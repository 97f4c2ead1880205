/**
 * The model registry: every built-in ModelSpec, looked up by id.
 *
 * To add a model, import its spec and append it to {@link BUILT_IN_MODELS} (one line).
 * Specs are checked for internal consistency when registered, so a typo in a state or
 * parameter name fails at startup, not in the middle of a simulation.
 */
import { InputError, NotFoundError } from '../../core/errors.js';
import type { ModelSpec } from '../types.js';
import { hamberg2007Warfarin } from './hamberg2007-warfarin.js';
import { hamberg2010Warfarin } from './hamberg2010-warfarin.js';
import { pk1cmt } from './pk1cmt.js';
import { pk2cmt } from './pk2cmt.js';
import { pk3cmt } from './pk3cmt.js';
import { simeoni2004Paclitaxel } from './simeoni2004-paclitaxel.js';
import { friberg2002Docetaxel } from './friberg2002-docetaxel.js';
import { fluorouracilDpyd } from './fluorouracil-dpyd.js';
import { lu2006Erlotinib } from './lu2006-erlotinib.js';
import { tumourSensitiveResistant } from './tumour-sensitive-resistant.js';
import { adams2004Hiv } from './adams2004-hiv.js';

/** Built-in models, registered in this order. Append new models here. */
const BUILT_IN_MODELS: readonly ModelSpec[] = [
  pk1cmt,
  pk2cmt,
  pk3cmt,
  hamberg2007Warfarin,
  hamberg2010Warfarin,
  simeoni2004Paclitaxel,
  friberg2002Docetaxel,
  fluorouracilDpyd,
  lu2006Erlotinib,
  tumourSensitiveResistant,
  adams2004Hiv,
];

const models = new Map<string, ModelSpec>();

/**
 * Add a model to the registry. Registering the same spec object twice is a no-op.
 * @throws InputError when another spec already has this id, or when the spec refers to a
 *   parameter or state it does not declare (the message names the field)
 */
export function registerModel(spec: ModelSpec): void {
  const existing = models.get(spec.id);
  if (existing === spec) return;
  if (existing) throw new InputError(`a different model with id '${spec.id}' is already registered`, 'id');
  checkModelSpec(spec);
  models.set(spec.id, spec);
}

/**
 * The model registered under `id`.
 * @throws NotFoundError listing the known ids
 * @example getModel('pk2cmt').parameters.map((q) => q.name) // ['CL', 'V1', 'Q', 'V2', 'KA', 'F']
 */
export function getModel(id: string): ModelSpec {
  const spec = models.get(id);
  if (!spec) throw new NotFoundError('model', id, [...models.keys()]);
  return spec;
}

/** All registered models, in registration order. */
export function listModels(): readonly ModelSpec[] {
  return [...models.values()];
}

/** Consistency checks: unique names, and every name a spec refers to is declared. */
export function checkModelSpec(spec: ModelSpec): void {
  const where = (field: string) => `model ${spec.id || '(no id)'}: ${field}`;
  if (!spec.id) throw new InputError(where('id must be a non-empty string'), 'id');
  const paramNames = spec.parameters.map((q) => q.name);
  const stateNames = spec.states.map((s) => s.name);
  requireUnique(paramNames, where('parameters'), 'parameters');
  requireUnique(stateNames, where('states'), 'states');
  spec.parameters.forEach((q, i) => {
    if (!Number.isFinite(q.value)) throw new InputError(where(`parameters[${i}] ${q.name} has non-finite value ${q.value}`), `parameters[${i}].value`);
  });
  const requireParam = (name: string, field: string) => {
    if (!paramNames.includes(name)) throw new InputError(where(`${field} refers to unknown parameter '${name}' (known: ${paramNames.join(', ')})`), field);
  };
  const requireState = (name: string, field: string) => {
    if (!stateNames.includes(name)) throw new InputError(where(`${field} refers to unknown state '${name}' (known: ${stateNames.join(', ')})`), field);
  };
  spec.dosing.forEach((d, i) => {
    requireState(d.cmt, `dosing[${i}].cmt`);
    if (typeof d.bioavailability === 'string') requireParam(d.bioavailability, `dosing[${i}].bioavailability`);
    if (typeof d.lag === 'string') requireParam(d.lag, `dosing[${i}].lag`);
  });
  if (spec.variability) {
    const v = spec.variability;
    v.parameters.forEach((name, i) => requireParam(name, `variability.parameters[${i}]`));
    const k = v.parameters.length;
    if (v.omega.length !== k || v.omega.some((row) => row.length !== k)) {
      throw new InputError(where(`variability.omega must be ${k}×${k} (one row and column per variability parameter)`), 'variability.omega');
    }
  }
  const outputNames = spec.outputs.map((o) => o.name);
  spec.residualError?.forEach((r, i) => {
    if (!outputNames.includes(r.output)) {
      throw new InputError(where(`residualError[${i}].output refers to unknown output '${r.output}' (known: ${outputNames.join(', ')})`), `residualError[${i}].output`);
    }
  });
  if (spec.linear) {
    Object.entries(spec.linear.params).forEach(([role, name]) => {
      if (name !== undefined) requireParam(name, `linear.params.${role}`);
    });
    const { depot, central, peripheral } = spec.linear.states;
    if (depot !== undefined) requireState(depot, 'linear.states.depot');
    requireState(central, 'linear.states.central');
    peripheral?.forEach((name, i) => requireState(name, `linear.states.peripheral[${i}]`));
  }
}

function requireUnique(names: readonly string[], what: string, field: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new InputError(`${what}: duplicate name '${name}'`, field);
    seen.add(name);
  }
}

for (const spec of BUILT_IN_MODELS) registerModel(spec);
