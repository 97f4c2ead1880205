/**
 * FHIR: the dosing table as an R4 Bundle validates against the zod schema of the R4
 * elements used; resourceTypes, ids, fullUrls and definitionCanonical references are
 * consistent; the leaf conditions of each INR band partition the current-dose axis; the
 * schema rejects missing required elements.
 */
import { describe, expect, it } from 'vitest';
import { observationLayout } from '../../src/envs/warfarin/observation.js';
import { buildDosingTable } from '../../src/export/dosing-table.js';
import { ActivityDefinitionSchema, dosingTableToFhir, FhirBundleSchema, PlanDefinitionSchema, type PlanAction } from '../../src/export/fhir.js';

const layout = observationLayout(true);
const at = (n: string): number => layout.find((f) => f.name === n)!.index;
const size = layout.length;
const table = buildDosingTable(
  (obs) => Array.from({ length: obs.length / size }, (_, r) => {
    const inr = obs[r * size + at('lastInr')]!;
    const dose = obs[r * size + at('dose1')]!;
    return Math.max(0, Math.min(15, Math.round(2 * (inr < 2 ? dose + 1 : inr < 3 ? dose : dose / 2)) / 2 - 0.5 * obs[r * size + at('vkorc1A')]!));
  }),
  layout,
);
const bundle = dosingTableToFhir(table, { citations: ['Hamberg AK et al. Clin Pharmacol Ther 2007;81:529–538.'], policyCard: 'policy-card.md', date: '2026-05-01T00:00:00Z' });

describe('FHIR PlanDefinition export', () => {
  it('validates against the R4 structure and survives JSON', () => {
    expect(FhirBundleSchema.safeParse(JSON.parse(JSON.stringify(bundle))).success).toBe(true);
    const plan = bundle.entry![0]!.resource;
    expect(plan.resourceType).toBe('PlanDefinition');
    expect(PlanDefinitionSchema.parse(plan).type?.coding?.[0]?.code).toBe('clinical-protocol');
  });

  it('has unique ids, matching fullUrls and resolvable references', () => {
    const entries = bundle.entry!;
    const ids = entries.map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of entries) expect(e.fullUrl).toBe(e.resource.url);
    for (const e of entries) expect(e.resource.url!.endsWith(`/${e.resource.resourceType}/${e.resource.id}`)).toBe(true);
    const adUrls = new Set(entries.filter((e) => e.resource.resourceType === 'ActivityDefinition').map((e) => e.resource.url));
    const leaves: PlanAction[] = [];
    const walk = (a: PlanAction): void => (a.action ? a.action.forEach(walk) : void leaves.push(a));
    const plan = entries[0]!.resource as { action: PlanAction[] };
    plan.action.forEach(walk);
    expect(leaves.length).toBeGreaterThan(18 * 8);
    for (const l of leaves) expect(adUrls.has(l.definitionCanonical)).toBe(true);
    // every ActivityDefinition is used, and carries a daily mg dose
    expect(new Set(leaves.map((l) => l.definitionCanonical)).size).toBe(adUrls.size);
    for (const e of entries.slice(1)) {
      const ad = ActivityDefinitionSchema.parse(e.resource);
      expect(ad.kind).toBe('MedicationRequest');
      expect(ad.dosage![0]!.timing!.repeat).toEqual({ frequency: 1, period: 1, periodUnit: 'd' });
      expect(ad.dosage![0]!.doseAndRate![0]!.doseQuantity).toMatchObject({ unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' });
    }
  });

  it('conditions: one group per genotype, INR bands and dose ranges partition their axes', () => {
    const top = (bundle.entry![0]!.resource as { action: PlanAction[] }).action[0]!;
    expect(top.action).toHaveLength(18);
    expect(top.action![0]!.condition![0]!.expression).toMatchObject({ language: 'text/fhirpath', expression: "%cyp2c9 = '*1/*1' and %vkorc1 = 'G/G'" });
    const inrActions = top.action![0]!.action!;
    expect(inrActions.map((a) => a.condition![0]!.expression!.expression)).toEqual([
      '%lastInr < 1.5', '%lastInr >= 1.5 and %lastInr < 2', '%lastInr >= 2 and %lastInr < 2.5', '%lastInr >= 2.5 and %lastInr < 3',
      '%lastInr >= 3 and %lastInr < 3.5', '%lastInr >= 3.5 and %lastInr < 4', '%lastInr >= 4 and %lastInr < 5', '%lastInr >= 5',
    ]);
    for (const inr of inrActions) {
      const ranges = inr.action!.map((l) => l.condition![0]!.expression!.expression!);
      expect(ranges[0]).toMatch(/^(%currentDoseMg < [\d.]+|true)$/);
      expect(ranges[ranges.length - 1]).toMatch(/^(%currentDoseMg >= [\d.]+|true)$/);
      for (let k = 1; k < ranges.length; k++) {
        const prevHigh = /< ([\d.]+)$/.exec(ranges[k - 1]!)![1];
        expect(ranges[k]!.startsWith(`%currentDoseMg >= ${prevHigh}`)).toBe(true);
      }
    }
  });

  it('rejects resources missing required elements', () => {
    const plan = { ...(bundle.entry![0]!.resource as object) } as Record<string, unknown>;
    delete plan.status;
    expect(PlanDefinitionSchema.safeParse(plan).success).toBe(false);
    expect(PlanDefinitionSchema.safeParse({ ...(bundle.entry![0]!.resource as object), action: [{ condition: [{ kind: 'applicability', expression: { expression: 'true' } }] }] }).success).toBe(false);
    expect(ActivityDefinitionSchema.safeParse({ resourceType: 'ActivityDefinition', id: 'bad id with spaces', status: 'draft' }).success).toBe(false);
    expect(FhirBundleSchema.safeParse({ resourceType: 'Bundle', entry: [] }).success).toBe(false);
  });
});
