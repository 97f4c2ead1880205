/**
 * The project's one seeded, splittable random source.
 *
 * Every consumer forks a *named* stream from a root seed:
 *
 * ```ts
 * const root = RandomStream.fromSeed(42);
 * const patientRng = root.fork('patients').fork(17); // patient 17's stream
 * const noiseRng = root.fork('measurement-noise');
 * ```
 *
 * Why forks are keyed by name and not by draw order: a fork is a pure function of the
 * parent's *key* and the name, never of how many numbers the parent has drawn. So patient
 * 17 gets the same numbers whether it is simulated alone, in a batch of 64 or in a worker
 * process, which is what "same seed, same numbers, any batch size" requires.
 *
 * Construction: the key is 128 bits (four 32-bit words). Forking mixes the name's hash
 * into every key word with the MurmurHash3 finaliser (an avalanche mixer: each input bit
 * flips each output bit with probability ≈ 1/2). The generator of a stream is
 * xoshiro128** (Blackman & Vigna 2018), seeded from the key through SplitMix32, period
 * 2^128 − 1. Independence between streams is tested empirically (correlation and
 * chi-square tests in test/core/random.test.ts).
 */
import { InputError } from './errors.js';

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mixer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string (MurmurHash3-style body over UTF-16 code units). */
function hashString(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= s.length;
  return fmix32(h);
}

/** SplitMix32 step used to expand a key into generator state. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Serialisable state of a stream, for checkpoints and resumable runs. */
export interface RandomStreamState {
  key: [number, number, number, number];
  s: [number, number, number, number];
  spareNormal: number | null;
}

/** A seeded stream of random numbers that can fork independent named child streams. */
export class RandomStream {
  /** The stream's identity: forks derive from it, draws never change it. */
  private readonly key: Uint32Array;
  /** xoshiro128** state. */
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal = 0;
  private hasSpareNormal = false;

  private constructor(key: Uint32Array) {
    this.key = key;
    let x = key[0]! ^ 0x6a09e667;
    x = splitmix32(x ^ key[1]!);
    this.s0 = x;
    x = splitmix32(x ^ key[2]!);
    this.s1 = x;
    x = splitmix32(x ^ key[3]!);
    this.s2 = x;
    x = splitmix32(x ^ key[0]!);
    this.s3 = x;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // xoshiro's one forbidden state
  }

  /**
   * The root stream for a seed: a non-negative safe integer or a string.
   * @example RandomStream.fromSeed(42).uniform() // always the same number
   */
  static fromSeed(seed: number | string): RandomStream {
    let lo: number;
    let hi: number;
    if (typeof seed === 'string') {
      lo = hashString(seed, 0x243f6a88);
      hi = hashString(seed, 0x85a308d3);
    } else {
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new InputError(`seed must be a non-negative safe integer or a string, got ${String(seed)}`, 'seed');
      }
      lo = seed >>> 0;
      hi = Math.floor(seed / TWO_POW_32) >>> 0;
    }
    const key = new Uint32Array(4);
    key[0] = fmix32(lo ^ 0x13198a2e);
    key[1] = fmix32(hi ^ 0x03707344);
    key[2] = fmix32((lo + 0xa4093822) ^ fmix32(hi));
    key[3] = fmix32((hi + 0x299f31d0) ^ fmix32(lo ^ 0x082efa98));
    return new RandomStream(key);
  }

  /** Restore a stream saved with {@link RandomStream.getState}. */
  static fromState(state: RandomStreamState): RandomStream {
    const r = new RandomStream(Uint32Array.from(state.key));
    [r.s0, r.s1, r.s2, r.s3] = state.s;
    r.hasSpareNormal = state.spareNormal !== null;
    r.spareNormal = state.spareNormal ?? 0;
    return r;
  }

  /**
   * A child stream named `name`. Pure: depends only on this stream's key and the name,
   * not on draws made so far, and does not advance this stream.
   */
  fork(name: string | number): RandomStream {
    const label = typeof name === 'number' ? `#${name}` : name;
    const k = this.key;
    const child = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      const h = hashString(label, 0x9e3779b9 * (i + 1));
      child[i] = fmix32((k[i]! ^ h) + fmix32(k[(i + 1) & 3]! ^ (h >>> 7) ^ (i * 0x7f4a7c15)));
    }
    return new RandomStream(child);
  }

  /** A fresh copy with the same key and position (draws from the copy do not affect this one). */
  clone(): RandomStream {
    return RandomStream.fromState(this.getState());
  }

  getState(): RandomStreamState {
    return {
      key: [this.key[0]!, this.key[1]!, this.key[2]!, this.key[3]!],
      s: [this.s0, this.s1, this.s2, this.s3],
      spareNormal: this.hasSpareNormal ? this.spareNormal : null,
    };
  }

  /** Next uniformly distributed 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** Uniform double in [low, high). */
  uniformRange(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new InputError(`int(n) needs a positive integer n, got ${n}`, 'n');
    if (n <= TWO_POW_32) {
      // Rejection sampling on 32 bits (Lemire-style threshold).
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.uniform() * n);
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return mean + sd * this.spareNormal;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * v;
    this.spareNormal = r * Math.sin(theta);
    this.hasSpareNormal = true;
    return mean + sd * r * Math.cos(theta);
  }

  /** Log-normal draw: exp(N(mu, sigma²)). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * Index drawn with probability proportional to `weights` (non-negative, not all zero).
   * @example rng.categorical([0.7, 0.2, 0.1]) // 0 about 70 % of the time
   */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new InputError(`categorical weights must be finite and non-negative; weights[${i}] = ${w}`, 'weights');
      }
      total += w;
    }
    if (total <= 0) throw new InputError('categorical weights must not all be zero', 'weights');
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    // Rounding can leave u ≥ 0 after the last subtraction: return the last non-zero weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }

  /** Fill `out` with uniform [0, 1) doubles. */
  fillUniform(out: Float64Array | Float32Array): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
    return out;
  }

  /** Fill `out` with N(mean, sd²) draws. */
  fillNormal(out: Float64Array | Float32Array, mean = 0, sd = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, sd);
    return out;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** An integer seed in [0, 2^31) drawn from this stream (for libraries that take a number). */
  seedInt(): number {
    return this.nextUint32() >>> 1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
