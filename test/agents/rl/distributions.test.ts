import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  categoricalEntropy,
  categoricalEntropyTf,
  categoricalLogProb,
  categoricalLogProbTf,
  categoricalSample,
  diagGaussianEntropy,
  diagGaussianEntropyTf,
  diagGaussianLogProb,
  diagGaussianLogProbTf,
  diagGaussianSample,
  squashedGaussianLogProb,
  squashedGaussianLogProbTf,
} from '../../../src/agents/rl/distributions.js';
import { RandomStream } from '../../../src/core/random.js';

const LOG_2PI = Math.log(2 * Math.PI);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('categorical', () => {
  // logits [1, 2, 3]: log Σ e^l = 3 + log(1 + e^−1 + e^−2) = 3.40760596 (by hand).
  const logits = Float32Array.of(1, 2, 3, 0, 0, 0);

  it('log-prob and entropy match the direct computation and tfjs', () => {
    const lp = categoricalLogProb(logits, 3, [2, 1], new Float32Array(2));
    expect(lp[0]).toBeCloseTo(3 - 3.40760596, 6);
    expect(lp[1]).toBeCloseTo(-Math.log(3), 6);
    const p = [1, 2, 3].map((l) => Math.exp(l - 3.40760596));
    const h = categoricalEntropy(logits, 3, 2, new Float32Array(2));
    expect(h[0]).toBeCloseTo(-p.reduce((s, q) => s + q * Math.log(q), 0), 6);
    expect(h[1]).toBeCloseTo(Math.log(3), 6);
    const [lpTf, hTf] = tf.tidy(() => {
      const l = tf.tensor2d(logits, [2, 3]);
      return [categoricalLogProbTf(l, tf.tensor1d([2, 1], 'int32')).dataSync(), categoricalEntropyTf(l).dataSync()];
    });
    for (let i = 0; i < 2; i++) {
      expect(lpTf![i]).toBeCloseTo(lp[i]!, 5);
      expect(hTf![i]).toBeCloseTo(h[i]!, 5);
    }
  });

  it('samples with the right frequencies, seeded, and argmax when deterministic', () => {
    const n = 20000;
    const row = [Math.log(0.7), Math.log(0.2), Math.log(0.1)];
    const many = new Float32Array(n * 3);
    for (let r = 0; r < n; r++) many.set(row, r * 3);
    const a = categoricalSample(many, 3, n, RandomStream.fromSeed(1), new Int32Array(n), new Float32Array(n));
    const freq = [0, 1, 2].map((k) => a.filter((x) => x === k).length / n);
    // Binomial sd at n = 20000 is ≤ 0.0033; allow 4 sd.
    [0.7, 0.2, 0.1].forEach((p, k) => expect(Math.abs(freq[k]! - p)).toBeLessThan(0.014));
    const b = categoricalSample(many, 3, n, RandomStream.fromSeed(1), new Int32Array(n));
    expect(Array.from(b)).toEqual(Array.from(a));
    const lp = new Float32Array(2);
    expect(Array.from(categoricalSample(logits, 3, 2, null, new Int32Array(2), lp))).toEqual([2, 0]);
    expect(lp[0]).toBeCloseTo(3 - 3.40760596, 6);
  });
});

