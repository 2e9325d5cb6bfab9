/** An injectable fetch that records each attempt and answers from a script. */
export interface RecordedAttempt {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type Reply = Response | Error | ((attempt: RecordedAttempt, request: Request) => Response | Error | Promise<Response | Error>);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function recordingFetch(replies: Reply[]) {
  const attempts: RecordedAttempt[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const attempt: RecordedAttempt = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      body: request.method === "GET" ? "" : await request.text(),
    };
    attempts.push(attempt);
    const reply = replies[Math.min(attempts.length - 1, replies.length - 1)];
    if (reply === undefined) throw new Error("no scripted reply");
    const outcome = typeof reply === "function" ? await reply(attempt, request) : reply;
    if (outcome instanceof Error) throw outcome;
    return outcome.clone();
  };
  return { fetch, attempts };
}

export const task = (overrides: Record<string, unknown> = {}) => ({
  request_id: "req_test",
  task_id: "task_test",
  status: "queued",
  cost_estimate: 0.0657,
  cost_actual: null,
  output: null,
  ...overrides,
});

/** A network failure as undici reports one: TypeError("fetch failed") with a coded cause. */
export function networkError(code: string): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
  return new TypeError("fetch failed", { cause });
}
