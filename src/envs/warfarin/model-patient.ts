/**
 * The patient as the warfarin models and dosing algorithms can read it.
 *
 * The Hamberg models and the IWPC/Gage algorithms know CYP2C9 alleles *1, *2 and *3 only,
 * while virtual cohorts (genomics/frequencies.ts) also carry *5, *6, *8 and *11. Such an
 * allele is read as the known allele of the same CPIC activity value (genomics/data/
 * cyp2c9.ts): activity 1 → *1, 0.5 (decreased function: *5, *8, *11) → *2, 0 (no function:
 * *6) → *3. This is a simulator convention (CPIC 2017 groups these alleles with *2/*3 by
 * function; no warfarin PK study estimated their clearance separately), stated here once
 * and used by the env (model parameters, observation features) and by the clinical
 * policies (algorithm input), so that the clinician and the simulated patient agree.
 *
 * A gene that is absent stays absent (unknown genotype: the models use *1/*1 and G/G, the
 * pharmacogenetic algorithms their "unknown" coefficients).
 */
import { parseDiplotype } from '../../genomics/diplotype.js';
import type { Patient } from '../../genomics/patient.js';
import { normaliseCyp2c9, type Cyp2c9Diplotype } from '../../pkpd/models/warfarin-covariates.js';

/** The *1/*2/*3 allele of the same CPIC activity value. */
function equivalentAllele(activity: number | undefined): 1 | 2 | 3 {
  if (activity === undefined || activity >= 1) return 1;
  return activity > 0 ? 2 : 3;
}

/**
 * The warfarin-model CYP2C9 diplotype of `diplotype` (any CYP2C9 star alleles the gene
 * table knows), by activity value.
 * @example warfarinCyp2c9('*1/*11') // '*1/*2'
 * @example warfarinCyp2c9('*6/*3') // '*3/*3'
 */
export function warfarinCyp2c9(diplotype: string): Cyp2c9Diplotype {
  const parsed = parseDiplotype('CYP2C9', diplotype);
  const alleles = parsed.alleles.map((h) => equivalentAllele(h.allele.activityValue));
  return normaliseCyp2c9(`*${alleles[0]}/*${alleles[1]}`);
}

/**
 * A copy of `patient` whose CYP2C9 diplotype is mapped to *1/*2/*3 by activity value (see
 * the module doc); the same object when nothing needs mapping.
 */
export function warfarinModelPatient<P extends Patient>(patient: P): P {
  const cyp = patient.genotypes.CYP2C9;
  if (cyp === undefined) return patient;
  const mapped = warfarinCyp2c9(cyp);
  if (mapped === cyp) return patient;
  return { ...patient, genotypes: { ...patient.genotypes, CYP2C9: mapped } };
}
