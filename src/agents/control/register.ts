/**
 * Registers the closed-loop warfarin controllers as named policies (imported for its side
 * effect by agents/builtin.ts), for `dosegym rollout --policy <name>` and experiment configs:
 *
 * | name | controller | file |
 * |---|---|---|
 * | `pid` | PID on the measured INR, IWPC-PG start, gains relative to it | pid.ts |
 * | `mpc` | offset-free receding-horizon MPC on the nominal (typical) patient model | mpc.ts |
 * | `map-bayes` | MAP-Bayesian fit of η_CL, η_EC50, η_MTT2, constant dose for target | map-bayes.ts |
 *
 * Optional arguments: a JSON object of the controller's options after the name, e.g.
 * `mpc:{"horizonDays":7}`, `pid:{"kp":0.3}`, `map-bayes:{"horizonDays":14}`; unknown keys
 * and bad values are an InputError naming the option.
 */
import { InputError, parseJson } from '../../core/errors.js';
import { registerPolicy } from '../policy-registry.js';
import { MapBayesPolicy, type MapBayesOptions } from './map-bayes.js';
import { WARFARIN_MPC_DEFAULTS, WarfarinMpcPolicy, type WarfarinMpcOptions } from './mpc.js';
import { WARFARIN_PID_DEFAULTS, WarfarinPidPolicy, type WarfarinPidOptions } from './pid.js';

const MAP_BAYES_KEYS = ['horizonDays', 'targetInr', 'parameters', 'extraResidualSd', 'optimiser'];

/** The options object of `<name>:<json>` (empty without arguments), with only `known` keys. */
function options(name: string, args: string | undefined, known: readonly string[]): Record<string, unknown> {
  if (args === undefined || args.trim() === '') return {};
  const value = parseJson(args, `--policy ${name}:${args}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`policy '${name}' takes a JSON object of options, e.g. '${name}:{"horizonDays":7}', got '${args}'`, 'policy');
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new InputError(`policy '${name}': unknown option '${key}' (known: ${known.join(', ')})`, key);
  }
  return value as Record<string, unknown>;
}

registerPolicy('pid', (ctx, args) => new WarfarinPidPolicy(ctx, options('pid', args, Object.keys(WARFARIN_PID_DEFAULTS)) as Partial<WarfarinPidOptions>));
registerPolicy('mpc', (ctx, args) => new WarfarinMpcPolicy(ctx, options('mpc', args, Object.keys(WARFARIN_MPC_DEFAULTS)) as Partial<WarfarinMpcOptions>));
registerPolicy('map-bayes', (ctx, args) => new MapBayesPolicy(ctx, options('map-bayes', args, MAP_BAYES_KEYS) as MapBayesOptions));
