/**
 * Benchmark harness. A benchmark module (`bench/<area>.bench.ts`) default-exports an async
 * function returning {@link BenchResult}s. Speed claims are ratios against a baseline
 * measured in the same run, never absolute timings asserted in tests.
 */

export interface BenchResult {
  /** Benchmark area, e.g. 'pkpd', 'envs'. */
  group: string;
  /** What was measured, e.g. 'pk2cmt oral closed form, batched N=1024'. */
  name: string;
  /** Throughput value. */
  value: number;
  /** Unit of `value`, e.g. 'rhs evals/s', 'patient-hours/s', 'steps/s'. */
  unit: string;
  /** Name of the baseline in the same run that `ratio` compares against. */
  baseline?: string;
  /** value / baseline value (higher is better). */
  ratio?: number;
  /** The goal stated by the issue, if any, e.g. '>= 10x RK4'. */
  goal?: string;
  /** Whether the goal was met in this run. */
  goalMet?: boolean;
  /** Free-form details (sizes, tolerances, errors). */
  details?: Record<string, unknown>;
}

/**
 * Time `fn` repeatedly until at least `minMs` have elapsed (after one warm-up call) and
 * return the median seconds per call over the repetitions, with the number of calls.
 */
export function timeIt(fn: () => void, minMs = 300, maxReps = 1_000_000): { secondsPerCall: number; reps: number } {
  fn(); // warm-up: JIT compilation
  const samples: number[] = [];
  const start = performance.now();
  let reps = 0;
  while (performance.now() - start < minMs && reps < maxReps) {
    const t0 = performance.now();
    fn();
    samples.push((performance.now() - t0) / 1000);
    reps++;
  }
  samples.sort((a, b) => a - b);
  return { secondsPerCall: samples[Math.floor(samples.length / 2)]!, reps };
}

/**
 * Median seconds per call of each function, timed in alternation over `rounds` rounds of
 * {@link timeIt} (so machine load affects all of them alike): for same-run ratios.
 */
export function timeAlternately<K extends string>(fns: Record<K, () => void>, rounds = 5, minMs = 200): Record<K, number> {
  const names = Object.keys(fns) as K[];
  const samples = new Map<K, number[]>(names.map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) for (const k of names) samples.get(k)!.push(timeIt(fns[k], minMs).secondsPerCall);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return Object.fromEntries(names.map((k) => [k, median(samples.get(k)!)])) as Record<K, number>;
}

/** Same as {@link timeIt} for async functions. */
export async function timeItAsync(fn: () => Promise<void>, minMs = 300, maxReps = 100_000): Promise<{ secondsPerCall: number; reps: number }> {
  await fn();
  const samples: number[] = [];
  const start = performance.now();
  let reps = 0;
  while (performance.now() - start < minMs && reps < maxReps) {
    const t0 = performance.now();
    await fn();
    samples.push((performance.now() - t0) / 1000);
    reps++;
  }
  samples.sort((a, b) => a - b);
  return { secondsPerCall: samples[Math.floor(samples.length / 2)]!, reps };
}

/** Format a number for the console table. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (Math.abs(x) >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toPrecision(3);
}
