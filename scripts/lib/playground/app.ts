/**
 * The playground page's script, bundled by esbuild from src/ (the client, the generated validators
 * and the file helpers). Reads each generated form back into a model input, checks it live, and
 * runs it with the SDK against the chosen target. Browser only; never holds an API key.
 */
import { models, type ModelInfo, type ModelSlug } from "../../../generated/models/registry.js";
import { MindVideo } from "../../../src/mindvideo/client.js";
import { VideoGateway } from "../../../src/gateway/client.js";
import { fileLimits, toDataUri } from "../../../src/files.js";
import { validateInput } from "../../../src/validation.js";
import type { GenerationClient, GenerationTask } from "../../../src/generations.js";
import { playgroundFields, ruleFields, type PlaygroundField } from "./fields.js";

/** The mock accepts any bearer token; this placeholder is not a secret. */
const MOCK_TOKEN = "Bearer local-mock";

const $ = <T extends Element>(root: ParentNode, selector: string) => root.querySelector<T>(selector);
const $$ = <T extends Element>(root: ParentNode, selector: string) => [...root.querySelectorAll<T>(selector)];

interface Settings {
  target: "mock" | "proxy";
  mindvideo: string;
  gateway: string;
  proxy: string;
}

const settingsForm = $<HTMLFormElement>(document, "form[data-settings]")!;
const picker = $<HTMLSelectElement>(document, "select[data-model-picker]")!;
const run = {
  status: $<HTMLElement>(document, "[data-status]")!,
  progress: $<HTMLProgressElement>(document, "[data-progress]")!,
  cost: $<HTMLElement>(document, "[data-cost]")!,
  events: $<HTMLOListElement>(document, "[data-events]")!,
  output: $<HTMLElement>(document, "[data-output]")!,
};
/** Data URIs made from uploads, per form and field. */
const uploads = new WeakMap<HTMLFormElement, Map<string, string[]>>();
let current: AbortController | undefined;

function initSettings(): void {
  const query = new URLSearchParams(location.search);
  const host = `${location.protocol}//${location.hostname || "127.0.0.1"}`;
  const defaults: Settings = {
    target: query.get("target") === "proxy" ? "proxy" : "mock",
    mindvideo: query.get("mindvideo") ?? `${host}:${settingsForm.dataset.mindvideoPort}`,
    gateway: query.get("gateway") ?? `${host}:${settingsForm.dataset.gatewayPort}`,
    proxy: query.get("proxy") ?? settingsForm.dataset.proxyUrl ?? "",
  };
  for (const name of ["mindvideo", "gateway", "proxy"] as const) (settingsForm.elements.namedItem(name) as HTMLInputElement).value = defaults[name];
  ($<HTMLInputElement>(settingsForm, `input[name=target][value=${defaults.target}]`)!).checked = true;
  settingsForm.addEventListener("submit", (event) => event.preventDefault());
}

function readSettings(): Settings {
  const value = (name: string) => (settingsForm.elements.namedItem(name) as HTMLInputElement).value.trim();
  return { target: value("target") === "proxy" ? "proxy" : "mock", mindvideo: value("mindvideo"), gateway: value("gateway"), proxy: value("proxy") };
}

function selectModel(slug: string): void {
  for (const form of $$<HTMLFormElement>(document, "form[data-model]")) form.hidden = form.dataset.model !== slug;
  picker.value = slug;
  const url = new URL(location.href);
  url.hash = slug;
  history.replaceState(null, "", url);
}

type Control = HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement;
const control = (form: HTMLFormElement, name: string) => form.elements.namedItem(name) as Control | null;
const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** The form as a model input, plus fields whose text could not be read (bad JSON). */
function readInput(form: HTMLFormElement, fields: readonly PlaygroundField[]): { input: Record<string, unknown>; unreadable: Map<string, string> } {
  const input: Record<string, unknown> = {};
  const unreadable = new Map<string, string>();
  for (const field of fields) {
    const el = control(form, field.name);
    if (!el) continue;
    const text = el.value;
    switch (field.kind) {
      case "boolean":
        if (el.checked !== (field.default ?? false)) input[field.name] = el.checked;
        break;
      case "enum":
        if (text !== "") input[field.name] = JSON.parse(text);
        break;
      case "integer":
      case "number":
        // A non-number stays a string so the validator names the field and the expected type.
        if (text.trim() !== "") input[field.name] = Number.isNaN(Number(text)) ? text : Number(text);
        break;
      case "lines":
        if (lines(text).length) input[field.name] = lines(text);
        break;
      case "files": {
        const all = [...lines(text), ...(uploads.get(form)?.get(field.name) ?? [])];
        if (all.length) input[field.name] = all;
        break;
      }
      case "json":
        if (text.trim() === "") break;
        try {
          input[field.name] = JSON.parse(text);
        } catch {
          unreadable.set(field.name, `${field.name} is not valid JSON`);
        }
        break;
      default:
        if (text !== "") input[field.name] = text;
    }
  }
  return { input, unreadable };
}

