/** Each rule the seeds state only in prose: inputs that break it and inputs that keep it. */
import type { ModelSlug } from "../../generated/models/registry.js";

const img = (i: number) => `https://example.com/ref-${i}.png`;
const images = (count: number) => Array.from({ length: count }, (_, i) => img(i));
const role = (r: string, i = 0) => ({ url: img(i), role: r });

export interface Case {
  model: ModelSlug;
  given: Record<string, unknown>;
  want: "accept" | "reject";
}

/** Each rule the seeds state only in prose: one input that breaks it, one that keeps it. */
export const proseRuleCases: [string, Case][] = [
  // doubao-seedance-1-0-pro-quality: "at most one image for each role"
  ["1.0 quality: two first_frame images", { model: "doubao-seedance-1-0-pro-quality", given: { prompt: "p", image_with_roles: [role("first_frame"), role("first_frame", 1)] }, want: "reject" }],
  ["1.0 quality: two last_frame images", { model: "doubao-seedance-1-0-pro-quality", given: { prompt: "p", image_with_roles: [role("last_frame"), role("last_frame", 1)] }, want: "reject" }],
  ["1.0 quality: one first_frame and one last_frame", { model: "doubao-seedance-1-0-pro-quality", given: { prompt: "p", image_with_roles: [role("first_frame"), role("last_frame", 1)] }, want: "accept" }],

  // doubao-seedance-2-0-fast: image_urls "cannot be used together with image_with_roles"
  ["2.0 fast: image_urls with image_with_roles", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", image_urls: images(1), image_with_roles: [role("reference_image")] }, want: "reject" }],
  ["2.0 fast: image_urls alone", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", image_urls: images(2) }, want: "accept" }],
  // audio_urls "must be used with reference images or reference videos"
  ["2.0 fast: audio_urls alone", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", audio_urls: ["https://example.com/a.mp3"] }, want: "reject" }],
  ["2.0 fast: audio_urls with an empty image_urls", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", audio_urls: ["https://example.com/a.mp3"], image_urls: [] }, want: "reject" }],
  ["2.0 fast: audio_urls with image_urls", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", audio_urls: ["https://example.com/a.mp3"], image_urls: images(1) }, want: "accept" }],
  ["2.0 fast: audio_urls with video_urls", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", audio_urls: ["https://example.com/a.mp3"], video_urls: ["https://example.com/v.mp4"] }, want: "accept" }],
  ["2.0 fast: audio_urls with a reference_image role", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", audio_urls: ["https://example.com/a.mp3"], image_with_roles: [role("reference_image")] }, want: "accept" }],
  // first/last-frame images "cannot be used with video_urls or audio_urls"
  ["2.0 fast: first_frame with video_urls", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", image_with_roles: [role("first_frame")], video_urls: ["https://example.com/v.mp4"] }, want: "reject" }],
  ["2.0 fast: last_frame with audio_urls and a reference image", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", image_with_roles: [role("last_frame"), role("reference_image", 1)], audio_urls: ["https://example.com/a.mp3"] }, want: "reject" }],
  ["2.0 fast: reference_image with video_urls", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", image_with_roles: [role("reference_image")], video_urls: ["https://example.com/v.mp4"] }, want: "accept" }],
  ["2.0 fast: first_frame and last_frame alone", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", image_with_roles: [role("first_frame"), role("last_frame", 1)] }, want: "accept" }],
  // at most one image per frame role (our reading, see ASSUMPTIONS.md); reference images may repeat
  ["2.0 fast: two first_frame images", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", image_with_roles: [role("first_frame"), role("first_frame", 1)] }, want: "reject" }],
  ["2.0 fast: three reference images", { model: "doubao-seedance-2-0-fast", given: { prompt: "p", image_with_roles: [role("reference_image"), role("reference_image", 1), role("reference_image", 2)] }, want: "accept" }],

  // apimart-doubao-seedance-4-0: the size list given in the description
  ["4.0: size outside the published list", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", size: "5:4" }, want: "reject" }],
  ["4.0: size 9:21 from the list", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", size: "9:21" }, want: "accept" }],
  ["4.0: size auto", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", size: "auto" }, want: "accept" }],
  // "reference image count plus n must be 15 or less"
  ["4.0: 10 images + n 6 = 16", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", image_urls: images(10), n: 6 }, want: "reject" }],
  ["4.0: 10 images + n 5 = 15", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", image_urls: images(10), n: 5 }, want: "accept" }],
  ["4.0: 1 image + n 15 = 16", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", image_urls: images(1), n: 15 }, want: "reject" }],
  ["4.0: 15 images + default n 1 = 16", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", image_urls: images(15) }, want: "reject" }],
  ["4.0: 14 images + default n 1 = 15", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", image_urls: images(14) }, want: "accept" }],
  ["4.0: no images, n 15", { model: "apimart-doubao-seedance-4-0", given: { prompt: "p", n: 15 }, want: "accept" }],

  // gateway doubao-seedance-1.0-pro-fast: keep_ratio/adaptive exist in image-to-video mode only
  ["gateway: adaptive without an image", { model: "doubao-seedance-1.0-pro-fast", given: { prompt: "p", aspect_ratio: "adaptive" }, want: "reject" }],
  ["gateway: keep_ratio with an image", { model: "doubao-seedance-1.0-pro-fast", given: { prompt: "p", aspect_ratio: "keep_ratio", image_urls: images(1) }, want: "accept" }],
  ["gateway: 16:9 text-to-video", { model: "doubao-seedance-1.0-pro-fast", given: { prompt: "p", aspect_ratio: "16:9" }, want: "accept" }],
  // callback_url: HTTPS only, at most 2048 characters (the internal-address rule lives in the client)
  ["gateway: http callback_url", { model: "doubao-seedance-1.0-pro-fast", given: { prompt: "p", callback_url: "http://example.com/hook" }, want: "reject" }],
  ["gateway: callback_url over 2048 characters", { model: "doubao-seedance-1.0-pro-fast", given: { prompt: "p", callback_url: `https://example.com/${"a".repeat(2029)}` }, want: "reject" }],
  ["gateway: https callback_url of 2048 characters", { model: "doubao-seedance-1.0-pro-fast", given: { prompt: "p", callback_url: `https://example.com/${"a".repeat(2028)}` }, want: "accept" }],
];

