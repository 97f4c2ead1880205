/**
 * Policy specs: how the CLI and experiment configs name a policy, resolved to a Policy.
 *
 * A spec is one of:
 * - `random`: RandomPolicy, drawing from the stream given to `resolvePolicy`;
 * - `constant:<json action>`: ConstantPolicy, e.g. `constant:3` (Discrete),
 *   `constant:[0.5]` or `constant:0.5` (Box of one), validated against the action space;
 * - `<name>` or `<name>:<args>`: a factory registered with `registerPolicy` (agents,
 *   controllers and clinical protocols register themselves; `args` is the text after the
 *   first ':' and its format is the factory's);
 * - a path to a saved policy: offered to each loader registered with
 *   `registerPolicyLoader`, in registration order; the first that returns a promise wins.
 *
 * Unknown names and paths no loader claims are a NotFoundError listing the known names;
 * malformed arguments an InputError.
 */
import { InputError, NotFoundError, parseJson } from '../core/errors.js';
import type { RandomStream } from '../core/random.js';
import type { Policy, PolicyContext } from './policy.js';
import { ConstantPolicy, RandomPolicy } from './simple-policies.js';

/** Builds a policy for a context; `args` is the spec text after `name:` (undefined without). */
export type PolicyFactory = (ctx: PolicyContext, args: string | undefined, rng: RandomStream) => Policy | Promise<Policy>;

/** Loads a saved policy from `path`, or returns undefined when the path is not its format. */
export type PolicyLoader = (path: string, ctx: PolicyContext) => Promise<Policy> | undefined;

const NAME_PATTERN = /^[A-Za-z][\w.+-]*$/;
const factories = new Map<string, PolicyFactory>();
const loaders: PolicyLoader[] = [];

/** Register a named policy factory. Names are letters, digits, '_', '.', '+', '-'. */
export function registerPolicy(name: string, factory: PolicyFactory): void {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new InputError(`policy name must start with a letter and hold letters, digits, '_', '.', '+', '-'; got ${JSON.stringify(name)}`, 'name');
  }
  if (factories.has(name)) throw new InputError(`policy '${name}' is already registered`, 'name');
  if (typeof factory !== 'function') throw new InputError(`policy '${name}': factory must be a function`, 'factory');
  factories.set(name, factory);
}

/** Register a loader for saved-policy paths. */
export function registerPolicyLoader(loader: PolicyLoader): void {
  loaders.push(loader);
}

/** Registered policy names, sorted (includes `random` and `constant`). */
export function listPolicies(): string[] {
  return [...factories.keys()].sort();
}

/**
 * The policy named by `spec` for `ctx`. `rng` is the stream stochastic policies draw from
 * (fork a named stream for it, e.g. `root.fork('policy')`).
 * @example await resolvePolicy('constant:[0.5]', ctx, rng)
 */
export async function resolvePolicy(spec: string, ctx: PolicyContext, rng: RandomStream): Promise<Policy> {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new InputError(`--policy must be a policy spec (random, constant:<json>, a registered name or a path), got ${JSON.stringify(spec)}`, 'policy');
  }
  const colon = spec.indexOf(':');
  const name = colon === -1 ? spec : spec.slice(0, colon);
  const args = colon === -1 ? undefined : spec.slice(colon + 1);
  const factory = factories.get(name);
  if (factory) return factory(ctx, args, rng);
  for (const loader of loaders) {
    const loaded = loader(spec, ctx);
    if (loaded !== undefined) return loaded;
  }
  throw new NotFoundError('policy', spec, listPolicies());
}

registerPolicy('random', (ctx, args, rng) => {
  if (args !== undefined) throw new InputError(`policy 'random' takes no arguments, got 'random:${args}'`, 'policy');
  return new RandomPolicy(ctx, rng);
});

registerPolicy('constant', (ctx, args) => {
  if (args === undefined || args.trim() === '') {
    throw new InputError("policy 'constant' needs an action as JSON, e.g. 'constant:3' or 'constant:[0.5]'", 'policy');
  }
  const action = parseJson(args, `--policy constant:${args}`);
  return new ConstantPolicy(ctx, action);
});
