/**
 * Training callbacks (SB3 `common/callbacks.py` in miniature). A callback is called after
 * every rollout + update; returning `false` stops training.
 *
 * - {@link EvalCallback}: every `evalFreq` env steps, evaluate the current policy
 *   deterministically on a separate VectorEnv; optionally stop once the mean return
 *   reaches `rewardThreshold` (SB3's StopTrainingOnRewardThreshold).
 * - {@link evaluatePolicy}: mean/std return over N complete episodes.
 */
import type { Policy } from '../policy.js';
import type { VectorEnv } from '../../envs/vector/vector-env.js';

/** One row of the training log, written after each update. */
export interface UpdateLog {
  /** Env steps so far (all sub-envs). */
  timesteps: number;
  /** Number of the update (1-based). */
  update: number;
  /** Mean return of the last 100 finished episodes (NaN before the first). */
  meanEpisodeReturn: number;
  meanEpisodeLength: number;
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  /** 1 − Var(returns − values)/Var(returns) over the rollout. */
  explainedVariance: number;
  learningRate: number;
  clipRange: number;
  /** Epochs completed (fewer than nEpochs after a target-KL early stop). */
  epochs: number;
  /** Env steps per second since training began. */
  fps: number;
  [key: string]: number;
}

export interface CallbackContext {
  timesteps: number;
  totalTimesteps: number;
  /** The policy as it is now (acts with the current weights). */
  policy: Policy;
  log: UpdateLog;
}

export interface TrainingCallback {
  /** After each update. Return false to stop training. */
  onUpdate(ctx: CallbackContext): boolean | void;
}

export interface EvaluationResult {
  meanReturn: number;
  stdReturn: number;
  returns: number[];
  lengths: number[];
}

/**
 * Run `policy` on `env` until `nEpisodes` episodes have finished (the first ones to finish,
 * counted across sub-envs) and summarise their returns. The env is reset with `seed`.
 */
export function evaluatePolicy(
  policy: Policy,
  env: VectorEnv,
  { nEpisodes = 10, deterministic = true, seed, maxSteps = 1_000_000 }: { nEpisodes?: number; deterministic?: boolean; seed?: number; maxSteps?: number } = {},
): EvaluationResult {
  let { observations, infos } = env.reset(seed === undefined ? {} : { seed });
  policy.reset();
  const n = env.numEnvs;
  const running = new Float64Array(n);
  const runningLen = new Int32Array(n);
  const returns: number[] = [];
  const lengths: number[] = [];
  const ended = new Uint8Array(n);
  for (let step = 0; returns.length < nEpisodes && step < maxSteps; step++) {
    const actions = policy.act(observations, infos, { deterministic });
    const r = env.step(actions);
    ended.fill(0);
    for (let i = 0; i < n; i++) {
      running[i] = running[i]! + r.rewards[i]!;
      runningLen[i] = runningLen[i]! + 1;
      if (r.terminations[i] || r.truncations[i]) {
        ended[i] = 1;
        if (returns.length < nEpisodes) {
          returns.push(running[i]!);
          lengths.push(runningLen[i]!);
        }
        running[i] = 0;
        runningLen[i] = 0;
      }
    }
    policy.reset(ended);
    observations = r.observations;
    infos = r.infos;
  }
  const mean = returns.reduce((a, b) => a + b, 0) / Math.max(1, returns.length);
  const std = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, returns.length));
  return { meanReturn: mean, stdReturn: std, returns, lengths };
}

export interface EvalCallbackOptions {
  /** Evaluate every this many env steps (checked after each update). */
  evalFreq: number;
  nEpisodes?: number;
  /** Stop training when the mean evaluation return reaches this. */
  rewardThreshold?: number;
  /** Seed for the evaluation env's reset (same patients every evaluation). */
  seed?: number;
}

export class EvalCallback implements TrainingCallback {
  readonly evaluations: { timesteps: number; result: EvaluationResult }[] = [];
  private nextEval: number;

  constructor(
    private readonly env: VectorEnv,
    private readonly options: EvalCallbackOptions,
  ) {
    this.nextEval = options.evalFreq;
  }

  get best(): number {
    return Math.max(-Infinity, ...this.evaluations.map((e) => e.result.meanReturn));
  }

  onUpdate(ctx: CallbackContext): boolean | void {
    if (ctx.timesteps < this.nextEval) return;
    while (this.nextEval <= ctx.timesteps) this.nextEval += this.options.evalFreq;
    const result = evaluatePolicy(ctx.policy, this.env, { nEpisodes: this.options.nEpisodes ?? 5, seed: this.options.seed });
    this.evaluations.push({ timesteps: ctx.timesteps, result });
    ctx.log.evalMeanReturn = result.meanReturn;
    if (this.options.rewardThreshold !== undefined && result.meanReturn >= this.options.rewardThreshold) return false;
  }
}
