/**
 * Registers the warfarin envs (imported for its side effect by `src/envs/builtin.ts`):
 *
 * | id | action | limit |
 * |---|---|---|
 * | `dosegym/Warfarin-v0` | Discrete(31): dose = action × 0.5 mg (0–15 mg) | 90 days |
 * | `dosegym/WarfarinContinuous-v0` | Box([0], [15]) mg, rounded to 0.5 mg | 90 days |
 *
 * Both have the native {@link WarfarinVectorEnv}. Kwargs are the env options
 * (warfarin-options.ts); unknown ones are an InputError. No reward threshold.
 */
import { register } from '../registry.js';
import { WarfarinEnv } from './warfarin-env.js';
import { WARFARIN_TASK, type WarfarinEnvOptions } from './warfarin-options.js';
import { WarfarinVectorEnv } from './warfarin-vector-env.js';

for (const continuous of [false, true]) {
  register({
    id: continuous ? 'dosegym/WarfarinContinuous-v0' : 'dosegym/Warfarin-v0',
    entryPoint: (kwargs) => new WarfarinEnv(kwargs as WarfarinEnvOptions),
    vectorEntryPoint: (numEnvs, kwargs, { maxEpisodeSteps }) =>
      new WarfarinVectorEnv(numEnvs, { ...(kwargs as WarfarinEnvOptions), maxEpisodeSteps: maxEpisodeSteps ?? null }),
    maxEpisodeSteps: WARFARIN_TASK.maxEpisodeSteps,
    kwargs: continuous ? { continuous: true } : {},
    description: `Warfarin dosing over 90 days, one virtual patient per episode (Hamberg 2007 PK/PD, CYP2C9/VKORC1), ${
      continuous ? 'Box dose in mg' : 'Discrete(31) doses of 0.5 mg'
    }; reward +1 per day with INR 2–3, cost on INR > 4 or < 1.5`,
  });
}
