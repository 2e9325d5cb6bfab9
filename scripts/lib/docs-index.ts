/** The docs' front page: what this is, how to start, and a link to every page. */
import { models } from "../../generated/models/registry.js";
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
<h2>Models</h2>
<ul>${list.map((m) => `<li><a href="playground.html#${esc(m.slug)}">${esc(m.title)}</a> <code>${esc(m.slug)}</code> (${esc(m.provider)}, ${esc(m.output)})</li>`).join("")}</ul>
<p>Generated from <code>spec/</code>; every page works offline, with no external request.</p>
${COPY_SCRIPT}`;
  return sitePage({ file: "index.html", title: "mindvideo docs", css: "li { margin: 0.4rem 0; }", body });
}
