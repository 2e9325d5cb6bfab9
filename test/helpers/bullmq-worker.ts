/**
 * One BullMQ generation worker process for the many-machines test. Prints `submitted <job id>`
 * once its task exists, so the test can SIGKILL it mid-job. Env: REDIS_PORT, QUEUE, BASE_URL, OUT.
 */
import { Redis } from "ioredis";
import { MindVideo } from "../../src/mindvideo/client.js";
import { createGenerationWorker } from "../../src/node/bullmq.js";

const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const connection = new Redis({ host: "127.0.0.1", port: Number(env("REDIS_PORT")), maxRetriesPerRequest: null });
const generations = new MindVideo({ baseUrl: env("BASE_URL"), retry: { initialDelayMs: 10 } }).generations;
const worker = createGenerationWorker({
  queueName: env("QUEUE"),
  connection,
  concurrency: 2,
  downloadDir: env("OUT"),
  downloadOptions: { apiBaseUrl: env("BASE_URL") },
  clients: {
    mindvideo: {
      ...generations,
      submit: async (request, options) => {
        const task = await generations.submit(request, options);
        process.stdout.write(`submitted ${request.model} ${task.id}\n`);
        return task;
      },
    },
  },
  wait: { maxPollIntervalMs: 200 },
  // Short locks so the job of a killed worker comes back within seconds, not the default 30 s.
  workerOptions: { lockDuration: 1_500, stalledInterval: 500, maxStalledCount: 5 },
});
worker.on("active", (job) => process.stdout.write(`active ${job.id}\n`));
worker.on("completed", (job) => process.stdout.write(`completed ${job.id}\n`));
await worker.waitUntilReady();
process.stdout.write("ready\n");
const stop = async () => {
  await worker.close();
  await connection.quit();
  process.exit(0);
};
process.on("SIGTERM", stop);
