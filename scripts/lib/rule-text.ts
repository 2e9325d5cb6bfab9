/**
 * Cross-field rule sentences (`x-rule`) for readers: the parameter names and the values they are
 * compared with are marked as code, and a sentence that starts with a name keeps its spelling.
 */
type Schema = Record<string, any>;

export interface RuleToken {
  text: string;
  code: boolean;
}

/** Words worth marking: the model's parameters, and the values of those the sentence names. */
function codeWords(schema: Schema, sentence: string): Set<string> {
  const named = new Set(sentence.split(/[\s(),]+/));
  const words = new Set<string>(Object.keys(schema.properties ?? {}));
  const addValues = (values: unknown) => Array.isArray(values) && values.forEach((v) => typeof v === "string" && words.add(v));
  for (const [name, property] of Object.entries<Schema>(schema.properties ?? {})) {
    if (!named.has(name)) continue;
    addValues(property.enum);
    for (const inner of Object.values<Schema>(property.items?.properties ?? {})) addValues(inner.enum);
  }
  return words;
}

export function ruleTokens(schema: Schema, sentence: string): RuleToken[] {
  const words = codeWords(schema, sentence);
  const tokens = sentence.split(/(\s+|[(),])/).filter((t) => t !== "").map((text) => ({ text, code: words.has(text) }));
  const first = tokens[0];
  if (first && !first.code) first.text = first.text.charAt(0).toUpperCase() + first.text.slice(1);
  if (tokens.length && !/[.!?]$/.test(sentence)) tokens.push({ text: ".", code: false });
  return tokens;
}

export const ruleMarkdown = (schema: Schema, sentence: string) => ruleTokens(schema, sentence).map((t) => (t.code ? `\`${t.text}\`` : t.text)).join("");
