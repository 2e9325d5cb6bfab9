/** 2. Validation cost per input: the precompiled validators vs Ajv compiling the schema at run time. */
import { performance } from "node:perf_hooks";
import { models, type ModelSlug } from "../generated/models/registry.js";
import { validators } from "../generated/validators/index.js";
import { createAjv } from "../scripts/lib/json-schema.js";
import { median, round } from "./lib.js";

function microsPerCall(fn: () => unknown, iterations: number): number {
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    samples.push(((performance.now() - start) * 1000) / iterations);
  }
  return median(samples);
}

export function validation(quick: boolean) {
  const iterations = quick ? 2_000 : 200_000;
  const rows = (Object.keys(models) as ModelSlug[]).map((slug) => {
    const input = (models[slug].schema.examples as unknown[])[0];
    const precompiled = validators[slug];
    if (!precompiled(input)) throw new Error(`${slug}: its example does not validate`);
    const compileStart = performance.now();
    const compiled = createAjv().compile(models[slug].schema);
    const compileMs = performance.now() - compileStart;
    const precompiledUs = microsPerCall(() => precompiled(input), iterations);
    const runtimeUs = microsPerCall(() => compiled(input), iterations);
    return {
      model: slug,
      precompiledUs: round(precompiledUs, 3),
      ajvCompiledAtRuntimeUs: round(runtimeUs, 3),
      ajvCompileMs: round(compileMs, 1),
      firstCallSpeedup: round((compileMs * 1000 + runtimeUs) / precompiledUs, 0),
    };
  });
  return { rows, targetUs: 10 };
}
