/**
 * Every CLI command, one module per file. Add a command by adding one import and one entry here.
 */
import type { CommandModule } from 'yargs';
import { cohortCommand } from './cohort.js';
import { doseCommand } from './dose.js';
import { genotypeCommand } from './genotype.js';
import { envsCommand } from './envs.js';
import { checkEnvCommand } from './check-env.js';
import { rolloutCommand } from './rollout.js';

import { modelsCommand } from './models.js';
import { simulateCommand } from './simulate.js';
import { trainCommand } from './train.js';
import { sweepCommand } from './sweep.js';
import { workerCommand } from './worker.js';
import { sweepReportCommand } from './sweep-report.js';
import { exportCommand } from './export.js';
import { runCommand } from './run.js';
import { evaluateCommand } from './evaluate.js';
import { reportCommand } from './report.js';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [genotypeCommand, cohortCommand, doseCommand, envsCommand, checkEnvCommand, rolloutCommand, modelsCommand, simulateCommand, trainCommand, sweepCommand, workerCommand, sweepReportCommand, exportCommand, runCommand, evaluateCommand, reportCommand];
