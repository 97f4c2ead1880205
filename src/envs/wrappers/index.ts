/** Env and vector-env wrappers. */
export { Wrapper, findWrapper, envName } from './wrapper.js';
export { TimeLimit } from './time-limit.js';
export { OrderEnforcing } from './order-enforcing.js';
export { PassiveEnvChecker } from './passive-env-checker.js';
export { RecordEpisodeStatistics, type EpisodeStatistics } from './record-episode-statistics.js';
export { NormalizeObservation, type NormalizeObservationOptions, type NormalizeObservationState } from './normalize-observation.js';
export { NormalizeReward, type NormalizeRewardOptions, type NormalizeRewardState } from './normalize-reward.js';
export { ClipAction } from './clip-action.js';
export { RescaleAction } from './rescale-action.js';
export { FlattenObservation } from './flatten-observation.js';
export { FrameStackObservation, type FrameStackOptions } from './frame-stack-observation.js';
export { TimeAwareObservation, type TimeAwareOptions } from './time-aware-observation.js';
export { VectorWrapper } from './vector-wrapper.js';
export { VectorNormalizeObservation } from './vector-normalize-observation.js';
export { VectorNormalizeReward } from './vector-normalize-reward.js';
