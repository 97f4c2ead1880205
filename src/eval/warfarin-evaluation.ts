/**
 * Warfarin clinical metrics per evaluated episode, from recorded trajectories, with the
 * patient's subgroup keys: the rows behind the main table, the paired differences, the
 * subgroup tables and the plots of a warfarin evaluation.
 *
 * What the env reports (dosegym/Warfarin-v0, envs/warfarin/warfarin-env.ts; one step = one
 * day): each step's info has `trueInr` (noise-free INR of the next morning), `measuredInr`
 * (number; null or NaN on mornings without a test), `doseGiven` (mg taken, 0 on a missed
 * day), `dosePrescribed` (mg chosen), `day` (the new morning) and `cost`; the reset info has
 * the `patient` (per sub-env in the vector env, also as `patients`) and the baseline
 * (day 0) `trueInr` and `measuredInr`. Evaluate with {@link WARFARIN_EVALUATE_OPTIONS} so
 * these are recorded.
 *
 * Conventions:
 * - Day of a step's INR: the info's `day` when present, otherwise step index + 1 (the
 *   morning after the day's dose). A baseline INR in the reset info (`measuredInr`,
 *   `trueInr`, day 0) enters the PTTR and the time to first therapeutic INR, not the true
 *   TTR or the day counts, which cover the treated days 1…T.
 * - PTTR: Rosendaal interpolation between measured INRs (eval/metrics/warfarin.ts); NaN
 *   with fewer than two measurements. True TTR: fraction of daily true INRs in [2, 3].
 * - Time to first therapeutic INR: the first *measured* INR in range (what a clinician
 *   sees); null when never reached.
 * - Days above 4 / below 1.5: counts of days by true INR.
 * - Doses: the prescribed dose (`dosePrescribed`, the policy's decision) when recorded,
 *   else `doseGiven`. Dose changes count consecutive days whose daily prescribed dose
 *   differs (a weekly schedule alternating 5/5.5 mg counts as changes).
 */
import type { RandomStream } from '../core/random.js';
import type { Patient } from '../genomics/patient.js';
import type { ReportData } from './report/sections.js';
import { pairedDifferencesVsReference } from './stats/paired.js';
import { largestSubgroupGap, subgroupSummaries } from './stats/subgroups.js';
import { summarizeMetric } from './stats/summary.js';
import { doseChanges, fractionAbove, fractionBelow, rosendaalTtr, timeToFirstTherapeuticInr, trueTtr } from './metrics/warfarin.js';
import type { EvaluatedEpisode, Evaluation, EvaluateOptions } from './evaluate.js';

/** Reset-info and step-info keys a warfarin evaluation records. */
export const WARFARIN_EVALUATE_OPTIONS = Object.freeze({
  episodeInfoKeys: ['patient', 'trueInr', 'measuredInr'],
  trajectories: { infoKeys: ['trueInr', 'measuredInr', 'doseGiven', 'dosePrescribed', 'day'], observations: false },
}) satisfies Pick<EvaluateOptions, 'episodeInfoKeys' | 'trajectories'>;

/** Subgroup keys read from a patient ('unknown' when not called). */
export interface WarfarinSubgroups {
  /** CYP2C9 diplotype, e.g. '*1/*3'. */
  cyp2c9: string;
  /** VKORC1 −1639G>A genotype, e.g. 'G/A'. */
  vkorc1: string;
  /** CPIC CYP2C9 metaboliser phenotype, e.g. 'Intermediate Metabolizer'. */
  cyp2c9Phenotype: string;
  /** CPIC biogeographic group. */
  ancestry: string;
}

/** Names of the subgroup keys, for iterating in tables. */
export const WARFARIN_SUBGROUP_KEYS = ['cyp2c9', 'vkorc1', 'cyp2c9Phenotype', 'ancestry'] as const satisfies readonly (keyof WarfarinSubgroups)[];

/** Clinical metrics of one episode. */
export interface WarfarinEpisodeMetrics {
  /** Rosendaal PTTR on measured INRs (fraction). */
  pttr: number;
  /** Fraction of days with true INR in [2, 3]. */
  trueTtr: number;
  /** Day of the first measured INR in range, or null. */
  daysToTherapeutic: number | null;
  /** Days with true INR > 4 / < 1.5. */
  daysAbove4: number;
  daysBelow15: number;
  /** Fraction of days with true INR > 4 / < 1.5. */
  fractionAbove4: number;
  fractionBelow15: number;
  /** Changes of the daily (prescribed) dose and their mean absolute size (mg). */
  doseChanges: number;
  meanAbsDoseChange: number;
  /** Mean daily (prescribed) dose (mg). */
  meanDose: number;
  return: number;
  cost: number;
}

