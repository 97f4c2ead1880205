/**
 * The env registry: `register` an env under an id, then `make` / `makeVec` it
 * (Gymnasium's `gymnasium.envs.registration`).
 *
 * Ids look like `namespace/Name-vN` (e.g. `dosegym/Warfarin-v0`, `classic/CartPole-v1`).
 *
 * `make(id, options)` builds the env from its entry point with the registered kwargs
 * overridden by `options`, then wraps it, from the inside out, exactly as Gymnasium does:
 * `PassiveEnvChecker` (innermost; skipped with `disableEnvChecker`) → `OrderEnforcing`
 * (skipped when registered with `orderEnforce: false`) → `TimeLimit` (when a
 * `maxEpisodeSteps` applies), and sets `env.spec`.
 *
 * `makeVec(id, n, options)` builds N envs stepping together:
 * - when the env registered a `vectorEntryPoint` (a native structure-of-arrays
 *   implementation), it is called as `vectorEntryPoint(n, kwargs, { maxEpisodeSteps })`.
 *   **Time limit for native vector envs:** a wrapper cannot truncate one sub-env of a
 *   VectorEnv (the interface has no per-env reset), so the native implementation receives
 *   the effective `maxEpisodeSteps` and must itself count steps per sub-env, set
 *   `truncations[i] = 1` on the step that reaches it, and autoreset that sub-env (same-step,
 *   with `finalObservation`), exactly as a TimeLimit-wrapped single env would;
 * - otherwise (or with `vectorizationMode: 'sync'`) it is a `SyncVectorEnv` over n
 *   `make(id, options)` copies, each with the full wrapper stack.
 */
import { InputError, NotFoundError } from '../core/errors.js';
import type { Env, EnvSpec } from './core.js';
import type { VectorEnv } from './vector/vector-env.js';
import { SyncVectorEnv } from './vector/sync-vector-env.js';
import { PassiveEnvChecker } from './wrappers/passive-env-checker.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { TimeLimit } from './wrappers/time-limit.js';

export type EnvKwargs = Record<string, unknown>;

/** Limits `makeVec` passes to a native vector entry point. */
export interface NativeVectorOptions {
  /** Truncate each sub-env after this many steps (undefined = no limit). */
  maxEpisodeSteps: number | undefined;
}

/** What `register` takes (Gymnasium's EnvSpec fields, camelCased). */
export interface EnvRegistration {
  /** `namespace/Name-vN`. */
  id: string;
  /** Builds one env from its (merged) kwargs. */
  entryPoint: (kwargs: EnvKwargs) => Env;
  /** Episode step limit applied by `make` through TimeLimit. */
  maxEpisodeSteps?: number;
  /** Return at which the task counts as solved. */
  rewardThreshold?: number;
  /** True when the env is not reproducible even with the same seed (checkEnv skips determinism). */
  nondeterministic?: boolean;
  /** Default constructor options, overridden by `make`'s options. */
  kwargs?: EnvKwargs;
  /** Native batched implementation; see the module doc for its time-limit duty. */
  vectorEntryPoint?: (numEnvs: number, kwargs: EnvKwargs, options: NativeVectorOptions) => VectorEnv;
  /** Wrap in OrderEnforcing (default true). */
  orderEnforce?: boolean;
  /** Skip the PassiveEnvChecker (default false). */
  disableEnvChecker?: boolean;
  /** One-line description shown by `dosegym envs`. */
  description?: string;
}

/** A registered env: its registration with defaults filled in. */
export interface RegisteredEnv extends EnvSpec {
  entryPoint: (kwargs: EnvKwargs) => Env;
  vectorEntryPoint: EnvRegistration['vectorEntryPoint'];
  orderEnforce: boolean;
  disableEnvChecker: boolean;
  nondeterministic: boolean;
  description: string | undefined;
}

/**
 * Options of `make`/`makeVec`: the env's kwargs overrides (flat, as Gymnasium's
 * `make(id, **kwargs)`), plus these reserved keys.
 */
export interface MakeOptions {
  /** Override the registered step limit; `null` or -1 removes the TimeLimit. */
  maxEpisodeSteps?: number | null;
  /** Skip the PassiveEnvChecker. */
  disableEnvChecker?: boolean;
  [kwarg: string]: unknown;
}

export interface MakeVecOptions extends MakeOptions {
  /** 'native' (default when a vectorEntryPoint exists) or 'sync' (SyncVectorEnv of `make` copies). */
  vectorizationMode?: 'native' | 'sync';
}

const RESERVED = new Set(['maxEpisodeSteps', 'disableEnvChecker', 'vectorizationMode']);

/** `namespace/Name-vN`: namespace and name from Gymnasium's id grammar, version required. */
const ID_PATTERN = /^([\w:-]+)\/([\w:.-]+?)-v(\d+)$/;

const registry = new Map<string, RegisteredEnv>();

