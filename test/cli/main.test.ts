import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Run the real executable as a user would (bin/dosegym.js through tsx). */
function dosegym(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/dosegym.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dosegym CLI shell', () => {
  it('--help lists the commands and exits 0', () => {
    const r = dosegym('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dosegym <command>/);
  });

  it('an unknown command prints one line on stderr and exits 2', () => {
    const r = dosegym('no-such-command');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^dosegym: /);
  });
});
