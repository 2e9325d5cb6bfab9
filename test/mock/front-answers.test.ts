/** The front never lets an answer through that breaks the contract: it becomes a 502 and a violation. */
import { describe, expect, it } from "vitest";
import { createFront } from "../../src/simulator/front.js";

const ask = (upstream: () => Response) => {
  const front = createFront({ api: "gateway", upstream: async () => upstream() });
  return { front, answer: front.handle(new Request("http://mock.test/v1/tasks/t1", { headers: { authorization: "Bearer k" } })) };
};
const task = { id: "t1", object: "video.generation.task", model: "doubao-seedance-1.0-pro-fast", status: "processing", created: 1 };

describe("answers from upstream", () => {
  it("a conforming answer passes unchanged", async () => {
    const { answer } = ask(() => Response.json(task));
    const response = await answer;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(task);
  });

  it.each([
    ["a task without id (now required)", () => Response.json({ ...task, id: undefined })],
    ["a string code in the gateway's envelope", () => Response.json({ error: { code: "invalid_json", message: "bad", type: "x" } }, { status: 400 })],
    ["an undeclared status", () => Response.json({ error: { code: 422, message: "x", type: "y" } }, { status: 422 })],
    ["a body that is not JSON", () => new Response("<html>", { status: 200 })],
  ])("%s becomes a 502 in the envelope and a response violation", async (_name, upstream) => {
    const { front, answer } = ask(upstream);
    const response = await answer;
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(502);
    expect(front.violations.list()).toEqual([expect.objectContaining({ side: "response", method: "GET", path: "/v1/tasks/t1" })]);
  });
});