function fillExample(form: HTMLFormElement, model: ModelInfo, fields: readonly PlaygroundField[]): void {
  const example = ((model.schema.examples as Record<string, unknown>[] | undefined) ?? [])[0] ?? {};
  form.reset();
  uploads.get(form)?.clear();
  for (const out of $$<HTMLOutputElement>(form, "output[data-uploads-for]")) out.value = "";
  for (const field of fields) {
    const el = control(form, field.name);
    if (!el || !(field.name in example)) continue;
    const value = example[field.name];
    if (field.kind === "boolean") el.checked = value === true;
    else if (field.kind === "enum") el.value = JSON.stringify(value);
    else if (field.kind === "lines" || field.kind === "files") el.value = (value as unknown[]).join("\n");
    else if (field.kind === "json") el.value = JSON.stringify(value, null, 2);
    else el.value = String(value);
    if (field.advanced) form.querySelector("details.advanced")?.setAttribute("open", "");
  }
  check(form);
}

/** Validates the form with the generated validator and shows each problem next to its field. */
function check(form: HTMLFormElement): { ok: boolean; input: Record<string, unknown> } {
  const slug = form.dataset.model as ModelSlug;
  const model = models[slug] as ModelInfo;
  const fields = playgroundFields(model.schema);
  const { input, unreadable } = readInput(form, fields);
  const byField = new Map<string, string[]>(fields.map((f) => [f.name, []]));
  const ruleMessages: string[] = [];
  for (const [name, message] of unreadable) byField.get(name)!.push(message);
  const result = validateInput(slug, input, { prefix: "" });
  if (!result.ok) {
    for (const error of result.errors) {
      const rule = model.rules.find((r) => error.message === `${r.message} (${slug})`);
      const sentence = rule ? rule.message[0]!.toUpperCase() + rule.message.slice(1) : error.message;
      const targets = rule ? ruleFields(model.schema, rule.pointer) : [error.path.split(/[.[]/)[0] ?? ""];
      const known = targets.filter((t) => byField.has(t));
      if (rule || known.length === 0) ruleMessages.push(sentence);
      for (const name of known) byField.get(name)!.push(sentence);
    }
  }
  for (const [name, messages] of byField) {
    const box = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
    box?.classList.toggle("invalid", messages.length > 0);
    const slot = box?.querySelector<HTMLElement>("[data-error-for]");
    if (slot) slot.textContent = messages.join(" ");
    control(form, name)?.setAttribute("aria-invalid", String(messages.length > 0));
  }
  const list = form.querySelector<HTMLElement>("[data-rule-errors]")!;
  list.replaceChildren(...ruleMessages.map((m) => Object.assign(document.createElement("p"), { textContent: m })));
  return { ok: result.ok && unreadable.size === 0, input };
}

async function readUploads(form: HTMLFormElement, picker: HTMLInputElement): Promise<void> {
  const slug = form.dataset.model as ModelSlug;
  const field = picker.dataset.uploadFor!;
  const out = form.querySelector<HTMLOutputElement>(`output[data-uploads-for="${CSS.escape(field)}"]`)!;
  const map = uploads.get(form) ?? new Map<string, string[]>();
  uploads.set(form, map);
  try {
    const limits = fileLimits(slug, field);
    map.set(field, await Promise.all([...(picker.files ?? [])].map((file) => toDataUri(file, limits))));
    out.value = [...(picker.files ?? [])].map((f) => `${f.name} (${f.size} bytes)`).join(", ");
  } catch (error) {
    map.delete(field);
    picker.value = "";
    out.value = (error as Error).message;
  }
  check(form);
}

function clientFor(model: ModelInfo, settings: Settings): GenerationClient {
  const common = { apiKey: null, maxRetries: 2 } as const;
  if (model.provider === "gateway") {
    if (settings.target === "proxy") throw new Error("The backend proxy (createProxyHandler) forwards MindVideo models only: pick the local mock for gateway models.");
    return new VideoGateway({ ...common, baseUrl: settings.gateway, headers: { Authorization: MOCK_TOKEN } }).generations;
  }
  const baseUrl = settings.target === "proxy" ? new URL(settings.proxy, location.href).href.replace(/\/+$/, "") : settings.mindvideo;
  return new MindVideo({ ...common, baseUrl, ...(settings.target === "mock" ? { headers: { Authorization: MOCK_TOKEN } } : {}) }).generations;
}

function eventsClient(model: ModelInfo, settings: Settings): MindVideo | undefined {
  if (model.provider !== "mindvideo") return undefined;
  const baseUrl = settings.target === "proxy" ? new URL(settings.proxy, location.href).href.replace(/\/+$/, "") : settings.mindvideo;
  return new MindVideo({ apiKey: null, baseUrl, ...(settings.target === "mock" ? { headers: { Authorization: MOCK_TOKEN } } : {}) });
}

function setStatus(text: string, state: string): void {
  run.status.textContent = text;
  run.status.dataset.state = state;
}

function showTask(task: GenerationTask): void {
  setStatus(`Task ${task.id}: ${task.status}${task.progress === undefined ? "" : ` (${task.progress} %)`}`, task.status);
  run.progress.value = task.progress ?? (task.status === "succeeded" ? 100 : 0);
  const { estimate, actual } = task.cost ?? {};
  run.cost.textContent = [estimate === undefined ? "" : `Cost estimate: ${estimate}`, actual === undefined ? "" : `actual: ${actual}`].filter(Boolean).join(", ");
}

function logEvent(text: string): void {
  run.events.append(Object.assign(document.createElement("li"), { textContent: text }));
}

function showOutputs(task: GenerationTask, model: ModelInfo): void {
  run.output.replaceChildren(
    ...task.outputs.map((output, i) => {
      const figure = document.createElement("figure");
      const media = output.kind === "video" ? Object.assign(document.createElement("video"), { controls: true, preload: "none", src: output.url }) : Object.assign(document.createElement("img"), { src: output.url, alt: `Output ${i + 1} of ${model.title}` });
      if (output.kind === "video") media.setAttribute("aria-label", `Output ${i + 1} of ${model.title}`);
      const link = Object.assign(document.createElement("a"), { href: output.url, textContent: `Download output ${i + 1}` });
      link.setAttribute("download", "");
      const caption = document.createElement("figcaption");
      caption.append(link);
      figure.append(media, caption);
      return figure;
    }),
  );
}

async function submit(form: HTMLFormElement): Promise<void> {
  const { ok, input } = check(form);
  if (!ok) {
    setStatus("Not sent: fix the problems shown in the form.", "invalid");
    form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    return;
  }
  const model = models[form.dataset.model as ModelSlug] as ModelInfo;
  current?.abort();
  const controller = new AbortController();
  current = controller;
  run.events.replaceChildren();
  run.output.replaceChildren();
  run.cost.textContent = "";
  run.progress.value = 0;
  const settings = readSettings();
  try {
    const client = clientFor(model, settings);
    const events = eventsClient(model, settings);
    setStatus(`Submitting to ${model.slug}…`, "submitting");
    const submitted = await client.submit({ model: model.slug, input } as never, { signal: controller.signal });
    showTask(submitted);
    logEvent(`submitted: ${submitted.id} (${submitted.status})`);
    let seen = 0;
    const onUpdate = (task: GenerationTask) => {
      if (controller.signal.aborted) return;
      showTask(task);
      if (!events) return void logEvent(`${task.status}${task.progress === undefined ? "" : ` ${task.progress} %`}`);
      void events.tasks.events(task.id, { signal: controller.signal }).then(
        (page) => {
          for (const event of page.data.slice(seen)) logEvent(`${event.type}${event.progress === undefined ? "" : ` ${event.progress} %`}`);
          seen = Math.max(seen, page.data.length);
        },
        () => undefined,
      );
    };
    const done = await client.wait(submitted.id, { signal: controller.signal, onUpdate, timeoutMs: 15 * 60_000 });
    showTask(done);
    if (done.status !== "succeeded") setStatus(`Task ${done.id} ${done.status}: ${done.error?.message ?? "no reason given"}`, "failed");
    else showOutputs(done, model);
  } catch (error) {
    if (controller.signal.aborted) return;
    setStatus(`Failed: ${(error as Error).message}`, "failed");
  }
}

function init(): void {
  initSettings();
  for (const form of $$<HTMLFormElement>(document, "form[data-model]")) {
    const model = models[form.dataset.model as ModelSlug] as ModelInfo | undefined;
    if (!model) continue;
    const fields = playgroundFields(model.schema);
    form.addEventListener("input", () => check(form));
    form.addEventListener("change", (event) => {
      const target = event.target as HTMLInputElement;
      if (target.type === "file") void readUploads(form, target);
      else check(form);
    });
    form.addEventListener("reset", () => setTimeout(() => (uploads.get(form)?.clear(), check(form))));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void submit(form);
    });
    form.querySelector("[data-action=fill-example]")?.addEventListener("click", () => fillExample(form, model, fields));
  }
  picker.addEventListener("change", () => selectModel(picker.value));
  const wanted = decodeURIComponent(location.hash.slice(1));
  selectModel(Object.hasOwn(models, wanted) ? wanted : picker.value);
  document.body.dataset.ready = "true";
}

init();
