/**
 * ClipAction: clips continuous actions to the inner env's Box bounds before stepping
 * (Gymnasium's `ClipAction`). The wrapper's action space is Box(−∞, ∞) of the same shape,
 * so any finite action is accepted; NaN, wrong lengths and non-arrays are still InputErrors.
 */
import { InputError } from '../../core/errors.js';
import type { Env, StepResult } from '../core.js';
import { Box, type BoxArray } from '../spaces/box.js';
import { Wrapper, envName } from './wrapper.js';
import { formatValue } from './passive-env-checker.js';

export class ClipAction<Obs = unknown, A extends BoxArray = Float32Array> extends Wrapper<Obs, A | number[]> {
  private readonly inner: Box<A>;
  private readonly space: Box<A>;

  constructor(env: Env<Obs, A>) {
    super(env as unknown as Env<Obs, A | number[]>);
    const inner = env.actionSpace;
    if (!(inner instanceof Box)) throw new InputError(`ClipAction needs a Box action space; ${envName(env)} has ${String(inner)}`, 'actionSpace');
    this.inner = inner as Box<A>;
    this.space = new Box(-Infinity, Infinity, inner.shape, inner.dtype) as Box<A>;
  }

  override get actionSpace(): Box<A> {
    return this.space;
  }

  override step(action: A | number[]): StepResult<Obs> {
    const { low, high, size } = this.inner;
    if (!(ArrayBuffer.isView(action) || Array.isArray(action)) || action.length !== size) {
      throw new InputError(`${envName(this)}: action ${formatValue(action)} is not in ${String(this.space)}: expected ${size} numbers`, 'action');
    }
    const clipped = this.inner.create();
    for (let i = 0; i < size; i++) {
      const a = action[i]!;
      if (typeof a !== 'number' || Number.isNaN(a)) {
        throw new InputError(`${envName(this)}: action ${formatValue(action)} has a non-number at ${i}`, 'action');
      }
      clipped[i] = a < low[i]! ? low[i]! : a > high[i]! ? high[i]! : a;
    }
    return this.env.step(clipped);
  }
}
