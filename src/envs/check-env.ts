/**
 * checkEnv: the thorough, opt-in conformance check of an env against the Env contract
 * (Gymnasium's `utils/env_checker.check_env`, stricter on determinism). Check the env as
 * users get it, i.e. `checkEnv(make(id))`: some rules hold through `make`'s wrappers.
 *
 * Rules (each failure is reported as `{ rule, message }`):
 * - `spaces`: both spaces are Space objects, their JSON round-trips through
 *   `spaceFromJSON`, and their samples are members;
 * - `reset`: `reset({ seed })` returns an observation in the observation space and an
 *   info object;
 * - `observation-type`: Box observations are the typed array of the space's dtype
 *   (Float32Array for float32), Discrete observations integer numbers;
 * - `finite`: no NaN or ±Infinity in observations;
 * - `step`: every step returns an observation in the space, a finite number reward,
 *   boolean `terminated` / `truncated` and an info object;
 * - `info`: `info.cost`, when present, is a finite number ≥ 0; `info.actionMask`, when
 *   present, is a Uint8Array of n for a Discrete action space;
 * - `reset-determinism`: `reset({ seed })` twice gives identical observations;
 * - `step-determinism`: under the same seed and actions, identical observations, rewards,
 *   flags and costs (skipped when `spec.nondeterministic`);
 * - `seed-sensitivity`: when the env declares `metadata.stochastic`, a different seed gives
 *   a different episode under the same actions;
 * - `step-after-end`: stepping an ended episode without `reset` throws a StateError (through
 *   `make`'s OrderEnforcing/TimeLimit). Checked only if an episode ends within `maxSteps`.
 *
 * Cost: three episodes of at most `maxSteps` steps (default 1000) with random actions.
 */
import { DosegymError, InputError, StateError } from '../core/errors.js';
import { RandomStream } from '../core/random.js';
import type { Env, Info } from './core.js';
import type { Space } from './spaces/space.js';
import { Box } from './spaces/box.js';
import { Discrete } from './spaces/discrete.js';
import { spaceFromJSON } from './spaces/index.js';
import { isSpace, formatValue } from './wrappers/passive-env-checker.js';
import { envName } from './wrappers/wrapper.js';

export interface CheckEnvOptions {
  /** Seed of the episodes checked (a second episode uses seed + 1). Default 0. */
  seed?: number;
  /** Step budget per episode. Default 1000. */
  maxSteps?: number;
}

export interface CheckFailure {
  rule: string;
  message: string;
}

export interface CheckEnvResult {
  passed: boolean;
  failures: CheckFailure[];
  /** Rules that could not be checked, and why (e.g. no episode ended within maxSteps). */
  skipped: CheckFailure[];
}

interface Transition {
  observation: unknown;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  cost: unknown;
}

interface Trace {
  first: unknown;
  steps: Transition[];
  ended: boolean;
}

