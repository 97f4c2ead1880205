/**
 * Generalised Advantage Estimation (Schulman et al. 2016) with SB3's semantics
 * (`common/buffers.py` `RolloutBuffer.compute_returns_and_advantage`), adapted to a
 * same-step-autoreset VectorEnv.
 *
 * Layout: time-major, entry `t * nEnvs + i` is sub-env i at rollout step t: the value
 * V(s_t) of the observation acted on, the reward r_t and the flags of that step.
 *
 * Per step:
 * - `done_t = terminated_t || truncated_t`; after a done the next row belongs to a new
 *   episode, so nothing flows back across it (`nextNonTerminal = 1 − done_t`).
 * - **Truncation bootstrap** (SB3 `on_policy_algorithm.py`, GH #633): a step that was
 *   truncated but not terminated adds γ·V(finalObservation) to its reward. The returned
 *   observation row is already the next episode's first obs, so the caller must supply
 *   V(finalObservation) in `bootstrapValues`. A terminated step never bootstraps.
 * - The last rollout step bootstraps from `lastValues` = V(obs after the last step)
 *   unless it was done.
 *
 *   δ_t = r'_t + γ·V_{t+1}·(1 − done_t) − V_t
 *   A_t = δ_t + γλ·(1 − done_t)·A_{t+1}
 *   R_t = A_t + V_t     (a TD(λ) target, not a Monte-Carlo return)
 */
import { InputError } from '../../core/errors.js';

export interface GaeInput {
  nSteps: number;
  nEnvs: number;
  /** [nSteps × nEnvs] rewards as returned by the env (before bootstrap). */
  rewards: ArrayLike<number>;
  /** [nSteps × nEnvs] V(s_t). */
  values: ArrayLike<number>;
  /** [nSteps × nEnvs] 1 where the step terminated. */
  terminations: ArrayLike<number>;
  /** [nSteps × nEnvs] 1 where the step was truncated. */
  truncations: ArrayLike<number>;
  /** [nSteps × nEnvs] V(finalObservation) where truncated (read only there). */
  bootstrapValues: ArrayLike<number>;
  /** [nEnvs] V of the observation after the last step. */
  lastValues: ArrayLike<number>;
  gamma: number;
  lambda: number;
}

/**
 * Compute advantages and returns into `advantages` / `returns` ([nSteps × nEnvs] each,
 * allocated when omitted).
 */
export function computeGae(
  input: GaeInput,
  advantages: Float32Array = new Float32Array(input.nSteps * input.nEnvs),
  returns: Float32Array = new Float32Array(input.nSteps * input.nEnvs),
): { advantages: Float32Array; returns: Float32Array } {
  const { nSteps, nEnvs, rewards, values, terminations, truncations, bootstrapValues, lastValues, gamma, lambda } = input;
  const n = nSteps * nEnvs;
  for (const [name, arr] of [
    ['rewards', rewards],
    ['values', values],
    ['terminations', terminations],
    ['truncations', truncations],
    ['bootstrapValues', bootstrapValues],
  ] as const) {
    if (arr.length !== n) throw new InputError(`computeGae: ${name} has length ${arr.length}, expected ${nSteps}×${nEnvs}`, name);
  }
  if (lastValues.length !== nEnvs) throw new InputError(`computeGae: lastValues has length ${lastValues.length}, expected ${nEnvs}`, 'lastValues');
  for (let i = 0; i < nEnvs; i++) {
    let lastGae = 0;
    for (let t = nSteps - 1; t >= 0; t--) {
      const k = t * nEnvs + i;
      const terminated = terminations[k]! !== 0;
      const truncated = truncations[k]! !== 0;
      const nextNonTerminal = terminated || truncated ? 0 : 1;
      // SB3: reward += gamma * V(terminal_obs) for time-limit cuts only.
      const reward = truncated && !terminated ? rewards[k]! + gamma * bootstrapValues[k]! : rewards[k]!;
      const nextValue = t === nSteps - 1 ? lastValues[i]! : values[k + nEnvs]!;
      const delta = reward + gamma * nextValue * nextNonTerminal - values[k]!;
      lastGae = delta + gamma * lambda * nextNonTerminal * lastGae;
      advantages[k] = lastGae;
      returns[k] = lastGae + values[k]!;
    }
  }
  return { advantages, returns };
}
