/** Sets a key as an own data property, so a page's `__proto__` key stays data instead of changing a prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
