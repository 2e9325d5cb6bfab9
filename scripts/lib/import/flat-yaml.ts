/**
 * Reads an OpenAPI document published as YAML that lost its indentation (and partly its line
 * breaks), like seed 003. Without indentation, nesting is recovered from the OpenAPI grammar: a
 * key belongs to the innermost open part that takes it by name, else (at a line start) to the
 * innermost part that takes free-form names. Schema keywords also respect their JSON type, so a
 * `maxItems` after `items: { type: string }` goes to the array.
 */
import { parse } from "yaml";
import { isObject } from "../json-schema.js";
import { setOwn } from "./own-property.js";
import { GRAMMAR, KEYWORD_TYPES, REF_SIBLINGS, type Part, type ValueSpec } from "./openapi-grammar.js";

type Node = Record<string, unknown>;
type Form = "inline" | "list" | "map" | "none";
interface Token {
  text: string;
  lineStart: boolean;
  kind: "key" | "dash" | "word";
  name: string;
}
interface Frame {
  part: Part;
  node: Node | unknown[];
  /** For a list: what its items are. */
  item?: Part | "scalar" | "any";
}
interface PendingScalar {
  lines: string[][];
  block: boolean;
  assign: (value: unknown) => void;
  /** Where it lands, so a frame's `type` can be read before the scalar ends. */
  node?: Node;
  key?: string;
}

const BLOCK_INDICATOR = /^[>|][-+]?$/;
/** Far deeper than any OpenAPI document; a page nesting deeper is not one. */
export const MAX_DEPTH = 64;