/** One row of the long table: a policy on one patient. */
export interface WarfarinEpisodeRow extends WarfarinEpisodeMetrics, WarfarinSubgroups {
  policy: string;
  /** Episode index: the same patient for every policy. */
  episode: number;
  patientId: string;
}

/** The metrics of the table, with labels and how to read them (for reports). */
export const WARFARIN_METRICS: readonly { key: keyof WarfarinEpisodeMetrics; label: string; percent: boolean; higherIsBetter: boolean }[] = [
  { key: 'pttr', label: 'PTTR (Rosendaal)', percent: true, higherIsBetter: true },
  { key: 'trueTtr', label: 'True TTR', percent: true, higherIsBetter: true },
  { key: 'daysToTherapeutic', label: 'Days to first therapeutic INR', percent: false, higherIsBetter: false },
  { key: 'daysAbove4', label: 'Days INR > 4', percent: false, higherIsBetter: false },
  { key: 'daysBelow15', label: 'Days INR < 1.5', percent: false, higherIsBetter: false },
  { key: 'doseChanges', label: 'Dose changes', percent: false, higherIsBetter: false },
  { key: 'meanAbsDoseChange', label: 'Mean |dose change| (mg)', percent: false, higherIsBetter: false },
  { key: 'return', label: 'Return', percent: false, higherIsBetter: true },
  { key: 'cost', label: 'Safety cost', percent: false, higherIsBetter: false },
];

/**
 * The patient of an episode (from the reset info), or undefined.
 * @example patientOf(evaluation.policies[0].episodes[0])?.genotypes.CYP2C9 // '*1/*3'
 */
export function patientOf(episode: EvaluatedEpisode): Patient | undefined {
  const p = episode.startInfo.patient ?? episode.startInfo.patients;
  return p !== null && typeof p === 'object' ? (p as Patient) : undefined;
}

/**
 * Subgroup keys of a patient.
 * @example warfarinSubgroups(patient) // { cyp2c9: '*1/*3', vkorc1: 'G/A', cyp2c9Phenotype: 'Intermediate Metabolizer', ancestry: 'european' }
 */
export function warfarinSubgroups(patient: Patient | undefined): WarfarinSubgroups {
  return {
    cyp2c9: patient?.genotypes.CYP2C9 ?? 'unknown',
    vkorc1: patient?.genotypes.VKORC1 ?? 'unknown',
    cyp2c9Phenotype: patient?.phenotypes.CYP2C9 ?? 'unknown',
    ancestry: patient?.ancestry ?? 'unknown',
  };
}

/** A recorded number, or null for null/undefined/non-finite. */
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Daily series of an episode: days, true INRs, measured (day, INR) pairs, doses. */
export interface WarfarinSeries {
  days: number[];
  trueInr: number[];
  measuredDays: number[];
  measuredInr: number[];
  dose: number[];
}

/**
 * The daily series of a recorded episode (see the module doc for day numbering).
 * @example warfarinSeries(episode).measuredDays // [0, 1, 2, 3, 4, 5, 7, 14, …]
 */
export function warfarinSeries(episode: EvaluatedEpisode): WarfarinSeries {
  const infos = episode.trajectory?.infos ?? {};
  const steps = episode.trajectory?.rewards.length ?? 0;
  const out: WarfarinSeries = { days: [], trueInr: [], measuredDays: [], measuredInr: [], dose: [] };
  const baseline = num(episode.startInfo.measuredInr);
  if (baseline !== null) {
    out.measuredDays.push(0);
    out.measuredInr.push(baseline);
  }
  for (let t = 0; t < steps; t++) {
    const day = num(infos.day?.[t]) ?? t + 1;
    const trueInr = num(infos.trueInr?.[t]);
    const measured = num(infos.measuredInr?.[t]);
    out.days.push(day);
    out.trueInr.push(trueInr ?? Number.NaN);
    out.dose.push(num(infos.dosePrescribed?.[t]) ?? num(infos.doseGiven?.[t]) ?? Number.NaN);
    if (measured !== null && !(out.measuredDays.length > 0 && day <= out.measuredDays[out.measuredDays.length - 1]!)) {
      out.measuredDays.push(day);
      out.measuredInr.push(measured);
    }
  }
  return out;
}

