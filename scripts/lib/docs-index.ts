/** The docs' front page: what this is, how to start, and a link to every page. */
import { models } from "../../generated/models/registry.js";
import { SCENARIOS } from "../../src/simulator/facts.js";
import { SCENARIO_HEADER } from "../../src/simulator/index.js";
import { COPY_SCRIPT, copyableCode, escapeHtml as esc, sitePage } from "./site-layout.js";

export function indexHtml(): string {
  const list = Object.values(models);
  const body = `<h1>mindvideo</h1>
<p>A TypeScript SDK for asynchronous AI video and image generation: the <strong>MindVideo task API</strong> and an <strong>OpenAI-style video generations gateway</strong>, both generated from one contract in <code>spec/</code>. Submit a task, watch its progress, get the video or images; inputs are checked against each model's schema before anything is sent, and retries never charge twice.</p>
<h2>Start</h2>
<p>Node 20.19 or newer. The first command builds these docs and starts a stateful mock of both APIs, so the playground works offline; the second runs every check.</p>
${copyableCode("npm install && npm start", "sh", "the start command")}
${copyableCode("npm install && npm test", "sh", "the test command")}
<h2>Pages</h2>
<ul class="pages">
<li><a href="playground.html">Playground</a>: a form per model, checked as you type, run against the local mock or your backend proxy.</li>
<li><a href="models.html">Model catalog</a>: every model's parameters, rules and example requests (${list.length} models).</li>
<li><a href="mindvideo.html">MindVideo task API</a>: submit generation tasks, poll them, read their events.</li>
<li><a href="gateway.html">Video generations gateway</a>: OpenAI-style <code>POST /v1/videos/generations</code>, task query and callbacks.</li>
</ul>
<h2>The mock's control API</h2>
<p>In stateful mode (<code>npm start</code>, <code>npm run mock -- --stateful</code>) each mock port also answers these routes, for frontend work and tests. The same mock runs in-process as <code>mindvideo/mock</code> (<code>createMock()</code>) and as MSW handlers (<code>mindvideo/mock/msw</code>); see the README's frontend quick start.</p>
<ul>
<li><code>GET /__mock/tasks</code>: every task since the last reset, with <code>total</code>.</li>
<li><code>POST /__mock/reset</code>: forget every task, key and charge; back to the default scenario.</li>
<li><code>GET /__mock/violations</code>: the latest requests and answers that broke the contract, one line each.</li>
<li><code>GET</code> or <code>PUT /__mock/scenario</code> with <code>{"scenario": …}</code>: the default scenario; one request picks its own with the <code>${esc(SCENARIO_HEADER)}</code> header. Scenarios: ${SCENARIOS.map((s) => `<code>${esc(s)}</code>`).join(", ")}.</li>
<li><code>GET /__mock/outputs/…</code>: the output files the tasks link to (PNG, MP4), with <code>Range</code>; expired links answer 410.</li>
</ul>
<h2>Models</h2>
<ul>${list.map((m) => `<li><a href="playground.html#${esc(m.slug)}">${esc(m.title)}</a> <code>${esc(m.slug)}</code> (${esc(m.provider)}, ${esc(m.output)})</li>`).join("")}</ul>
<p>Generated from <code>spec/</code>; every page works offline, with no external request.</p>
${COPY_SCRIPT}`;
  return sitePage({ file: "index.html", title: "mindvideo docs", css: "li { margin: 0.4rem 0; }", body });
}
