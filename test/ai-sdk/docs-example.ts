import { experimental_generateVideo, experimental_getVideoStatus, experimental_startVideo, generateImage } from "ai";
import { createMindVideo, mindvideo, videoGateway, type MindVideoProviderOptions } from "../../src/ai-sdk/index.js"; // in your app: "mindvideo/ai-sdk"

export async function examples() {
  // Images come back as bytes; the task id, Idempotency-Key and cost are in each image's metadata.
  const { images } = await generateImage({
    model: mindvideo.image("apimart-doubao-seedance-4-0"),
    prompt: "A cute panda in a bamboo forest, sunlight through the leaves",
    n: 2,
    aspectRatio: "16:9",
    providerOptions: { mindvideo: { resolution: "2K" } satisfies MindVideoProviderOptions<"apimart-doubao-seedance-4-0"> },
  });
  console.log(images[0]?.mediaType, images[0]?.providerMetadata?.mindvideo);

  // A video in one call, waiting on the SDK's own schedule.
  const { video, warnings } = await experimental_generateVideo({
    model: videoGateway.video("doubao-seedance-1.0-pro-fast"),
    prompt: "A cat playing piano",
    resolution: "1280x720",
    aspectRatio: "16:9",
    duration: 5,
  });
  console.log(video.mediaType, warnings);

  // Or start now and look later, from any process: the operation is plain JSON.
  const mv = createMindVideo({ maxRetries: 3, wait: { maxPollIntervalMs: 10_000 } });
  const { operation } = await experimental_startVideo({
    model: mv.video("doubao-seedance-2-0-fast"),
    prompt: "A cinematic tracking shot of a futuristic city street after rain",
    frameImages: [{ image: "https://example.com/first.png", frameType: "first_frame" }],
    generateAudio: true,
  });
  const status = await experimental_getVideoStatus(mv.video("doubao-seedance-2-0-fast"), { operation });
  if (status.status === "completed") console.log(status.videos[0]);
}