/** Check `env` against the Env contract; see the module doc for the rules. */
export function checkEnv(env: Env, options: CheckEnvOptions = {}): CheckEnvResult {
  const seed = options.seed ?? 0;
  const maxSteps = options.maxSteps ?? 1000;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InputError(`checkEnv seed must be a non-negative integer, got ${seed}`, 'seed');
  if (!Number.isSafeInteger(maxSteps) || maxSteps <= 0) throw new InputError(`checkEnv maxSteps must be a positive integer, got ${maxSteps}`, 'maxSteps');

  const failures: CheckFailure[] = [];
  const skipped: CheckFailure[] = [];
  const failed = new Set<string>();
  const fail = (rule: string, message: string): void => {
    // one failure per rule is enough to act on
    if (failed.has(rule)) return;
    failed.add(rule);
    failures.push({ rule, message });
  };
  const done = (): CheckEnvResult => ({ passed: failures.length === 0, failures, skipped });

  // --- spaces ---------------------------------------------------------------------------
  const spaceRng = RandomStream.fromSeed(seed).fork('check-env/spaces');
  for (const [field, space] of [['observationSpace', env.observationSpace], ['actionSpace', env.actionSpace]] as const) {
    if (!isSpace(space)) {
      fail('spaces', `${field} is not a Space (needs type, sample, contains, toJSON): ${formatValue(space)}`);
      return done();
    }
    try {
      const json = JSON.parse(JSON.stringify(space.toJSON())) as unknown;
      const back = spaceFromJSON(json, field);
      if (JSON.stringify(back.toJSON()) !== JSON.stringify(json)) fail('spaces', `${field} JSON does not round-trip: ${JSON.stringify(json)}`);
    } catch (e) {
      fail('spaces', `${field} JSON does not round-trip: ${message(e)}`);
    }
    try {
      for (let k = 0; k < 3; k++) {
        const x = space.sample(spaceRng);
        if (!space.contains(x)) fail('spaces', `${field}.sample() returned ${formatValue(x)}, which contains() rejects`);
      }
    } catch (e) {
      fail('spaces', `${field}.sample() threw: ${message(e)}`);
    }
  }

  // --- a seeded episode with random actions, recorded ------------------------------------
  const actionRng = RandomStream.fromSeed(seed).fork('check-env/actions');
  const actions: unknown[] = [];
  const name = envName(env);
  const check = (obs: unknown, where: string): void => checkObservation(env.observationSpace, obs, where, fail);

  const run = (episodeSeed: number, replay: boolean): Trace | undefined => {
    let reset;
    try {
      reset = env.reset({ seed: episodeSeed });
    } catch (e) {
      fail('reset', `reset({ seed: ${episodeSeed} }) threw: ${message(e)}`);
      return undefined;
    }
    if (reset === null || typeof reset !== 'object') {
      fail('reset', `reset() must return { observation, info }, got ${formatValue(reset)}`);
      return undefined;
    }
    check(reset.observation, 'reset()');
    checkInfo(reset.info, env.actionSpace, 'reset()', fail, 'reset');
    const trace: Trace = { first: copy(reset.observation), steps: [], ended: false };
    for (let t = 0; t < maxSteps; t++) {
      if (!replay) actions.push(env.actionSpace.sample(actionRng));
      if (t >= actions.length) break;
      let r;
      try {
        r = env.step(copy(actions[t]) as never);
      } catch (e) {
        fail('step', `step ${t} (action ${formatValue(actions[t])}) threw: ${message(e)}`);
        return trace;
      }
      if (r === null || typeof r !== 'object') {
        fail('step', `step() must return { observation, reward, terminated, truncated, info }, got ${formatValue(r)}`);
        return trace;
      }
      check(r.observation, `step ${t}`);
      if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) fail('step', `step ${t}: reward must be a finite number, got ${formatValue(r.reward)}`);
      for (const flag of ['terminated', 'truncated'] as const) {
        if (typeof r[flag] !== 'boolean') fail('step', `step ${t}: ${flag} must be a boolean, got ${formatValue(r[flag])}`);
      }
      checkInfo(r.info, env.actionSpace, `step ${t}`, fail, 'step');
      trace.steps.push({
        observation: copy(r.observation),
        reward: r.reward,
        terminated: r.terminated,
        truncated: r.truncated,
        cost: (r.info as Info | undefined)?.cost,
      });
      if (r.terminated || r.truncated) {
        trace.ended = true;
        break;
      }
    }
    return trace;
  };

  const a = run(seed, false);
  if (!a) return done();
  const b = run(seed, true);
  if (!b) return done();

  // --- determinism -------------------------------------------------------------------------
  if (!deepEqual(a.first, b.first)) {
    fail('reset-determinism', `${name}: reset({ seed: ${seed} }) twice gave different observations: ${formatValue(a.first)} vs ${formatValue(b.first)}`);
  }
  if (env.spec?.nondeterministic) {
    skipped.push({ rule: 'step-determinism', message: 'spec.nondeterministic is true' });
  } else {
    const diff = firstDifference(a, b);
    if (diff !== undefined) fail('step-determinism', `${name}: same seed ${seed} and actions, but ${diff}`);
  }

  // --- step after the end, without reset (episode b has just ended, if it did) ------------
  if (b.ended) {
    try {
      env.step(env.actionSpace.sample(actionRng) as never);
      fail('step-after-end', `${name}: step() after the episode ended was accepted; expected a StateError (use make(), whose wrappers reject it)`);
    } catch (e) {
      if (!(e instanceof StateError)) fail('step-after-end', `${name}: step() after the episode ended threw ${errorName(e)}, expected a StateError: ${message(e)}`);
    }
  } else {
    skipped.push({ rule: 'step-after-end', message: `no episode ended within ${maxSteps} steps` });
  }

  // --- different seeds, different episodes (declared stochastic envs) ---------------------
  if (env.metadata?.stochastic === true) {
    const c = run(seed + 1, true);
    if (c && deepEqual(a.first, c.first) && firstDifference(a, c) === undefined) {
      fail('seed-sensitivity', `${name}: declares metadata.stochastic but seeds ${seed} and ${seed + 1} gave identical episodes`);
    }
  } else {
    skipped.push({ rule: 'seed-sensitivity', message: 'metadata.stochastic is not true' });
  }
  return done();
}

