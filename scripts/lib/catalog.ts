/**
 * The model catalog page, generated from the registry (itself generated from spec/models): each
 * model's provider, output kind, parameters, cross-field rules and example requests.
 */
import { apiServers, models, type ModelInfo } from "../../generated/models/registry.js";
import { parameterRows, type ParameterRow } from "../../src/model-docs.js";
import { orderedPropertyNames } from "./playground/fields.js";
import { ruleTokens } from "./rule-text.js";
import { COPY_SCRIPT, copyableCode, escapeHtml as escape, sitePage } from "./site-layout.js";

/** Required parameters first, then the schema's order (nested rows stay under their parent). */
function orderedRows(schema: Record<string, unknown>): ParameterRow[] {
  const rows = parameterRows(schema);
  const top = (name: string) => name.split(/[.[]/)[0]!;
  const order = orderedPropertyNames(schema);
  return order.flatMap((name) => rows.filter((r) => top(r.name) === name));
}

/** A rule sentence as HTML, its parameter names as code. */
export function ruleHtml(model: ModelInfo, message: string): string {
  return ruleTokens(model.schema, message).map((t) => (t.code ? `<code>${escape(t.text)}</code>` : escape(t.text))).join("");
}

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
    const rows = orderedRows(model.schema);
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
  ${model.rules.length > 0 ? `<h3>Rules across parameters</h3>\n  <ul class="rules">${model.rules.map((r) => `<li>${ruleHtml(model, r.message)}</li>`).join("")}</ul>` : ""}
  <h3>Example request</h3>
  ${copyableCode(examples.curl, "sh", `the curl example for ${model.slug}`)}
  ${copyableCode(examples.typescript, "ts", `the TypeScript example for ${model.slug}`)}
  <p><a href="playground.html#${escape(model.slug)}">Try ${escape(model.title)} in the playground</a></p>
</section>`;
  };
  const css = `
  table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; font-size: 0.9rem; }
  th, td { border-bottom: 1px solid #dfe3ea; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
  tr.advanced td { color: #4a5262; }
  .badge, .tag, .required, .adv { display: inline-block; border-radius: 4px; padding: 0 0.4rem; font-size: 0.8rem; }
  .badge { background: #e8eefc; } .badge.video { background: #fde8e8; } .badge.image { background: #e6f6ea; }
  .tag { background: #f1f1f1; } .required { background: #fff2d6; } .adv { background: #eee; }
  section.model { border-top: 2px solid #dfe3ea; margin-top: 2rem; }
`;
  const body = `<h1>Model catalog</h1>
<p>${list.length} models, generated from <code>spec/models/</code>. Required parameters come first; those marked <em>advanced</em> sit behind a toggle in the playground.</p>
<ul class="toc">${list.map((m) => `<li><a href="#${escape(m.slug)}">${escape(m.title)}</a> (${escape(m.provider)}, ${escape(m.output)})</li>`).join("")}</ul>
${list.map(section).join("\n")}
${COPY_SCRIPT}`;
  return sitePage({ file: "models.html", title: "Model catalog · mindvideo", css, body });
}