/** Register an env. A second registration of the same id is an InputError. */
export function register(registration: EnvRegistration): void {
  const { id } = registration;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new InputError(`env id must look like 'namespace/Name-vN' (e.g. 'dosegym/Warfarin-v0'), got ${JSON.stringify(id)}`, 'id');
  }
  if (registry.has(id)) throw new InputError(`env id '${id}' is already registered`, 'id');
  if (typeof registration.entryPoint !== 'function') {
    throw new InputError(`${id}: entryPoint must be a function (kwargs) => Env`, 'entryPoint');
  }
  if (registration.maxEpisodeSteps !== undefined) checkMaxSteps(registration.maxEpisodeSteps, `${id}: maxEpisodeSteps`);
  registry.set(id, {
    id,
    entryPoint: registration.entryPoint,
    vectorEntryPoint: registration.vectorEntryPoint,
    maxEpisodeSteps: registration.maxEpisodeSteps,
    rewardThreshold: registration.rewardThreshold,
    nondeterministic: registration.nondeterministic ?? false,
    kwargs: { ...(registration.kwargs ?? {}) },
    orderEnforce: registration.orderEnforce ?? true,
    disableEnvChecker: registration.disableEnvChecker ?? false,
    description: registration.description,
  });
}

/** Remove a registration (for tests registering temporary envs). Returns whether it existed. */
export function unregister(id: string): boolean {
  return registry.delete(id);
}

/** Registered ids, sorted. */
export function listEnvs(): string[] {
  return [...registry.keys()].sort();
}

/** The registration of `id` (a copy); NotFoundError for an unknown id. */
export function spec(id: string): RegisteredEnv {
  const entry = registry.get(id);
  if (!entry) throw unknownEnv(id);
  return { ...entry, kwargs: { ...entry.kwargs } };
}

/** Build env `id` with the standard wrapper stack (see the module doc). */
export function make<Obs = unknown, Act = unknown>(id: string, options: MakeOptions = {}): Env<Obs, Act> {
  const entry = spec(id);
  const { kwargs, maxEpisodeSteps, disableEnvChecker } = resolveOptions(entry, options);
  let env: Env = entry.entryPoint(kwargs);
  if (!disableEnvChecker) env = new PassiveEnvChecker(env);
  if (entry.orderEnforce) env = new OrderEnforcing(env);
  if (maxEpisodeSteps !== undefined) env = new TimeLimit(env, maxEpisodeSteps);
  env.spec = {
    id,
    maxEpisodeSteps,
    rewardThreshold: entry.rewardThreshold,
    nondeterministic: entry.nondeterministic,
    kwargs,
  };
  return env as Env<Obs, Act>;
}

/** Build `numEnvs` copies of env `id` stepping together (see the module doc). */
export function makeVec(id: string, numEnvs: number, options: MakeVecOptions = {}): VectorEnv {
  const entry = spec(id);
  if (!Number.isSafeInteger(numEnvs) || numEnvs <= 0) {
    throw new InputError(`numEnvs must be a positive integer, got ${String(numEnvs)}`, 'numEnvs');
  }
  const mode = options.vectorizationMode ?? (entry.vectorEntryPoint ? 'native' : 'sync');
  if (mode !== 'native' && mode !== 'sync') {
    throw new InputError(`vectorizationMode must be 'native' or 'sync', got ${JSON.stringify(mode)}`, 'vectorizationMode');
  }
  if (mode === 'native') {
    if (!entry.vectorEntryPoint) throw new InputError(`${id} has no native vector implementation; use vectorizationMode 'sync'`, 'vectorizationMode');
    const { kwargs, maxEpisodeSteps } = resolveOptions(entry, options);
    return entry.vectorEntryPoint(numEnvs, kwargs, { maxEpisodeSteps });
  }
  const { vectorizationMode: _ignored, ...single } = options;
  void _ignored;
  const fns = Array.from({ length: numEnvs }, () => () => make(id, single));
  return new SyncVectorEnv(fns);
}

function resolveOptions(
  entry: RegisteredEnv,
  options: MakeOptions,
): { kwargs: EnvKwargs; maxEpisodeSteps: number | undefined; disableEnvChecker: boolean } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InputError(`${entry.id}: env options must be an object, got ${JSON.stringify(options)}`, 'options');
  }
  const kwargs: EnvKwargs = { ...entry.kwargs };
  for (const [key, value] of Object.entries(options)) {
    if (!RESERVED.has(key) && value !== undefined) kwargs[key] = value;
  }
  let maxEpisodeSteps = entry.maxEpisodeSteps;
  if (options.maxEpisodeSteps === null || options.maxEpisodeSteps === -1) maxEpisodeSteps = undefined;
  else if (options.maxEpisodeSteps !== undefined) {
    checkMaxSteps(options.maxEpisodeSteps, 'maxEpisodeSteps');
    maxEpisodeSteps = options.maxEpisodeSteps;
  }
  const disable = options.disableEnvChecker ?? entry.disableEnvChecker;
  if (typeof disable !== 'boolean') throw new InputError(`disableEnvChecker must be a boolean, got ${JSON.stringify(disable)}`, 'disableEnvChecker');
  return { kwargs, maxEpisodeSteps, disableEnvChecker: disable };
}

function checkMaxSteps(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InputError(`${field} must be a positive integer (or null / -1 for no limit), got ${JSON.stringify(value)}`, field);
  }
}

function unknownEnv(id: string): NotFoundError {
  const known = listEnvs();
  // Same namespace/name with another version: list just those, they are what was meant.
  const m = typeof id === 'string' ? ID_PATTERN.exec(id) : null;
  const sameName = m ? known.filter((k) => k.startsWith(`${m[1]}/${m[2]}-v`)) : [];
  return new NotFoundError('env', String(id), sameName.length > 0 ? sameName : known);
}
