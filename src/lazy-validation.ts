/**
 * The validators hold every model's schema: loaded on the first validated create, so bundlers put
 * them in their own chunk, and cached so later creates pay nothing for the import.
 */
let loading: Promise<typeof import("./validation.js")> | undefined;

export function loadValidation(): Promise<typeof import("./validation.js")> {
  loading ??= import("./validation.js");
  return loading;
}
