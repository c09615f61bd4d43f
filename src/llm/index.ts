/**
 * Optional generative answers through an OpenAI-compatible chat model, held to the cited
 * passages by a grounding check; the extractive answer stays the fallback.
 */
export { createGenerator, type Generator, type LlmGenerator } from './generator.ts';
