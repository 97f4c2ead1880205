import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatModelListings, modelListings } from '../../src/cli/commands/models.js';

describe('dosegym models', () => {
  it('--json lists every registered model with units (spawned)', () => {
    const r = spawnSync(process.execPath, ['bin/dosegym.js', 'models', '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const { models } = JSON.parse(r.stdout) as { models: ReturnType<typeof modelListings> };
    const ids = models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['pk1cmt', 'pk2cmt', 'pk3cmt']));
    const pk2 = models.find((m) => m.id === 'pk2cmt')!;
    expect(pk2.timeUnit).toBe('h');
    // §7 2-compartment test case values and units.
    expect(pk2.parameters.map((q) => [q.name, q.value, q.unit])).toEqual(expect.arrayContaining([['CL', 5, 'L/h'], ['V1', 20, 'L'], ['Q', 10, 'L/h'], ['V2', 50, 'L']]));
    expect(pk2.dosing).toEqual(expect.arrayContaining([expect.objectContaining({ drug: 'drug', cmt: 'depot', doseUnit: 'mg', bioavailability: 'F' })]));
    expect(pk2.outputs).toEqual([expect.objectContaining({ name: 'C', unit: 'mg/L' })]);
  });

  it('the human listing names time unit, parameters, routes and outputs', () => {
    const text = formatModelListings(modelListings().filter((m) => m.id === 'pk1cmt'));
    expect(text).toContain('pk1cmt');
    expect(text).toContain('time unit:  h');
    expect(text).toContain('CL = 5 L/h');
    expect(text).toContain('depot (mg, F = F)');
    expect(text).toContain('C (mg/L)');
  });
});
