/**
 * Registers the oncology drug-combination envs (imported for its side effect by
 * `src/envs/builtin.ts`):
 *
 * | id | action | limit |
 * |---|---|---|
 * | `dosegym/OncologyCombo-v0` | MultiDiscrete [4, 4]: 0/50/75/100 % of 5-FU, erlotinib | 12 cycles |
 * | `dosegym/OncologyComboContinuous-v0` | Box [0, 1]²: label-dose fractions | 12 cycles |
 *
 * Both have native vector envs. kwargs: `ancestry` (CPIC group, default 'european'),
 * `dpydMix` ('population' | 'enriched'). Unknown kwargs are an InputError.
 */
import { InputError } from '../../core/errors.js';
import { register, type EnvKwargs } from '../registry.js';
import { OncologyComboEnv, type OncologyActionMode, type OncologyComboOptions } from './oncology-env.js';
import { OncologyComboVectorEnv } from './oncology-vector.js';
import { ONCOLOGY_MAX_CYCLES } from './oncology-task.js';

const KNOWN = ['ancestry', 'dpydMix'];

function options(id: string, kwargs: EnvKwargs, actionMode: OncologyActionMode): OncologyComboOptions {
  for (const key of Object.keys(kwargs)) {
    if (!KNOWN.includes(key)) throw new InputError(`${id}: unknown option '${key}' (known: ${KNOWN.join(', ')})`, key);
  }
  return { ...(kwargs as OncologyComboOptions), actionMode };
}

for (const [id, mode, what] of [
  ['dosegym/OncologyCombo-v0', 'discrete', 'dose levels 0/50/75/100 % per drug'],
  ['dosegym/OncologyComboContinuous-v0', 'continuous', 'label-dose fractions in [0, 1] per drug'],
] as const) {
  register({
    id,
    entryPoint: (kwargs) => new OncologyComboEnv(options(id, kwargs, mode)),
    vectorEntryPoint: (numEnvs, kwargs, { maxEpisodeSteps }) =>
      new OncologyComboVectorEnv(numEnvs, { ...options(id, kwargs, mode), maxEpisodeSteps: maxEpisodeSteps ?? null }),
    maxEpisodeSteps: ONCOLOGY_MAX_CYCLES,
    description: `5-FU (DPYD) + erlotinib per 21-day cycle on a sensitive/resistant tumour with neutropenia; ${what}; 12 cycles`,
  });
}
