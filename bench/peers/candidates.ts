/**
 * "Read one task" with each SDK a user might pick instead, all against the same local server:
 * raw fetch is the reference. Each candidate is built once; the call is what is timed.
 */
import { createFalClient } from "@fal-ai/client";
import OpenAI from "openai";
import createClient from "openapi-fetch";
import Replicate from "replicate";
import type { paths } from "../../generated/openapi/mindvideo.js";
import { MindVideo } from "../../src/index.js";
import { guardedFetch } from "./guarded-fetch.js";

export type Candidates = Record<string, () => Promise<unknown>>;

export const PEER_NAMES = ["rawFetch", "guardedFetch", "mindvideo", "openapiFetch", "replicate", "openai", "falClient"] as const;

/** `Client`: the MindVideo class to time (the bench passes the shipped build's; the sources' by default). */
export function candidates(baseUrl: string, Client: typeof MindVideo = MindVideo): Candidates {
  const bare = createClient<paths>({ baseUrl, headers: { Authorization: "Bearer k" } });
  const mv = new Client({ apiKey: "k", baseUrl });
  const replicate = new Replicate({ auth: "k", baseUrl });
  const openai = new OpenAI({ apiKey: "k", baseURL: baseUrl, maxRetries: 2 });
  const local = new URL(baseUrl);
  const fal = createFalClient({
    credentials: "k",
    // fal has no base URL option: its middleware hook points the queue's URL at the local server.
    requestMiddleware: async (request) => {
      const url = new URL(request.url);
      url.protocol = local.protocol;
      url.host = local.host;
      return { ...request, url: url.toString() };
    },
  });
  return {
    rawFetch: async () => (await fetch(`${baseUrl}/api/v1/tasks/task_1`, { headers: { Authorization: "Bearer k" } })).json(),
    guardedFetch: () => guardedFetch((init) => fetch(`${baseUrl}/api/v1/tasks/task_1`, { headers: { Authorization: "Bearer k" }, ...init })),
    mindvideo: () => mv.tasks.get("task_1"),
    openapiFetch: () => bare.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: "task_1" } } }),
    replicate: () => replicate.predictions.get("task_1"),
    openai: () => openai.videos.retrieve("task_1"),
    falClient: () => fal.queue.status("fal-ai/bench", { requestId: "task_1" }),
  };
}
