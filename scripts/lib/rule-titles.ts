/**
 * Names for the cross-field rules in the bundled documents. Redoc shows an `if`/`then` as two tabs
 * titled by `if.title` and `else.title` ("case 1" / "case 2" without them): each gets a title saying
 * when it applies, the `then` side carries the rule's sentence, and the rule itself its title and
 * description, all from its `x-rule` sentence. Titles and descriptions do not change validation.
 */
import { isObject, type JsonSchema } from "./json-schema.js";
import { ruleMarkdown } from "./rule-text.js";

const list = (values: unknown[]) => (values.length <= 2 ? values.join(" or ") : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`);

function itemCondition(contains: JsonSchema): string {
  const parts = Object.entries((contains.properties as JsonSchema | undefined) ?? {}).map(([key, raw]) => {
    const s = raw as JsonSchema;
    return "const" in s ? `${key} ${String(s.const)}` : Array.isArray(s.enum) ? `${key} ${list(s.enum)}` : key;
  });
  return parts.length ? `an item with ${parts.join(" and ")}` : "a matching item";
}

/** A short, plain-text reading of an `if` schema, e.g. "aspect_ratio is keep_ratio or adaptive". */
export function describeCondition(condition: JsonSchema): string {
  const properties = (condition.properties as JsonSchema | undefined) ?? {};
  const names = [...new Set([...((condition.required as string[] | undefined) ?? []), ...Object.keys(properties)])];
  const parts = names.map((name) => {
    const s = (properties[name] as JsonSchema | undefined) ?? {};
    if ("const" in s) return `${name} is ${String(s.const)}`;
    if (Array.isArray(s.enum)) return `${name} is ${list(s.enum)}`;
    if (isObject(s.contains)) return `${name} has ${itemCondition(s.contains)}`;
    if (typeof s.minItems === "number" && s.minItems > 1) return `${name} has ${s.minItems} or more items`;
    return `${name} is given`;
  });
  return parts.length ? `When ${parts.join(" and ")}` : "When the rule applies";
}

/** Adds the names in place, to every `x-rule` and to each `if`/`then` inside one. */
export function nameRules(schema: JsonSchema, modelSchema: JsonSchema = schema, sentence?: string): void {
  const own = typeof schema["x-rule"] === "string" ? (schema["x-rule"] as string) : undefined;
  const rule = own ?? sentence;
  if (own) {
    schema.title ??= `Rule: ${own.length > 60 ? `${own.slice(0, 57)}…` : own}`;
    schema.description ??= ruleMarkdown(modelSchema, own);
  }
  if (rule && isObject(schema.if) && isObject(schema.then) && schema.else === undefined) {
    // Redoc opens the `if` tab first: turned around (if not C then nothing else T, the same
    // constraint), the usual case is what a reader sees first, and the exception is one click away.
    const condition = schema.if;
    schema.if = { title: "Usually", not: condition };
    schema.else = { title: describeCondition(condition), description: ruleMarkdown(modelSchema, rule), ...schema.then };
    schema.then = {};
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === "if" || key === "then" || key === "else" || key === "examples" || key === "x-playground") continue;
    if (Array.isArray(value)) value.forEach((v) => isObject(v) && nameRules(v, modelSchema, rule));
    else if (isObject(value)) nameRules(value, modelSchema, key === "properties" ? undefined : rule);
  }
}
