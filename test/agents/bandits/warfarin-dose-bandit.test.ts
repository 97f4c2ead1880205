import { describe, expect, it } from 'vitest';
import { LinUcb } from '../../../src/agents/bandits/linucb.js';
import { FixedArm, runBandit } from '../../../src/agents/bandits/regret.js';
import { doseBand, MEDIUM_DOSE_ARM, WARFARIN_BANDIT_FEATURES, WarfarinDoseBandit } from '../../../src/agents/bandits/warfarin-dose-bandit.js';

describe('warfarin dose bands', () => {
  it('uses Bastani & Bayati edges: low < 3 ≤ medium ≤ 7 < high mg/day', () => {
    expect([2.99, 3, 5, 7, 7.01].map(doseBand)).toEqual([0, 1, 1, 1, 2]);
  });
});

describe('WarfarinDoseBandit', () => {
  const env = new WarfarinDoseBandit({ n: 2000, seed: 1 });

  it('builds contexts, rewards and regret targets from the cohort', () => {
    expect(env.contextDim).toBe(WARFARIN_BANDIT_FEATURES.length);
    const x = env.context(0, new Float64Array(env.contextDim));
    expect(x[0]).toBe(1); // bias
    // Exactly one VKORC1 and at most one CYP2C9 indicator (the reference genotype has none).
    expect(x[9]! + x[10]! + x[11]!).toBeLessThanOrEqual(1);
    expect(x.slice(12).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    const c = env.correctArm(0);
    expect(env.reward(0, c)).toBe(1);
    expect(env.reward(0, (c + 1) % 3)).toBe(0);
    expect(Array.from(env.expectedRewards(0, new Float64Array(3)))).toEqual([0, 1, 2].map((a) => (a === c ? 1 : 0)));
    expect(() => env.context(2000, x)).toThrow(/round/);
    // Same seed → same patients and the same simulated true doses.
    expect(Array.from(new WarfarinDoseBandit({ n: 50, seed: 1 }).trueDailyDoseMg)).toEqual(Array.from(env.trueDailyDoseMg.subarray(0, 50)));
  });

  it('has documented noise: the IWPC prediction misses the simulated dose by ≈ 8.5 mg/week on average', () => {
    let mae = 0;
    for (let t = 0; t < env.horizon; t++) mae += Math.abs(env.trueDailyDoseMg[t]! - env.iwpcDailyDoseMg[t]!) * 7;
    expect(mae / env.horizon).toBeGreaterThan(7.5);
    expect(mae / env.horizon).toBeLessThan(9.5);
  });

  it('LinUCB is more accurate than the fixed medium dose over 2,000 patients', () => {
    const fixed = runBandit(env, new FixedArm(3, MEDIUM_DOSE_ARM), 2000);
    const linucb = runBandit(env, new LinUcb({ nArms: 3, contextDim: env.contextDim, alpha: 1 }), 2000);
    // Observed (seed 1): fixed medium 0.586, LinUCB 0.638, IWPC formula 0.671.
    expect(fixed.accuracy).toBeGreaterThan(0.5);
    expect(linucb.accuracy).toBeGreaterThan(fixed.accuracy + 0.02);
    expect(linucb.cumulativeRegret[1999]).toBe(2000 - Math.round(linucb.accuracy * 2000));
  });
});
