/**
 * CLI contract of `dosegym export` (spawned through bin/dosegym.js): a run directory's
 * checkpoints are exported into <out>/<name>/; a checkpoint directory into <out>; bad
 * formats and paths are one line on stderr with exit code 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePolicy } from '../../src/agents/checkpoint.js';
import { ENV_ID, trainTinyWarfarinPolicy } from '../export/fixture.js';

let root: string;

function dosegym(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/dosegym.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dosegym-cli-export-'));
  const fx = trainTinyWarfarinPolicy();
  await savePolicy(join(root, 'run', 'checkpoints', 'ppo'), fx.policy, { config: fx.config, seed: 3, envId: ENV_ID });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dosegym export', () => {
  it('exports each checkpoint of a run directory', () => {
    const out = join(root, 'out');
    const r = dosegym('export', join(root, 'run'), '--format', 'onnx,json,table', '--episodes', '4', '--out', out);
    expect(r.stderr).not.toMatch(/dosegym:/); // (tfjs prints its Node banner on stderr)
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/exported ppo \(dosegym\/Warfarin-v0\)/);
    expect(r.stdout).toMatch(/dosing table fidelity: [\d.]+ % exact/);
    for (const f of ['policy.onnx', 'policy.portable.json', 'dosing-table.csv', 'dosing-table.md', 'manifest.json']) expect(existsSync(join(out, 'ppo', f))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'ppo', 'manifest.json'), 'utf8'));
    expect(manifest.files).toHaveLength(4);
  }, 60_000);

  it('exports a checkpoint directory into --out', () => {
    const out = join(root, 'single');
    const r = dosegym('export', join(root, 'run', 'checkpoints', 'ppo'), '--format', 'tfjs', '--out', out);
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'tfjs', 'model.json'))).toBe(true);
  }, 60_000);

  it('bad format or path: one line on stderr, exit 2', () => {
    const a = dosegym('export', join(root, 'run'), '--format', 'pdf', '--out', join(root, 'x'));
    expect(a.status).toBe(2);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    expect(a.stderr).toMatch(/unknown format 'pdf'/);
    const b = dosegym('export', join(root, 'nope'), '--out', join(root, 'x'));
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/neither a checkpoint directory/);
  }, 60_000);
});
