/**
 * Text helpers shared across capabilities (retrieval, answering, the desk, the grounding check): width folding,
 * sentence splitting, character bigrams and the filler-word lists. One implementation of each; where two callers need
 * different behaviour both are here, side by side, under names that say which is which.
 */
export { foldCompatibility, normalizeForMatch, questionKey, toHalfWidth } from './normalize.ts';
export { splitSentences } from './sentences.ts';
export { bigramJaccard, bigramSet, charBigrams, jaccard } from './bigrams.ts';
export { QUESTION_FILLER, RETRIEVAL_STOPWORDS, SMALLTALK_FILLER } from './fillers.ts';
