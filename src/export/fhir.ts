/**
 * The dosing table (dosing-table.ts) as FHIR R4 resources: a Bundle (type `collection`)
 * holding one `PlanDefinition` (type `clinical-protocol`) and one `ActivityDefinition`
 * (kind `MedicationRequest`, warfarin, dose in mg once daily) per distinct recommended
 * dose.
 *
 * Action tree of the PlanDefinition:
 * ```
 * action "Warfarin dose adjustment"        input: the last INR Observation (LOINC 6301-6)
 *   action "CYP2C9 *1/*3 · VKORC1 G/A"     condition: applicability, genotype group
 *     action "last INR 2–2.5"              condition: applicability, INR band
 *       action "current dose 4–6 mg"       condition: applicability, current-dose band
 *                                          definitionCanonical → ActivityDefinition (dose)
 * ```
 * Adjacent current-dose bands of an INR band with the same recommendation are merged.
 * Conditions are `text/fhirpath` expressions over three input variables that the
 * executing system binds (stated in each Expression's description and the
 * PlanDefinition's usage): `%cyp2c9` (diplotype, e.g. '*1/*3'), `%vkorc1` (−1639G>A
 * genotype, e.g. 'G/A'), `%lastInr` (the most recent INR value) and `%currentDoseMg` (the
 * current daily warfarin dose in mg).
 *
 * {@link FhirBundleSchema} is a zod schema of the R4 elements used, with R4's
 * cardinalities and required elements (status, kind, type, language …); unknown
 * elements are rejected.
 */
import { z } from 'zod';
import type { DosingTable } from './dosing-table.js';

// ------------------------------------------------------------------ R4 structure (subset)

const id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'FHIR id: 1–64 of A-Z a-z 0-9 - .');
const uri = z.string().min(1);
const code = z.string().regex(/^[^\s]+( [^\s]+)*$/, 'FHIR code: no leading/trailing/double whitespace');

/** Coding (0..1 each). */
export const CodingSchema = z.object({ system: uri.optional(), version: z.string().optional(), code: code.optional(), display: z.string().optional() }).strict();
/** CodeableConcept: coding 0..*, text 0..1. */
export const CodeableConceptSchema = z.object({ coding: z.array(CodingSchema).optional(), text: z.string().optional() }).strict();
/** SimpleQuantity (no comparator). */
export const SimpleQuantitySchema = z.object({ value: z.number().finite(), unit: z.string().optional(), system: uri.optional(), code: code.optional() }).strict();
/** Expression: language 1..1; expression or reference required (exp-1). */
export const ExpressionSchema = z
  .object({ description: z.string().optional(), name: id.optional(), language: code, expression: z.string().optional(), reference: uri.optional() })
  .strict()
  .refine((e) => e.expression !== undefined || e.reference !== undefined, 'exp-1: an expression or a reference must be provided');
/** RelatedArtifact: type 1..1. */
export const RelatedArtifactSchema = z
  .object({
    type: z.enum(['documentation', 'justification', 'citation', 'predecessor', 'successor', 'derived-from', 'depends-on', 'composed-of']),
    label: z.string().optional(),
    display: z.string().optional(),
    citation: z.string().optional(),
    url: uri.optional(),
  })
  .strict();
