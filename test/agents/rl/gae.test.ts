/**
 * GAE oracles, after SB3 tests/test_gae.py: known rewards and values, advantages and
 * returns checked against closed forms and a hand-computed example, for γ ∈ {1, 0.99}
 * and λ ∈ {1, 0.9}; a truncated episode must bootstrap from V(final obs), a terminated
 * one must not.
 */
import { describe, expect, it } from 'vitest';
import { computeGae, type GaeInput } from '../../../src/agents/rl/gae.js';
import { InputError } from '../../../src/core/errors.js';

function single(n: number, over: Partial<GaeInput>): GaeInput {
  return {
    nSteps: n,
    nEnvs: 1,
    rewards: new Array(n).fill(1),
    values: new Array(n).fill(0),
    terminations: new Array(n).fill(0),
    truncations: new Array(n).fill(0),
    bootstrapValues: new Array(n).fill(0),
    lastValues: [0],
    gamma: 0.99,
    lambda: 0.95,
    ...over,
  };
}

/** Σ_{k=0}^{m−1} x^k: the advantage of a step m steps before the end, with r = 1 and V = 0. */
const geometric = (x: number, m: number): number => (x === 1 ? m : (1 - x ** m) / (1 - x));

describe('computeGae', () => {
  const T = 5;
  for (const gamma of [1, 0.99]) {
    for (const lambda of [1, 0.9]) {
      it(`γ=${gamma} λ=${lambda}: a terminated episode does not bootstrap (even with a final value present)`, () => {
        const flags = [0, 0, 0, 0, 1];
        const { advantages, returns } = computeGae(single(T, { gamma, lambda, terminations: flags, bootstrapValues: [0, 0, 0, 0, 100], lastValues: [50] }));
        for (let t = 0; t < T; t++) {
          expect(advantages[t]).toBeCloseTo(geometric(gamma * lambda, T - t), 5);
          expect(returns[t]).toBeCloseTo(advantages[t]!, 6); // V = 0: returns = advantages
        }
        // With γ = λ = 1 and V = 0 the return is the Monte-Carlo reward-to-go: 5, 4, 3, 2, 1.
        if (gamma === 1 && lambda === 1) expect(Array.from(returns)).toEqual([5, 4, 3, 2, 1]);
      });

      it(`γ=${gamma} λ=${lambda}: a truncated episode bootstraps with γ·V(final obs)`, () => {
        const c = 10;
        const { advantages } = computeGae(single(T, { gamma, lambda, truncations: [0, 0, 0, 0, 1], bootstrapValues: [0, 0, 0, 0, c], lastValues: [50] }));
        for (let t = 0; t < T; t++) {
          const expected = geometric(gamma * lambda, T - t) + (gamma * lambda) ** (T - 1 - t) * gamma * c;
          expect(advantages[t]).toBeCloseTo(expected, 4);
        }
        if (gamma === 1 && lambda === 1) expect(Array.from(advantages)).toEqual([15, 14, 13, 12, 11]);
      });
    }
  }

  it('terminated and truncated at once: terminated wins (no bootstrap)', () => {
    const { advantages } = computeGae(single(2, { gamma: 1, lambda: 1, terminations: [0, 1], truncations: [0, 1], bootstrapValues: [0, 7] }));
    expect(Array.from(advantages)).toEqual([2, 1]);
  });

  it('a rollout cut mid-episode bootstraps from lastValues', () => {
    const { advantages } = computeGae(single(3, { gamma: 1, lambda: 1, lastValues: [4] }));
    expect(Array.from(advantages)).toEqual([7, 6, 5]);
  });

  it('matches a hand-computed example (γ=0.99, λ=0.9, truncation mid-rollout, non-zero values)', () => {
    // rewards [1, 0, 2], V [0.5, 0.2, 0.1], truncated at t=1 with V(final)=0.4, V(last)=0.3:
    // t=2: δ = 2 + 0.99·0.3 − 0.1 = 2.197                     A2 = 2.197
    // t=1: r' = 0 + 0.99·0.4 = 0.396, done: δ = 0.396 − 0.2 = 0.196   A1 = 0.196
    // t=0: δ = 1 + 0.99·0.2 − 0.5 = 0.698; A0 = 0.698 + 0.99·0.9·0.196 = 0.872636
    // returns = A + V = [1.372636, 0.396, 2.297]
    const { advantages, returns } = computeGae({
      nSteps: 3,
      nEnvs: 1,
      rewards: [1, 0, 2],
      values: [0.5, 0.2, 0.1],
      terminations: [0, 0, 0],
      truncations: [0, 1, 0],
      bootstrapValues: [0, 0.4, 0],
      lastValues: [0.3],
      gamma: 0.99,
      lambda: 0.9,
    });
    [0.872636, 0.196, 2.197].forEach((a, t) => expect(advantages[t]).toBeCloseTo(a, 6));
    [1.372636, 0.396, 2.297].forEach((r, t) => expect(returns[t]).toBeCloseTo(r, 6));
  });

  it('keeps sub-envs independent in the time-major layout', () => {
    // env 0: rewards 1, terminated at t=1; env 1: rewards 2, never done, V(last) = 1.
    const { advantages } = computeGae({
      nSteps: 3,
      nEnvs: 2,
      rewards: [1, 2, 1, 2, 1, 2],
      values: [0, 0, 0, 0, 0, 0],
      terminations: [0, 0, 1, 0, 0, 0],
      truncations: [0, 0, 0, 0, 0, 0],
      bootstrapValues: [0, 0, 0, 0, 0, 0],
      lastValues: [9, 1],
      gamma: 1,
      lambda: 1,
    });
    // env 0: t=0..1 one episode (2, 1), t=2 next episode bootstraps V(last)=9 → 1 + 9 = 10.
    // env 1: 2+2+2+1 = 7, 5, 3.
    expect(Array.from(advantages)).toEqual([2, 7, 1, 5, 10, 3]);
  });

  it('rejects arrays of the wrong length', () => {
    expect(() => computeGae(single(3, { values: [0, 0] }))).toThrow(InputError);
    expect(() => computeGae(single(3, { lastValues: [0, 0] }))).toThrow(InputError);
  });
});
