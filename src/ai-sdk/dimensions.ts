/**
 * The AI SDK speaks pixels (`1280x720`); the models speak ratios (`16:9`) and tiers (`720p`).
 * A size maps to the model's ratio within 5 %, a resolution to the tier within 10 % of its pixel
 * count; anything further is no match (undefined), which the caller reports as invalid.
 */

export interface Mapped {
  value: string;
  /** Set when the mapping is approximate: what was asked and what is sent. */
  approximate?: string | undefined;
}

const parse = (text: string, separator: string): [number, number] | undefined => {
  const [a, b, extra] = text.split(separator).map(Number);
  return a !== undefined && b !== undefined && extra === undefined && a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b) ? [a, b] : undefined;
};

/** `1024x768` → `4:3`; `1792x1024` (7:4) → `16:9`, flagged as approximate. */
export function sizeToRatio(size: string, values: readonly string[]): Mapped | undefined {
  const dims = parse(size, "x");
  if (!dims) return undefined;
  const wanted = dims[0] / dims[1];
  let best: { value: string; distance: number } | undefined;
  for (const value of values) {
    const ratio = parse(value, ":");
    if (!ratio) continue;
    const distance = Math.abs(Math.log(ratio[0] / ratio[1] / wanted));
    if (!best || distance < best.distance) best = { value, distance };
  }
  if (!best || best.distance > Math.log(1.05)) return undefined;
  return best.distance < 1e-3 ? { value: best.value } : { value: best.value, approximate: `size ${size} sent as the nearest aspect ratio the model offers, ${best.value}` };
}

/** `Np` stands for N × (16/9 · N) pixels, so square and portrait sizes find their tier by area. */
const tierPixels = (tier: string) => {
  const n = Number.parseInt(tier, 10);
  return n * Math.round((n * 16) / 9);
};

/** `1280x720` → `720p`; `960x960` → `720p` (same area); `1920x1080` on a model without `1080p` → undefined. */
export function resolutionToTier(resolution: string, values: readonly string[]): Mapped | undefined {
  const dims = parse(resolution, "x");
  if (!dims) return undefined;
  const area = dims[0] * dims[1];
  let best: { value: string; distance: number } | undefined;
  for (const value of values) {
    if (!/^\d+p$/.test(value)) continue;
    const distance = Math.abs(Math.log(tierPixels(value) / area));
    if (!best || distance < best.distance) best = { value, distance };
  }
  // Within 10 % of the tier's area counts as that tier (1920x1088, 864x496 and the like).
  return best && best.distance <= Math.log(1.1) ? { value: best.value } : undefined;
}