/** Timing with repeat (frequency per period periodUnit). */
export const TimingSchema = z
  .object({
    repeat: z.object({ frequency: z.number().int().positive().optional(), period: z.number().positive().optional(), periodUnit: z.enum(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']).optional() }).strict().optional(),
    code: CodeableConceptSchema.optional(),
  })
  .strict();
/** Dosage (the elements used). */
export const DosageSchema = z
  .object({
    sequence: z.number().int().optional(),
    text: z.string().optional(),
    timing: TimingSchema.optional(),
    route: CodeableConceptSchema.optional(),
    doseAndRate: z.array(z.object({ type: CodeableConceptSchema.optional(), doseQuantity: SimpleQuantitySchema.optional() }).strict()).optional(),
  })
  .strict();
/** DataRequirement: type 1..1. */
export const DataRequirementSchema = z
  .object({ type: code, profile: z.array(uri).optional(), mustSupport: z.array(z.string()).optional(), codeFilter: z.array(z.object({ path: z.string().optional(), code: z.array(CodingSchema).optional() }).strict()).optional() })
  .strict();

const publicationStatus = z.enum(['draft', 'active', 'retired', 'unknown']);

/** ActivityDefinition (R4): status 1..1. */
export const ActivityDefinitionSchema = z
  .object({
    resourceType: z.literal('ActivityDefinition'),
    id,
    url: uri.optional(),
    version: z.string().optional(),
    name: z.string().regex(/^[A-Z]([A-Za-z0-9_]){0,254}$/).optional(),
    title: z.string().optional(),
    status: publicationStatus,
    experimental: z.boolean().optional(),
    description: z.string().optional(),
    kind: z.literal('MedicationRequest').optional(),
    intent: z.enum(['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option']).optional(),
    productCodeableConcept: CodeableConceptSchema.optional(),
    dosage: z.array(DosageSchema).optional(),
  })
  .strict();

/** PlanDefinition.action (recursive). */
export interface PlanAction {
  title?: string;
  description?: string;
  condition?: { kind: 'applicability' | 'start' | 'stop'; expression?: z.infer<typeof ExpressionSchema> }[];
  input?: z.infer<typeof DataRequirementSchema>[];
  definitionCanonical?: string;
  action?: PlanAction[];
}
export const PlanActionSchema: z.ZodType<PlanAction> = z.lazy(() =>
  z
    .object({
      title: z.string().optional(),
      description: z.string().optional(),
      condition: z.array(z.object({ kind: z.enum(['applicability', 'start', 'stop']), expression: ExpressionSchema.optional() }).strict()).optional(),
      input: z.array(DataRequirementSchema).optional(),
      definitionCanonical: uri.optional(),
      action: z.array(PlanActionSchema).optional(),
    })
    .strict(),
);

/** PlanDefinition (R4): status 1..1. */
export const PlanDefinitionSchema = z
  .object({
    resourceType: z.literal('PlanDefinition'),
    id,
    url: uri.optional(),
    version: z.string().optional(),
    name: z.string().regex(/^[A-Z]([A-Za-z0-9_]){0,254}$/).optional(),
    title: z.string().optional(),
    type: CodeableConceptSchema.optional(),
    status: publicationStatus,
    experimental: z.boolean().optional(),
    date: z.string().optional(),
    publisher: z.string().optional(),
    description: z.string().optional(),
    usage: z.string().optional(),
    relatedArtifact: z.array(RelatedArtifactSchema).optional(),
    action: z.array(PlanActionSchema).optional(),
  })
  .strict();

/** Bundle (R4): type 1..1; entries with fullUrl and a resource. */
export const FhirBundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    id: id.optional(),
    type: z.enum(['document', 'message', 'transaction', 'transaction-response', 'batch', 'batch-response', 'history', 'searchset', 'collection']),
    timestamp: z.string().optional(),
    entry: z.array(z.object({ fullUrl: uri.optional(), resource: z.union([PlanDefinitionSchema, ActivityDefinitionSchema]) }).strict()).optional(),
  })
  .strict();
export type FhirBundle = z.infer<typeof FhirBundleSchema>;
export type PlanDefinition = z.infer<typeof PlanDefinitionSchema>;
export type ActivityDefinition = z.infer<typeof ActivityDefinitionSchema>;

// ------------------------------------------------------------------ conversion

export interface FhirOptions {
  /** Canonical base URL of the resources (default http://example.org/fhir/dosegym). */
  baseUrl?: string;
  /** Identifier stem of the resources (letters, digits, '-', '.'). */
  id?: string;
  title?: string;
  version?: string;
  /** Citations of the simulation model (RelatedArtifact citation). */
  citations?: readonly string[];
  /** File name of the policy card (RelatedArtifact documentation). */
  policyCard?: string;
  date?: string;
}

/** RxNorm ingredient code of warfarin. */
const WARFARIN = { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '11289', display: 'warfarin' };
/** LOINC INR. */
const INR_LOINC = { system: 'http://loinc.org', code: '6301-6', display: 'INR in Platelet poor plasma by Coagulation assay' };

function doseId(stem: string, mg: number): string {
  return `${stem}-dose-${String(mg).replace('.', '-')}mg`;
}

function range(variable: string, low: number | null, high: number | null): string {
  const parts = [low === null ? null : `${variable} >= ${low}`, high === null ? null : `${variable} < ${high}`].filter((x) => x !== null);
  return parts.length ? parts.join(' and ') : 'true';
}

/**
 * The FHIR Bundle of a dosing table.
 * @example FhirBundleSchema.parse(dosingTableToFhir(table, { citations }))
 */
export function dosingTableToFhir(table: DosingTable, options: FhirOptions = {}): FhirBundle {
  const base = options.baseUrl ?? 'http://example.org/fhir/dosegym';
  const stem = options.id ?? 'dosegym-warfarin-table';
  const version = options.version ?? '1';
  const doses = [...new Set(table.cells.map((c) => c.recommendedDose))].sort((a, b) => a - b);
  const activities: ActivityDefinition[] = doses.map((mg) => ({
    resourceType: 'ActivityDefinition',
    id: doseId(stem, mg),
    url: `${base}/ActivityDefinition/${doseId(stem, mg)}`,
    version,
    name: `Warfarin${String(mg).replace('.', '_')}mgDaily`,
    title: `Warfarin ${mg} mg once daily`,
    status: 'draft',
    experimental: true,
    description: `Order warfarin ${mg} mg by mouth once daily (dose recommended by the dosing table).`,
    kind: 'MedicationRequest',
    intent: 'proposal',
    productCodeableConcept: { coding: [WARFARIN], text: 'warfarin' },
    dosage: [
      {
        text: `${mg} mg once daily`,
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        route: { coding: [{ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' }] },
        doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }],
      },
    ],
  }));
  const urlOf = new Map(activities.map((a, k) => [doses[k]!, a.url!]));
  const nI = table.inrBands.length;
  const nD = table.doseBands.length;
  const groupActions: PlanAction[] = table.groups.map((g, gi) => ({
    title: g.label,
    condition: [
      {
        kind: 'applicability',
        expression: {
          language: 'text/fhirpath',
          description: g.cyp2c9 === null ? 'every patient' : `patient genotyped CYP2C9 ${g.cyp2c9} and VKORC1 -1639 ${g.vkorc1} (%cyp2c9: CYP2C9 diplotype; %vkorc1: VKORC1 -1639G>A genotype)`,
          expression: g.cyp2c9 === null ? 'true' : `%cyp2c9 = '${g.cyp2c9}' and %vkorc1 = '${g.vkorc1}'`,
        },
      },
    ],
    action: table.inrBands.map((inr, i) => {
      const leaves: PlanAction[] = [];
      for (let j = 0; j < nD; ) {
        const mg = table.cells[(gi * nI + i) * nD + j]!.recommendedDose;
        let k = j;
        while (k + 1 < nD && table.cells[(gi * nI + i) * nD + k + 1]!.recommendedDose === mg) k++;
        const low = table.doseBands[j]!.low;
        const high = k === nD - 1 ? null : table.doseBands[k]!.high;
        const label = low === null || low === 0 ? (high === null ? 'any current dose' : `current dose < ${high} mg`) : high === null ? `current dose ≥ ${low} mg` : `current dose ${low}–${high} mg`;
        leaves.push({
          title: `${label}: give ${mg} mg daily`,
          condition: [{ kind: 'applicability', expression: { language: 'text/fhirpath', description: `${label} (%currentDoseMg: current daily warfarin dose in mg)`, expression: range('%currentDoseMg', low === 0 ? null : low, high) } }],
          definitionCanonical: urlOf.get(mg)!,
        });
        j = k + 1;
      }
      return {
        title: `last INR ${inr.label}`,
        condition: [{ kind: 'applicability', expression: { language: 'text/fhirpath', description: `last measured INR ${inr.label} (%lastInr: most recent INR, LOINC 6301-6)`, expression: range('%lastInr', inr.low, inr.high) } }],
        action: leaves,
      };
    }),
  }));
  const plan: PlanDefinition = {
    resourceType: 'PlanDefinition',
    id: stem,
    url: `${base}/PlanDefinition/${stem}`,
    version,
    name: 'DosegymWarfarinDosingTable',
    title: options.title ?? 'Warfarin dosing table derived from a simulation-trained policy',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/plan-definition-type', code: 'clinical-protocol', display: 'Clinical Protocol' }] },
    status: 'draft',
    experimental: true,
    ...(options.date ? { date: options.date } : {}),
    publisher: 'dosegym',
    description:
      'Daily warfarin dose by CYP2C9/VKORC1 genotype group, band of the last INR and band of the current daily dose, read off a dosing policy trained in simulation. ' +
      `Constructed at day 14 with reference covariates (${table.reference.source}).`,
    usage:
      'Bind %cyp2c9 (e.g. \'*1/*3\'), %vkorc1 (e.g. \'G/A\'), %lastInr (number) and %currentDoseMg (mg) before evaluating the applicability conditions; exactly one leaf action applies per patient. Research use only; not validated for clinical use.',
    relatedArtifact: [
      ...(options.citations ?? []).map((c) => ({ type: 'citation' as const, citation: c })),
      ...(options.policyCard ? [{ type: 'documentation' as const, display: 'Policy card (evidence, limitations, provenance)', url: options.policyCard }] : []),
    ],
    action: [
      {
        title: 'Warfarin dose adjustment',
        description: 'Choose the genotype group, then the band of the last INR, then the band of the current daily dose.',
        input: [{ type: 'Observation', codeFilter: [{ path: 'code', code: [INR_LOINC] }] }],
        action: groupActions,
      },
    ],
  };
  const resources = [plan, ...activities];
  return {
    resourceType: 'Bundle',
    id: `${stem}-bundle`,
    type: 'collection',
    ...(options.date ? { timestamp: options.date } : {}),
    entry: resources.map((r) => ({ fullUrl: r.url!, resource: r })),
  };
}
