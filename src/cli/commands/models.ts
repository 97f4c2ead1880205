/**
 * `dosegym models`: every registered model with its time unit, parameters, dosing routes
 * and outputs.
 *
 * ```
 * dosegym models [--json]
 * ```
 * JSON: `{"models": [{"id", "title", "timeUnit", "citations": [text],
 * "parameters": [{"name", "value", "unit", "description"}], "states": [{"name", "unit"}],
 * "dosing": [{"drug", "cmt", "doseUnit", "bioavailability"?, "lag"?}],
 * "outputs": [{"name", "unit", "description"}]}]}`. Without --json, a readable listing.
 */
import type { CommandModule } from 'yargs';
import { listModels } from '../../pkpd/models/registry.js';
import type { ModelSpec } from '../../pkpd/types.js';

/** What `dosegym models --json` prints for one model. */
export interface ModelListing {
  id: string;
  title: string;
  timeUnit: string;
  citations: string[];
  parameters: { name: string; value: number; unit: string; description: string }[];
  states: { name: string; unit: string }[];
  dosing: { drug: string; cmt: string; doseUnit: string; bioavailability?: number | string; lag?: number | string }[];
  outputs: { name: string; unit: string; description: string }[];
}

/** The listing of one model spec. */
export function modelListing(spec: ModelSpec): ModelListing {
  return {
    id: spec.id,
    title: spec.title,
    timeUnit: spec.timeUnit,
    citations: spec.citations.map((c) => c.text),
    parameters: spec.parameters.map((q) => ({ name: q.name, value: q.value, unit: q.unit, description: q.description })),
    states: spec.states.map((s) => ({ name: s.name, unit: s.unit })),
    dosing: spec.dosing.map((d) => ({
      drug: d.drug,
      cmt: d.cmt,
      doseUnit: d.doseUnit,
      ...(d.bioavailability !== undefined ? { bioavailability: d.bioavailability } : {}),
      ...(d.lag !== undefined ? { lag: d.lag } : {}),
    })),
    outputs: spec.outputs.map((o) => ({ name: o.name, unit: o.unit, description: o.description })),
  };
}

/** Listings of every registered model, in registration order. */
export function modelListings(): ModelListing[] {
  return listModels().map(modelListing);
}

/** The human-readable listing (no --json). */
export function formatModelListings(listings: readonly ModelListing[]): string {
  const blocks = listings.map((m) => {
    const params = m.parameters.map((q) => `${q.name} = ${q.value}${q.unit && q.unit !== '1' ? ` ${q.unit}` : ''}`); // '1': dimensionless
    const drugs = [...new Set(m.dosing.map((d) => d.drug))];
    const dosing = drugs.map((drug) => {
      const routes = m.dosing
        .filter((d) => d.drug === drug)
        .map((d) => `${d.cmt} (${d.doseUnit}${d.bioavailability !== undefined ? `, F = ${d.bioavailability}` : ''}${d.lag !== undefined ? `, lag = ${d.lag}` : ''})`);
      return `${drug} → ${routes.join(', ')}`;
    });
    return [
      `${m.id}  ${m.title}`,
      `  time unit:  ${m.timeUnit}`,
      `  parameters: ${params.join(', ')}`,
      `  dosing:     ${dosing.length > 0 ? dosing.join('; ') : '(none)'}`,
      `  outputs:    ${m.outputs.map((o) => `${o.name} (${o.unit})`).join(', ')}`,
    ].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

interface ModelsArgs {
  json: boolean;
}

export const modelsCommand: CommandModule<object, ModelsArgs> = {
  command: 'models',
  describe: 'List the registered PK/PD models: parameters, dosing routes, outputs and units',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }) as never,
  handler: (argv) => {
    const listings = modelListings();
    process.stdout.write(argv.json ? `${JSON.stringify({ models: listings })}\n` : formatModelListings(listings));
  },
};
