/**
 * TimeLimit: truncates episodes after `maxEpisodeSteps` steps (Gymnasium's `TimeLimit`).
 *
 * On the step that reaches the limit, `truncated` is set to true (the inner env's
 * `terminated` is kept as is: both can be true). Stepping again without a reset is a
 * StateError.
 */
import { InputError, StateError } from '../../core/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Wrapper, envName } from './wrapper.js';

export class TimeLimit<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  readonly maxEpisodeSteps: number;
  /** Steps taken in the current episode. */
  elapsedSteps = 0;
  private ended = false;

  constructor(env: Env<Obs, Act>, maxEpisodeSteps: number) {
    super(env);
    if (!Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new InputError(`maxEpisodeSteps must be a positive integer, got ${String(maxEpisodeSteps)}`, 'maxEpisodeSteps');
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    this.elapsedSteps = 0;
    this.ended = false;
    return this.env.reset(options);
  }

  override step(action: Act): StepResult<Obs> {
    if (this.ended) {
      throw new StateError(`${envName(this)}: step() after the episode was truncated at ${this.maxEpisodeSteps} steps; call reset() first`);
    }
    const result = this.env.step(action);
    this.elapsedSteps++;
    if (this.elapsedSteps >= this.maxEpisodeSteps) {
      result.truncated = true;
      this.ended = true;
    }
    if (result.terminated) this.ended = true;
    return result;
  }
}
