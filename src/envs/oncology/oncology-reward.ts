/**
 * Reward of one OncologyCombo cycle: tumour control traded against toxicity.
 *
 * ```
 * r = −Δln(burden)                      tumour shrinkage is rewarded, growth penalised
 *     − 0.3·[worst ANC in the cycle is grade 3 (0.5 ≤ ANC < 1.0 ×10⁹/L)]
 *     − 1.0·[grade 4 (ANC < 0.5)]
 *     − 5   on progression (the episode terminates)
 *     − 10  on a death proxy: lethal burden or fatal febrile neutropenia (terminates)
 * ```
 * Δln(burden) uses the TRUE burden at the start and end of the cycle (the simulator's
 * state, not the noisy imaging). The weights are design choices: one grade-4 episode costs
 * as much as a tumour growing by a factor e in one cycle; the terminal penalties make
 * ending the episode early never attractive. The constrained-MDP cost is separate:
 * `info.cost` = 1 on a cycle with grade-4 neutropenia.
 */
import type { OncologyEvent } from './oncology-task.js';

export const REWARD_WEIGHTS = Object.freeze({
  grade3: 0.3,
  grade4: 1.0,
  progression: 5,
  death: 10,
});

/**
 * @param logBurdenChange ln(burden at cycle end) − ln(burden at cycle start)
 * @param grade worst neutropenia grade of the cycle: 0 (< 3), 3 or 4
 * @param event the episode-ending event of the cycle, or 'none'
 * @example oncologyReward(-0.2, 0, 'none') // 0.2
 * @example oncologyReward(0.1, 4, 'progression') // -6.1
 */
export function oncologyReward(logBurdenChange: number, grade: number, event: OncologyEvent): number {
  let r = -logBurdenChange;
  if (grade === 3) r -= REWARD_WEIGHTS.grade3;
  else if (grade === 4) r -= REWARD_WEIGHTS.grade4;
  if (event === 'progression') r -= REWARD_WEIGHTS.progression;
  else if (event === 'lethal-burden' || event === 'toxic-death') r -= REWARD_WEIGHTS.death;
  return r;
}