/** Like {@link checkEnv}, but throws an InputError listing the failed rules. */
export function assertEnv(env: Env, options?: CheckEnvOptions): void {
  const result = checkEnv(env, options);
  if (!result.passed) {
    const list = result.failures.map((f) => `[${f.rule}] ${f.message}`).join('; ');
    throw new InputError(`${envName(env)} fails checkEnv: ${list}`, 'env');
  }
}

function checkObservation(space: Space, obs: unknown, where: string, fail: (rule: string, msg: string) => void): void {
  if (!space.contains(obs)) {
    const explain = (space as { explain?: (x: unknown) => string | undefined }).explain;
    const why = typeof explain === 'function' ? `: ${explain.call(space, obs)}` : '';
    fail(where === 'reset()' ? 'reset' : 'step', `${where} observation ${formatValue(obs)} is not in the observation space${why}`);
  }
  if (space instanceof Box) {
    const expected = space.dtype === 'float32' ? Float32Array : Float64Array;
    if (!(obs instanceof expected)) fail('observation-type', `${where} observation is a ${typeName(obs)}, expected a ${expected.name} for ${String(space)}`);
  } else if (space instanceof Discrete) {
    if (typeof obs !== 'number' || !Number.isInteger(obs)) fail('observation-type', `${where} observation is ${formatValue(obs)}, expected an integer number`);
  }
  if (!allFinite(obs)) fail('finite', `${where} observation has NaN or infinite values: ${formatValue(obs)}`);
}

function checkInfo(info: unknown, actionSpace: Space, where: string, fail: (rule: string, msg: string) => void, rule: string): void {
  if (info === null || typeof info !== 'object' || Array.isArray(info)) {
    fail(rule, `${where} info must be an object, got ${formatValue(info)}`);
    return;
  }
  const { cost, actionMask } = info as Info;
  if (cost !== undefined && (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0)) {
    fail('info', `${where} info.cost must be a finite number ≥ 0, got ${formatValue(cost)}`);
  }
  if (actionMask !== undefined) {
    const n = actionSpace instanceof Discrete ? actionSpace.n : undefined;
    if (!(actionMask instanceof Uint8Array) || (n !== undefined && actionMask.length !== n)) {
      fail('info', `${where} info.actionMask must be a Uint8Array${n === undefined ? '' : ` of ${n}`}, got ${formatValue(actionMask)}`);
    }
  }
}

function allFinite(x: unknown): boolean {
  if (typeof x === 'number') return Number.isFinite(x);
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const a = x as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(Number(a[i]))) return false;
    return true;
  }
  if (Array.isArray(x)) return x.every(allFinite);
  if (x !== null && typeof x === 'object') return Object.values(x).every(allFinite);
  return true;
}

function firstDifference(a: Trace, b: Trace): string | undefined {
  if (a.steps.length !== b.steps.length) return `episode lengths differ (${a.steps.length} vs ${b.steps.length})`;
  for (let t = 0; t < a.steps.length; t++) {
    const x = a.steps[t]!;
    const y = b.steps[t]!;
    for (const key of ['observation', 'reward', 'terminated', 'truncated', 'cost'] as const) {
      if (!deepEqual(x[key], y[key])) return `step ${t} ${key} differs: ${formatValue(x[key])} vs ${formatValue(y[key])}`;
    }
  }
  return undefined;
}

/** Structural equality; numbers compared with Object.is (NaN equals NaN, exact bits otherwise). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** A deep copy (envs may reuse their observation buffers). */
function copy(x: unknown): unknown {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return (x as unknown as Float64Array).slice();
  if (Array.isArray(x)) return x.map(copy);
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = copy(v);
    return out;
  }
  return x;
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function errorName(e: unknown): string {
  return e instanceof DosegymError ? e.name : e instanceof Error ? e.name : typeof e;
}