/**
 * Clinical metrics of one recorded episode.
 * @example warfarinEpisodeMetrics(episode) // { pttr: 0.62, trueTtr: 0.66, daysToTherapeutic: 5, daysAbove4: 0, … }
 */
export function warfarinEpisodeMetrics(episode: EvaluatedEpisode): WarfarinEpisodeMetrics {
  const s = warfarinSeries(episode);
  const inr = s.trueInr.filter((x) => Number.isFinite(x));
  const doses = s.dose.filter((x) => Number.isFinite(x));
  const changes = doseChanges(doses);
  return {
    pttr: rosendaalTtr(s.measuredDays, s.measuredInr),
    trueTtr: trueTtr(inr),
    daysToTherapeutic: timeToFirstTherapeuticInr(s.measuredDays, s.measuredInr),
    daysAbove4: inr.filter((x) => x > 4).length,
    daysBelow15: inr.filter((x) => x < 1.5).length,
    fractionAbove4: fractionAbove(inr),
    fractionBelow15: fractionBelow(inr),
    doseChanges: changes.count,
    meanAbsDoseChange: changes.meanAbsChange,
    meanDose: doses.length === 0 ? Number.NaN : doses.reduce((a, b) => a + b, 0) / doses.length,
    return: episode.return,
    cost: episode.cost,
  };
}

/**
 * The long table of a warfarin evaluation: one row per policy and patient.
 * @example warfarinMetricsTable(evaluation).filter((r) => r.cyp2c9 === '*3/*3')
 */
export function warfarinMetricsTable(evaluation: Evaluation): WarfarinEpisodeRow[] {
  const rows: WarfarinEpisodeRow[] = [];
  for (const p of evaluation.policies) {
    for (const ep of p.episodes) {
      const patient = patientOf(ep);
      rows.push({ policy: p.name, episode: ep.index, patientId: patient?.id ?? `episode-${ep.index}`, ...warfarinSubgroups(patient), ...warfarinEpisodeMetrics(ep) });
    }
  }
  return rows;
}

/** One day of one episode, for trajectory plots. */
export interface WarfarinDailyRow {
  policy: string;
  episode: number;
  day: number;
  trueInr: number;
  dose: number;
}

/**
 * Daily rows (true INR and dose) of every recorded episode, for the trajectory plots.
 * @example trajectoryBands(warfarinDailyRows(evaluation), 'trueInr')
 */
export function warfarinDailyRows(evaluation: Evaluation): WarfarinDailyRow[] {
  const rows: WarfarinDailyRow[] = [];
  for (const p of evaluation.policies) {
    for (const ep of p.episodes) {
      const s = warfarinSeries(ep);
      s.days.forEach((day, t) => rows.push({ policy: p.name, episode: ep.index, day, trueInr: s.trueInr[t]!, dose: s.dose[t]! }));
    }
  }
  return rows;
}

/** A dosing decision: the dose chosen and the last INR measured before it. */
export interface DosingDecisionRow {
  policy: string;
  group: string;
  lastInr: number;
  dose: number;
}

/**
 * Every dosing decision with the last measured INR known when it was made, labelled by a
 * subgroup key, for the policy map. The dose of step t is decided after the measurement of
 * day t (the baseline for t = 0).
 * @example dosingDecisionRows(evaluation, 'cyp2c9')
 */
export function dosingDecisionRows(evaluation: Evaluation, groupKey: keyof WarfarinSubgroups = 'cyp2c9'): DosingDecisionRow[] {
  const rows: DosingDecisionRow[] = [];
  for (const p of evaluation.policies) {
    for (const ep of p.episodes) {
      const group = warfarinSubgroups(patientOf(ep))[groupKey];
      const s = warfarinSeries(ep);
      let m = 0;
      s.days.forEach((day, t) => {
        // measurements known before dosing on day (day − 1): those with measured day ≤ day − 1
        while (m < s.measuredDays.length && s.measuredDays[m]! <= day - 1) m++;
        const dose = s.dose[t]!;
        if (m > 0 && Number.isFinite(dose)) rows.push({ policy: p.name, group, lastInr: s.measuredInr[m - 1]!, dose });
      });
    }
  }
  return rows;
}

/** Labels of the subgroup variables in reports. */
export const WARFARIN_SUBGROUP_LABELS: Readonly<Record<keyof WarfarinSubgroups, string>> = {
  cyp2c9: 'CYP2C9 diplotype',
  vkorc1: 'VKORC1 genotype',
  cyp2c9Phenotype: 'CYP2C9 phenotype',
  ancestry: 'Ancestry',
};

