/**
 * TimeAwareObservation: appends the time step of the episode to a 1-D Box observation
 * (Gymnasium's `TimeAwareObservation`), which makes time-limited tasks Markov.
 *
 * The appended value is the number of steps taken so far (0 after reset), or that number
 * divided by `maxEpisodeSteps` with `normalizeTime: true`. `maxEpisodeSteps` comes from
 * the option or from `env.spec.maxEpisodeSteps` (set by `make`); one is required. The
 * space gains one element with bounds [0, maxEpisodeSteps] (or [0, 1]).
 */
import { InputError } from '../../core/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box, type BoxArray } from '../spaces/box.js';
import { Wrapper, envName } from './wrapper.js';

export interface TimeAwareOptions {
  /** Append t / maxEpisodeSteps instead of t (default false). */
  normalizeTime?: boolean;
  /** Episode length used for the bound and normalisation (default env.spec.maxEpisodeSteps). */
  maxEpisodeSteps?: number;
}

export class TimeAwareObservation<A extends BoxArray = Float32Array, Act = unknown> extends Wrapper<A, Act> {
  readonly normalizeTime: boolean;
  readonly maxEpisodeSteps: number;
  private readonly space: Box<A>;
  private t = 0;

  constructor(env: Env<A, Act>, options: TimeAwareOptions = {}) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box) || inner.shape.length !== 1) {
      throw new InputError(`TimeAwareObservation needs a 1-D Box observation space (flatten first); ${envName(env)} has ${String(inner)}`, 'observationSpace');
    }
    const max = options.maxEpisodeSteps ?? env.spec?.maxEpisodeSteps;
    if (max === undefined || !Number.isSafeInteger(max) || max <= 0) {
      throw new InputError(`TimeAwareObservation needs maxEpisodeSteps (option or env.spec), got ${String(max)}`, 'maxEpisodeSteps');
    }
    this.maxEpisodeSteps = max;
    this.normalizeTime = options.normalizeTime ?? false;
    const low = [...inner.low, 0];
    const high = [...inner.high, this.normalizeTime ? 1 : max];
    this.space = new Box(low, high, [inner.size + 1], inner.dtype) as Box<A>;
  }

  override get observationSpace(): Box<A> {
    return this.space;
  }

  override reset(options?: ResetOptions): ResetResult<A> {
    const result = this.env.reset(options);
    this.t = 0;
    return { ...result, observation: this.withTime(result.observation) };
  }

  override step(action: Act): StepResult<A> {
    const result = this.env.step(action);
    this.t += 1;
    return { ...result, observation: this.withTime(result.observation) };
  }

  private withTime(obs: A): A {
    const out = this.space.create();
    out.set(obs);
    out[out.length - 1] = this.normalizeTime ? this.t / this.maxEpisodeSteps : this.t;
    return out;
  }
}
