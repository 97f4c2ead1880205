/**
 * What an RL agent needs to know about a single sub-env action space, read from the
 * space's Gymnasium JSON (`toJSON()`, part of the Space contract) so that it works with
 * any Space implementation.
 */
import { InputError } from '../../core/errors.js';
import type { Space } from '../../envs/spaces/space.js';

export type ActionSpec =
  | { kind: 'discrete'; n: number; start: number }
  | { kind: 'box'; dim: number; low: Float32Array; high: Float32Array };

function bound(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function broadcast(v: unknown, dim: number, fallback: number): Float32Array {
  const out = new Float32Array(dim);
  for (let j = 0; j < dim; j++) out[j] = bound(Array.isArray(v) ? v.flat(Infinity)[j] : v, fallback);
  return out;
}

/** Discrete(n, start) or a Box of any shape (flattened); anything else is an InputError. */
export function actionSpecOf(space: Space): ActionSpec {
  const json = space.toJSON();
  if (json.type === 'Discrete') {
    const n = Number(json.n);
    if (!Number.isInteger(n) || n < 1) throw new InputError(`Discrete action space has invalid n=${String(json.n)}`, 'actionSpace');
    return { kind: 'discrete', n, start: Number(json.start ?? 0) };
  }
  if (json.type === 'Box') {
    const dim = space.shape.reduce((a, b) => a * b, 1);
    return { kind: 'box', dim, low: broadcast(json.low, dim, -Infinity), high: broadcast(json.high, dim, Infinity) };
  }
  throw new InputError(`action space '${json.type}' is not supported (expected Discrete or Box)`, 'actionSpace');
}

/** Output width of the policy network: logits for Discrete, means for Box. */
export function actionHeadSize(spec: ActionSpec): number {
  return spec.kind === 'discrete' ? spec.n : spec.dim;
}

/** Clip Box actions into the bounds (into `out`), the env-facing copy of stored actions. */
export function clipToBox(actions: Float32Array, spec: Extract<ActionSpec, { kind: 'box' }>, out: Float32Array): Float32Array {
  const d = spec.dim;
  for (let k = 0; k < actions.length; k++) {
    const j = k % d;
    const a = actions[k]!;
    out[k] = a < spec.low[j]! ? spec.low[j]! : a > spec.high[j]! ? spec.high[j]! : a;
  }
  return out;
}

/**
 * How observations are fed to the networks (SB3 `preprocess_obs`): a Discrete observation
 * (one number per sub-env in the VectorEnv row) is one-hot encoded into n inputs;
 * anything else is used as its flattened float row.
 */
export type ObservationSpec = { kind: 'discrete'; n: number; start: number } | { kind: 'flat'; size: number };

export function observationSpecOf(space: Space, observationSize: number): ObservationSpec {
  const json = space.toJSON();
  if (json.type === 'Discrete' && observationSize === 1) return { kind: 'discrete', n: Number(json.n), start: Number(json.start ?? 0) };
  return { kind: 'flat', size: observationSize };
}

/** Width of one network input row. */
export function inputSizeOf(spec: ObservationSpec): number {
  return spec.kind === 'discrete' ? spec.n : spec.size;
}
