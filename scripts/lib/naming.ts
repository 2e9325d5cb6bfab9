/** Slugs are file names: lowercase letters, digits, dots and dashes, starting with a letter or digit. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9.-]*$/;

/** A stable TypeScript identifier for a slug: `doubao-seedance-1.0-pro-fast` → `DoubaoSeedance10ProFast`. */
export function pascalCase(slug: string): string {
  const name = slug
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
  return /^[0-9]/.test(name) ? `M${name}` : name;
}

export function inputTypeName(slug: string): string {
  return `${pascalCase(slug)}Input`;
}