export interface WarfarinReportOptions {
  title?: string;
  /** The question the evaluation answers (plain text). */
  question: string;
  /** Reference policy of the paired differences. */
  reference: string;
  /** Stream of every bootstrap (forked per table, metric, policy and group). */
  rng: RandomStream;
  /** Bootstrap replicates (default 2000) and 1 − confidence level (default 0.05). */
  B?: number;
  alpha?: number;
  /** Metrics with subgroup tables and fairness gaps (default ['trueTtr', 'pttr']). */
  subgroupMetrics?: readonly (keyof WarfarinEpisodeMetrics)[];
  /** Smallest group entering a fairness gap (default 10). */
  minGroupSize?: number;
  policyDescriptions?: Readonly<Record<string, string>>;
  plots?: ReportData['plots'];
  artefacts?: ReportData['artefacts'];
  provenance?: ReportData['provenance'];
}

/**
 * Count values.
 * @example countBy(['a', 'b', 'a']) // { a: 2, b: 1 }
 */
function countBy(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/**
 * Everything a report shows for a warfarin evaluation: cohort counts, the main table, paired
 * differences vs the reference, subgroup tables and fairness gaps (render with buildReport).
 * @example buildReport(warfarinReportData(evaluation, { question: 'Does PPO beat IWPC?', reference: 'iwpc', rng: root.fork('bootstrap') }))
 */
export function warfarinReportData(evaluation: Evaluation, options: WarfarinReportOptions): ReportData {
  const rows = warfarinMetricsTable(evaluation);
  const policies = evaluation.policies.map((p) => p.name);
  const boot = { B: options.B ?? 2000, alpha: options.alpha ?? 0.05 };
  const rowsOf = (policy: string): WarfarinEpisodeRow[] => rows.filter((r) => r.policy === policy).sort((a, b) => a.episode - b.episode);
  const patients = rowsOf(policies[0]!);
  const subgroupMetrics = options.subgroupMetrics ?? ['trueTtr', 'pttr'];
  const subgroups: ReportData['subgroups'][number][] = [];
  const fairness: ReportData['fairness'][number][] = [];
  for (const metric of subgroupMetrics) {
    for (const key of WARFARIN_SUBGROUP_KEYS) {
      for (const policy of policies) {
        const r = rowsOf(policy);
        const values = r.map((x) => x[metric]);
        const groups = r.map((x) => x[key]);
        const rng = options.rng.fork(`subgroups/${metric}/${key}/${policy}`);
        subgroups.push({ metric, variable: WARFARIN_SUBGROUP_LABELS[key], policy, summaries: subgroupSummaries(values, groups, { ...boot, rng }) });
        const gap = largestSubgroupGap(values, groups, { ...boot, rng: options.rng.fork(`fairness/${metric}/${key}/${policy}`), minGroupSize: options.minGroupSize ?? 10 });
        fairness.push({ metric, variable: WARFARIN_SUBGROUP_LABELS[key], policy, gap });
      }
    }
  }
  return {
    title: options.title ?? `Warfarin evaluation: ${policies.join(', ')}`,
    question: options.question,
    cohort: {
      size: patients.length,
      ancestry: countBy(patients.map((p) => p.ancestry)),
      genotypes: { CYP2C9: countBy(patients.map((p) => p.cyp2c9)), VKORC1: countBy(patients.map((p) => p.vkorc1)), 'CYP2C9 phenotype': countBy(patients.map((p) => p.cyp2c9Phenotype)) },
    },
    policies: policies.map((name) => ({ name, ...(options.policyDescriptions?.[name] ? { description: options.policyDescriptions[name] } : {}) })),
    reference: options.reference,
    metrics: WARFARIN_METRICS,
    mainTable: policies.flatMap((policy) =>
      WARFARIN_METRICS.map((m) => ({ policy, metric: m.key, summary: summarizeMetric(rowsOf(policy).map((r) => r[m.key]), { ...boot, rng: options.rng.fork(`main/${m.key}/${policy}`) }) })),
    ),
    paired: WARFARIN_METRICS.map((m) => ({
      metric: m.key,
      differences: pairedDifferencesVsReference(
        Object.fromEntries(policies.map((p) => [p, rowsOf(p).map((r) => r[m.key])])),
        options.reference,
        { ...boot, rng: options.rng.fork(`paired/${m.key}`) },
      ),
    })),
    subgroups,
    fairness,
    plots: options.plots ?? [],
    ...(options.artefacts ? { artefacts: options.artefacts } : {}),
    ...(options.provenance ? { provenance: options.provenance } : {}),
  };
}
