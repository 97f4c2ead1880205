/**
 * The registry of extra stages: stages other modules add to every experiment run, e.g. the
 * export stage (policy → ONNX, dosing table, policy card). Extra stages run after `plots`
 * and before `report`, in registration order, so the report can link their artefacts
 * (write them under the run's `export/` folder). A stage is skipped when its `enabled`
 * returns false (the export stage should check `config.outputs.export`).
 *
 * @example
 * // src/export/stage.ts (imported once for its side effect)
 * registerExtraStage({ name: 'export', enabled: (c) => c.outputs.export, run: async (ctx) => { … } });
 */
import { InputError } from '../../core/errors.js';
import type { Stage } from './stage.js';

const RESERVED = new Set(['train', 'evaluate', 'plots', 'report']);
const extra: Stage[] = [];

/** Add a stage to every run (names must be unique and not a built-in stage's). */
export function registerExtraStage(stage: Stage): void {
  if (RESERVED.has(stage.name) || stage.name.startsWith('train/') || extra.some((s) => s.name === stage.name)) {
    throw new InputError(`stage '${stage.name}' is already registered`, 'name');
  }
  extra.push(stage);
}

/** The registered extra stages, in registration order. */
export function extraStages(): readonly Stage[] {
  return extra;
}
