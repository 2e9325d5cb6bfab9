/**
 * What answers a routed request: the contract front shared with `npm run mock` (one per provider,
 * src/simulator/front.ts) in front of one simulator, so the checks, the envelopes and the verdicts
 * are the same as the stateful mock's.
 */
import { createFront, type Front } from "../simulator/front.js";
import type { Simulator } from "../simulator/index.js";
import type { ProviderName } from "../simulator/state.js";
import { createViolationLog, type Violation, type ViolationLog } from "../simulator/violations.js";

export interface Engine {
  answer(provider: ProviderName, request: Request): Promise<Response>;
  violations: ViolationLog;
}

export function createEngine(simulator: Simulator, onViolation: ((violation: Violation) => void) | undefined): Engine {
  const violations = createViolationLog({ onViolation });
  // Built on first use; the precompiled checks load with the first answer.
  const fronts = new Map<ProviderName, Front>();
  const frontOf = (api: ProviderName) => {
    let front = fronts.get(api);
    if (!front) fronts.set(api, (front = createFront({ api, simulator, violations })));
    return front;
  };
  return { violations, answer: (provider, request) => frontOf(provider).handle(request) };
}
