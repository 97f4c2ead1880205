/**
 * `dosegym evaluate`: the evaluation part of an experiment only.
 *
 * ```
 * dosegym evaluate experiments/baselines.json [--out runs]   # new run: baselines only (agents are not trained)
 * dosegym evaluate runs/warfarin-pgx-20260501T120000Z          # re-evaluate a run from its checkpoints
 * ```
 * Given a config, agents are dropped (they would need training: use `dosegym run`) and the
 * baselines are evaluated into a new run directory with plots and report. Given a run
 * directory, its evaluate, plots, extra and report stages run again (its agents are loaded
 * from their checkpoints, which must exist).
 */
import type { CommandModule } from 'yargs';
import { BACKEND_CHOICES } from '../../agents/backend.js';
import { InputError } from '../../core/errors.js';
import { agentRunName, loadExperimentConfig } from '../../experiments/config.js';
import { isRunDir } from '../../experiments/resume.js';
import { experimentStages } from '../../experiments/runner.js';
import { runWithProgress } from './run.js';

interface EvaluateArgs {
  target: string;
  out: string;
  backend: string;
}

export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: 'evaluate <target>',
  describe: 'Evaluate the policies of an experiment config (baselines only) or re-evaluate a run directory',
  builder: (y) =>
    y
      .positional('target', { type: 'string', demandOption: true, describe: 'experiment config (JSON) or run directory' })
      .option('out', { type: 'string', default: 'runs', describe: 'root of run directories (for a config)' })
      .option('backend', { choices: BACKEND_CHOICES, default: process.env.DOSEGYM_BACKEND ?? 'auto', describe: 'tfjs backend' }) as never,
  handler: async (argv) => {
    const only = experimentStages().map((s) => s.name).filter((s) => s !== 'train');
    if (isRunDir(argv.target)) {
      await runWithProgress(undefined, { resume: argv.target, backend: argv.backend, only, force: true });
      return;
    }
    const config = loadExperimentConfig(argv.target);
    if (config.agents.some((a) => a.seeds.some((s) => agentRunName(a, s) === config.evaluation.reference))) {
      throw new InputError(`${argv.target}: evaluation.reference '${config.evaluation.reference}' is an agent; 'dosegym evaluate <config>' evaluates baselines only (use 'dosegym run')`, 'evaluation.reference');
    }
    if (config.baselines.length === 0) throw new InputError(`${argv.target}: no baselines to evaluate ('dosegym evaluate <config>' leaves agents out)`, 'baselines');
    if (config.agents.length > 0) process.stdout.write(`leaving out ${config.agents.length} agent(s): they need training (dosegym run)\n`);
    await runWithProgress({ ...config, agents: [] }, { outDir: argv.out, backend: argv.backend });
  },
};
