/**
 * Accuracy of HIV-v0's integrator (RK4, 50 substeps of 0.1 d per 5-day step) over whole
 * 200-step episodes, against two high-accuracy references:
 *
 * 1. scipy `solve_ivp(method='Radau', rtol=1e-12, atol=1e-12)`, the golden numbers below,
 *    printed by `python3 bench/hiv_scipy_reference.py reference` (scipy 1.17);
 * 2. this project's Dormand–Prince 5(4) (src/pkpd/ode/dopri5.ts) at rtol 1e-11 over
 *    `adams2004Hiv.rhs`, restarted at every step.
 *
 * The requirement is 1e-4 relative on returns. Reached: < 2e-8 for the constant policies
 * (largest 6.5e-9, RTI only), 2.3e-7 for the switching policy, < 1e-5 for random action
 * sequences (largest measured 4.4e-6). The one-step check numbers are
 * reference/pkpd-models.md §6 (D).
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { HivEnv } from '../../../src/envs/hiv/hiv-env.js';
import { HIV_RADAU_CONSTANT_RETURNS, HIV_RADAU_SWITCHING_RETURN, hivSwitchingAction } from '../../../src/envs/hiv/reference-returns.js';
import { HIV_ACTION_EPS1, HIV_ACTION_EPS2, hivReward } from '../../../src/envs/hiv/hiv-kernel.js';
import { Dopri5Solver } from '../../../src/pkpd/ode/dopri5.js';
import { adams2004Hiv, HIV_PARAM, HIV_UNHEALTHY_STATE } from '../../../src/pkpd/models/adams2004-hiv.js';
import { typicalParameters } from '../../../src/pkpd/types.js';

const RADAU_CONSTANT = HIV_RADAU_CONSTANT_RETURNS;
const RADAU_SWITCHING = HIV_RADAU_SWITCHING_RETURN;
/** Radau state after the first step of full therapy, and its reward. */
const RADAU_FIRST_STEP = [200_992.28407046729, 56.12838706168463, 859.7973939743179, 27.033946266765554, 3_460.876242431834, 26.345314983401373];
const RADAU_FIRST_REWARD = 16_019.227359158189;

const TOL = 2e-8;
const switching = hivSwitchingAction;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function envReturn(policy: (k: number) => number): number {
  const env = new HivEnv();
  env.reset({ seed: 0 });
  let total = 0;
  for (let k = 0; k < 200; k++) total += env.step(policy(k)).reward;
  return total;
}

function dopri5Return(policy: (k: number) => number): number {
  const p = typicalParameters(adams2004Hiv);
  const x = Float64Array.from(HIV_UNHEALTHY_STATE);
  const solver = new Dopri5Solver(6, { rtol: 1e-11, atol: 1e-9 });
  const rhs = (t: number, y: Float64Array, d: Float64Array) => adams2004Hiv.rhs(t, y, p, d);
  let total = 0;
  for (let k = 0; k < 200; k++) {
    const a = policy(k);
    p[HIV_PARAM.eps1] = HIV_ACTION_EPS1[a]!;
    p[HIV_PARAM.eps2] = HIV_ACTION_EPS2[a]!;
    solver.restart();
    solver.integrate(rhs, 5 * k, 5 * (k + 1), x);
    total += hivReward(x[4]!, x[5]!, HIV_ACTION_EPS1[a]!, HIV_ACTION_EPS2[a]!);
  }
  return total;
}

describe('HIV-v0 integrator accuracy over 200-step episodes', () => {
  it.each([0, 1, 2, 3])('constant action %i: return within 2e-8 of Radau (rtol 1e-12)', (a) => {
    expect(rel(envReturn(() => a), RADAU_CONSTANT[a]!)).toBeLessThan(TOL);
  });

  it('switching policy (a new action nearly every step): return within 1e-6 of Radau', () => {
    expect(rel(envReturn(switching), RADAU_SWITCHING)).toBeLessThan(1e-6);
  });

  it('random action sequences (6 seeds, actions held 1–5 steps): returns within 1e-5 of dopri5', () => {
    for (let seed = 0; seed < 6; seed++) {
      const rng = RandomStream.fromSeed(seed).fork('hiv-accuracy');
      let a = 0;
      const actions = Array.from({ length: 200 }, () => (rng.uniform() < 0.5 ? (a = rng.int(4)) : a));
      const policy = (k: number) => actions[k]!;
      expect(rel(envReturn(policy), dopri5Return(policy)), `seed ${seed}`).toBeLessThan(1e-5);
    }
  });

  it('agrees with dopri5 (rtol 1e-11) over adams2004Hiv.rhs for full therapy; dopri5 and Radau agree', () => {
    // Two independent references agree with each other first (checks the golden numbers).
    expect(rel(dopri5Return(() => 3), RADAU_CONSTANT[3]!)).toBeLessThan(1e-9);
    expect(rel(dopri5Return(switching), RADAU_SWITCHING)).toBeLessThan(1e-9);
    expect(rel(envReturn(() => 3), dopri5Return(() => 3))).toBeLessThan(TOL);
  });

  it('five days of full therapy from the unhealthy state: §6 (200 992, 56.128, 859.80, 27.034, 3 460.88, 26.345), reward 16 019.2', () => {
    const env = new HivEnv();
    env.reset({ seed: 0 });
    const r = env.step(3);
    const state = r.info.state as Float64Array;
    const reference = [200_992, 56.128, 859.8, 27.034, 3_460.88, 26.345];
    state.forEach((v, i) => expect(rel(v, reference[i]!), `state ${i}`).toBeLessThanOrEqual(1e-4));
    // Sign: r = −(0.1·3 460.88 + 20 000·0.49 + 2 000·0.09 − 1 000·26.345) = +16 019.2 (a reward).
    expect(rel(r.reward, 16_019.2)).toBeLessThanOrEqual(1e-4);
    // §6: RK4 with h ≤ 0.1 d matches to 6 significant figures (largest: T2*, 2.1e-6).
    state.forEach((v, i) => expect(rel(v, RADAU_FIRST_STEP[i]!), `state ${i} vs Radau`).toBeLessThan(5e-6));
    expect(rel(r.reward, RADAU_FIRST_REWARD)).toBeLessThan(1e-7);
  });
});
