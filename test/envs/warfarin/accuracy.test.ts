/**
 * Accuracy of the env's day-step kernel (exact PK + exponential integrator on the PD
 * chains) against the reference `simulate()` with adaptive Dormand–Prince at rtol 1e-11,
 * for the same individual parameters and the same daily doses: the daily INR over 90 days
 * must agree to ≤ 1e-4 relative (reached: ≈ 3e-6 for Hamberg 2007, ≈ 1.3e-6 for 2010).
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../../src/core/random.js';
import { WarfarinEnv } from '../../../src/envs/warfarin/warfarin-env.js';
import { chainCoefficients, WARFARIN_MODELS, WarfarinKernel } from '../../../src/envs/warfarin/warfarin-kernel.js';
import { sampleIndividual } from '../../../src/pkpd/population.js';
import { simulate } from '../../../src/pkpd/simulate.js';
import { DEFAULT_SUBJECT } from '../../../src/pkpd/types.js';

const GENOTYPES = [
  { CYP2C9: '*1/*1', VKORC1: 'G/G' },
  { CYP2C9: '*1/*3', VKORC1: 'A/A' },
  { CYP2C9: '*2/*3', VKORC1: 'G/A' },
];

describe('warfarin kernel vs simulate(dopri5)', () => {
  it.each(['hamberg2007', 'hamberg2010'] as const)('%s: daily INR over 90 days within 1e-4 relative', (name) => {
    const model = WARFARIN_MODELS[name];
    let worst = 0;
    for (let seed = 0; seed < 6; seed++) {
      const subject = { ...DEFAULT_SUBJECT, age: 50 + 5 * seed, genotypes: GENOTYPES[seed % 3]! };
      const p = sampleIndividual(model.spec, subject, RandomStream.fromSeed(seed));
      const scale = seed % 3 === 0 ? 1 : 0.5;
      const doses = Array.from({ length: 90 }, (_, d) => [5, 7.5, 2.5, 0, 10, 5, 4][d % 7]! * scale);
      const kernel = new WarfarinKernel(model, 1);
      kernel.setPatient(0, p);
      const times = Array.from({ length: 90 }, (_, d) => 24 * (d + 1) - 1e-9); // the morning, before the next dose
      const ref = simulate(model.spec, p, doses.map((amt, d) => ({ time: 24 * d, amt })), times, { rtol: 1e-11 }).outputs.INR!;
      for (let d = 0; d < 90; d++) {
        kernel.dose(0, doses[d]!);
        kernel.advanceDay(0);
        worst = Math.max(worst, Math.abs(kernel.inr(0) - ref[d]!) / ref[d]!);
      }
    }
    console.info(`${name}: worst relative INR error over 6 patients × 90 days = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  });

  it('the env itself (variability and lifestyle off) follows simulate() for its patient and doses', () => {
    const patient = { id: 'X', age: 70, sex: 'male', weight: 80, height: 178, genotypes: { CYP2C9: '*1/*2', VKORC1: 'G/A' } };
    const env = new WarfarinEnv({ variability: false, lifestyle: false, measurementNoise: false });
    env.reset({ seed: 0, options: { patient } });
    const inrs = Array.from({ length: 60 }, () => env.step(12).info.trueInr as number);
    const spec = WARFARIN_MODELS.hamberg2007.spec;
    const p = sampleIndividual(spec, { ...DEFAULT_SUBJECT, age: 70, weight: 80, height: 178, genotypes: patient.genotypes }, RandomStream.fromSeed(0), { variability: 'typical' });
    const ref = simulate(spec, p, [{ time: 0, amt: 6, ii: 24, addl: 59 }], Array.from({ length: 60 }, (_, d) => 24 * (d + 1) - 1e-9), { rtol: 1e-11 }).outputs.INR!;
    inrs.forEach((x, d) => expect(Math.abs(x - ref[d]!) / ref[d]!).toBeLessThan(1e-4));
  });

  it('chain coefficients conserve a steady state: Σφ + Σw = 1 for every compartment', () => {
    const out = new Float64Array(4 * 6);
    chainCoefficients(6, 0.6, 2, out, 0);
    for (let m = 0; m < 6; m++) {
      let sum = out[6 + 3 * m]! + out[6 + 3 * m + 1]! + out[6 + 3 * m + 2]!;
      for (let j = 0; j <= m; j++) sum += out[m - j]!;
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});
