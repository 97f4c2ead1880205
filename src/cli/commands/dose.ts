/**
 * `dosegym dose`: the initial warfarin dose of a clinical algorithm for one patient.
 *
 * ```
 * dosegym dose --protocol iwpc-pg --patient '{"age": 65, "height": 170, "weight": 70, "race": "white",
 *   "genotype": {"CYP2C9": "*1/*1", "VKORC1": "G/A"}}'
 * {"protocol":"iwpc-pg","weeklyDoseMg":30.73,"dailyDoseMg":4.39}
 * ```
 * Protocols: iwpc-pg, iwpc-clinical (IWPC 2009), gage-pg, gage-clinical (Gage 2008), fixed
 * (5 mg/day). The patient JSON (inline or `@file`) follows `parseWarfarinPatient`
 * (pkpd/models/warfarin-covariates.ts, on top of pkpd/subject-input.ts): missing
 * demographics default to age 71 y, 70 kg, 170 cm, male; missing race is IWPC's
 * "missing or mixed"; a missing genotype takes IWPC's "unknown" coefficients (gage-pg
 * needs both genotypes). Optional `smoker`, `targetInr` (default 2.5), `dvtPe` for Gage.
 *
 * Output: one JSON line; doses rounded to 0.01 mg (the algorithms' own output is unrounded;
 * tablet rounding is the titration's business).
 */
import type { CommandModule } from 'yargs';
import { initialDose } from '../../agents/clinical/protocols.js';
import { parseWarfarinPatient } from '../../pkpd/models/warfarin-covariates.js';
import { readJsonOption } from '../input.js';

interface DoseArgs {
  protocol: string;
  patient: string;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The command's JSON result for a protocol name and a patient option value.
 * @example runDose('fixed', '{}') // { protocol: 'fixed', weeklyDoseMg: 35, dailyDoseMg: 5 }
 */
export function runDose(protocol: string, patientOption: string): { protocol: string; weeklyDoseMg: number; dailyDoseMg: number } {
  const patient = parseWarfarinPatient(readJsonOption(patientOption, '--patient'), 'patient');
  const d = initialDose(protocol, patient);
  return { protocol, weeklyDoseMg: round2(d.weeklyDoseMg), dailyDoseMg: round2(d.dailyDoseMg) };
}

export const doseCommand: CommandModule<object, DoseArgs> = {
  command: 'dose',
  describe: 'Initial warfarin dose of a clinical algorithm (IWPC, Gage, fixed) for one patient',
  builder: (y) =>
    y
      .option('protocol', {
        type: 'string',
        demandOption: true,
        describe: 'iwpc-pg | iwpc-clinical | gage-pg | gage-clinical | fixed',
      })
      .option('patient', {
        type: 'string',
        demandOption: true,
        describe: 'patient JSON or @file, e.g. {"age":71,"weight":70,"height":170,"race":"white","genotype":{"CYP2C9":"*1/*3","VKORC1":"G/A"}}',
      }) as never,
  handler: (argv) => {
    process.stdout.write(`${JSON.stringify(runDose(argv.protocol, argv.patient))}\n`);
  },
};
