/**
 * What answers a routed request. Today the simulator itself; the contract front (shared with
 * `npm run mock`) plugs in here, one per provider, in front of the same simulator.
 */
import type { Simulator } from "../simulator/index.js";
import type { ProviderName } from "../simulator/state.js";

export interface Engine {
  answer(provider: ProviderName, request: Request): Promise<Response>;
}

export function createEngine(simulator: Simulator): Engine {
  return { answer: (_provider, request) => simulator.handle(request) };
}
