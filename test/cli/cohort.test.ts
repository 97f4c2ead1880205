import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCohort } from '../../src/genomics/cohort.js';
import { cohortFromJson } from '../../src/genomics/cohort-io.js';

/** Run the real executable as a user would (bin/dosegym.js through tsx). */
function dosegym(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/dosegym.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dosegym cohort', () => {
  it('writes the same cohort as generateCohort to --out, atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dosegym-cli-cohort-'));
    const out = join(dir, 'cohort.json');
    const r = dosegym('cohort', '--n', '12', '--seed', '42', '--ancestry', 'east-asian', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['cohort.json']);
    expect(cohortFromJson(readFileSync(out, 'utf8'))).toEqual(generateCohort({ n: 12, seed: 42, ancestry: 'east-asian' }));
  });

  it('bad input: one line on stderr, exit 2', () => {
    const r = dosegym('cohort', '--n', '5', '--ancestry', 'martian');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^dosegym: --ancestry: unknown group 'martian'/);
  });
});
