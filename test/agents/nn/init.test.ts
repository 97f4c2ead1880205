import { describe, expect, it } from 'vitest';
import { GAIN_HIDDEN, GAIN_POLICY_HEAD, initMlp, initMlpPytorch, orthogonal } from '../../../src/agents/nn/init.js';
import { RandomStream } from '../../../src/core/random.js';

/** Gram matrix of the shorter side: WᵀW (tall) or WWᵀ (wide). */
function gram(w: Float32Array, rows: number, cols: number): number[][] {
  const tall = rows >= cols;
  const k = tall ? cols : rows;
  const g = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      if (tall) for (let r = 0; r < rows; r++) s += w[r * cols + a]! * w[r * cols + b]!;
      else for (let c = 0; c < cols; c++) s += w[a * cols + c]! * w[b * cols + c]!;
      g[a]![b] = s;
    }
  }
  return g;
}

describe('orthogonal init', () => {
  it.each([
    [64, 4, 0.01],
    [4, 64, Math.SQRT2],
    [64, 64, 1],
  ])('a %i×%i matrix with gain %f has Gram matrix gain²·I', (rows, cols, gain) => {
    const w = orthogonal(rows, cols, gain, RandomStream.fromSeed(3));
    const g = gram(w, rows, cols);
    g.forEach((row, a) => row.forEach((v, b) => expect(v).toBeCloseTo(a === b ? gain * gain : 0, 5)));
  });

  it('is a pure function of the stream', () => {
    expect(orthogonal(8, 5, 1, RandomStream.fromSeed(9))).toEqual(orthogonal(8, 5, 1, RandomStream.fromSeed(9)));
    expect(orthogonal(8, 5, 1, RandomStream.fromSeed(9))).not.toEqual(orthogonal(8, 5, 1, RandomStream.fromSeed(10)));
  });

  it("initMlp uses SB3's gains and zero biases", () => {
    const m = initMlp([3, 64, 64, 2], 'tanh', GAIN_POLICY_HEAD, RandomStream.fromSeed(1));
    expect(m.layers.map((l) => [l.inSize, l.outSize])).toEqual([
      [3, 64],
      [64, 64],
      [64, 2],
    ]);
    for (const l of m.layers) expect(Array.from(l.b).every((b) => b === 0)).toBe(true);
    // Row norms of the wide first layer (3×64) are √2; column norms of the head are 0.01.
    const rowNorm = Math.hypot(...Array.from(m.layers[0]!.w.subarray(0, 64)));
    expect(rowNorm).toBeCloseTo(GAIN_HIDDEN, 5);
    const head = m.layers[2]!;
    const colNorm = Math.hypot(...Array.from({ length: 64 }, (_, r) => head.w[r * 2]!));
    expect(colNorm).toBeCloseTo(0.01, 7);
  });
});

describe('initMlpPytorch', () => {
  it("draws W and b from U(±1/√fan_in) (nn.Linear's default): bounds, mean 0, variance 1/(3·fan_in)", () => {
    const m = initMlpPytorch([4, 256, 256, 2], 'relu', RandomStream.fromSeed(5));
    expect(m.layers.map((l) => [l.inSize, l.outSize])).toEqual([
      [4, 256],
      [256, 256],
      [256, 2],
    ]);
    const big = m.layers[1]!; // 65,536 draws
    const bound = 1 / 16;
    expect(Array.from(big.w).every((w) => Math.abs(w) <= bound)).toBe(true);
    expect(Array.from(m.layers[0]!.b).every((b) => Math.abs(b) <= 0.5)).toBe(true);
    const n = big.w.length;
    const mean = big.w.reduce((a, b) => a + b, 0) / n;
    const variance = big.w.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    // U(−a, a): mean 0 (SE a/√(3n)), variance a²/3 (SE ≈ a²·√(4/45n)).
    expect(Math.abs(mean)).toBeLessThan(4 * (bound / Math.sqrt(3 * n)));
    expect(Math.abs(variance - bound ** 2 / 3)).toBeLessThan(4 * bound ** 2 * Math.sqrt(4 / (45 * n)));
    expect(initMlpPytorch([4, 256, 256, 2], 'relu', RandomStream.fromSeed(5)).layers[1]!.w).toEqual(big.w); // seeded
  });
});
