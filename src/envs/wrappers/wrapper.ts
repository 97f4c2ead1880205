/**
 * Wrapper: an Env that delegates to an inner env and changes part of its behaviour,
 * as Gymnasium's `gymnasium.Wrapper`.
 *
 * By default every member forwards to the inner env; subclasses override `reset`/`step`
 * (and the spaces when they change them). `unwrapped` is the innermost env. `spec` is
 * shared with the inner env (setting it on a wrapper sets it on the whole stack), so
 * `make` can set it once on the outermost wrapper.
 */
import type { Env, EnvMetadata, EnvSpec, ResetOptions, ResetResult, StepResult } from '../core.js';
import type { Space } from '../spaces/space.js';

export class Wrapper<Obs = unknown, Act = unknown, InnerObs = Obs, InnerAct = Act> implements Env<Obs, Act> {
  readonly env: Env<InnerObs, InnerAct>;

  constructor(env: Env<InnerObs, InnerAct>) {
    this.env = env;
  }

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace as unknown as Space<Obs>;
  }

  get actionSpace(): Space<Act> {
    return this.env.actionSpace as unknown as Space<Act>;
  }

  get metadata(): EnvMetadata {
    return this.env.metadata;
  }

  get spec(): EnvSpec | undefined {
    return this.env.spec;
  }

  set spec(value: EnvSpec | undefined) {
    this.env.spec = value;
  }

  /** The innermost env. */
  get unwrapped(): Env {
    let e: Env = this as Env;
    while (e instanceof Wrapper) e = e.env as Env;
    return e;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(options) as unknown as ResetResult<Obs>;
  }

  step(action: Act): StepResult<Obs> {
    return this.env.step(action as unknown as InnerAct) as unknown as StepResult<Obs>;
  }

  close(): void {
    this.env.close();
  }

  toString(): string {
    return `${this.constructor.name}<${String(this.env)}>`;
  }
}

/** The first wrapper of class `cls` in the stack from `env` inwards, if any. */
export function findWrapper<W>(env: Env, cls: abstract new (...args: never[]) => W): W | undefined {
  let e: Env = env;
  for (;;) {
    if (e instanceof cls) return e as W;
    if (!(e instanceof Wrapper)) return undefined;
    e = e.env as Env;
  }
}

/** A short name for an env in error messages: its spec id or its class name. */
export function envName(env: Env): string {
  const id = env.spec?.id;
  if (id) return id;
  let e: Env = env;
  while (e instanceof Wrapper) e = e.env as Env;
  return e.constructor.name;
}
