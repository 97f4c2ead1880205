/**
 * RescaleAction: the agent acts in [minAction, maxAction] (e.g. [−1, 1]) and the action is
 * mapped affinely onto the inner env's bounded Box (Gymnasium's `RescaleAction`):
 *
 *   inner = low + (high − low) · (a − minAction) / (maxAction − minAction)
 *
 * Actions outside [minAction, maxAction] are an InputError (combine with ClipAction
 * outside this wrapper to clip them instead).
 */
import { InputError } from '../../core/errors.js';
import type { Env, StepResult } from '../core.js';
import { Box, type BoxArray } from '../spaces/box.js';
import { Wrapper, envName } from './wrapper.js';
import { formatValue } from './passive-env-checker.js';

export class RescaleAction<Obs = unknown, A extends BoxArray = Float32Array> extends Wrapper<Obs, A> {
  private readonly inner: Box<A>;
  private readonly space: Box<A>;

  constructor(env: Env<Obs, A>, minAction: number | ArrayLike<number> = -1, maxAction: number | ArrayLike<number> = 1) {
    super(env);
    const inner = env.actionSpace;
    if (!(inner instanceof Box)) throw new InputError(`RescaleAction needs a Box action space; ${envName(env)} has ${String(inner)}`, 'actionSpace');
    if (!inner.isBounded()) throw new InputError(`RescaleAction needs a bounded action space; ${envName(env)} has ${String(inner)}`, 'actionSpace');
    this.inner = inner as Box<A>;
    this.space = new Box(minAction, maxAction, inner.shape, inner.dtype) as Box<A>;
    for (let i = 0; i < this.space.size; i++) {
      if (!(this.space.low[i]! < this.space.high[i]!) || !Number.isFinite(this.space.low[i]!) || !Number.isFinite(this.space.high[i]!)) {
        throw new InputError(`RescaleAction: minAction must be finite and below maxAction at index ${i}`, 'minAction');
      }
    }
  }

  override get actionSpace(): Box<A> {
    return this.space;
  }

  override step(action: A): StepResult<Obs> {
    if (!this.space.contains(action)) {
      throw new InputError(`${envName(this)}: action ${formatValue(action)} is not in the action space ${String(this.space)}: ${this.space.explain(action)}`, 'action');
    }
    const { low, high } = this.inner;
    const out = this.inner.create();
    for (let i = 0; i < out.length; i++) {
      const lo = this.space.low[i]!;
      const hi = this.space.high[i]!;
      const v = low[i]! + (high[i]! - low[i]!) * ((action[i]! - lo) / (hi - lo));
      out[i] = v;
      // float rounding can land a hair outside the inner bounds
      if (out[i]! < low[i]!) out[i] = low[i]!;
      if (out[i]! > high[i]!) out[i] = high[i]!;
    }
    return this.env.step(out);
  }
}
