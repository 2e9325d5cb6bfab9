/** Costs as the seed pages state them (their example request's charged cost), for expected values. */
import { seedPages } from "./seed-curls.js";

export function seedCost(model: string): number {
  const page = seedPages.find((p) => p.requests.some((r) => (r as { model?: string }).model === model));
  const cost = (page?.outputs[0] as { cost_actual?: unknown } | undefined)?.cost_actual;
  if (typeof cost !== "number") throw new Error(`no seed page states a cost for ${model}`);
  return cost;
}

/** A number as a RegExp-safe literal. */
export const reNumber = (n: number) => String(n).replace(".", "\\.");
