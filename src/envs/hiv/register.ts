/**
 * Registers `dosegym/HIV-v0` (imported for its side effect by `src/envs/builtin.ts`):
 * {@link HivEnv} with the native {@link HivVectorEnv}, 200 steps of 5 days (rlpy's
 * episode, Ernst 2006). No reward threshold: the benchmark has no "solved" level.
 * Kwargs are the env's options (`observation`, `parameterVariability`,
 * `observationNoiseSd`, `substeps`); unknown ones are an InputError.
 */
import { register } from '../registry.js';
import { HivEnv, type HivEnvOptions } from './hiv-env.js';
import { HIV_TASK } from './hiv-kernel.js';
import { HivVectorEnv } from './hiv-vector-env.js';

register({
  id: 'dosegym/HIV-v0',
  entryPoint: (kwargs) => new HivEnv(kwargs as HivEnvOptions),
  vectorEntryPoint: (numEnvs, kwargs, { maxEpisodeSteps }) =>
    new HivVectorEnv(numEnvs, { ...(kwargs as HivEnvOptions), maxEpisodeSteps: maxEpisodeSteps ?? null }),
  maxEpisodeSteps: HIV_TASK.maxEpisodeSteps,
  description: 'HIV two-drug structured treatment (Adams 2004 model, Ernst 2006 reward): 4 drug combinations, 5-day steps, 200 steps',
});
