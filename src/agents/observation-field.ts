/**
 * Policies that read named features (last INR, days since measurement…) find them through
 * the env's declared observation layout (`metadata.observationLayout`: `{ name, index }[]`).
 */
import type { PolicyContext } from './policy.js';

/**
 * Position of the observation field `name` in `ctx.envMetadata.observationLayout`, or
 * `fallback` when the env declares no layout or no such field.
 * @example observationFieldIndex(ctx, 'lastInr', 1) // 1 in Warfarin-v0
 */
export function observationFieldIndex(ctx: PolicyContext, name: string, fallback: number): number {
  const layout = ctx.envMetadata?.observationLayout;
  const field = Array.isArray(layout) ? (layout as { name?: string; index?: number }[]).find((x) => x?.name === name) : undefined;
  return typeof field?.index === 'number' ? field.index : fallback;
}
