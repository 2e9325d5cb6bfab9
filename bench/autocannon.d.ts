/** The slice of autocannon's API the mock benchmark uses (the package ships no types). */
declare module "autocannon" {
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Seconds to run. */
    duration?: number;
    /** Requests to send instead of a duration. */
    amount?: number;
    connections?: number;
    /** Milliseconds between samples (default 1,000). */
    sampleInt?: number;
  }
  interface Result {
    requests: { average: number; total: number };
    /** Seconds the run took. */
    duration: number;
    non2xx: number;
    errors: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
