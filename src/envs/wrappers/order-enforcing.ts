/**
 * OrderEnforcing: `step` before the first `reset`, or after the episode ended
 * (terminated or truncated) without a new `reset`, is a StateError. Stricter than
 * Gymnasium's, which only checks the first reset: stepping a finished episode silently
 * produces meaningless transitions.
 */
import { StateError } from '../../core/errors.js';
import type { ResetOptions, ResetResult, StepResult } from '../core.js';
import { Wrapper, envName } from './wrapper.js';

export class OrderEnforcing<Obs = unknown, Act = unknown> extends Wrapper<Obs, Act> {
  private hasReset = false;
  private ended = false;

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.hasReset = true;
    this.ended = false;
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.hasReset) throw new StateError(`${envName(this)}: step() called before reset()`);
    if (this.ended) throw new StateError(`${envName(this)}: step() called after the episode ended (terminated or truncated); call reset() first`);
    const result = this.env.step(action);
    if (result.terminated || result.truncated) this.ended = true;
    return result;
  }

  /** Whether reset() has been called at least once. */
  get hasResetOnce(): boolean {
    return this.hasReset;
  }
}
