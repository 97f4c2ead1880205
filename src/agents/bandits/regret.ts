/**
 * Running a contextual bandit and tracking its cumulative (pseudo-)regret.
 *
 * Regret of round t is max_a E[r_a | x_t] − E[r_{a_t} | x_t] when the env knows its
 * expected rewards (pseudo-regret: the noise the agent could not avoid is not counted);
 * otherwise only rewards are recorded and regret is NaN.
 *
 * @example
 * const run = runBandit(env, new LinUcb({ nArms: env.nArms, contextDim: env.contextDim }), 2000);
 * run.cumulativeRegret[1999]; run.accuracy // share of rounds on an optimal arm
 */
import { InputError } from '../../core/errors.js';
import type { BanditAgent, BanditEnv } from './bandit-env.js';
import { checkArm } from './bandit-env.js';

export interface BanditRun {
  agent: string;
  rounds: number;
  /** Arm chosen per round. */
  arms: Int32Array;
  /** Observed reward per round. */
  rewards: Float64Array;
  /** Cumulative pseudo-regret after each round (NaN without expected rewards). */
  cumulativeRegret: Float64Array;
  /** Share of rounds whose arm had the highest expected reward (NaN without them). */
  accuracy: number;
  totalReward: number;
}

/** Play `rounds` rounds (from round `start`) of `agent` on `env`, updating the agent. */
export function runBandit(env: BanditEnv, agent: BanditAgent, rounds: number, start = 0): BanditRun {
  if (!Number.isInteger(rounds) || rounds < 1) throw new InputError(`rounds must be a positive integer, got ${rounds}`, 'rounds');
  if (start + rounds > env.horizon) throw new InputError(`the env has ${env.horizon} rounds; cannot play ${start}…${start + rounds - 1}`, 'rounds');
  if (agent.nArms !== env.nArms) throw new InputError(`agent has ${agent.nArms} arms, env ${env.nArms}`, 'nArms');
  const x = new Float64Array(env.contextDim);
  const expected = new Float64Array(env.nArms);
  const arms = new Int32Array(rounds);
  const rewards = new Float64Array(rounds);
  const cumulativeRegret = new Float64Array(rounds);
  let regret = 0;
  let optimal = 0;
  let total = 0;
  for (let k = 0; k < rounds; k++) {
    const t = start + k;
    env.context(t, x);
    const arm = agent.select(x);
    checkArm(arm, env.nArms);
    const r = env.reward(t, arm);
    agent.update(x, arm, r);
    arms[k] = arm;
    rewards[k] = r;
    total += r;
    if (env.expectedRewards) {
      env.expectedRewards(t, expected);
      let best = -Infinity;
      for (let a = 0; a < env.nArms; a++) best = Math.max(best, expected[a]!);
      regret += best - expected[arm]!;
      if (expected[arm]! === best) optimal++;
      cumulativeRegret[k] = regret;
    } else cumulativeRegret[k] = Number.NaN;
  }
  return { agent: agent.name, rounds, arms, rewards, cumulativeRegret, accuracy: env.expectedRewards ? optimal / rounds : Number.NaN, totalReward: total };
}

/** Baseline agent that always plays the same arm (e.g. the fixed medium warfarin dose). */
export class FixedArm implements BanditAgent {
  readonly name: string;
  constructor(
    readonly nArms: number,
    readonly arm: number,
  ) {
    checkArm(arm, nArms);
    this.name = `fixed-arm-${arm}`;
  }
  select(): number {
    return this.arm;
  }
  update(): void {}
}

/** Baseline agent choosing arms uniformly at random from a stream. */
export class UniformRandomArm implements BanditAgent {
  readonly name = 'uniform-random';
  constructor(
    readonly nArms: number,
    private readonly rng: { int(n: number): number },
  ) {}
  select(): number {
    return this.rng.int(this.nArms);
  }
  update(): void {}
}
