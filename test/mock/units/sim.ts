/** The simulator in-process (Request in, Response out) on a manual clock: the shared setup of the unit tests under test/mock/units. */
import { createManualClock, createSimulator, type SimulatorOptions } from "../../../src/simulator/index.js";

export const START = Date.UTC(2026, 0, 1);
export const ORIGIN = "http://mock.test";

export interface CallOptions {
  token?: string | null;
  body?: string;
  headers?: Record<string, string>;
}

export function setup(options: SimulatorOptions = {}) {
  const clock = createManualClock(START);
  const sim = createSimulator({ clock, timing: { queuedMs: 1_000, processingMs: 4_000 }, ...options });
  const call = async (method: string, path: string, init: CallOptions = {}) => {
    const headers: Record<string, string> = {
      ...(init.token === null ? {} : { authorization: `Bearer ${init.token ?? "key_a"}` }),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    };
    const response = await sim.handle(new Request(`${ORIGIN}${path}`, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) }));
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  /** Lets callback deliveries (promises the clock's timers start) settle. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { clock, sim, call, settle };
}
