/**
 * Polyak (soft) target-network update, SB3 `common/utils.py` `polyak_update`:
 *
 *     target ← τ · online + (1 − τ) · target
 *
 * τ = 1 is a hard copy (DQN's periodic target sync); SAC uses τ = 0.005 every step.
 *
 * @example polyakUpdate(critic.variables, criticTarget.variables, 0.005)
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../core/errors.js';

export function polyakUpdate(online: readonly tf.Variable[], target: readonly tf.Variable[], tau: number): void {
  if (!(tau >= 0 && tau <= 1)) throw new InputError(`polyak tau must be in [0, 1], got ${tau}`, 'tau');
  if (online.length !== target.length) {
    throw new InputError(`polyak update needs as many target variables (${target.length}) as online ones (${online.length})`, 'target');
  }
  tf.tidy(() => {
    online.forEach((v, i) => {
      const t = target[i]!;
      if (v.shape.join('x') !== t.shape.join('x')) {
        throw new InputError(`polyak update: variable ${i} has shape [${v.shape}] but its target [${t.shape}]`, 'target');
      }
      t.assign(tau === 1 ? v : tf.add(tf.mul(v, tau), tf.mul(t, 1 - tau)));
    });
  });
}

/**
 * The same update on flat parameter arrays (the 'ts' engines' `TrainableMlp.params`):
 * target[k] ← τ·online[k] + (1 − τ)·target[k]; τ = 1 copies.
 */
export function polyakUpdateFlat(online: Float32Array | Float64Array, target: Float32Array | Float64Array, tau: number): void {
  if (!(tau >= 0 && tau <= 1)) throw new InputError(`polyak tau must be in [0, 1], got ${tau}`, 'tau');
  if (online.length !== target.length) throw new InputError(`polyak update: ${online.length} online parameters but ${target.length} target ones`, 'target');
  if (tau === 1) {
    target.set(online);
    return;
  }
  const keep = 1 - tau;
  for (let k = 0; k < online.length; k++) target[k] = tau * online[k]! + keep * target[k]!;
}
