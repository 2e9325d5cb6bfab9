/** The seeds' curl examples, pointed at the static Prism mock. */
import { describe, expect, inject, it } from "vitest";
import { runSeedCurl, seedPages } from "../helpers/seed-curls.js";

const commands = seedPages.flatMap((page) => page.curls.map((command, i) => [`${page.file} #${i + 1}`, command] as const));

describe("seed curl examples against the static mock", () => {
  it("there are 9 of them (3 per MindVideo page)", () => {
    expect(commands).toHaveLength(9);
  });

  it.each(commands)("%s succeeds", async (_name, command) => {
    const { status, body } = await runSeedCurl(command, inject("prismMindVideoUrl"));
    expect(status).toBe(200);
    expect(body.task_id).toBe("task_demo_model");
  });
});
