/**
 * Baseline policies: RandomPolicy (uniform over the action space, from a stream) and
 * ConstantPolicy (the same action always). Both are batched like every Policy and write
 * actions in the VectorEnv layout (see envs/spaces/flatten.ts: Int32Array for Discrete,
 * MultiDiscrete and MultiBinary, Float32Array for Box).
 */
import { InputError } from '../core/errors.js';
import type { RandomStream } from '../core/random.js';
import type { VectorInfo, BatchedActions } from '../envs/vector/vector-env.js';
import type { Space } from '../envs/spaces/space.js';
import { createActionBatch, writeBatchedAction } from '../envs/spaces/flatten.js';
import { formatValue, spaceLabel } from '../envs/wrappers/passive-env-checker.js';
import type { Policy, PolicyContext } from './policy.js';

/**
 * Samples each sub-env's action with `actionSpace.sample(rng)`. With `info.actionMask`
 * present and a Discrete space, it samples uniformly among the allowed actions.
 * The returned batch is reused across calls.
 */
export class RandomPolicy implements Policy {
  readonly name = 'random';
  private readonly ctx: PolicyContext;
  private readonly rng: RandomStream;
  private readonly actions: Int32Array | Float32Array;

  constructor(ctx: PolicyContext, rng: RandomStream) {
    this.ctx = ctx;
    this.rng = rng;
    this.actions = createActionBatch(ctx.actionSpace, ctx.numEnvs);
  }

  reset(): void {}

  act(_observations: Float32Array, infos: VectorInfo): BatchedActions {
    const space = this.ctx.actionSpace;
    const mask = infos?.actionMask;
    const n = (space as { n?: number }).n;
    for (let i = 0; i < this.ctx.numEnvs; i++) {
      if (mask && space.type === 'Discrete' && typeof n === 'number') {
        const weights = mask.subarray(i * n, (i + 1) * n);
        const start = (space as { start?: number }).start ?? 0;
        this.actions[i] = start + this.rng.categorical(weights.some((w) => w > 0) ? weights : new Uint8Array(n).fill(1));
      } else {
        writeBatchedAction(space, space.sample(this.rng), this.actions, i);
      }
    }
    return this.actions;
  }
}

/** Always the same action (validated against the action space at construction). */
export class ConstantPolicy implements Policy {
  readonly name: string;
  private readonly actions: Int32Array | Float32Array;

  constructor(ctx: PolicyContext, action: unknown) {
    const value = toSpaceElement(ctx.actionSpace, action);
    if (!ctx.actionSpace.contains(value)) {
      const explain = (ctx.actionSpace as { explain?: (x: unknown) => string | undefined }).explain;
      const why = typeof explain === 'function' ? `: ${explain.call(ctx.actionSpace, value)}` : '';
      throw new InputError(`constant action ${formatValue(action)} is not in the action space ${spaceLabel(ctx.actionSpace)}${why}`, 'action');
    }
    this.name = `constant:${JSON.stringify(Array.isArray(action) || typeof action === 'number' ? action : formatValue(action))}`;
    this.actions = createActionBatch(ctx.actionSpace, ctx.numEnvs);
    for (let i = 0; i < ctx.numEnvs; i++) writeBatchedAction(ctx.actionSpace, value, this.actions, i);
  }

  reset(): void {}

  act(): BatchedActions {
    return this.actions;
  }
}

/**
 * A JSON value as an element of `space`: arrays become the space's typed array
 * (Float32Array for float32 Box, Float64Array for float64, Int32Array for MultiDiscrete,
 * Int8Array for MultiBinary); a bare number for a 1-element Box is accepted as [x].
 */
export function toSpaceElement(space: Space, value: unknown): unknown {
  if (space.type === 'Box') {
    const arr = typeof value === 'number' ? [value] : value;
    if (!Array.isArray(arr) || !arr.every((v) => typeof v === 'number')) return value;
    return space.dtype === 'float64' ? Float64Array.from(arr) : Float32Array.from(arr);
  }
  if (space.type === 'MultiDiscrete' && Array.isArray(value) && value.every((v) => Number.isInteger(v))) return Int32Array.from(value);
  if (space.type === 'MultiBinary' && Array.isArray(value) && value.every((v) => v === 0 || v === 1)) return Int8Array.from(value);
  return value;
}
