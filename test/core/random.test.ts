import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../src/core/random.js';
import { DosegymError } from '../../src/core/errors.js';

function draws(r: RandomStream, n: number): number[] {
  return Array.from({ length: n }, () => r.uniform());
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('RandomStream reproducibility', () => {
  it('same seed gives bit-identical sequences, different seeds differ', () => {
    expect(draws(RandomStream.fromSeed(42), 1000)).toEqual(draws(RandomStream.fromSeed(42), 1000));
    expect(draws(RandomStream.fromSeed('run-a'), 10)).toEqual(draws(RandomStream.fromSeed('run-a'), 10));
    expect(draws(RandomStream.fromSeed(42), 10)).not.toEqual(draws(RandomStream.fromSeed(43), 10));
    // Seeds that differ only above bit 32 must give different streams.
    expect(draws(RandomStream.fromSeed(1), 10)).not.toEqual(draws(RandomStream.fromSeed(1 + 2 ** 32), 10));
  });

  it('a fork depends on the parent key and name only, not on draws made before', () => {
    const a = RandomStream.fromSeed(7);
    const b = RandomStream.fromSeed(7);
    draws(b, 12345); // advance b; its forks must not change
    expect(draws(a.fork('patients').fork(17), 100)).toEqual(draws(b.fork('patients').fork(17), 100));
    expect(draws(a.fork('x'), 5)).not.toEqual(draws(a.fork('y'), 5));
    // number and string names are distinct labels
    expect(draws(a.fork(1), 5)).not.toEqual(draws(a.fork('1'), 5));
  });

  it('state round-trips, including a pending Box–Muller normal', () => {
    const r = RandomStream.fromSeed(3);
    r.normal();
    const copy = RandomStream.fromState(JSON.parse(JSON.stringify(r.getState())));
    const x = [r.normal(), r.uniform(), r.normal()];
    const y = [copy.normal(), copy.uniform(), copy.normal()];
    expect(y).toEqual(x);
  });

  it('rejects invalid seeds with an InputError naming the seed', () => {
    expect(() => RandomStream.fromSeed(-1)).toThrow(DosegymError);
    expect(() => RandomStream.fromSeed(1.5)).toThrow(/seed/);
  });
});

describe('RandomStream distributions', () => {
  const N = 200_000;

  it('uniform: mean 1/2 and variance 1/12 within 5 standard errors', () => {
    const x = draws(RandomStream.fromSeed(11), N);
    const mean = x.reduce((a, b) => a + b, 0) / N;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    // SE of the sample variance of U(0,1) is sqrt((1/80 - 1/144)/N).
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
    expect(x.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('uniform: chi-square over 100 bins below the 0.999 quantile (df 99: 148.2)', () => {
    const r = RandomStream.fromSeed(12);
    const bins = new Array<number>(100).fill(0);
    for (let i = 0; i < N; i++) bins[Math.floor(r.uniform() * 100)]!++;
    const expected = N / 100;
    const chi2 = bins.reduce((a, o) => a + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(148.2);
  });

  it('normal: mean, SD and P(|z| < 1.96) = 0.95 within sampling error', () => {
    const r = RandomStream.fromSeed(13);
    const x = Array.from({ length: N }, () => r.normal(2, 3));
    const mean = x.reduce((a, b) => a + b, 0) / N;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1));
    expect(Math.abs(mean - 2)).toBeLessThan(5 * (3 / Math.sqrt(N)));
    expect(Math.abs(sd - 3)).toBeLessThan(5 * (3 / Math.sqrt(2 * N)));
    const inside = x.filter((v) => Math.abs((v - 2) / 3) < 1.959964).length / N;
    expect(Math.abs(inside - 0.95)).toBeLessThan(5 * Math.sqrt(0.95 * 0.05 / N));
  });

  it('logNormal: median exp(mu)', () => {
    const r = RandomStream.fromSeed(14);
    const x = Array.from({ length: 20_001 }, () => r.logNormal(Math.log(4), 0.5)).sort((a, b) => a - b);
    // The sample median of a lognormal has log-scale SE ≈ 1.2533·σ/√n = 0.0044.
    expect(Math.abs(Math.log(x[10_000]!) - Math.log(4))).toBeLessThan(5 * 0.0044);
  });

  it('categorical and int follow their probabilities', () => {
    const r = RandomStream.fromSeed(15);
    const counts = [0, 0, 0];
    for (let i = 0; i < N; i++) counts[r.categorical([0.7, 0.2, 0.1])]!++;
    [0.7, 0.2, 0.1].forEach((p, k) => {
      expect(Math.abs(counts[k]! / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    });
    const die = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) die[r.int(6)]!++;
    for (const c of die) expect(Math.abs(c / 60_000 - 1 / 6)).toBeLessThan(5 * Math.sqrt((1 / 6) * (5 / 6) / 60_000));
    expect(() => r.categorical([0, 0])).toThrow(/zero/);
    expect(() => r.categorical([1, -1])).toThrow(/weights\[1\]/);
  });
});

describe('RandomStream independence between streams', () => {
  it('sibling and parent–child streams are uncorrelated (|r| < 5/√n)', () => {
    const n = 50_000;
    const root = RandomStream.fromSeed(2024);
    const bound = 5 / Math.sqrt(n);
    const a = draws(root.fork('a'), n);
    const b = draws(root.fork('b'), n);
    const p0 = draws(root.fork('patients').fork(0), n);
    const p1 = draws(root.fork('patients').fork(1), n);
    const parent = draws(RandomStream.fromSeed(2024), n);
    expect(Math.abs(pearson(a, b))).toBeLessThan(bound);
    expect(Math.abs(pearson(p0, p1))).toBeLessThan(bound);
    expect(Math.abs(pearson(parent, a))).toBeLessThan(bound);
    // Lag-1 autocorrelation within a stream.
    expect(Math.abs(pearson(a.slice(1), a.slice(0, -1)))).toBeLessThan(bound);
  });

  it('first draws of 10 000 sibling streams are uniform (chi-square, 50 bins, df 49: 0.999 quantile 85.35)', () => {
    // Seeds of consecutive patients must not produce related first numbers.
    const root = RandomStream.fromSeed(99).fork('patients');
    const bins = new Array<number>(50).fill(0);
    const n = 10_000;
    for (let i = 0; i < n; i++) bins[Math.floor(root.fork(i).uniform() * 50)]!++;
    const e = n / 50;
    const chi2 = bins.reduce((acc, o) => acc + (o - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(85.35);
  });
});
