/**
 * FrameStackObservation: the last `stackSize` observations stacked, oldest first, into
 * one Box of shape [stackSize, ...shape] (Gymnasium 1.x `FrameStackObservation`).
 *
 * At reset the stack is padded with copies of the first observation (`padding: 'reset'`,
 * Gymnasium's default) or with zeros (`padding: 'zero'`). Needs a Box observation space.
 */
import { InputError } from '../../core/errors.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../core.js';
import { Box, type BoxArray } from '../spaces/box.js';
import { Wrapper, envName } from './wrapper.js';

export interface FrameStackOptions {
  /** How to fill the stack at reset: 'reset' (repeat the first observation, default) or 'zero'. */
  padding?: 'reset' | 'zero';
}

export class FrameStackObservation<A extends BoxArray = Float32Array, Act = unknown> extends Wrapper<A, Act> {
  readonly stackSize: number;
  readonly padding: 'reset' | 'zero';
  private readonly space: Box<A>;
  private readonly frameSize: number;
  /** The stack, oldest frame first. */
  private readonly frames: A;

  constructor(env: Env<A, Act>, stackSize: number, options: FrameStackOptions = {}) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) throw new InputError(`FrameStackObservation needs a Box observation space; ${envName(env)} has ${String(inner)}`, 'observationSpace');
    if (!Number.isSafeInteger(stackSize) || stackSize <= 0) throw new InputError(`stackSize must be a positive integer, got ${String(stackSize)}`, 'stackSize');
    const padding = options.padding ?? 'reset';
    if (padding !== 'reset' && padding !== 'zero') throw new InputError(`padding must be 'reset' or 'zero', got ${JSON.stringify(padding)}`, 'padding');
    this.stackSize = stackSize;
    this.padding = padding;
    this.frameSize = inner.size;
    const low = new Float64Array(stackSize * inner.size);
    const high = new Float64Array(stackSize * inner.size);
    for (let k = 0; k < stackSize; k++) {
      low.set(inner.low, k * inner.size);
      high.set(inner.high, k * inner.size);
    }
    if (padding === 'zero') {
      // zero padding must stay inside the space
      for (let i = 0; i < low.length; i++) {
        low[i] = Math.min(low[i]!, 0);
        high[i] = Math.max(high[i]!, 0);
      }
    }
    this.space = new Box(low, high, [stackSize, ...inner.shape], inner.dtype) as Box<A>;
    this.frames = this.space.create();
  }

  override get observationSpace(): Box<A> {
    return this.space;
  }

  override reset(options?: ResetOptions): ResetResult<A> {
    const result = this.env.reset(options);
    for (let k = 0; k < this.stackSize - 1; k++) {
      if (this.padding === 'zero') this.frames.fill(0, k * this.frameSize, (k + 1) * this.frameSize);
      else this.frames.set(result.observation, k * this.frameSize);
    }
    this.frames.set(result.observation, (this.stackSize - 1) * this.frameSize);
    return { ...result, observation: this.frames.slice() as A };
  }

  override step(action: Act): StepResult<A> {
    const result = this.env.step(action);
    this.frames.copyWithin(0, this.frameSize);
    this.frames.set(result.observation, (this.stackSize - 1) * this.frameSize);
    return { ...result, observation: this.frames.slice() as A };
  }
}
