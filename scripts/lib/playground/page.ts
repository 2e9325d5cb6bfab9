/**
 * dist/docs/playground.html, generated from the model registry (itself generated from
 * spec/models): a model picker and one `<form data-model>` per model whose widgets follow the
 * schema's `x-playground` hints. The page's behaviour lives in the bundled script (app.ts).
 */
import type { ModelInfo } from "../../../generated/models/registry.js";
import { LOCAL_MOCK_PORTS } from "../bundle-openapi.js";
import { escapeHtml as esc, sitePage } from "../site-layout.js";
import { playgroundFields, type PlaygroundField } from "./fields.js";

/** Where the page sends requests unless told otherwise (query string or the settings form). */
export const DEFAULT_TARGETS = {
  /** The ports `npm start` and `npm run mock` use (the mock servers of the bundled documents), on the docs' host. */
  mindvideoPort: LOCAL_MOCK_PORTS.mindvideo,
  gatewayPort: LOCAL_MOCK_PORTS.gateway,
  /** createProxyHandler's default mount path, on the docs origin. */
  proxyUrl: "/api/mindvideo",
} as const;

const id = (slug: string, name: string, what: string) => `${what}-${slug}-${name}`.replace(/[^A-Za-z0-9_-]/g, "_");

function hint(field: PlaygroundField): string {
  const parts = [field.description];
  if (field.kind === "integer" || field.kind === "number") {
    if (field.minimum !== undefined && field.maximum !== undefined) parts.push(`From ${field.minimum} to ${field.maximum}.`);
  }
  if (field.kind === "files") {
    parts.push(`One ${field.multiple ? "URL per line" : "URL"}, or upload ${field.multiple ? "files" : "a file"}${field.accept ? ` (${field.accept})` : ""}${field.maxBytes ? ` of at most ${Math.round(field.maxBytes / 1024 / 1024)} MB` : ""}: uploads are sent as data URIs.`);
  }
  if (field.kind === "lines") parts.push("One value per line.");
  if (field.kind === "json") parts.push("JSON.");
  if ("default" in field) parts.push(`Default: ${JSON.stringify(field.default)}.`);
  return parts.filter(Boolean).join(" ");
}

function widget(slug: string, field: PlaygroundField): string {
  const fid = id(slug, field.name, "f");
  const described = `aria-describedby="${id(slug, field.name, "h")} ${id(slug, field.name, "e")}"`;
  const common = `id="${fid}" name="${esc(field.name)}" ${described}${field.required ? ' aria-required="true"' : ""}`;
  const placeholder = field.placeholder === undefined ? "" : ` placeholder="${esc(field.placeholder)}"`;
  switch (field.kind) {
    case "textarea":
      return `<textarea ${common} rows="${field.rows ?? 4}"${placeholder}></textarea>`;
    case "enum": {
      const blank = "default" in field ? `(default: ${String(field.default)})` : field.required ? "Choose…" : "(not set)";
      const options = (field.options ?? []).map((value) => `<option value="${esc(JSON.stringify(value))}">${esc(String(value))}</option>`).join("");
      return `<select ${common}><option value="">${esc(blank)}</option>${options}</select>`;
    }
    case "boolean":
      return `<input type="checkbox" role="switch" ${common}${field.default === true ? " checked" : ""}>`;
    case "integer":
    case "number":
      return `<input type="number" inputmode="${field.kind === "integer" ? "numeric" : "decimal"}" step="${field.kind === "integer" ? 1 : "any"}"${field.minimum === undefined ? "" : ` min="${field.minimum}"`}${field.maximum === undefined ? "" : ` max="${field.maximum}"`} ${common}${"default" in field ? ` placeholder="${esc(String(field.default))}"` : placeholder}>`;
    case "lines":
      return `<textarea ${common} rows="2"${placeholder}></textarea>`;
    case "files": {
      const upload = id(slug, field.name, "u");
      return `<textarea ${common} rows="2" placeholder="https://…"></textarea>
      <label class="upload" for="${upload}">Upload ${field.multiple ? "files" : "a file"}</label>
      <input type="file" id="${upload}" data-upload-for="${esc(field.name)}"${field.accept ? ` accept="${esc(field.accept)}"` : ""}${field.multiple ? " multiple" : ""}>
      <output class="uploads" for="${upload}" data-uploads-for="${esc(field.name)}"></output>`;
    }
    case "json":
      return `<textarea class="code" ${common} rows="3" spellcheck="false"${placeholder}></textarea>`;
    default:
      return `<input type="text" ${common}${placeholder}>`;
  }
}

