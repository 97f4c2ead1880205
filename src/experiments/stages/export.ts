/**
 * The export stage (an extra stage, run after `plots` and before `report` when
 * `outputs.export` is true): every trained agent checkpoint is exported with
 * export/export-all.ts into `export/<agent run>/` — ONNX, tfjs, portable JSON, dosing table,
 * distilled rules, policy card (with the run's provenance.json) and FHIR, plus the export's
 * `manifest.json` (files, sizes, SHA-256, fidelity). The report stage links every file.
 *
 * **Evaluation behind table fidelity, rules and card.** The first
 * `min(EXPORT_EVALUATION_EPISODES, cohorts.test.size)` patients of the held-out test cohort
 * (seed streams `cohorts.test.seed + k`, the test cohort's env options), so the card's
 * evidence comes from patients no training run saw; bootstrap replicates as in
 * `evaluation.bootstrap.B`.
 *
 * **Atomicity.** Each agent's export is written into a hidden temporary directory next to
 * its final place and renamed into place when complete (a resumed run removes `.*.tmp`
 * leftovers and exports again); the stage's details in progress.json list the manifests.
 *
 * Every agents/checkpoint.ts checkpoint (PPO, DQN, SAC) is exported; a directory without
 * `checkpoint.json` is listed as skipped with the reason.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKPOINT_FILE } from '../../agents/checkpoint.js';
import { exportAll, MANIFEST_FILE, type ExportManifest } from '../../export/export-all.js';
import { agentRunName, cohortEnvOptions } from '../config.js';
import { registerExtraStage } from './extra-stages.js';
import type { Stage, StageContext } from './stage.js';
import { checkpointDir } from './train.js';

/** Largest number of test patients the export evaluates (rules' metrics, card, table fidelity). */
export const EXPORT_EVALUATION_EPISODES = 200;

/** One exported agent in the stage's details. */
export interface ExportRecord {
  policy: string;
  /** Export directory relative to the run, e.g. `export/ppo`. */
  dir: string;
  /** The manifest relative to the run, e.g. `export/ppo/manifest.json`. */
  manifest: string;
  files: string[];
  skipped: ExportManifest['skipped'];
  summary: ExportManifest['summary'];
}

/** Export one checkpoint into `<run>/export/<name>/` (atomically, see the module doc). */
async function exportOne(ctx: StageContext, name: string, dir: string): Promise<ExportManifest> {
  const { config, run } = ctx;
  const final = join(run.export, name);
  const tmp = join(run.export, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const test = config.cohorts.test;
  try {
    const manifest = await exportAll({
      checkpointDir: dir,
      outDir: tmp,
      envId: config.env.id,
      envOptions: cohortEnvOptions(config, 'test'),
      evaluation: { episodes: Math.min(EXPORT_EVALUATION_EPISODES, test.size), seed: test.seed, numEnvs: config.evaluation.numEnvs, bootstrap: config.evaluation.bootstrap.B },
      runDir: run.path,
      name,
    });
    await rm(final, { recursive: true, force: true });
    await rename(tmp, final);
    return manifest;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

export const exportStage: Stage = {
  name: 'export',
  enabled: (config) => config.outputs.export && config.agents.length > 0,
  run: async (ctx) => {
    const exports: ExportRecord[] = [];
    const skipped: { policy: string; reason: string }[] = [];
    for (const agent of ctx.config.agents) {
      for (const seed of agent.seeds) {
        const name = agentRunName(agent, seed);
        const dir = checkpointDir(ctx, agent, seed);
        if (!existsSync(join(dir, CHECKPOINT_FILE))) {
          skipped.push({ policy: name, reason: `the ${agent.algo} checkpoint has no ${CHECKPOINT_FILE}` });
          ctx.emit({ kind: 'message', text: `export: skipping ${name} (${agent.algo} checkpoint)` });
          continue;
        }
        ctx.emit({ kind: 'message', text: `exporting ${name} → export/${name}/` });
        const m = await exportOne(ctx, name, dir);
        exports.push({ policy: name, dir: `export/${name}`, manifest: `export/${name}/${MANIFEST_FILE}`, files: m.files.map((f) => f.path), skipped: m.skipped, summary: m.summary });
      }
    }
    return { exports, skipped };
  },
};

registerExtraStage(exportStage);
