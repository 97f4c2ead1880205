import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSimulate, simulateResultToCsv } from '../../src/cli/commands/simulate.js';
import { DosegymError, InputError, NotFoundError } from '../../src/core/errors.js';

/** Run the real executable as a user would (bin/dosegym.js through tsx). */
function dosegym(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/dosegym.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const oral100 = '[{"time":0,"amt":100,"cmt":"depot"}]';

describe('dosegym simulate (spawned)', () => {
  it('prints the exact JSON contract: pk2cmt oral C(2) = 1.939125, C(8) = 0.599196 (§7)', () => {
    const r = dosegym('simulate', '--model', 'pk2cmt', '--regimen', oral100, '--times', '0,2,8');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['model', 'timeUnit', 'times', 'outputs', 'units']);
    expect(out.model).toBe('pk2cmt');
    expect(out.timeUnit).toBe('h');
    expect(out.times).toEqual([0, 2, 8]);
    expect(out.units).toEqual({ C: 'mg/L' });
    expect(out.outputs.C[0]).toBe(0);
    expect(Math.abs(out.outputs.C[1] - 1.939125)).toBeLessThan(5e-7);
    expect(Math.abs(out.outputs.C[2] - 0.599196)).toBeLessThan(5e-7);
  });

  it('prints CSV with a patient file, and the sampled draw is reproducible across processes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dosegym-sim-'));
    const patient = join(dir, 'patient.json');
    writeFileSync(patient, '{"age": 50, "weight": 90}');
    const args = ['--model', 'pk1cmt', '--patient', `@${patient}`, '--regimen', '[{"time":0,"amt":100,"cmt":"central","ii":12,"addl":1}]', '--times', '2,12,14', '--sample', '--seed', '11'];
    const r = dosegym('simulate', ...args, '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('time,C');
    expect(lines.length).toBe(4);
    // Same seed in this process gives the same numbers to the last digit.
    const inProcess = runSimulate({ model: 'pk1cmt', patient: `@${patient}`, regimen: '[{"time":0,"amt":100,"cmt":"central","ii":12,"addl":1}]', times: '2,12,14', sample: true, seed: '11' });
    expect(r.stdout).toBe(simulateResultToCsv(inProcess));
  });

  it('bad input: one line on stderr and exit 2', () => {
    const unsorted = dosegym('simulate', '--model', 'pk1cmt', '--times', '0,4,2');
    expect(unsorted.code).toBe(2);
    expect(unsorted.stderr.trim().split('\n')).toHaveLength(1);
    expect(unsorted.stderr).toMatch(/^dosegym: --times\[2\] = 2 is before --times\[1\] = 4/);
    const unknown = dosegym('simulate', '--model', 'pk9cmt', '--times', '1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^dosegym: unknown model 'pk9cmt' \(known: .*pk1cmt/);
  });
});

describe('runSimulate (in process)', () => {
  const base = { model: 'pk1cmt', times: '2' };
  it('typical individual, bolus: C(2) = (100/50)·e^(−0.1·2) = 1.637462 (§7)', () => {
    const r = runSimulate({ ...base, regimen: '[{"time":0,"amt":100,"cmt":"central"}]' });
    expect(Math.abs(r.outputs.C![0]! / (2 * Math.exp(-0.2)) - 1)).toBeLessThan(1e-8);
  });

  it('--params overrides typical values by name: CL 10 doubles k → C(2) = 2·e^(−0.4)', () => {
    const r = runSimulate({ ...base, regimen: '[{"time":0,"amt":100,"cmt":"central"}]', params: '{"CL": 10}' });
    expect(Math.abs(r.outputs.C![0]! / (2 * Math.exp(-0.4)) - 1)).toBeLessThan(1e-8);
  });

  it('--sample draws a different, seed-determined individual with residual error', () => {
    const opts = { ...base, regimen: '[{"time":0,"amt":100,"cmt":"central"}]', times: '1,2,4', sample: true };
    const a = runSimulate({ ...opts, seed: '1' });
    const b = runSimulate({ ...opts, seed: '1' });
    const c = runSimulate({ ...opts, seed: '2' });
    expect(a).toEqual(b);
    expect(a.outputs.C).not.toEqual(c.outputs.C);
    expect(a.outputs.C![0]).not.toBeCloseTo(2 * Math.exp(-0.1), 6);
  });

  const bad: [string, Parameters<typeof runSimulate>[0], RegExp][] = [
    ['unknown parameter', { ...base, params: '{"CLX": 1}' }, /^--params: unknown parameter 'CLX' of model pk1cmt \(known: CL, V, KA, F\)/],
    ['negative amount', { ...base, regimen: '[{"time":0,"amt":-1}]' }, /^regimen\[0\]\.amt must be a finite number ≥ 0, got -1/],
    ['negative time', { ...base, times: '-1,2' }, /^--times\[0\] = -1 must be a finite number ≥ 0/],
    ['non-numeric time', { ...base, times: '1,x' }, /^--times: item 2 \('x'\) is not a finite number/],
    ['malformed JSON', { ...base, regimen: '[{"time":0,' }, /^--regimen: malformed JSON/],
    ['missing file', { ...base, patient: '@/nonexistent/patient.json' }, /^--patient: cannot read file '\/nonexistent\/patient.json' \(ENOENT\)/],
    ['patient age out of range', { ...base, patient: '{"age": 130}' }, /^patient\.age: 130 y is outside \[0, 120\]/],
    ['patient sex', { ...base, patient: '{"sex": "x"}' }, /^patient\.sex: expected 'male' or 'female'/],
    ['sample without seed', { ...base, sample: true }, /^--sample needs --seed/],
    ['unknown model', { ...base, model: 'nope' }, /^unknown model 'nope'/],
  ];
  it.each(bad)('%s → a DosegymError naming it', (_name, opts, message) => {
    let error: unknown;
    try {
      runSimulate(opts);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DosegymError);
    expect(error instanceof InputError || error instanceof NotFoundError).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