function fieldHtml(slug: string, field: PlaygroundField): string {
  const toggle = field.kind === "boolean";
  const label = `<label for="${id(slug, field.name, "f")}">${esc(field.label)} <code>${esc(field.name)}</code>${field.required ? ' <span class="required">required</span>' : ""}</label>`;
  return `<div class="field${toggle ? " toggle" : ""}" data-field="${esc(field.name)}" data-kind="${field.kind}">
      ${toggle ? `${widget(slug, field)} ${label}` : `${label}\n      ${widget(slug, field)}`}
      <p class="hint" id="${id(slug, field.name, "h")}">${esc(hint(field))}</p>
      <p class="error" id="${id(slug, field.name, "e")}" data-error-for="${esc(field.name)}"></p>
    </div>`;
}

function formHtml(model: ModelInfo, first: boolean): string {
  const fields = playgroundFields(model.schema);
  const basic = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);
  return `<form data-model="${esc(model.slug)}" data-provider="${esc(model.provider)}" novalidate${first ? "" : " hidden"} aria-labelledby="${id(model.slug, "title", "t")}">
  <h2 id="${id(model.slug, "title", "t")}">${esc(model.title)} <code>${esc(model.slug)}</code></h2>
  <p>${esc(model.description)} <span class="badge">${esc(model.provider)}</span> <span class="badge">${esc(model.output)}</span></p>
  <p><button type="button" data-action="fill-example">Fill the example</button> <button type="reset">Clear</button></p>
  ${basic.map((f) => fieldHtml(model.slug, f)).join("\n  ")}
  ${advanced.length ? `<details class="advanced"><summary>Advanced parameters (${advanced.length})</summary>\n  ${advanced.map((f) => fieldHtml(model.slug, f)).join("\n  ")}\n  </details>` : ""}
  <div class="rule-errors" role="alert" data-rule-errors></div>
  <p><button type="submit" class="primary">Generate</button></p>
</form>`;
}

const CSS = `
  .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 2rem; align-items: start; }
  @media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
  fieldset { border: 1px solid #dfe3ea; border-radius: 6px; margin: 1rem 0; }
  .field { margin: 0.9rem 0; }
  .field label { display: block; font-weight: 600; }
  .field.toggle label { display: inline; }
  .field input[type=text], .field input[type=number], .field select, .field textarea, #settings input[type=url], #settings input[type=text] { width: 100%; box-sizing: border-box; font: inherit; padding: 0.35rem; border: 1px solid #8c95a3; border-radius: 4px; }
  .field.invalid input, .field.invalid select, .field.invalid textarea { border-color: #b3261e; }
  .hint { margin: 0.2rem 0; color: #4a5262; font-size: 0.85rem; }
  .error { margin: 0.2rem 0; color: #b3261e; font-size: 0.9rem; }
  .error:empty { display: none; }
  .rule-errors { color: #b3261e; }
  label.upload { font-weight: 400; font-size: 0.85rem; margin-top: 0.3rem; }
  .badge { display: inline-block; border-radius: 4px; padding: 0 0.4rem; font-size: 0.8rem; background: #e8eefc; }
  .required { font-size: 0.75rem; font-weight: 400; background: #fff2d6; border-radius: 4px; padding: 0 0.3rem; }
  button { font: inherit; padding: 0.35rem 0.9rem; border-radius: 4px; border: 1px solid #8c95a3; background: #fff; color: #1d2433; cursor: pointer; }
  button.primary { background: #0b4fd8; border-color: #0b4fd8; color: #fff; }
  details.advanced { border-top: 1px solid #dfe3ea; margin-top: 1rem; padding-top: 0.5rem; }
  details.advanced summary { cursor: pointer; font-weight: 600; }
  #run { position: sticky; top: 1rem; border: 1px solid #dfe3ea; border-radius: 6px; padding: 0 1rem 1rem; }
  #run progress { width: 100%; }
  #run ol { font-size: 0.85rem; padding-left: 1.2rem; max-height: 12rem; overflow-y: auto; }
  [data-output] figure { margin: 0.5rem 0; }
  [data-output] video, [data-output] img { max-width: 100%; background: #0f1419; min-height: 4rem; display: block; }
  [data-status][data-state=failed] { color: #b3261e; }
`;