export function parseFlatOpenApi(source: string): Node {
  const start = source.search(/(?:^|\s)openapi:\s/);
  const body = source.slice(start === -1 ? 0 : start).split(/\r?\n/);
  const end = body.findIndex((line) => /^\s*(?:`{3,}|~{3,})\s*$/.test(line) && !/^\s*```\s*$/.test(line));
  const tokens = tokenize(end === -1 ? body : body.slice(0, end));
  const refNames = new Set([...source.matchAll(/#\/components\/schemas\/([\w.-]+)/g)].map((m) => m[1]!));
  return new FlatParser(tokens, refNames).run();
}

function tokenize(lines: string[]): Token[] {
  const tokens: Token[] = [];
  for (const line of lines) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      let text = words[i]!;
      const quote = text[0] === "'" || text[0] === '"' ? text[0] : undefined;
      while (quote && !(text.length > 1 && (text.endsWith(quote) || text.endsWith(`${quote}:`))) && i + 1 < words.length) text += ` ${words[++i]}`;
      const isKey = text.length > 1 && text.endsWith(":");
      const raw = isKey ? text.slice(0, -1) : text;
      const name = /^(['"]).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
      tokens.push({ text, lineStart: tokens.length === 0 || i === 0, kind: text === "-" ? "dash" : isKey ? "key" : "word", name });
    }
  }
  return tokens;
}

class FlatParser {
  private readonly root: Node = {};
  private stack: Frame[] = [{ part: "doc", node: this.root }];
  private open: { node: Node; key: string; spec: ValueSpec } | undefined;
  private pendingItem: Frame | undefined;
  private scalar: PendingScalar | undefined;

  constructor(
    private readonly tokens: Token[],
    private readonly refNames: Set<string>,
  ) {}

  run(): Node {
    this.tokens.forEach((token, index) => this.step(token, this.formAfter(index)));
    this.endScalar();
    if (this.open) setOwn(this.open.node, this.open.key, null);
    return this.root;
  }

  /** What follows a key: a value on its line, a list, a nested map, or nothing. */
  private formAfter(index: number): Form {
    const next = this.tokens[index + 1];
    if (!next) return "none";
    if (next.kind === "dash") return "list";
    if (next.kind === "key") return "map";
    return next.lineStart ? "map" : "inline";
  }

  private push(frame: Frame): void {
    if (this.stack.length >= MAX_DEPTH) throw new Error(`nesting deeper than ${MAX_DEPTH} levels`);
    this.stack.push(frame);
  }

  private step(token: Token, form: Form): void {
    if (this.scalar) {
      const endsIt = token.kind === "key" ? this.findFrame(token.name, form, token.lineStart) : token.kind === "dash" && token.lineStart && !this.scalar.block ? -2 : -1;
      if (endsIt === -1) {
        if (token.lineStart) this.scalar.lines.push([]);
        this.scalar.lines.at(-1)!.push(token.text);
        return;
      }
      this.endScalar();
      if (endsIt === -2) return this.dash();
      this.stack.length = endsIt + 1;
      return this.setKey(this.stack[endsIt]!.node as Node, token.name);
    }
    if (this.open) {
      const { node, key, spec } = this.open;
      this.open = undefined;
      if (token.kind === "key") {
        const child: Node = {};
        setOwn(node, key, child);
        this.push({ part: typeof spec === "object" && "map" in spec ? spec.map : "any", node: child });
        return this.setKey(child, token.name);
      }
      if (token.kind === "dash") {
        const items: unknown[] = [];
        setOwn(node, key, items);
        const frame: Frame = { part: "any", node: items, item: typeof spec === "object" && "list" in spec ? spec.list : "any" };
        this.push(frame);
        this.pendingItem = frame;
        return;
      }
      return this.startScalar(token, (value) => setOwn(node, key, value), node, key);
    }
    if (this.pendingItem) {
      const list = this.pendingItem;
      this.pendingItem = undefined;
      const items = list.node as unknown[];
      if (token.kind === "key") {
        const child: Node = {};
        items.push(child);
        this.push({ part: list.item === "scalar" || list.item === undefined ? "any" : list.item, node: child });
        return this.setKey(child, token.name);
      }
      if (token.kind === "dash") return void (this.pendingItem = list);
      return this.startScalar(token, (value) => items.push(value));
    }
    if (token.kind === "dash") return this.dash();
    if (token.kind === "key") {
      const at = this.findFrame(token.name, form, true);
      const index = at >= 0 ? at : lastIndex(this.stack, (frame) => !Array.isArray(frame.node));
      this.stack.length = index + 1;
      this.setKey(this.stack[index]!.node as Node, token.name);
    }
  }

  private setKey(node: Node, key: string): void {
    const frame = this.stack.at(-1)!;
    this.open = { node, key, spec: this.specFor(frame.part, key) ?? "any" };
  }

  private dash(): void {
    const index = lastIndex(this.stack, (frame) => Array.isArray(frame.node));
    if (index === -1) return;
    this.stack.length = index + 1;
    this.pendingItem = this.stack[index];
  }

  private startScalar(token: Token, assign: (value: unknown) => void, node?: Node, key?: string): void {
    const block = BLOCK_INDICATOR.test(token.text);
    this.scalar = { lines: [block ? [] : [token.text]], block, assign, ...(node && { node }), ...(key !== undefined && { key }) };
  }

  private endScalar(): void {
    const scalar = this.scalar;
    if (!scalar) return;
    this.scalar = undefined;
    const lines = scalar.lines.map((words) => words.join(" ")).filter((line) => line !== "");
    if (scalar.block) {
      scalar.assign(lines.reduce((text, line) => (text === "" ? line : `${text}${/^(?:- |\*\*)/.test(line) ? "\n" : " "}${line}`), ""));
      return;
    }
    const text = lines.join(" ");
    let value: unknown = text;
    try {
      const parsed: unknown = parse(text);
      if (!isObject(parsed) || text.startsWith("{")) value = parsed;
    } catch {
      value = text;
    }
    scalar.assign(value);
  }

  /** The stack index of the part a key belongs to; -1 when none takes it. */
  private findFrame(name: string, form: Form, freeNames: boolean): number {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.takesByName(this.stack[i]!, name, form)) return i;
    if (!freeNames) return -1;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i]!;
      if (!Array.isArray(frame.node) && GRAMMAR[frame.part].wildcard && fits(GRAMMAR[frame.part].wildcard!, form)) return i;
    }
    return -1;
  }

  private takesByName(frame: Frame, name: string, form: Form): boolean {
    if (Array.isArray(frame.node)) return false;
    const rule = GRAMMAR[frame.part];
    if (frame.part === "schemas" && this.refNames.has(name)) return true;
    if (name.startsWith("x-") && frame.part !== "any") return true;
    if (rule.pattern?.test(name)) return fits(rule.patternValue!, form);
    const spec = rule.keys?.[name];
    if (!spec || !fits(spec, form)) return false;
    if (frame.part !== "schema") return true;
    const node = frame.node;
    if (this.valueOf(node, "$ref") !== undefined) return REF_SIBLINGS.has(name);
    const type = this.valueOf(node, "type");
    if (type === undefined) return true;
    const types = KEYWORD_TYPES[name];
    if (types && !types.includes(type)) return false;
    if (name === "example" || name === "default" || name === "const") {
      if (type === "array") return form === "list" || form === "inline";
      if (type === "object") return form === "map" || form === "inline";
      return form === "inline";
    }
    return true;
  }

  /** A schema keyword's plain value, including one still being read (`type`, `$ref`). */
  private valueOf(node: Node, key: string): string | undefined {
    if (typeof node[key] === "string") return node[key];
    if (this.scalar?.node === node && this.scalar.key === key) return this.scalar.lines.flat().join(" ");
    return undefined;
  }

  private specFor(part: Part, key: string): ValueSpec | undefined {
    const rule = GRAMMAR[part];
    if (part === "schemas") return { map: "schema" };
    return rule.keys?.[key] ?? (rule.pattern?.test(key) ? rule.patternValue : undefined) ?? rule.wildcard;
  }
}

function fits(spec: ValueSpec, form: Form): boolean {
  if (spec === "any" || form === "none") return true;
  if (spec === "scalar") return form === "inline";
  if ("map" in spec) return form === "map" || form === "inline";
  return form === "list" || form === "inline";
}

function lastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
