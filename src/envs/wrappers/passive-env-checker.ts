/**
 * PassiveEnvChecker: cheap checks that catch a broken env at the first reset and step,
 * applied innermost by `make` (Gymnasium's `PassiveEnvChecker`). For the thorough check
 * (determinism under seeds, types over an episode) use `checkEnv`.
 *
 * - construction: both spaces are Space objects;
 * - first `reset`: the observation is in the observation space (type, length, bounds,
 *   finiteness) and info is a plain object;
 * - first `step`: the same for the observation, plus a finite number reward and boolean
 *   `terminated`/`truncated`;
 * - every `step`: the action is in the action space (InputError naming the action and the
 *   space; actions are never silently clipped).
 *
 * A bad observation is an InputError naming the env and what is wrong (e.g. "length 3,
 * expected 4").
 */
import { InputError } from '../../core/errors.js';
import type { Env, Info, ResetOptions, ResetResult, StepResult } from '../core.js';
import type { Space } from '../spaces/space.js';
import { Wrapper, envName } from './wrapper.js';

export class PassiveEnvChecker<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  private checkedReset = false;
  private checkedStep = false;

  constructor(env: Env<Obs, Act>) {
    super(env);
    for (const [field, space] of [['observationSpace', env.observationSpace], ['actionSpace', env.actionSpace]] as const) {
      if (!isSpace(space)) {
        throw new InputError(`${envName(env)}: ${field} must be a Space (with type, sample, contains, toJSON), got ${formatValue(space)}`, field);
      }
    }
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    if (!this.checkedReset) {
      if (result === null || typeof result !== 'object') {
        throw new InputError(`${envName(this)}: reset() must return { observation, info }, got ${formatValue(result)}`, 'reset');
      }
      this.checkObservation(result.observation, 'reset()');
      checkInfo(result.info, `${envName(this)}: reset()`);
      this.checkedReset = true;
    }
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.env.actionSpace.contains(action)) {
      throw new InputError(
        `${envName(this)}: action ${formatValue(action)} is not in the action space ${spaceLabel(this.env.actionSpace)}` +
          `${reason(this.env.actionSpace, action)}`,
        'action',
      );
    }
    const result = this.env.step(action);
    if (!this.checkedStep) {
      const where = `${envName(this)}: step()`;
      if (result === null || typeof result !== 'object') {
        throw new InputError(`${where} must return { observation, reward, terminated, truncated, info }, got ${formatValue(result)}`, 'step');
      }
      this.checkObservation(result.observation, 'step()');
      if (typeof result.reward !== 'number' || !Number.isFinite(result.reward)) {
        throw new InputError(`${where} reward must be a finite number, got ${formatValue(result.reward)}`, 'reward');
      }
      for (const flag of ['terminated', 'truncated'] as const) {
        if (typeof result[flag] !== 'boolean') {
          throw new InputError(`${where} ${flag} must be a boolean, got ${formatValue(result[flag])}`, flag);
        }
      }
      checkInfo(result.info, where);
      this.checkedStep = true;
    }
    return result;
  }

  private checkObservation(observation: unknown, where: string): void {
    const space = this.env.observationSpace;
    if (!space.contains(observation)) {
      throw new InputError(
        `${envName(this)}: ${where} returned an observation outside the observation space ${spaceLabel(space)}${reason(space, observation)}`,
        'observation',
      );
    }
  }
}

function checkInfo(info: unknown, where: string): asserts info is Info {
  if (info === null || typeof info !== 'object' || Array.isArray(info)) {
    throw new InputError(`${where} info must be an object, got ${formatValue(info)}`, 'info');
  }
  const cost = (info as Info).cost;
  if (cost !== undefined && (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0)) {
    throw new InputError(`${where} info.cost must be a finite number ≥ 0, got ${formatValue(cost)}`, 'info.cost');
  }
}

/** Whether `x` looks like a Space. */
export function isSpace(x: unknown): x is Space {
  if (x === null || typeof x !== 'object') return false;
  const s = x as Record<string, unknown>;
  return typeof s.type === 'string' && typeof s.sample === 'function' && typeof s.contains === 'function' && typeof s.toJSON === 'function';
}

/** `': <why>'` when the space can explain the mismatch. */
function reason(space: Space, x: unknown): string {
  const explain = (space as { explain?: (x: unknown) => string | undefined }).explain;
  if (typeof explain !== 'function') return '';
  const why = explain.call(space, x);
  return why ? `: ${why}` : '';
}

/** The space as a short label: its toString() when defined, else its JSON. */
export function spaceLabel(space: Space): string {
  const s = String(space);
  return s === '[object Object]' ? JSON.stringify(space.toJSON()) : s;
}

/** A value in an error message: arrays and typed arrays shown with their type, long ones cut. */
export function formatValue(x: unknown): string {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const arr = Array.from(x as unknown as ArrayLike<number>);
    const shown = arr.slice(0, 8).join(', ') + (arr.length > 8 ? ', …' : '');
    return `${x.constructor.name} [${shown}]`;
  }
  if (typeof x === 'number' || typeof x === 'boolean' || x === undefined || x === null) return String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  try {
    const s = JSON.stringify(x);
    return s.length > 120 ? `${s.slice(0, 117)}…` : s;
  } catch {
    return String(x);
  }
}