export function playgroundHtml(list: readonly ModelInfo[], script: { src: string; integrity: string }): string {
  const byProvider = new Map<string, ModelInfo[]>();
  for (const model of list) byProvider.set(model.provider, [...(byProvider.get(model.provider) ?? []), model]);
  const picker = [...byProvider]
    .map(([provider, own]) => `<optgroup label="${esc(provider)}">${own.map((m) => `<option value="${esc(m.slug)}">${esc(m.title)} (${esc(m.slug)})</option>`).join("")}</optgroup>`)
    .join("");
  const body = `<h1>Playground</h1>
<p>Try every model from its form: the forms are generated from <code>spec/models/</code>, check each rule as you type, and run the SDK in this page against the local stateful mock (the default) or your backend proxy. No API key is ever in this page.</p>
<form id="settings" data-settings data-mindvideo-port="${DEFAULT_TARGETS.mindvideoPort}" data-gateway-port="${DEFAULT_TARGETS.gatewayPort}" data-proxy-url="${esc(DEFAULT_TARGETS.proxyUrl)}">
  <fieldset>
    <legend>Target</legend>
    <p><input type="radio" name="target" id="target-mock" value="mock" checked> <label for="target-mock">Local stateful mock (<code>npm start</code>): any bearer token is accepted, so the page sends a placeholder, not a key</label></p>
    <div class="field"><label for="mindvideo-url">MindVideo mock URL</label><input type="url" id="mindvideo-url" name="mindvideo"></div>
    <div class="field"><label for="gateway-url">Gateway mock URL</label><input type="url" id="gateway-url" name="gateway"></div>
    <p><input type="radio" name="target" id="target-proxy" value="proxy"> <label for="target-proxy">Backend proxy (<code>createProxyHandler</code>, MindVideo models): your server adds the key</label></p>
    <div class="field"><label for="proxy-url">Proxy URL</label><input type="text" id="proxy-url" name="proxy"></div>
  </fieldset>
</form>
<div class="layout">
<div>
<div class="field"><label for="model-picker">Model</label><select id="model-picker" data-model-picker>${picker}</select></div>
${list.map((m, i) => formHtml(m, i === 0)).join("\n")}
</div>
<section id="run" aria-labelledby="run-title">
  <h2 id="run-title">Run</h2>
  <p data-status aria-live="polite">Nothing submitted yet.</p>
  <label for="run-progress">Progress</label>
  <progress id="run-progress" data-progress max="100" value="0"></progress>
  <p data-cost></p>
  <h3>Events</h3>
  <ol data-events></ol>
  <h3>Output</h3>
  <div data-output></div>
</section>
</div>
<script type="module" src="${esc(script.src)}" integrity="${esc(script.integrity)}"></script>`;
  return sitePage({ file: "playground.html", title: "Playground · mindvideo", css: CSS, body });
}