describe('diagonal Gaussian', () => {
  it('log-prob matches −½z² − log σ − ½ log 2π summed, and tfjs', () => {
    // mean [0.5, −1], σ = [2, 0.5], a = [1.5, −1]: z = [0.5, 0].
    const mean = Float32Array.of(0.5, -1);
    const logStd = Float32Array.of(Math.log(2), Math.log(0.5));
    const a = Float32Array.of(1.5, -1);
    const expected = -0.125 - Math.log(2) - 0.5 * LOG_2PI + (0 - Math.log(0.5) - 0.5 * LOG_2PI);
    expect(diagGaussianLogProb(mean, logStd, a, 1, new Float32Array(1))[0]).toBeCloseTo(expected, 6);
    const viaTf = tf.tidy(() => diagGaussianLogProbTf(tf.tensor2d(mean, [1, 2]), tf.tensor1d(logStd), tf.tensor2d(a, [1, 2])).dataSync()[0]);
    expect(viaTf).toBeCloseTo(expected, 5);
    const h = 2 * (0.5 + 0.5 * LOG_2PI) + Math.log(2) + Math.log(0.5);
    expect(diagGaussianEntropy(logStd)).toBeCloseTo(h, 6);
    expect(tf.tidy(() => diagGaussianEntropyTf(tf.tensor1d(logStd)).dataSync()[0])).toBeCloseTo(h, 5);
  });

  it('samples have the right mean and sd, their log-probs are consistent, the mode is the mean', () => {
    const n = 20000;
    const mean = new Float32Array(n).fill(0.3);
    const logStd = Float32Array.of(Math.log(0.2));
    const lp = new Float32Array(n);
    const a = diagGaussianSample(mean, logStd, n, RandomStream.fromSeed(4), new Float32Array(n), lp);
    const m = a.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / n);
    expect(Math.abs(m - 0.3)).toBeLessThan(0.006); // 4 standard errors
    expect(Math.abs(sd - 0.2)).toBeLessThan(0.005);
    const direct = diagGaussianLogProb(mean, logStd, a, n, new Float32Array(n));
    for (let i = 0; i < 100; i++) expect(lp[i]).toBeCloseTo(direct[i]!, 4);
    expect(Array.from(diagGaussianSample(Float32Array.of(0.7), logStd, 1, null, new Float32Array(1)))).toEqual([Math.fround(0.7)]);
  });
});

describe('tanh-squashed Gaussian', () => {
  it('log-prob = Gaussian log-density of u − Σ log(1 − tanh(u)² + 1e-6), in TS and tfjs', () => {
    const mean = Float32Array.of(0.1, -0.4, 1.2, 0);
    const logStd = Float32Array.of(-0.5, 0.3, -1.0, 0.2);
    const u = Float32Array.of(0.3, -1.1, 2.5, 0.05);
    let direct0 = 0;
    let direct1 = 0;
    for (let j = 0; j < 2; j++) {
      for (const row of [0, 1]) {
        const k = row * 2 + j;
        const s = Math.exp(logStd[k]!);
        const z = (u[k]! - mean[k]!) / s;
        const term = -0.5 * z * z - Math.log(s) - 0.5 * LOG_2PI - Math.log(1 - Math.tanh(u[k]!) ** 2 + 1e-6);
        if (row === 0) direct0 += term;
        else direct1 += term;
      }
    }
    const ts = squashedGaussianLogProb(mean, logStd, u, 2, new Float32Array(2));
    expect(ts[0]).toBeCloseTo(direct0, 5);
    expect(ts[1]).toBeCloseTo(direct1, 5);
    const viaTf = tf.tidy(() => squashedGaussianLogProbTf(tf.tensor2d(mean, [2, 2]), tf.tensor2d(logStd, [2, 2]), tf.tensor2d(u, [2, 2])).dataSync());
    expect(viaTf[0]).toBeCloseTo(direct0, 4);
    expect(viaTf[1]).toBeCloseTo(direct1, 4);
  });

  it('is the density of a = tanh(u): p(a)·da integrates to 1 over (−1, 1)', () => {
    // Numerical check of the change of variables for one dimension (midpoint rule in a).
    const mean = Float32Array.of(0.4);
    const logStd = Float32Array.of(Math.log(0.8));
    const m = 20000;
    let total = 0;
    for (let i = 0; i < m; i++) {
      const a = -1 + (2 * (i + 0.5)) / m;
      const u = Math.atanh(a);
      total += Math.exp(squashedGaussianLogProb(mean, logStd, Float32Array.of(u), 1, new Float32Array(1))[0]!) * (2 / m);
    }
    expect(total).toBeCloseTo(1, 3);
  });
});
