/**
 * Imports every module that registers named policies or policy loaders, so that
 * `resolvePolicy` (and `dosegym rollout --policy …`) knows them all. Add one line per module.
 */
import './checkpoint.js';
import './oncology-baselines.js';
import './clinical/clinical-policies.js';
import './hiv-baselines.js';
import './control/register.js';
