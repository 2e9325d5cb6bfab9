/**
 * The model catalog page, generated from the registry (itself generated from spec/models): each
 * model's provider, output kind, parameters, cross-field rules and example requests.
 */
import { apiServers, models, type ModelInfo } from "../../generated/models/registry.js";
import { parameterRows } from "../../src/model-docs.js";


const escape = (text: unknown) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const shellQuote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

export function exampleRequests(model: ModelInfo): { curl: string; typescript: string } {
  const input = ((model.schema.examples as Record<string, unknown>[] | undefined) ?? [])[0] ?? { prompt: "…" };
  if (model.provider === "gateway") {
    const body = JSON.stringify({ model: model.slug, ...input }, null, 2);
    return {
      curl: [`curl -X POST ${apiServers.gateway}/v1/videos/generations \\`, '  -H "Authorization: Bearer $VIDEO_GATEWAY_API_KEY" \\', '  -H "Content-Type: application/json" \\', `  -d ${shellQuote(body)}`].join("\n"),
      typescript: [
        'import { VideoGateway } from "mindvideo";',
        "",
        "const gw = new VideoGateway(); // key from VIDEO_GATEWAY_API_KEY",
        `const task = await gw.videos.run(${JSON.stringify({ model: model.slug, ...input }, null, 2)});`,
        "console.log(task.result?.videos[0]?.url); // valid for 24 hours",
      ].join("\n"),
    };
  }
  const body = JSON.stringify({ model: model.slug, input }, null, 2);
  const field = model.output === "image" ? "images" : "videos";
  return {
    curl: [
      `curl -X POST ${apiServers.mindvideo}/api/v1/tasks \\`,
      '  -H "Authorization: Bearer $MINDVIDEO_API_KEY" \\',
      '  -H "Content-Type: application/json" \\',
      '  -H "Idempotency-Key: $(uuidgen)" \\',
      `  -d ${shellQuote(body)}`,
    ].join("\n"),
    typescript: [
      'import { MindVideo } from "mindvideo";',
      "",
      "const mv = new MindVideo(); // key from MINDVIDEO_API_KEY",
      `const task = await mv.tasks.run(${body});`,
      `console.log(task.output.${field}[0]?.url, task.cost_actual);`,
    ].join("\n"),
  };
}

export function catalogHtml(): string {
  const list = Object.values(models) as ModelInfo[];
  const section = (model: ModelInfo) => {
    const rows = parameterRows(model.schema);
    const examples = exampleRequests(model);
    return `
<section class="model" id="${escape(model.slug)}" data-model="${escape(model.slug)}">
  <h2>${escape(model.title)} <code>${escape(model.slug)}</code></h2>
  <p class="facts"><span class="badge">${escape(model.provider)}</span> <span class="badge ${escape(model.output)}">${escape(model.output)}</span> ${model.tags.map((t) => `<span class="tag">${escape(t)}</span>`).join(" ")}</p>
  <p>${escape(model.description)}</p>
  <table>
    <thead><tr><th>parameter</th><th>type</th><th>default</th><th>allowed</th><th>description</th></tr></thead>
    <tbody>
${rows
  .map(
    (r) =>
      `      <tr${r.advanced ? ' class="advanced"' : ""}><td><code>${escape(r.name)}</code>${r.required ? ' <span class="required">required</span>' : ""}${r.advanced ? ' <span class="adv">advanced</span>' : ""}</td><td>${escape(r.type)}</td><td>${"default" in r ? `<code>${escape(JSON.stringify(r.default))}</code>` : ""}</td><td>${escape(r.allowed)}</td><td>${escape(r.description)}</td></tr>`,
  )
  .join("\n")}
    </tbody>
  </table>
  ${model.rules.length > 0 ? `<h3>Rules across parameters</h3>\n  <ul class="rules">${model.rules.map((r) => `<li>${escape(r.message[0]!.toUpperCase() + r.message.slice(1))}.</li>`).join("")}</ul>` : ""}
  <h3>Example request</h3>
  <pre><code class="language-sh">${escape(examples.curl)}</code></pre>
  <pre><code class="language-ts">${escape(examples.typescript)}</code></pre>
</section>`;
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Model catalog · mindvideo</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1.5rem; color: #1d2433; line-height: 1.45; }
  nav a { margin-right: 1rem; }
  code { font-family: ui-monospace, monospace; font-size: 0.9em; }
  table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; font-size: 0.9rem; }
  th, td { border-bottom: 1px solid #dfe3ea; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
  tr.advanced td { color: #5a6375; }
  .badge, .tag, .required, .adv { display: inline-block; border-radius: 4px; padding: 0 0.4rem; font-size: 0.8rem; }
  .badge { background: #e8eefc; } .badge.video { background: #fde8e8; } .badge.image { background: #e6f6ea; }
  .tag { background: #f1f1f1; } .required { background: #fff2d6; } .adv { background: #eee; }
  pre { background: #f6f8fa; padding: 0.75rem; overflow-x: auto; border-radius: 6px; }
  section.model { border-top: 2px solid #dfe3ea; margin-top: 2rem; }
</style>
</head>
<body>
<nav><a href="index.html">Home</a><a href="mindvideo.html">MindVideo task API</a><a href="gateway.html">Video generations gateway</a><a href="models.html">Model catalog</a></nav>
<h1>Model catalog</h1>
<p>${list.length} models, generated from <code>spec/models/</code>. Parameters marked <em>advanced</em> are hidden in simple forms.</p>
<ul class="toc">${list.map((m) => `<li><a href="#${escape(m.slug)}">${escape(m.title)}</a> (${escape(m.provider)}, ${escape(m.output)})</li>`).join("")}</ul>
${list.map(section).join("\n")}
</body>
</html>
`;
}
