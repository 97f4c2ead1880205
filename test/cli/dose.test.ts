/**
 * `dosegym dose`: the §1.4 worked examples through the real executable, and bad input
 * (one line on stderr, exit 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDose } from '../../src/cli/commands/dose.js';
import { InputError, NotFoundError } from '../../src/core/errors.js';

function dosegym(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/dosegym.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const A = { age: 65, height: 170, weight: 70, sex: 'male', race: 'white', genotype: { CYP2C9: '*1/*1', VKORC1: 'G/A' } };
const C = { age: 75, height: 160, weight: 60, race: 'asian', genotype: { CYP2C9: '*3/*1', VKORC1: 'A/A' }, comedications: ['Amiodarone'] };

describe('dosegym dose', () => {
  it('prints one JSON line: IWPC-PG patient A 30.73 mg/week (executable)', () => {
    const r = dosegym('dose', '--protocol', 'iwpc-pg', '--patient', JSON.stringify(A));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ protocol: 'iwpc-pg', weeklyDoseMg: 30.73, dailyDoseMg: 4.39 });
  });

  it('reads @file; patient C (allele order and case normalised) gives the §1.4 values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dosegym-dose-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify(C));
    expect(runDose('iwpc-pg', `@${file}`).weeklyDoseMg).toBe(6.98);
    expect(runDose('iwpc-clinical', `@${file}`).weeklyDoseMg).toBe(13.71);
    expect(runDose('gage-pg', `@${file}`).dailyDoseMg).toBe(1.39);
    expect(runDose('gage-clinical', `@${file}`).dailyDoseMg).toBe(2.79);
    expect(runDose('fixed', `@${file}`)).toEqual({ protocol: 'fixed', weeklyDoseMg: 35, dailyDoseMg: 5 });
  });

  it('a missing genotype takes the IWPC "unknown" coefficients', () => {
    const { genotype: _g, ...untyped } = A;
    // (5.5433 + 0.8677 − 0.4854 − 0.2188)² = 5.7068² = 32.57
    expect(runDose('iwpc-pg', JSON.stringify(untyped)).weeklyDoseMg).toBeCloseTo(32.57, 2);
  });

  it('bad input through the executable: one line on stderr, exit 2', () => {
    const r = dosegym('dose', '--protocol', 'iwpc-pg', '--patient', '{"weight":-3}');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/patient\.weight: -3 kg is outside/);
  });

  it.each([
    ['lenzini', '{}', NotFoundError, /unknown warfarin dosing protocol 'lenzini'/],
    ['iwpc-pg', '{"genotype":{"CYP2C9":"*1/*9"}}', InputError, /patient\.genotype\.CYP2C9/],
    ['iwpc-pg', '{"genotype":{"VKORC1":"T/T"}}', InputError, /patient\.genotype\.VKORC1/],
    ['gage-pg', '{"genotype":{"VKORC1":"G/A"}}', InputError, /needs the CYP2C9/],
    ['iwpc-pg', '{"height":"tall"}', InputError, /patient\.height: expected a finite number/],
    ['iwpc-pg', '{"race":"martian"}', InputError, /patient\.race/],
    ['iwpc-pg', '{"age":', InputError, /malformed JSON/],
  ])('%s %s → %o (a DosegymError: the CLI exits 2)', (protocol, patient, type, message) => {
    expect(() => runDose(protocol, patient)).toThrow(type);
    expect(() => runDose(protocol, patient)).toThrow(message);
  });
});
