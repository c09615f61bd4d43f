/**
 * Optional generative answers through an OpenAI-compatible chat model, held to the cited
 * passages by a grounding check; the extractive answer stays the fallback.
 */
export { createGenerator, makeGenerator, type Generator, type LlmGenerator, type GenerateInput, type GeneratorOptions } from './generator.ts';
export type { GeneratorStats } from './stats.ts';
export { checkGrounding, type GroundingResult, type GroundingOptions } from './grounding.ts';
export type { BreakerState } from './breaker.ts';
